package io.peregrine.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A step load: one row per offered rate, with the rates achieved and the latency at that load, read from the CSV
 * that {@code FixLoopLatency} writes ({@code *-steps-*.csv}). The raw distributions are in the {@code .hlog} of
 * each step beside it.
 *
 * @param path   the path loaded, for a reader.
 * @param source file it came from.
 * @param steps  rows in file order (rising offered rate).
 */
record StepLoadCurve(String path, String source, List<Step> steps)
{
    /** The header line the file must start with. */
    static final String HEADER =
        "offered_per_s,sent_per_s,completed_per_s,max_in_flight,p50_us,p90_us,p99_us,max_us,sustained";

    /**
     * @param csv the file.
     * @return its rows.
     * @throws IOException if it cannot be read.
     * @throws IllegalArgumentException naming the line that is not a step row.
     */
    static StepLoadCurve read(final Path csv) throws IOException
    {
        final List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER))
        {
            throw new IllegalArgumentException(csv + ": not a step-load CSV (first line must be " + HEADER + ")");
        }
        final List<Step> steps = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++)
        {
            final String line = lines.get(i).trim();
            if (line.isEmpty())
            {
                continue;
            }
            final String[] cells = line.split(",");
            try
            {
                if (cells.length != 9)
                {
                    throw new NumberFormatException("9 columns expected, got " + cells.length);
                }
                steps.add(new Step(Double.parseDouble(cells[0]), Double.parseDouble(cells[1]),
                    Double.parseDouble(cells[2]), Long.parseLong(cells[3]), Double.parseDouble(cells[4]),
                    Double.parseDouble(cells[5]), Double.parseDouble(cells[6]), Double.parseDouble(cells[7]),
                    Boolean.parseBoolean(cells[8])));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s line %d: %s (%s)", csv, i + 1, line, ex.getMessage()));
            }
        }
        final String name = csv.getFileName().toString();
        return new StepLoadCurve(PathNames.describe(name), name, List.copyOf(steps));
    }

    /**
     * @param offeredPerSecond   the step's offered rate.
     * @param sentPerSecond      achieved send rate.
     * @param completedPerSecond achieved completion rate (final reports per second).
     * @param maxInFlight        most orders outstanding at once.
     * @param p50Micros          median latency from scheduled send.
     * @param p90Micros          90th percentile.
     * @param p99Micros          99th percentile.
     * @param maxMicros          maximum.
     * @param sustained          whether the step kept up (see FixLoopLatency).
     */
    record Step(
        double offeredPerSecond,
        double sentPerSecond,
        double completedPerSecond,
        long maxInFlight,
        double p50Micros,
        double p90Micros,
        double p99Micros,
        double maxMicros,
        boolean sustained)
    {
    }
}
