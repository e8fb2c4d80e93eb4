package io.peregrine.reports;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts every metric of a baseline run and a candidate run side by side: the change in percent and a verdict. A
 * metric is a {@code REGRESSION} when the candidate is worse by more than the baseline's noise (and by more than a
 * floor, so a metric with a tiny error bar does not fail on a 1% wobble); {@code improved} when better by as much;
 * {@code within noise} otherwise.
 * <p>
 * Metrics: every JMH primary score (lower is better, except throughput mode), and p50 and p99 of every histogram-log
 * series. Noise of the baseline, as a 99.9% confidence half-width in percent (see {@link Noise}), the largest of:
 * JMH's score error and the spread of its iterations; the spread of a histogram's one-second intervals and the order
 * statistics of the percentile; and, when the baseline folder holds repeated runs (one sub-folder each), the range
 * between them relative to their mean.
 */
final class RunComparison
{
    /** Floor of the regression threshold when the caller gives none, percent. */
    static final double DEFAULT_MIN_CHANGE_PERCENT = 5.0;

    private static final double[] HISTOGRAM_PERCENTILES = { 50.0, 99.0 };
    /** Fewer intervals than this say too little about their spread (t = 636 for two): the rank estimate only. */
    private static final int MIN_INTERVALS = 5;

    private final List<Row> rows;

    private RunComparison(final List<Row> rows)
    {
        this.rows = rows;
    }

    /**
     * @param baseline         one or more repeated runs of the baseline.
     * @param candidate        one or more runs of the candidate.
     * @param minChangePercent floor of the threshold.
     * @return the comparison.
     */
    static RunComparison compare(
        final List<RunData> baseline, final List<RunData> candidate, final double minChangePercent)
    {
        final Map<String, Metric> base = merge(baseline);
        final Map<String, Metric> cand = merge(candidate);
        final List<Row> rows = new ArrayList<>();
        for (final Metric b : base.values())
        {
            final Metric c = cand.get(b.key());
            rows.add(null == c ? new Row(b, null, Double.NaN, Double.NaN, Verdict.MISSING) :
                judge(b, c, minChangePercent));
        }
        for (final Metric c : cand.values())
        {
            if (!base.containsKey(c.key()))
            {
                rows.add(new Row(null, c, Double.NaN, Double.NaN, Verdict.NEW));
            }
        }
        return new RunComparison(rows);
    }

    /** @return one row per metric, baseline order first, then metrics only the candidate has. */
    List<Row> rows()
    {
        return rows;
    }

    /** @return how many metrics regressed beyond noise. */
    long regressions()
    {
        return rows.stream().filter(r -> r.verdict() == Verdict.REGRESSION).count();
    }

