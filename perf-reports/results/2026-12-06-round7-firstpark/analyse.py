#!/usr/bin/env python3
"""Tables of the firstpark A/B (min park) from the raw outputs in this folder: python3 analyse.py [DIR]."""
import collections, glob, os, re, sys, time

D = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
TICK_US = 10_000  # /proc stat ticks are 10 ms (CLK_TCK 100)


def num(s):
    return float(s.replace(',', ''))


def fixloop(path):
    text = open(path).read()
    out = {}
    for rate in ('1,000', '5,000'):
        m = re.search(rf'{rate}/s echo  : us p50 ([\d.,]+) .*?p99 ([\d.,]+)', text)
        n = re.search(rf'{rate}/s -> New: us p50 ([\d.,]+) .*?p99 ([\d.,]+).*?max in flight ([\d,]+), load ([\d.]+)', text)
        c = re.search(rf'{rate}/s loop   cpu: ([\d.]+) us/order: (.*)', text)
        shared = re.search(r'peregrine-shared-agents ([\d.]+)', c.group(2)) if c else None
        out[rate] = dict(echo50=num(m.group(1)) if m else None, echo99=num(m.group(2)) if m else None,
                         loop50=num(n.group(1)) if n else None, loop99=num(n.group(2)) if n else None,
                         inflight=n.group(3) if n else None, load=n.group(4) if n else None,
                         cpu=float(c.group(1)) if c else None, shared=float(shared.group(1)) if shared else None)
    return out


def jmh(path):
    text = open(path).read()
    out = {}
    for bench in ('coreRoundTrip', 'rawRelayRoundTrip'):
        for p in ('0.50', '0.90', '0.99'):
            m = re.search(rf'IpcRoundTripBenchmark\.{bench}:p{p}\s+\S+\s+\S+\s+shared\s+sample\s+([\d.]+)', text)
            out[(bench, p)] = float(m.group(1)) if m else None
    return out


def mainjob(path):
    text = open(path).read()
    out = {}
    for path_name in ('FIX', 'IPC'):
        sec = text.split(f'{path_name} path:')[1] if f'{path_name} path:' in text else ''
        m = re.search(r'-> first report: us p50 ([\d.,]+) .*?p99 ([\d.,]+)', sec)
        f = re.search(r'final from send: us p50 ([\d.,]+) .*?p99 ([\d.,]+)', sec)
        out[path_name] = (num(m.group(1)), num(m.group(2)), num(f.group(1)), num(f.group(2))) if m and f else None
    out['ok'] = 'OK: every order got a final report' in text
    return out


def shared_thread_rates():
    """Per order at 1,000/s: the shared thread's user/system CPU and context switches over seconds 10-18 of its
    life in each FixLoopLatency JVM (its 1,000/s measured window; the warm-up is the first 10 s)."""
    rows = collections.defaultdict(list)
    path = os.path.join(D, 'threads.tsv')
    if not os.path.exists(path):
        return {}
    for line in open(path):
        f = line.rstrip('\n').split('\t')
        if f[0] == "epoch" or len(f) < 8 or f[7] != "fixloop" or "" in f[:7]:
            continue
        rows[(f[1], f[2])].append(tuple(int(x) for x in f[:7]))
    out = {}
    for (pid, tid), samples in rows.items():
        t0 = samples[0][0]
        window = [s for s in samples if t0 + 10 <= s[0] <= t0 + 18]
        if len(window) < 2:
            continue
        a, b = window[0], window[-1]
        orders = (b[0] - a[0]) * 1000.0
        out[pid] = dict(user=(b[3] - a[3]) * TICK_US / orders, sys=(b[4] - a[4]) * TICK_US / orders,
                        vcs=(b[5] - a[5]) / orders, ivcs=(b[6] - a[6]) / orders, first=t0)
    return out


def pid_of(path):
    m = re.search(r'/dev/shm/\S*?-(\d+)-', open(path).read())
    return m.group(1) if m else None


