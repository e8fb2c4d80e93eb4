package io.peregrine.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark result from a JMH JSON file ({@code -rf json -rff x.json}).
 *
 * @param benchmark     short name: class simple name + method, e.g. {@code SbeCodecBenchmark.decodeNewOrder}.
 * @param params        JMH parameters as {@code key=value, ...}, empty if none.
 * @param mode          JMH mode ({@code avgt}, {@code sample}, {@code thrpt}, {@code ss}).
 * @param score         primary score.
 * @param scoreError    99.9% confidence half-width, NaN when JMH could not compute it (one iteration).
 * @param unit          unit of the score, e.g. {@code ns/op}.
 * @param allocBytesPerOp {@code gc.alloc.rate.norm} from {@code -prof gc}, NaN when the profiler was off.
 * @param latency       the percentile distribution for {@code sample} mode, null otherwise.
 */
record JmhResult(
    String benchmark,
    String params,
    String mode,
    double score,
    double scoreError,
    String unit,
    double allocBytesPerOp,
    LatencySeries latency)
{
    /**
     * @param json a JMH JSON result file.
     * @return every result in file order.
     * @throws IOException if the file cannot be read.
     * @throws IllegalArgumentException if it is not a JMH JSON result.
     */
    static List<JmhResult> read(final Path json) throws IOException
    {
        final Object root = JsonReader.parse(Files.readString(json));
        if (!(root instanceof List))
        {
            throw new IllegalArgumentException(json + ": a JMH JSON result is an array of benchmarks");
        }
        final List<JmhResult> results = new ArrayList<>();
        for (final Object element : (List<?>)root)
        {
            results.add(fromJson(asMap(element, "benchmark entry"), json.getFileName().toString()));
        }
        return results;
    }

    private static JmhResult fromJson(final Map<?, ?> entry, final String source)
    {
        final String benchmark = shortName(String.valueOf(entry.get("benchmark")));
        final String mode = String.valueOf(entry.get("mode"));
        final StringBuilder params = new StringBuilder();
        if (entry.get("params") instanceof Map)
        {
            new TreeMap<>((Map<?, ?>)entry.get("params")).forEach((k, v) ->
                params.append(params.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        }

        final Map<?, ?> primary = asMap(entry.get("primaryMetric"), "primaryMetric");
        final String unit = String.valueOf(primary.get("scoreUnit"));
        final double score = number(primary.get("score"));
        final double error = number(primary.get("scoreError"));

        double alloc = Double.NaN;
        if (entry.get("secondaryMetrics") instanceof Map)
        {
            final Object norm = ((Map<?, ?>)entry.get("secondaryMetrics")).get("gc.alloc.rate.norm");
            if (norm instanceof Map)
            {
                alloc = number(((Map<?, ?>)norm).get("score"));
            }
        }

        LatencySeries latency = null;
        if ("sample".equals(mode) && primary.get("scorePercentiles") instanceof Map)
        {
            latency = latencyOf(benchmark + (params.length() == 0 ? "" : " [" + params + "]"), source,
                (Map<?, ?>)primary.get("scorePercentiles"), microsPerUnit(unit));
        }

        return new JmhResult(benchmark, params.toString(), mode, score, error, unit, alloc, latency);
    }

    private static LatencySeries latencyOf(
        final String name, final String source, final Map<?, ?> percentiles, final double microsPerUnit)
    {
        final TreeMap<Double, Double> sorted = new TreeMap<>();
        percentiles.forEach((k, v) -> sorted.put(Double.parseDouble(String.valueOf(k)), number(v) * microsPerUnit));

        final List<LatencySeries.Point> curve = new ArrayList<>();
        sorted.forEach((p, v) -> curve.add(new LatencySeries.Point(p, v)));

        final double[] headline = new double[LatencySeries.HEADLINE_PERCENTILES.length];
        for (int i = 0; i < headline.length; i++)
        {
            final Map.Entry<Double, Double> atOrAbove = sorted.ceilingEntry(LatencySeries.HEADLINE_PERCENTILES[i]);
            headline[i] = atOrAbove == null ? Double.NaN : atOrAbove.getValue();
        }
        return new LatencySeries(name, source, 0, headline, curve);
    }

    /**
     * @param unit a JMH time unit such as {@code ns/op}, {@code us/op}, {@code ms/op}, {@code s/op}.
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
            default: return Double.NaN;
        }
    }

    private static String shortName(final String benchmark)
    {
        final int method = benchmark.lastIndexOf('.');
        final int type = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
        return type >= 0 ? benchmark.substring(type + 1) : benchmark;
    }

    private static Map<?, ?> asMap(final Object value, final String what)
    {
        if (!(value instanceof Map))
        {
            throw new IllegalArgumentException("not a JMH JSON result: " + what + " is not an object");
        }
        return (Map<?, ?>)value;
    }

    private static double number(final Object value)
    {
        if (value instanceof Double)
        {
            return (Double)value;
        }
        if (value instanceof String)
        {
            try
            {
                return Double.parseDouble((String)value); // JMH writes "NaN" as a string
            }
            catch (final NumberFormatException ex)
            {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
