package io.peregrine.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The output file of a child JVM ({@link ChildJvm}, redirected by the test's {@link ProcessBuilder}): the marker
 * lines it prints ({@code READY}, {@code STOPPED}, ...) counted, and its last lines for failure messages. Test thread;
 * reads the whole file each call (small logs).
 */
public final class ChildLog
{
    private static final int TAIL_LINES = 40;

    private ChildLog()
    {
    }

    /**
     * @param log  the child's output file (it may not exist yet).
     * @param word what the counted lines start with.
     * @return how many lines start with it; 0 while the file does not exist.
     * @throws IOException if it exists and cannot be read.
     */
    public static int countLinesStartingWith(final Path log, final String word) throws IOException
    {
        if (!Files.exists(log))
        {
            return 0;
        }
        int count = 0;
        for (final String line : Files.readAllLines(log))
        {
            if (line.startsWith(word))
            {
                count++;
            }
        }
        return count;
    }

    /**
     * @param log the child's output file.
     * @return its last 40 lines, or why there are none; never throws (it is called while a test fails).
     */
    public static String tail(final Path log)
    {
        try
        {
            if (!Files.exists(log))
            {
                return "(no log " + log + ")";
            }
            final List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        }
        catch (final IOException | RuntimeException ex)
        {
            return "(log " + log + " unreadable: " + ex + ")";
        }
    }
}