def table(title, columns, rows):
    """Prints a markdown table: the first column left-aligned, the others right-aligned."""
    print(f'\n## {title}\n')
    print('| ' + ' | '.join(columns) + ' |')
    print('| --- | ' + ' | '.join('---:' for _ in columns[1:]) + ' |')
    for row in rows:
        print('| ' + ' | '.join(row) + ' |')


def fixloop_rows(t, path):
    for rate, v in fixloop(path).items():
        if v['loop50'] is None:
            yield [t, f'{rate}/s', '(no result)']
            continue
        yield [t, f'{rate}/s', f"{v['echo50']:,.0f}", f"{v['loop50']:,.0f}", f"{v['loop50'] / v['echo50']:.2f}x",
               f"{v['echo99']:,.0f}", f"{v['loop99']:,.0f}", f"{v['cpu']:.0f}", f"{v['shared']:.0f}", v['inflight'],
               v['load']]


def jmh_rows(t, path):
    j = jmh(path)
    c50, r50 = j[('coreRoundTrip', '0.50')], j[('rawRelayRoundTrip', '0.50')]
    c99, r99 = j[('coreRoundTrip', '0.99')], j[('rawRelayRoundTrip', '0.99')]
    if None in (c50, r50, c99, r99):
        yield [t, '(no result)']
        return
    yield [t, f'{c50:.2f}', f'{r50:.2f}', f'{c50 / r50:.2f}x', f"{j[('coreRoundTrip', '0.90')]:.1f}",
           f"{j[('rawRelayRoundTrip', '0.90')]:.1f}", f'{c99:.1f}', f'{r99:.1f}', f'{c99 / r99:.2f}x']


def mainjob_rows(t, path):
    m = mainjob(path)
    if not m['FIX'] or not m['IPC']:
        yield [t, '(no result)']
        return
    yield [t] + [f'{x:,.0f}' for x in m['FIX'][:3] + m['IPC'][:3]] + ['yes' if m['ok'] else 'NO']


def thread_rows():
    starts = []  # (time of a fixloop start, tag) from when.txt: a sampled JVM belongs to the last start before it
    for line in open(os.path.join(D, 'when.txt')):
        f = line.split()
        if len(f) > 3 and f[1] == 'fixloop' and f[2] == 'start':
            starts.append((f[3], f[0]))
    for v in sorted(shared_thread_rates().values(), key=lambda v: v['first']):
        hms = time.strftime('%H:%M:%S', time.gmtime(v['first']))
        tag = [t for s, t in starts if s <= hms][-1]
        yield [tag, f"{v['user']:.0f}", f"{v['sys']:.0f}", f"{v['vcs']:.2f}", f"{v['ivcs']:.2f}"]


def per_run(prefix, rows_of):
    tags = sorted({re.sub(r'^(fixloop|jmh-ipc|mainjob)-', '', os.path.basename(p))[:-4]
                   for p in glob.glob(os.path.join(D, '*-min*.txt'))},
                  key=lambda t: (int(t[3:].split('-')[1]), int(t[3:].split('-')[0])))
    for t in tags:
        path = os.path.join(D, f'{prefix}-{t}.txt')
        if os.path.exists(path):
            yield from rows_of(t, path)


def main():
    table('FixLoopLatency (shared), per run, us',
          ['run', 'rate', 'echo p50', 'loop p50', 'p50 ratio', 'echo p99', 'loop p99', 'loop CPU/order',
           'shared thread CPU/order', 'max in flight', 'load'], per_run('fixloop', fixloop_rows))
    table('Shared agent thread at 1,000/s, /proc over its measured window (s 10-18), per order',
          ['run', 'user us', 'system us', 'voluntary cs', 'involuntary cs'], thread_rows())
    table('IpcRoundTripBenchmark shared, us',
          ['run', 'core p50', 'relay p50', 'p50 ratio', 'core p90', 'relay p90', 'core p99', 'relay p99', 'p99 ratio'],
          per_run('jmh-ipc', jmh_rows))
    table('Main job (run.sh), us: first report p50 / p99, actual send -> final p50',
          ['run', 'FIX first p50', 'FIX first p99', 'FIX send->final p50', 'IPC first p50', 'IPC first p99',
           'IPC send->final p50', 'OK'], per_run('mainjob', mainjob_rows))


main()
