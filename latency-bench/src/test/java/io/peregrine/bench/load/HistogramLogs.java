package io.peregrine.bench.load;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads back the {@code .hlog} a run wrote, for the load tests. */
final class HistogramLogs
{
    private HistogramLogs()
    {
    }

    /**
     * @param dir    the run's {@code --out}.
     * @param prefix the log's name up to its time, e.g. {@code rawecho-}.
     * @return the one log of that name in the folder.
     */
    static Path onlyLog(final Path dir, final String prefix) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            final List<Path> logs = files.filter(p -> p.getFileName().toString().startsWith(prefix) &&
                p.getFileName().toString().endsWith(".hlog")).toList();
            assertEquals(1, logs.size(), () -> "one " + prefix + "*.hlog in " + dir + ": " + logs);
            return logs.get(0);
        }
    }

    /**
     * @param hlog a histogram log.
     * @return the values recorded under each tag, every interval added up.
     */
    static Map<String, Long> countsByTag(final Path hlog) throws IOException
    {
        final Map<String, Long> counts = new TreeMap<>();
        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        try
        {
            EncodableHistogram interval;
            while ((interval = reader.nextIntervalHistogram()) != null)
            {
                counts.merge(interval.getTag(), ((Histogram)interval).getTotalCount(), Long::sum);
            }
        }
        finally
        {
            reader.close();
        }
        return counts;
    }
}
