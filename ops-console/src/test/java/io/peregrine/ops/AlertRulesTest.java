package io.peregrine.ops;

import io.peregrine.config.PeregrineKeys.Ops;
import io.peregrine.core.LatencyStats;
import io.peregrine.ops.launch.GatewayMain;
import io.peregrine.ops.launch.VenueMain;
import io.peregrine.ops.metrics.CounterCatalog;
import io.peregrine.ops.metrics.CounterScan;
import io.peregrine.ops.metrics.LatencyWindow;
import io.peregrine.ops.metrics.PeregrineMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code prometheus/alerts.yml} and {@code prometheus/prometheus.yml} parse, have the shape Prometheus expects, and
 * every metric an alert names is one the ops console exposes.
 */
class AlertRulesTest
{
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern DURATION = Pattern.compile("[0-9]+(ms|s|m|h|d)");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
        "group_right", "and", "or", "unless", "bool", "offset");
    /** Series Prometheus itself writes for every target. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");

    /** Every metric name (and summary/histogram family name) the console exposes, with one counter of each type. */
    static Set<String> exposedNames() throws Exception
    {
        final UnsafeBuffer values = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(256 * CountersReader.COUNTER_LENGTH, CountersReader.COUNTER_LENGTH));
        final UnsafeBuffer metaData = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(256 * CountersReader.METADATA_LENGTH, CountersReader.COUNTER_LENGTH));
        final CountersManager counters = new CountersManager(metaData, values, StandardCharsets.US_ASCII);
        for (final CounterCatalog.Entry entry : CounterCatalog.entries().values())
        {
            counters.newCounter(entry.name(), entry.typeId(), (key) -> key.putLong(0, 1));
        }
        final PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        registry.register(new PeregrineMetrics(new CounterScan(List.of(counters)),
            LatencyWindow.of(new LatencyStats()), new OpsStats(), () -> true));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        final PrometheusText text = PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
        final Set<String> names = new HashSet<>(text.names());
        names.addAll(text.types.keySet());
        return names;
    }

    /** Metric names in a PromQL expression: identifiers outside label matchers, ranges and strings, not functions. */
    static Set<String> metricNames(final String expr)
    {
        final String bare = expr.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\{[^}]*\\}", "")
            .replaceAll("\\[[^\\]]*\\]", "")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        final Set<String> names = new HashSet<>();
        final Matcher m = IDENTIFIER.matcher(bare);
        while (m.find())
        {
            final String word = m.group();
            final int after = m.end();
            final boolean function = after < bare.length() && bare.substring(after).stripLeading().startsWith("(");
            final boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!function && !number && !PROMQL_WORDS.contains(word))
            {
                names.add(word);
            }
        }
        return names;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertParsesAndNamesOnlyExposedMetrics() throws Exception
    {
        final Map<String, Object> alerts = new Yaml().load(Files.readString(Path.of("prometheus/alerts.yml")));
        final List<Map<String, Object>> groups = (List<Map<String, Object>>)alerts.get("groups");
        assertEquals(1, groups.size());
        final List<Map<String, Object>> rules = (List<Map<String, Object>>)groups.get(0).get("rules");
        final Set<String> exposed = exposedNames();
        final Set<String> alertNames = new HashSet<>();
        for (final Map<String, Object> rule : rules)
        {
            final String name = (String)rule.get("alert");
            assertTrue(null != name && name.startsWith("Peregrine") && alertNames.add(name), "alert name " + name);
            final String expr = (String)rule.get("expr");
            assertTrue(null != expr && !expr.isBlank(), name);
            if (rule.containsKey("for"))
            {
                assertTrue(DURATION.matcher(String.valueOf(rule.get("for"))).matches(), name + " for");
            }
            assertTrue(((Map<String, Object>)rule.get("labels")).containsKey("severity"), name + " severity");
            final Map<String, Object> annotations = (Map<String, Object>)rule.get("annotations");
            assertTrue(annotations.containsKey("summary") && annotations.containsKey("description"), name);
            final Set<String> metrics = metricNames(expr);
            assertFalse(metrics.isEmpty(), name + " names no metric: " + expr);
            for (final String metric : metrics)
            {
                assertTrue(exposed.contains(metric) || PROMETHEUS_SERIES.contains(metric),
                    name + " uses " + metric + " which /metrics does not expose");
            }
        }
        for (final String expected : new String[]{"PeregrineVenueDown", "PeregrineCircuitOpen",
            "PeregrineRejectRateHigh", "PeregrineCoreLatencyP99High", "PeregrineCoreHeartbeatStalled",
            "PeregrineCoreJournalUnavailable", "PeregrineFixPathLatencyP99High"})
        {
            assertTrue(alertNames.contains(expected), expected);
        }
    }

    @Test
    void theMetricNameExtractionSkipsFunctionsLabelsAndRanges()
    {
        assertEquals(Set.of("a_total", "b_total"),
            metricNames("sum(rate(a_total{x=\"y\"}[5m])) / clamp_min(sum by (venue) (rate(b_total[1m])), 1) > 0.2"));
    }

    /**
     * One job per launcher's console on its default port: {@code run.sh stack|gateway} on 9900, and {@code run.sh
     * venue} of the split set-up on 9901 (its metrics were not scraped). Only the first is up in every set-up, so
     * only its scrape failure is an alert.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theScrapeExampleScrapesEachLaunchersConsoleAndLoadsTheRules() throws Exception
    {
        final Map<String, Object> config = new Yaml().load(Files.readString(Path.of("prometheus/prometheus.yml")));
        assertEquals(List.of("alerts.yml"), config.get("rule_files"));
        assertTrue(Files.exists(Path.of("prometheus", "alerts.yml")));
        final Map<String, List<Object>> targetsByJob = new LinkedHashMap<>();
        for (final Map<String, Object> job : (List<Map<String, Object>>)config.get("scrape_configs"))
        {
            assertEquals("/metrics", job.get("metrics_path"), job.get("job_name") + " metrics_path");
            final List<Object> targets = new ArrayList<>();
            for (final Map<String, Object> group : (List<Map<String, Object>>)job.get("static_configs"))
            {
                targets.addAll((List<Object>)group.get("targets"));
            }
            assertNull(targetsByJob.put((String)job.get("job_name"), targets), "job names are unique");
        }
        final String host = Ops.HOST.defaultValue();
        assertEquals(Map.of(
            "peregrine", List.of(host + ":" + GatewayMain.OPS_PORT_DEFAULT),
            "peregrine-venue", List.of(host + ":" + VenueMain.OPS_PORT_DEFAULT)), targetsByJob);

        final Map<String, Object> alerts = new Yaml().load(Files.readString(Path.of("prometheus/alerts.yml")));
        final List<Map<String, Object>> rules =
            (List<Map<String, Object>>)((List<Map<String, Object>>)alerts.get("groups")).get(0).get("rules");
        final String scrapeFailing = rules.stream().filter((rule) -> "PeregrineScrapeFailing".equals(rule.get("alert")))
            .map((rule) -> (String)rule.get("expr")).findFirst().orElseThrow();
        assertEquals("up{job=\"peregrine\"} == 0", scrapeFailing,
            "no scrape alert for peregrine-venue: nothing listens on 9901 under run.sh stack");
    }
}
