package io.peregrine.reports;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark result from a JMH JSON file ({@code -rf json -rff x.json}), read with Jackson.
 *
 * @param benchmark       short name: class simple name + method, e.g. {@code SbeCodecBenchmark.decodeNewOrder}.
 * @param params          JMH parameters as {@code key=value, ...}, empty if none.
 * @param mode            JMH mode ({@code avgt}, {@code sample}, {@code thrpt}, {@code ss}).
 * @param score           primary score.
 * @param scoreError      99.9% confidence half-width, NaN when JMH could not compute it (one iteration).
 * @param unit            unit of the score, e.g. {@code ns/op}.
 * @param allocBytesPerOp {@code gc.alloc.rate.norm} from {@code -prof gc}, NaN when the profiler was off.
 * @param iterationScores the score of each measured iteration of each fork, in order (for the noise estimate).
 * @param source          file name the result came from.
 * @param latency         the percentile distribution for {@code sample} mode, null otherwise.
 */
record JmhResult(
    String benchmark,
    String params,
    String mode,
    double score,
    double scoreError,
    String unit,
    double allocBytesPerOp,
    List<Double> iterationScores,
    String source,
    LatencySeries latency)
{
    /**
     * @param json a JMH JSON result file.
     * @return every result in file order.
     * @throws IOException if the file cannot be read.
     * @throws IllegalArgumentException if it is not JSON or not a JMH JSON result.
     */
    static List<JmhResult> read(final Path json) throws IOException
    {
        final JsonNode root = JsonFile.read(json);
        if (null == root || !root.isArray())
        {
            throw new IllegalArgumentException(json + ": a JMH JSON result is an array of benchmarks");
        }
        final List<JmhResult> results = new ArrayList<>();
        for (final JsonNode entry : root)
        {
            results.add(fromJson(entry, json));
        }
        return results;
    }

    /** @return benchmark name, its parameters and mode: what identifies the same measurement in two runs. */
    String key()
    {
        return benchmark + (params.isEmpty() ? "" : " [" + params + "]") + " " + mode;
    }

    /** @return true when a higher score is better (throughput), false when lower is (time per operation). */
    boolean higherIsBetter()
    {
        return "thrpt".equals(mode);
    }

    /** @return the score as nanoseconds per operation, whatever the mode and unit; NaN if not convertible. */
    double nanosPerOp()
    {
        if (higherIsBetter())
        {
            // e.g. ops/s: 1e9 / score ns per op
            final int slash = unit.indexOf('/');
            final double secondsPerUnit = slash < 0 ? Double.NaN : microsPerUnit(unit.substring(slash + 1)) / 1e6;
            return score <= 0 ? Double.NaN : secondsPerUnit * 1e9 / score;
        }
        return score * microsPerUnit(unit) * 1000.0;
    }

    private static JmhResult fromJson(final JsonNode entry, final Path file)
    {
        final String source = file.getFileName().toString();
        if (!entry.isObject() || !entry.path("benchmark").isTextual() || !entry.path("primaryMetric").isObject())
        {
            throw new IllegalArgumentException(file + ": not a JMH JSON result (an entry has no benchmark or "
                + "primaryMetric)");
        }
        final String benchmark = shortName(entry.get("benchmark").asText());
        final String mode = entry.path("mode").asText("?");
        final StringBuilder params = new StringBuilder();
        final Map<String, String> sortedParams = new TreeMap<>();
        final Iterator<Map.Entry<String, JsonNode>> fields = entry.path("params").properties().iterator();
        while (fields.hasNext())
        {
            final Map.Entry<String, JsonNode> field = fields.next();
            sortedParams.put(field.getKey(), field.getValue().asText());
        }
        sortedParams.forEach((k, v) -> params.append(params.length() == 0 ? "" : ", ").append(k).append('=').append(v));

        final JsonNode primary = entry.get("primaryMetric");
        final String unit = primary.path("scoreUnit").asText("?");
        final double score = number(primary.get("score"));
        final double error = number(primary.get("scoreError"));
        final double alloc = number(entry.path("secondaryMetrics").path("gc.alloc.rate.norm").get("score"));

        final List<Double> iterations = new ArrayList<>();
        for (final JsonNode fork : primary.path("rawData"))
        {
            for (final JsonNode iteration : fork)
            {
                iterations.add(number(iteration));
            }
        }

        LatencySeries latency = null;
        if ("sample".equals(mode))
        {
            final int dot = benchmark.indexOf('.');
            final String path = "JMH " + (dot > 0 ? benchmark.substring(0, dot) : benchmark);
            final String name = benchmark.substring(dot + 1) + (params.length() == 0 ? "" : " [" + params + "]");
            final double nanosPerUnit = microsPerUnit(unit) * 1000.0;
            final Histogram samples = samples(primary.path("rawDataHistogram"), nanosPerUnit, iterations);
            if (samples.getTotalCount() > 0)
            {
                latency = HistogramLogSummary.toSeries(path, name, source, samples, 1.0, List.of());
            }
        }
        return new JmhResult(benchmark, params.toString(), mode, score, error, unit, alloc, List.copyOf(iterations),
            source, latency);
    }

    /**
     * JMH's sample mode keeps every sample as {@code [[[ [value, count], ... ] per iteration ] per fork ]}: the
     * whole distribution, not only the few percentiles of {@code scorePercentiles}. Also collects each iteration's
     * mean, the iteration scores sample mode does not write as {@code rawData}.
     */
    private static Histogram samples(final JsonNode forks, final double nanosPerUnit, final List<Double> iterations)
    {
        final Histogram histogram = new Histogram(3);
        histogram.setAutoResize(true);
        for (final JsonNode fork : forks)
        {
            for (final JsonNode iteration : fork)
            {
                double sum = 0;
                long count = 0;
                for (final JsonNode bucket : iteration)
                {
                    final double value = number(bucket.get(0));
                    final long n = bucket.get(1).asLong();
                    if (!Double.isNaN(value) && value >= 0 && n > 0)
                    {
                        histogram.recordValueWithCount(Math.round(value * nanosPerUnit), n);
                        sum += value * n;
                        count += n;
                    }
                }
                if (count > 0)
                {
                    iterations.add(sum / count);
                }
            }
        }
        return histogram;
    }

    /**
     * @param unit a JMH time unit such as {@code ns/op}, {@code us/op}, {@code ms/op}, {@code s/op}, or a bare
     *             {@code ns}, {@code us}, {@code ms}, {@code s}.
     * @return microseconds per one unit, NaN if it is not a time-per-operation unit.
     */
    static double microsPerUnit(final String unit)
    {
        final String time = unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : unit;
        switch (time)
        {
            case "ns": return 0.001;
            case "us": return 1.0;
            case "ms": return 1000.0;
            case "s": return 1_000_000.0;
            case "min": return 60_000_000.0;
            default: return Double.NaN;
        }
    }

    private static String shortName(final String benchmark)
    {
        final int method = benchmark.lastIndexOf('.');
        final int type = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
        return type >= 0 ? benchmark.substring(type + 1) : benchmark;
    }

    private static double number(final JsonNode value)
    {
        if (null == value || value.isNull() || value.isMissingNode())
        {
            return Double.NaN;
        }
        if (value.isNumber())
        {
            return value.asDouble();
        }
        try
        {
            return Double.parseDouble(value.asText()); // JMH writes NaN as the string "NaN"
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }
}
