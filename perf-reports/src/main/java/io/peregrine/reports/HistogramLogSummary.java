package io.peregrine.reports;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogReader;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an HdrHistogram interval log ({@code .hlog}) and sums every interval of each tag into one distribution.
 * Untagged intervals are named after the file. Recorded values are taken to be nanoseconds (what Peregrine
 * records) unless told otherwise.
 */
final class HistogramLogSummary
{
    private HistogramLogSummary()
    {
    }

    /**
     * @param hlog            the log file.
     * @param nanosPerValue   how many nanoseconds one recorded unit is (1 for nanoseconds, 1000 for microseconds).
     * @return one series per tag, in first-seen order.
     * @throws FileNotFoundException if the file does not exist.
     */
    static List<LatencySeries> read(final Path hlog, final double nanosPerValue) throws FileNotFoundException
    {
        final Map<String, Histogram> totals = new LinkedHashMap<>();
        final String fileName = hlog.getFileName().toString();
        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        try
        {
            EncodableHistogram interval;
            while ((interval = reader.nextIntervalHistogram()) != null)
            {
                if (!(interval instanceof Histogram))
                {
                    throw new IllegalArgumentException(hlog + ": only integer histograms are supported");
                }
                final Histogram histogram = (Histogram)interval;
                final String tag = histogram.getTag() == null ? fileName : histogram.getTag();
                totals.computeIfAbsent(tag, t -> newTotal()).add(histogram);
            }
        }
        finally
        {
            reader.close();
        }

        final List<LatencySeries> series = new ArrayList<>();
        totals.forEach((tag, total) -> series.add(toSeries(tag, fileName, total, nanosPerValue)));
        return series;
    }

    /**
     * @param name          of the series.
     * @param source        where the histogram came from.
     * @param histogram     recorded values.
     * @param nanosPerValue nanoseconds per recorded unit.
     * @return the headline percentiles and plot curve of the histogram, in microseconds.
     */
    static LatencySeries toSeries(
        final String name, final String source, final Histogram histogram, final double nanosPerValue)
    {
        final double toMicros = nanosPerValue / 1000.0;
        final double[] headline = new double[LatencySeries.HEADLINE_PERCENTILES.length];
        for (int i = 0; i < headline.length; i++)
        {
            final double percentile = LatencySeries.HEADLINE_PERCENTILES[i];
            final long value =
                percentile >= 100.0 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
            headline[i] = value * toMicros;
        }

        final List<LatencySeries.Point> curve = new ArrayList<>();
        if (histogram.getTotalCount() > 0)
        {
            for (final HistogramIterationValue v : histogram.percentiles(5))
            {
                curve.add(new LatencySeries.Point(v.getPercentileLevelIteratedTo(), v.getValueIteratedTo() * toMicros));
            }
        }
        return new LatencySeries(name, source, histogram.getTotalCount(), headline, curve);
    }

    private static Histogram newTotal()
    {
        final Histogram total = new Histogram(3);
        total.setAutoResize(true);
        return total;
    }
}
