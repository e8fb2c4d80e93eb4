package io.peregrine.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of one report, rendered as HTML (with inline SVG plots) or markdown. Latencies are printed in
 * microseconds.
 */
final class ReportDocument
{
    private final String title;
    private final Instant generatedAt;
    private final List<LatencySeries> histograms;
    private final List<JmhResult> jmh;

    ReportDocument(
        final String title, final Instant generatedAt, final List<LatencySeries> histograms, final List<JmhResult> jmh)
    {
        this.title = title;
        this.generatedAt = generatedAt;
        this.histograms = histograms;
        this.jmh = jmh;
    }

    String markdown()
    {
        final StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append("Generated ").append(generatedAt).append(". Latencies in microseconds.\n\n");

        final List<LatencySeries> latencies = allLatencies();
        if (!latencies.isEmpty())
        {
            md.append("## Latency percentiles (us)\n\n| series | source | count |");
            for (final String label : LatencySeries.HEADLINE_LABELS)
            {
                md.append(' ').append(label).append(" |");
            }
            md.append("\n| --- | --- | ---: |");
            for (int i = 0; i < LatencySeries.HEADLINE_LABELS.length; i++)
            {
                md.append(" ---: |");
            }
            md.append('\n');
            for (final LatencySeries s : latencies)
            {
                md.append("| ").append(s.name()).append(" | ").append(s.source()).append(" | ")
                    .append(s.count() > 0 ? Long.toString(s.count()) : "").append(" |");
                for (final double v : s.percentiles())
                {
                    md.append(' ').append(Format.micros(v)).append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }

        if (!jmh.isEmpty())
        {
            md.append("## JMH results\n\n| benchmark | params | mode | score | error (99.9%) | unit | alloc B/op |\n");
            md.append("| --- | --- | --- | ---: | ---: | --- | ---: |\n");
            for (final JmhResult r : jmh)
            {
                md.append("| ").append(r.benchmark()).append(" | ").append(r.params()).append(" | ").append(r.mode())
                    .append(" | ").append(Format.score(r.score())).append(" | ").append(Format.score(r.scoreError()))
                    .append(" | ").append(r.unit()).append(" | ").append(Format.score(r.allocBytesPerOp()))
                    .append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    String html()
    {
        final StringBuilder html = new StringBuilder(32 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .append(Html.escape(title)).append("</title>\n<style>\n")
            .append("body{font-family:sans-serif;margin:2em;color:#222}\n")
            .append("table{border-collapse:collapse;margin:1em 0}\n")
            .append("th,td{border:1px solid #ccc;padding:4px 8px}\n")
            .append("td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
            .append("th{background:#f4f4f4}\n</style>\n</head>\n<body>\n");
        html.append("<h1>").append(Html.escape(title)).append("</h1>\n<p>Generated ")
            .append(generatedAt).append(". Latencies in microseconds.</p>\n");

        if (!histograms.isEmpty())
        {
            html.append("<h2>Latency histograms</h2>\n");
            latencyTable(html, histograms);
            html.append(SvgPercentilePlot.render("Latency by percentile (HdrHistogram logs)", histograms));
        }

        final List<LatencySeries> sampled = jmhLatencies();
        if (!jmh.isEmpty())
        {
            html.append("<h2>JMH results</h2>\n<table>\n<tr><th>benchmark</th><th>params</th><th>mode</th>")
                .append("<th>score</th><th>error (99.9%)</th><th>unit</th><th>alloc B/op</th></tr>\n");
            for (final JmhResult r : jmh)
            {
                html.append("<tr><td>").append(Html.escape(r.benchmark())).append("</td><td>")
                    .append(Html.escape(r.params())).append("</td><td>").append(Html.escape(r.mode()))
                    .append("</td><td class=\"n\">").append(Format.score(r.score()))
                    .append("</td><td class=\"n\">").append(Format.score(r.scoreError()))
                    .append("</td><td>").append(Html.escape(r.unit()))
                    .append("</td><td class=\"n\">").append(Format.score(r.allocBytesPerOp())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        if (!sampled.isEmpty())
        {
            html.append("<h2>JMH sample-time percentiles</h2>\n");
            latencyTable(html, sampled);
            html.append(SvgPercentilePlot.render("Latency by percentile (JMH sample time)", sampled));
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void latencyTable(final StringBuilder html, final List<LatencySeries> series)
    {
        html.append("<table>\n<tr><th>series</th><th>source</th><th>count</th>");
        for (final String label : LatencySeries.HEADLINE_LABELS)
        {
            html.append("<th>").append(label).append(" (us)</th>");
        }
        html.append("</tr>\n");
        for (final LatencySeries s : series)
        {
            html.append("<tr><td>").append(Html.escape(s.name())).append("</td><td>").append(Html.escape(s.source()))
                .append("</td><td class=\"n\">").append(s.count() > 0 ? Long.toString(s.count()) : "").append("</td>");
            for (final double v : s.percentiles())
            {
                html.append("<td class=\"n\">").append(Format.micros(v)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private List<LatencySeries> jmhLatencies()
    {
        final List<LatencySeries> sampled = new ArrayList<>();
        for (final JmhResult r : jmh)
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
        final List<LatencySeries> all = new ArrayList<>(histograms);
        all.addAll(jmhLatencies());
        return all;
    }
}
