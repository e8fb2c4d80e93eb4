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
 * Reads an HdrHistogram interval log ({@code .hlog}) and sums every interval of each tag into one distribution,
 * keeping the intervals for the noise estimate. Untagged intervals are named after the file. Recorded values are
 * taken to be nanoseconds (what Peregrine records) unless told otherwise.
 */
final class HistogramLogSummary
{
    private HistogramLogSummary()
    {
    }

    /**
     * @param hlog          the log file.
     * @param nanosPerValue how many nanoseconds one recorded unit is (1 for nanoseconds, 1000 for microseconds).
     * @return one series per tag, in first-seen order, each named for the path the file measured.
     * @throws FileNotFoundException if the file does not exist.
     * @throws IllegalArgumentException if it is not a histogram log.
     */
    static List<LatencySeries> read(final Path hlog, final double nanosPerValue) throws FileNotFoundException
    {
        final Map<String, List<Histogram>> byTag = new LinkedHashMap<>();
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
                final String tag = histogram.getTag() == null ? PathNames.key(fileName) : histogram.getTag();
                byTag.computeIfAbsent(tag, t -> new ArrayList<>()).add(histogram);
            }
        }
        catch (final RuntimeException ex)
        {
            // HdrHistogram reports a malformed line as whatever its parser hit first
            throw new IllegalArgumentException(hlog + ": not a readable HdrHistogram log (" + ex + ")", ex);
        }
        finally
        {
            reader.close();
        }

        if (byTag.isEmpty())
        {
            throw new IllegalArgumentException(hlog + ": no interval histogram in it (not an HdrHistogram log, or an "
                + "empty one)");
        }
        final String path = PathNames.describe(fileName);
        final List<LatencySeries> series = new ArrayList<>();
        byTag.forEach((tag, intervals) ->
        {
            final Histogram total = new Histogram(3);
            total.setAutoResize(true);
            intervals.forEach(total::add);
            series.add(toSeries(path, tag, fileName, total, nanosPerValue, intervals));
        });
        return series;
    }

    /**
     * @param path          the path measured.
     * @param name          of the series.
     * @param source        where the histogram came from.
     * @param histogram     recorded values.
     * @param nanosPerValue nanoseconds per recorded unit.
     * @param intervals     the histogram's intervals one by one, if the source kept them.
     * @return the headline percentiles and plot curve of the histogram, in microseconds.
     */
    static LatencySeries toSeries(
        final String path,
        final String name,
        final String source,
        final Histogram histogram,
        final double nanosPerValue,
        final List<Histogram> intervals)
    {
        final double toMicros = nanosPerValue / 1000.0;
        final double[] headline = new double[LatencySeries.HEADLINE_PERCENTILES.length];
        for (int i = 0; i < headline.length; i++)
        {
            final double percentile = LatencySeries.HEADLINE_PERCENTILES[i];
            final long value =
                percentile >= 100.0 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
            headline[i] = histogram.getTotalCount() == 0 ? Double.NaN : value * toMicros;
        }

        final List<LatencySeries.Point> curve = new ArrayList<>();
        if (histogram.getTotalCount() > 0)
        {
            for (final HistogramIterationValue v : histogram.percentiles(5))
            {
                curve.add(new LatencySeries.Point(v.getPercentileLevelIteratedTo(), v.getValueIteratedTo() * toMicros));
            }
        }
        return new LatencySeries(path, name, source, histogram.getTotalCount(), headline, curve, histogram,
            List.copyOf(intervals), nanosPerValue);
    }
}