    /**
     * @param baselineName  shown in the heading.
     * @param candidateName shown in the heading.
     * @return a markdown table of every row, regressions marked in bold.
     */
    String markdown(final String baselineName, final String candidateName)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Comparison: ").append(candidateName).append(" against ").append(baselineName).append("\n\n");
        md.append(String.format(Locale.ROOT, "%d metric(s), %d regression(s) beyond noise, %d improved.%n%n",
            rows.size(), regressions(), rows.stream().filter(r -> r.verdict() == Verdict.IMPROVED).count()));
        md.append("Threshold: the larger of the baseline's noise (99.9% confidence half-width) and the floor. ")
            .append("A noise from the percentile rank only (a log with under 5 intervals) covers sampling, not the ")
            .append("machine's run-to-run swings: give a baseline folder of repeated runs (one sub-folder each) to ")
            .append("measure those.\n\n");
        md.append("| metric | unit | better | baseline | candidate | change | noise (99.9%) | noise from | threshold "
            + "| verdict |\n| --- | --- | --- | ---: | ---: | ---: | ---: | --- | ---: | --- |\n");
        for (final Row r : rows)
        {
            final Metric any = null != r.baseline() ? r.baseline() : r.candidate();
            md.append("| ").append(any.key().replace("|", "\\|")).append(" | ").append(any.unit()).append(" | ")
                .append(any.higherIsBetter() ? "higher" : "lower").append(" | ")
                .append(null == r.baseline() ? "" : Format.score(r.baseline().value())).append(" | ")
                .append(null == r.candidate() ? "" : Format.score(r.candidate().value())).append(" | ")
                .append(Format.percent(r.changePercent())).append(" | ")
                .append(null == r.baseline() ? "" : noiseText(r.baseline().noisePercent())).append(" | ")
                .append(null == r.baseline() ? "" : r.baseline().noiseSource()).append(" | ")
                .append(Double.isNaN(r.thresholdPercent()) ? "" :
                    String.format(Locale.ROOT, "%.1f%%", r.thresholdPercent())).append(" | ")
                .append(r.verdict() == Verdict.REGRESSION ? "**REGRESSION**" : r.verdict().text).append(" |\n");
        }
        return md.toString();
    }

    private static String noiseText(final double percent)
    {
        return Double.isNaN(percent) ? "unknown" : String.format(Locale.ROOT, "%.1f%%", percent);
    }

    private static Row judge(final Metric base, final Metric cand, final double minChangePercent)
    {
        final double change = base.value() == 0 ? Double.NaN : 100.0 * (cand.value() - base.value()) / base.value();
        final double threshold = Double.isNaN(base.noisePercent()) ? minChangePercent :
            Math.max(base.noisePercent(), minChangePercent);
        final double worse = base.higherIsBetter() ? -change : change;
        final Verdict verdict;
        if (Double.isNaN(change))
        {
            verdict = Verdict.WITHIN_NOISE;
        }
        else if (worse > threshold)
        {
            verdict = Verdict.REGRESSION;
        }
        else if (-worse > threshold)
        {
            verdict = Verdict.IMPROVED;
        }
        else
        {
            verdict = Verdict.WITHIN_NOISE;
        }
        return new Row(base, cand, change, threshold, verdict);
    }

    /** Averages repeated runs metric by metric; their spread joins the noise. */
    private static Map<String, Metric> merge(final List<RunData> runs)
    {
        final Map<String, List<Metric>> byKey = new LinkedHashMap<>();
        for (final RunData run : runs)
        {
            for (final Metric m : metrics(run))
            {
                byKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
            }
        }
        final Map<String, Metric> merged = new LinkedHashMap<>();
        byKey.forEach((key, repeats) ->
        {
            final Metric first = repeats.get(0);
            if (repeats.size() == 1)
            {
                merged.put(key, first);
                return;
            }
            final List<Double> values = new ArrayList<>();
            Metric noisiest = first;
            for (final Metric m : repeats)
            {
                values.add(m.value());
                if (Double.isNaN(noisiest.noisePercent()) || m.noisePercent() > noisiest.noisePercent())
                {
                    noisiest = m;
                }
            }
            final double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            final double acrossRuns = Noise.ofSpread(values);
            final boolean repeatsDominate = Double.isNaN(noisiest.noisePercent()) ||
                (!Double.isNaN(acrossRuns) && acrossRuns >= noisiest.noisePercent());
            merged.put(key, new Metric(key, first.unit(), first.higherIsBetter(), mean,
                Noise.largest(noisiest.noisePercent(), acrossRuns),
                repeatsDominate ? repeats.size() + " repeats" : noisiest.noiseSource()));
        });
        return merged;
    }

    /**
     * @param run one run's results.
     * @return its metrics, in file order; a key repeated inside one run (the same benchmark in two files) keeps
     * the first.
     */
    static List<Metric> metrics(final RunData run)
    {
        final Map<String, Metric> metrics = new LinkedHashMap<>();
        for (final JmhResult r : run.jmh())
        {
            final double scoreNoise = r.score() == 0 ? Double.NaN : 100.0 * r.scoreError() / Math.abs(r.score());
            final double iterationNoise = Noise.ofRepeats(r.iterationScores());
            final String source = Double.isNaN(iterationNoise) || scoreNoise >= iterationNoise ? "JMH error" :
                r.iterationScores().size() + " iterations";
            metrics.putIfAbsent(r.key(), new Metric(r.key(), r.unit(), r.higherIsBetter(), r.score(),
                Noise.largest(scoreNoise, iterationNoise), source));
        }
        for (final LatencySeries s : run.histograms())
        {
            if (s.count() == 0)
            {
                continue;
            }
            for (final double p : HISTOGRAM_PERCENTILES)
            {
                final String key = PathNames.key(s.source()) + " " + s.name() + " p" + (int)p;
                final List<Double> perInterval = new ArrayList<>();
                for (final Histogram interval : s.intervals())
                {
                    if (interval.getTotalCount() > 0)
                    {
                        perInterval.add((double)interval.getValueAtPercentile(p));
                    }
                }
                final double intervalNoise =
                    perInterval.size() >= MIN_INTERVALS ? Noise.ofRepeats(perInterval) : Double.NaN;
                final double rankNoise = Noise.ofPercentile(s.total(), p);
                final String source = Double.isNaN(intervalNoise) ?
                    "percentile rank only (" + perInterval.size() + " interval(s))" :
                    intervalNoise >= rankNoise ? perInterval.size() + " intervals" : "percentile rank";
                metrics.putIfAbsent(key, new Metric(key, "us", false, s.micros(p),
                    Noise.largest(intervalNoise, rankNoise), source));
            }
        }
        return new ArrayList<>(metrics.values());
    }

    /**
     * @param key            what was measured, equal across runs.
     * @param unit           of the value.
     * @param higherIsBetter direction.
     * @param value          the measurement.
     * @param noisePercent   99.9% confidence half-width relative to the value, percent; NaN when unknown.
     * @param noiseSource    which estimate gave the noise, e.g. {@code JMH error}, {@code 5 intervals},
     *                       {@code percentile rank only}, {@code 3 repeats}.
     */
    record Metric(String key, String unit, boolean higherIsBetter, double value, double noisePercent,
        String noiseSource)
    {
    }

    /**
     * @param baseline         the baseline side, null when only the candidate has the metric.
     * @param candidate        the candidate side, null when only the baseline has it.
     * @param changePercent    (candidate - baseline) / baseline in percent, NaN when one side is missing.
     * @param thresholdPercent change that counts as beyond noise.
     * @param verdict          the outcome.
     */
    record Row(Metric baseline, Metric candidate, double changePercent, double thresholdPercent, Verdict verdict)
    {
    }

    /** Outcome of one metric. */
    enum Verdict
    {
        /** Worse beyond the threshold. */
        REGRESSION("REGRESSION"),
        /** Better beyond the threshold. */
        IMPROVED("improved"),
        /** Inside the threshold either way. */
        WITHIN_NOISE("within noise"),
        /** The baseline has it, the candidate does not. */
        MISSING("missing in candidate"),
        /** Only the candidate has it. */
        NEW("new in candidate");

        private final String text;

        Verdict(final String text)
        {
            this.text = text;
        }

        /** @return how the verdict reads in a table. */
        String text()
        {
            return text;
        }
    }
}
