package io.peregrine.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pairs each Peregrine measurement with its baseline from the same run and gives their ratio, the first table of
 * a report. The pairs are the ones the bench suite runs side by side:
 * <ul>
 *     <li>{@code IpcRoundTripBenchmark.coreRoundTrip} against the raw Aeron relay (same 4 hops, no work) and the raw
 *     echo (2 hops);</li>
 *     <li>{@code BookVsExchangeCoreBenchmark.peregrine} against {@code exchangeCore}, same parameters;</li>
 *     <li>{@code CorePipelineBenchmark.orderLifecycle} against {@code harnessOnly} (the benchmark's own share);</li>
 *     <li>the full FIX loop at each rate ({@code fixloop-loop-R.hlog}, to the New report) against the bare QuickFIX/J
 *     echo at the same rate ({@code fixloop-echo-R.hlog});</li>
 *     <li>the core-only fixed-rate run ({@code loadrun}) against the raw Aeron echo at the same rate
 *     ({@code rawecho}).</li>
 * </ul>
 * A pair whose baseline is missing is left out. Ratios are of costs (time per operation or latency): above 1 is what
 * Peregrine adds.
 */
final class BaselineRatios
{
    private static final Pattern FIX_LOOP = Pattern.compile("fixloop-loop-(\\d+)");

    private BaselineRatios()
    {
    }

    /**
     * @param run one run's results.
     * @return one row per pair and statistic found.
     */
    static List<Ratio> of(final RunData run)
    {
        final List<Ratio> ratios = new ArrayList<>();
        jmhPairs(run.jmh(), "IpcRoundTripBenchmark.coreRoundTrip", "IpcRoundTripBenchmark.rawRelayRoundTrip",
            "IPC round trip through the core vs raw Aeron relay (same 4 hops, no work)", ratios);
        jmhPairs(run.jmh(), "IpcRoundTripBenchmark.coreRoundTrip", "IpcRoundTripBenchmark.rawEchoRoundTrip",
            "IPC round trip through the core vs raw Aeron echo (2 hops)", ratios);
        jmhPairs(run.jmh(), "BookVsExchangeCoreBenchmark.peregrine", "BookVsExchangeCoreBenchmark.exchangeCore",
            "order book: Peregrine vs exchange-core", ratios);
        jmhPairs(run.jmh(), "CorePipelineBenchmark.orderLifecycle", "CorePipelineBenchmark.harnessOnly",
            "core pipeline, one order's life vs the benchmark harness alone", ratios);

        for (final LatencySeries loop : run.histograms())
        {
            final Matcher m = FIX_LOOP.matcher(PathNames.key(loop.source()));
            if (m.matches() && loop.name().equals("first-report"))
            {
                final LatencySeries echo = find(run.histograms(), "fixloop-echo-" + m.group(1), "final-report");
                if (null != echo)
                {
                    histogramPair("FIX round trip at " + m.group(1) + "/s: full loop to New vs bare QuickFIX/J echo",
                        loop, echo, ratios);
                }
            }
            if (PathNames.key(loop.source()).equals("loadrun") && loop.name().equals("round-trip"))
            {
                final LatencySeries raw = find(run.histograms(), "rawecho", "round-trip");
                if (null != raw)
                {
                    histogramPair("core only at a fixed rate vs raw Aeron IPC echo at the same rate", loop, raw,
                        ratios);
                }
            }
        }
        return ratios;
    }

    private static void jmhPairs(
        final List<JmhResult> results,
        final String candidate,
        final String baseline,
        final String what,
        final List<Ratio> ratios)
    {
        for (final JmhResult c : results)
        {
            if (!c.benchmark().equals(candidate))
            {
                continue;
            }
            for (final JmhResult b : results)
            {
                if (b.benchmark().equals(baseline) && b.mode().equals(c.mode()) && b.params().equals(c.params()))
                {
                    final String params = c.params().isEmpty() ? "" : " [" + c.params() + "]";
                    if (null != c.latency() && null != b.latency())
                    {
                        ratios.add(new Ratio(what + params, "p50", c.benchmark(), c.latency().micros(50),
                            b.benchmark(), b.latency().micros(50), "us", c.source(), b.source()));
                        ratios.add(new Ratio(what + params, "p99", c.benchmark(), c.latency().micros(99),
                            b.benchmark(), b.latency().micros(99), "us", c.source(), b.source()));
                    }
                    else
                    {
                        ratios.add(new Ratio(what + params, c.mode() + " score as ns/op", c.benchmark(),
                            c.nanosPerOp(), b.benchmark(), b.nanosPerOp(), "ns/op", c.source(), b.source()));
                    }
                }
            }
        }
    }

    private static void histogramPair(
        final String what, final LatencySeries candidate, final LatencySeries baseline, final List<Ratio> ratios)
    {
        for (final double percentile : new double[]{ 50.0, 99.0 })
        {
            ratios.add(new Ratio(what, "p" + (int)percentile, candidate.label(), candidate.micros(percentile),
                baseline.label(), baseline.micros(percentile), "us", candidate.source(), baseline.source()));
        }
    }

    private static LatencySeries find(final List<LatencySeries> series, final String key, final String tag)
    {
        for (final LatencySeries s : series)
        {
            if (PathNames.key(s.source()).equals(key) && Objects.equals(s.name(), tag))
            {
                return s;
            }
        }
        return null;
    }

    /**
     * @param what           the comparison, for a reader.
     * @param statistic      which number of each side ({@code p50}, {@code p99}, a JMH score).
     * @param peregrineLabel the Peregrine side.
     * @param peregrine      its value.
     * @param baselineLabel  the baseline side.
     * @param baseline       its value.
     * @param unit           of both values.
     * @param peregrineSource file of the Peregrine side.
     * @param baselineSource  file of the baseline side.
     */
    record Ratio(
        String what,
        String statistic,
        String peregrineLabel,
        double peregrine,
        String baselineLabel,
        double baseline,
        String unit,
        String peregrineSource,
        String baselineSource)
    {
        /** @return Peregrine over baseline, NaN when the baseline is 0 or missing. */
        double ratio()
        {
            return baseline > 0 ? peregrine / baseline : Double.NaN;
        }
    }
}
