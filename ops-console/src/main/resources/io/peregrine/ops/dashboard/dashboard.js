// Peregrine ops dashboard: polls /api/snapshot every second, derives rates from the counters, draws with Chart.js.
'use strict';

const HISTORY = 120;
const state = { previous: null, timer: null, pendingAction: null };

function el(id) { return document.getElementById(id); }

function counter(snapshot, series) {
  const value = snapshot.counters[series];
  return typeof value === 'number' ? value : 0;
}

function sumPrefix(snapshot, prefix) {
  let sum = 0;
  for (const [series, value] of Object.entries(snapshot.counters)) {
    if (series === prefix || series.startsWith(prefix + '{')) { sum += value; }
  }
  return sum;
}

function labelled(snapshot, prefix, label) {
  const result = {};
  const pattern = new RegExp('^' + prefix + '\\{' + label + '="([^"]*)"\\}$');
  for (const [series, value] of Object.entries(snapshot.counters)) {
    const match = pattern.exec(series);
    if (match) { result[match[1]] = value; }
  }
  return result;
}

function lineChart(canvas, labels) {
  return new Chart(canvas, {
    type: 'line',
    data: { labels: [], datasets: labels.map((label) => ({ label, data: [], borderWidth: 2, pointRadius: 0, tension: 0.2 })) },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } }
  });
}

const charts = {
  rates: lineChart(el('rate-chart'), ['orders accepted/s', 'fills/s', 'rejects/s', 'broker orders in/s']),
  latency: lineChart(el('latency-chart'), ['ingress p50', 'ingress p99', 'ingress p99.9', 'venue-in p50', 'venue-in p99', 'FIX path p99', 'IPC path p99']),
  rejects: new Chart(el('reject-chart'), {
    type: 'bar',
    data: { labels: [], datasets: [{ label: 'rejects', data: [] }] },
    options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: 'y', plugins: { legend: { display: false } } }
  })
};

function push(chart, label, values) {
  chart.data.labels.push(label);
  values.forEach((value, i) => chart.data.datasets[i].data.push(value));
  if (chart.data.labels.length > HISTORY) {
    chart.data.labels.shift();
    chart.data.datasets.forEach((dataset) => dataset.data.shift());
  }
  chart.update();
}

function rate(now, before, series, seconds) {
  if (!before || seconds <= 0) { return 0; }
  return Math.max(0, (sumPrefix(now, series) - sumPrefix(before, series)) / seconds);
}

function cell(row, text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) { td.className = cls; }
  row.appendChild(td);
}

