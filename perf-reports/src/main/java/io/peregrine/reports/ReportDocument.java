package io.peregrine.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The content of one report, rendered as HTML (with inline SVG figures) or markdown (tables only). In order: the
 * machine, the ratio table (Peregrine vs its baseline, same run), latency histograms with one figure per path and
 * its baseline, step loads as throughput-vs-latency curves, JMH results. Every figure is numbered and its caption
 * names its unit, its axis scales and its source files. Latencies are printed in microseconds.
 *
 * @param title          heading.
 * @param generatedAt    when.
 * @param run            what to show.
 * @param logLatencyAxis latency axes on a log scale (else linear).
 */
record ReportDocument(String title, Instant generatedAt, RunData run, boolean logLatencyAxis)
{
    String markdown()
    {
        final StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append("Generated ").append(generatedAt)
            .append(". Latencies in microseconds; figures are in `report.html`.\n\n");

        if (null != run.machine())
        {
            md.append("## Machine and settings (").append(run.machine().source()).append(")\n\n| | |\n| --- | --- |\n");
            run.machine().entries().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v))
                .append(" |\n"));
            md.append('\n');
        }

        final List<BaselineRatios.Ratio> ratios = BaselineRatios.of(run);
        if (!ratios.isEmpty())
        {
            md.append("## Peregrine vs baseline (same run)\n\n")
                .append("| comparison | statistic | Peregrine | baseline | unit | ratio | sources |\n")
                .append("| --- | --- | ---: | ---: | --- | ---: | --- |\n");
            for (final BaselineRatios.Ratio r : ratios)
            {
                md.append("| ").append(cell(r.what())).append(" | ").append(r.statistic()).append(" | ")
                    .append(Format.score(r.peregrine())).append(" | ").append(Format.score(r.baseline())).append(" | ")
                    .append(r.unit()).append(" | ").append(Format.ratio(r.ratio())).append(" | ")
                    .append(r.peregrineSource()).append(", ").append(r.baselineSource()).append(" |\n");
            }
            md.append('\n');
        }

        final List<LatencySeries> latencies = allLatencies();
        if (!latencies.isEmpty())
        {
            md.append("## Latency percentiles (us)\n\n| path | measured | source | count |");
            for (final String label : LatencySeries.HEADLINE_LABELS)
            {
                md.append(' ').append(label).append(" |");
            }
            md.append("\n| --- | --- | --- | ---: |");
            for (int i = 0; i < LatencySeries.HEADLINE_LABELS.length; i++)
            {
                md.append(" ---: |");
            }
            md.append('\n');
            for (final LatencySeries s : latencies)
            {
                md.append("| ").append(cell(s.path())).append(" | ").append(cell(s.name())).append(" | ")
                    .append(s.source()).append(" | ").append(s.count()).append(" |");
                for (final double v : s.percentiles())
                {
                    md.append(' ').append(Format.micros(v)).append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }

        for (final StepLoadCurve curve : run.steps())
        {
            md.append("## Step load: ").append(curve.path()).append(" (").append(curve.source()).append(")\n\n")
                .append("| offered/s | sent/s | completed/s | max in flight | p50 us | p90 us | p99 us | max us | "
                    + "sustained |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
            for (final StepLoadCurve.Step s : curve.steps())
            {
                md.append("| ").append(Format.rate(s.offeredPerSecond())).append(" | ")
                    .append(Format.rate(s.sentPerSecond())).append(" | ").append(Format.rate(s.completedPerSecond()))
                    .append(" | ").append(s.maxInFlight()).append(" | ").append(Format.micros(s.p50Micros()))
                    .append(" | ").append(Format.micros(s.p90Micros())).append(" | ")
                    .append(Format.micros(s.p99Micros())).append(" | ").append(Format.micros(s.maxMicros()))
                    .append(" | ").append(s.sustained() ? "yes" : "NO").append(" |\n");
            }
            md.append('\n');
        }

        if (!run.jmh().isEmpty())
        {
            md.append("## JMH results\n\n| benchmark | params | mode | score | error (99.9%) | unit | alloc B/op | "
                + "source |\n| --- | --- | --- | ---: | ---: | --- | ---: | --- |\n");
            for (final JmhResult r : run.jmh())
            {
                md.append("| ").append(r.benchmark()).append(" | ").append(r.params()).append(" | ").append(r.mode())
                    .append(" | ").append(Format.score(r.score())).append(" | ").append(Format.score(r.scoreError()))
                    .append(" | ").append(r.unit()).append(" | ").append(Format.score(r.allocBytesPerOp()))
                    .append(" | ").append(r.source()).append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    String html()
    {
        final StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .append(Html.escape(title)).append("</title>\n<style>\n")
            .append("body{font-family:sans-serif;margin:2em;color:#222}\n")
            .append("table{border-collapse:collapse;margin:1em 0}\n")
            .append("th,td{border:1px solid #ccc;padding:4px 8px}\n")
            .append("td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
            .append("th{background:#f4f4f4}\nfigure{margin:1.5em 0}\nfigcaption{font-size:90%;color:#444;"
                + "max-width:980px}\n</style>\n</head>\n<body>\n");
        html.append("<h1>").append(Html.escape(title)).append("</h1>\n<p>Generated ")
            .append(generatedAt).append(". Latencies in microseconds; latency axes on a ")
            .append(logLatencyAxis ? "log" : "linear").append(" scale.</p>\n");

        if (null != run.machine())
        {
            html.append("<h2>Machine and settings</h2>\n<table>\n");
            run.machine().entries().forEach((k, v) -> html.append("<tr><th>").append(Html.escape(k))
                .append("</th><td>").append(Html.escape(v)).append("</td></tr>\n"));
            html.append("</table>\n<p>Source: ").append(Html.escape(run.machine().source())).append("</p>\n");
        }

        final List<BaselineRatios.Ratio> ratios = BaselineRatios.of(run);
        if (!ratios.isEmpty())
        {
            html.append("<h2>Peregrine vs baseline (same run)</h2>\n<p>Ratio = Peregrine / baseline, of costs (time "
                + "per operation or latency): above 1 is what Peregrine adds.</p>\n<table>\n<tr><th>comparison</th>"
                + "<th>statistic</th><th>Peregrine</th><th>baseline</th><th>unit</th><th>ratio</th><th>sources</th>"
                + "</tr>\n");
            for (final BaselineRatios.Ratio r : ratios)
            {
                html.append("<tr><td>").append(Html.escape(r.what())).append("</td><td>").append(r.statistic())
                    .append("</td><td class=\"n\">").append(Format.score(r.peregrine()))
                    .append("</td><td class=\"n\">").append(Format.score(r.baseline())).append("</td><td>")
                    .append(Html.escape(r.unit())).append("</td><td class=\"n\"><b>").append(Format.ratio(r.ratio()))
                    .append("</b></td><td>").append(Html.escape(r.peregrineSource() + ", " + r.baselineSource()))
                    .append("</td></tr>\n");
            }
            html.append("</table>\n");
        }

        int figure = 0;
        if (!run.histograms().isEmpty())
        {
            html.append("<h2>Latency histograms</h2>\n");
            latencyTable(html, run.histograms());
            final Map<String, List<LatencySeries>> groups = new LinkedHashMap<>();
            for (final LatencySeries s : run.histograms())
            {
                groups.computeIfAbsent(PathNames.figureGroup(s.source()), g -> new ArrayList<>()).add(s);
            }
            for (final Map.Entry<String, List<LatencySeries>> group : groups.entrySet())
            {
                figure++;
                final String figureTitle = "Figure " + figure + ". Latency by percentile: " + group.getKey();
                html.append("<figure>\n").append(PercentilePlot.render(figureTitle, group.getValue(), logLatencyAxis))
                    .append("<figcaption>").append(Html.escape(figureTitle)).append(". y: latency in microseconds (")
                    .append(logLatencyAxis ? "log" : "linear").append(" scale), from each order's scheduled send "
                        + "where the tool measures that; x: percentile, log scale of 1/(1-p). Source: ")
                    .append(Html.escape(String.join(", ", sources(group.getValue())))).append(".</figcaption>\n")
                    .append("</figure>\n");
            }
        }

        if (!run.steps().isEmpty())
        {
            html.append("<h2>Step loads: throughput vs latency</h2>\n");
            for (final StepLoadCurve curve : run.steps())
            {
                stepTable(html, curve);
            }
            figure++;
            final String figureTitle = "Figure " + figure + ". Latency against throughput under step loads";
            final List<String> sources = new ArrayList<>();
            run.steps().forEach(c -> sources.add(c.source()));
            html.append("<figure>\n").append(LoadCurvePlot.render(figureTitle, run.steps(), logLatencyAxis))
                .append("<figcaption>").append(Html.escape(figureTitle)).append(". x: orders completed per second "
                    + "(achieved, not offered); y: latency in microseconds (").append(logLatencyAxis ? "log" : "linear")
                .append(" scale) from scheduled send to final report, p50 solid, p99 dashed; one point per step. "
                    + "Source: ").append(Html.escape(String.join(", ", sources))).append(".</figcaption>\n</figure>\n");
        }

        final List<LatencySeries> sampled = jmhLatencies();
        if (!run.jmh().isEmpty())
        {
            html.append("<h2>JMH results</h2>\n<table>\n<tr><th>benchmark</th><th>params</th><th>mode</th>")
                .append("<th>score</th><th>error (99.9%)</th><th>unit</th><th>alloc B/op</th><th>source</th></tr>\n");
            for (final JmhResult r : run.jmh())
            {
                html.append("<tr><td>").append(Html.escape(r.benchmark())).append("</td><td>")
                    .append(Html.escape(r.params())).append("</td><td>").append(Html.escape(r.mode()))
                    .append("</td><td class=\"n\">").append(Format.score(r.score()))
                    .append("</td><td class=\"n\">").append(Format.score(r.scoreError()))
                    .append("</td><td>").append(Html.escape(r.unit()))
                    .append("</td><td class=\"n\">").append(Format.score(r.allocBytesPerOp()))
                    .append("</td><td>").append(Html.escape(r.source())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        if (!sampled.isEmpty())
        {
            html.append("<h2>JMH sample-time percentiles</h2>\n");
            latencyTable(html, sampled);
            final Map<String, List<LatencySeries>> byClass = new LinkedHashMap<>();
            for (final LatencySeries s : sampled)
            {
                byClass.computeIfAbsent(s.path(), c -> new ArrayList<>()).add(s);
            }
            for (final Map.Entry<String, List<LatencySeries>> group : byClass.entrySet())
            {
                figure++;
                final String figureTitle = "Figure " + figure + ". Latency by percentile: " + group.getKey()
                    + " (JMH sample time)";
                html.append("<figure>\n").append(PercentilePlot.render(figureTitle, group.getValue(), logLatencyAxis))
                    .append("<figcaption>").append(Html.escape(figureTitle)).append(". y: time per operation in "
                        + "microseconds (").append(logLatencyAxis ? "log" : "linear").append(" scale); x: percentile, "
                        + "log scale of 1/(1-p). Source: ")
                    .append(Html.escape(String.join(", ", sources(group.getValue())))).append(".</figcaption>\n")
                    .append("</figure>\n");
            }
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void latencyTable(final StringBuilder html, final List<LatencySeries> series)
    {
        html.append("<table>\n<tr><th>path</th><th>measured</th><th>source</th><th>count</th>");
        for (final String label : LatencySeries.HEADLINE_LABELS)
        {
            html.append("<th>").append(label).append(" (us)</th>");
        }
        html.append("</tr>\n");
        for (final LatencySeries s : series)
        {
            html.append("<tr><td>").append(Html.escape(s.path())).append("</td><td>").append(Html.escape(s.name()))
                .append("</td><td>").append(Html.escape(s.source())).append("</td><td class=\"n\">")
                .append(s.count()).append("</td>");
            for (final double v : s.percentiles())
            {
                html.append("<td class=\"n\">").append(Format.micros(v)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static void stepTable(final StringBuilder html, final StepLoadCurve curve)
    {
        html.append("<h3>").append(Html.escape(curve.path())).append("</h3>\n<table>\n<tr><th>offered/s</th>"
            + "<th>sent/s</th><th>completed/s</th><th>max in flight</th><th>p50 (us)</th><th>p90 (us)</th>"
            + "<th>p99 (us)</th><th>max (us)</th><th>sustained</th></tr>\n");
        for (final StepLoadCurve.Step s : curve.steps())
        {
            html.append("<tr><td class=\"n\">").append(Format.rate(s.offeredPerSecond()))
                .append("</td><td class=\"n\">").append(Format.rate(s.sentPerSecond()))
                .append("</td><td class=\"n\">").append(Format.rate(s.completedPerSecond()))
                .append("</td><td class=\"n\">").append(s.maxInFlight())
                .append("</td><td class=\"n\">").append(Format.micros(s.p50Micros()))
                .append("</td><td class=\"n\">").append(Format.micros(s.p90Micros()))
                .append("</td><td class=\"n\">").append(Format.micros(s.p99Micros()))
                .append("</td><td class=\"n\">").append(Format.micros(s.maxMicros()))
                .append("</td><td>").append(s.sustained() ? "yes" : "<b>NO</b>").append("</td></tr>\n");
        }
        html.append("</table>\n<p>Source: ").append(Html.escape(curve.source())).append("</p>\n");
    }

    private static List<String> sources(final List<LatencySeries> series)
    {
        final Set<String> sources = new LinkedHashSet<>();
        series.forEach(s -> sources.add(s.source()));
        return new ArrayList<>(sources);
    }

    private static String cell(final String text)
    {
        return text.replace("|", "\\|");
    }

    private List<LatencySeries> jmhLatencies()
    {
        final List<LatencySeries> sampled = new ArrayList<>();
        for (final JmhResult r : run.jmh())
        {
            if (r.latency() != null)
            {
                sampled.add(r.latency());
            }
        }
        return sampled;
    }

    private List<LatencySeries> allLatencies()
    {
        final List<LatencySeries> all = new ArrayList<>(run.histograms());
        all.addAll(jmhLatencies());
        return all;
    }
}