function render(snapshot) {
  const before = state.previous;
  const seconds = before ? (snapshot.time - before.time) / 1000 : 0;
  const ordersRate = rate(snapshot, before, 'peregrine_core_orders_accepted_total', seconds);
  const fillsRate = rate(snapshot, before, 'peregrine_core_fills_total', seconds);
  const rejectsRate = rate(snapshot, before, 'peregrine_rejects_total', seconds);
  const brokerRate = rate(snapshot, before, 'peregrine_broker_orders_in_total', seconds);
  el('orders-rate').textContent = ordersRate.toFixed(0);
  el('fills-rate').textContent = fillsRate.toFixed(0);
  el('rejects-rate').textContent = rejectsRate.toFixed(0);
  el('accepted-total').textContent = counter(snapshot, 'peregrine_core_orders_accepted_total').toString();
  el('working-orders').textContent = counter(snapshot, 'peregrine_core_working_orders').toString();

  const time = new Date(snapshot.time).toLocaleTimeString();
  if (before) { push(charts.rates, time, [ordersRate, fillsRate, rejectsRate, brokerRate]); }
  const stage = (name) => snapshot.latency.find((s) => s.stage === name) || { p50: 0, p99: 0, p999: 0 };
  const ingress = stage('ingress');
  const venueIn = stage('venue_in');
  const path = (name) => snapshot.latency.find((s) => s.path === name) || { p50: 0, p99: 0, p999: 0 };
  const fix = path('fix');
  const ipc = path('ipc');
  el('ingress-p99').textContent = (ingress.p99 * 1e6).toFixed(1);
  push(charts.latency, time,
    [ingress.p50, ingress.p99, ingress.p999, venueIn.p50, venueIn.p99, fix.p99, ipc.p99].map((s) => s * 1e6));

  const rejects = labelled(snapshot, 'peregrine_rejects_total', 'reason');
  const reasons = Object.keys(rejects).filter((reason) => rejects[reason] > 0).sort((a, b) => rejects[b] - rejects[a]);
  charts.rejects.data.labels = reasons;
  charts.rejects.data.datasets[0].data = reasons.map((reason) => rejects[reason]);
  charts.rejects.update();

  const health = snapshot.health;
  const badge = el('health-status');
  badge.textContent = health.ready ? (health.status === 'DEGRADED' ? 'READY, DEGRADED' : 'READY') : 'NOT READY';
  badge.className = 'badge ' + (health.ready ? (health.status === 'DEGRADED' ? 'degraded' : 'up') : 'down');
  const healthBody = el('health-table').tBodies[0];
  healthBody.replaceChildren();
  for (const part of health.parts) {
    const row = document.createElement('tr');
    cell(row, part.name);
    cell(row, part.status, part.status === 'UP' ? 'up' : part.status === 'DEGRADED' ? 'degraded' : 'down');
    cell(row, part.status === 'UP' ? part.detail : part.reason);
    healthBody.appendChild(row);
  }

  const loggedOn = labelled(snapshot, 'peregrine_venue_logged_on', 'venue');
  const circuit = labelled(snapshot, 'peregrine_venue_circuit_state', 'venue');
  const requestsOut = labelled(snapshot, 'peregrine_venue_requests_out_total', 'venue');
  const reportsIn = labelled(snapshot, 'peregrine_venue_reports_in_total', 'venue');
  const venueBody = el('venue-table').tBodies[0];
  venueBody.replaceChildren();
  for (const venue of Object.keys(loggedOn).sort()) {
    const row = document.createElement('tr');
    cell(row, venue);
    cell(row, loggedOn[venue] === 1 ? 'logged on' : 'down', loggedOn[venue] === 1 ? 'up' : 'down');
    const circuitText = ['closed', 'OPEN', 'half open'][circuit[venue] || 0] || String(circuit[venue]);
    cell(row, circuitText, circuit[venue] === 1 ? 'down' : 'up');
    cell(row, String(requestsOut[venue] || 0));
    cell(row, String(reportsIn[venue] || 0));
    venueBody.appendChild(row);
  }

  el('broker-state').textContent =
    counter(snapshot, 'peregrine_broker_sessions_logged_on') + ' logged on; acceptor ' +
    (counter(snapshot, 'peregrine_broker_acceptor_listening') === 1 ? 'listening' : 'not listening') +
    '; logon refusals ' + counter(snapshot, 'peregrine_broker_logon_refusals_total');
  const killed = counter(snapshot, 'peregrine_kill_switch_global') === 1;
  const killState = el('kill-state');
  killState.textContent = killed ? 'KILL SWITCH ON' : 'trading';
  killState.className = 'badge ' + (killed ? 'down' : 'up');
  el('gates-state').textContent = 'global kill switch ' + (killed ? 'ON' : 'off') + '; symbols killed ' +
    counter(snapshot, 'peregrine_kill_switch_symbols') + '; venues paused ' + counter(snapshot, 'peregrine_venues_paused');
  state.previous = snapshot;
}

async function poll() {
  try {
    const response = await fetch('/api/snapshot', { cache: 'no-store' });
    if (response.ok) { render(await response.json()); }
  } finally {
    state.timer = setTimeout(poll, 1000);
  }
}

function openDialog(action) {
  state.pendingAction = action;
  el('kill-dialog-text').textContent = action === 'kill'
    ? 'Stop ALL new orders and cancel every working order? Enter the admin token to confirm.'
    : 'Lift the global kill switch and accept new orders again? Enter the admin token to confirm.';
  el('kill-dialog').hidden = false;
  el('kill-token').focus();
}

async function confirmAction() {
  const action = state.pendingAction;
  const token = el('kill-token').value.trim();
  const path = action === 'kill' ? '/admin/kill-switch' : '/admin/resume';
  const body = action === 'kill' ? { scope: 'global', cancelWorking: true } : { scope: 'global' };
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + token, 'X-Peregrine-Operator': 'dashboard' },
    body: JSON.stringify(body)
  });
  const answer = await response.json();
  el('kill-result').textContent = response.ok ? answer.detail : 'refused (' + response.status + '): ' + answer.error;
  el('kill-dialog').hidden = true;
  el('kill-token').value = '';
}

el('kill-button').addEventListener('click', () => openDialog('kill'));
el('resume-button').addEventListener('click', () => openDialog('resume'));
el('kill-cancel').addEventListener('click', () => { el('kill-dialog').hidden = true; el('kill-token').value = ''; });
el('kill-confirm').addEventListener('click', () => { confirmAction(); });
poll();
