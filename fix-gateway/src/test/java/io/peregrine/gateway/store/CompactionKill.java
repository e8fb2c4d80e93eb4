package io.peregrine.gateway.store;

import io.peregrine.testsupport.ChildJvm;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kill of a child JVM that compacts journals at start and then appends to them, acknowledging each append with a
 * line on its output: the compaction kill tests' common part. Test thread only.
 */
public final class CompactionKill
{
    /** Generous: other builds share the machine's two cores (nothing here measures time). */
    private static final long CHILD_TIMEOUT_MS = 180_000;

    private CompactionKill()
    {
    }

    /**
     * Runs {@code mainClass} in a child JVM and kills it (SIGKILL) in the given phase: 0 at a random instant from its
     * start, 1 shortly after one of {@code temporaries} (a compaction's temporary file) appeared, 2 after a random
     * number (1 to 200) of acknowledged appends.
     *
     * @param acknowledgement how the child's acknowledgement lines start; what follows is returned.
     * @return what the child acknowledged before the kill was decided, in order (only read in phase 2).
     */
    public static List<String> killDuring(
        final SplittableRandom random, final int phase, final List<Path> temporaries, final String acknowledgement,
        final Class<?> mainClass, final String... args) throws Exception
    {
        final List<String> acknowledged = new ArrayList<>();
        final Process child = new ProcessBuilder(ChildJvm.command("256m", mainClass, args))
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
        {
            final long deadline = System.currentTimeMillis() + CHILD_TIMEOUT_MS;
            if (0 == phase)
            {
                Thread.sleep(random.nextInt(2_500));
            }
            else if (1 == phase)
            {
                while (temporaries.stream().noneMatch(Files::exists) && child.isAlive())
                {
                    assertTrue(System.currentTimeMillis() < deadline, "the child never compacted");
                    LockSupport.parkNanos(100_000); // leave the cores to the child
                }
                Thread.sleep(random.nextInt(40));
            }
            else
            {
                final int appends = 1 + random.nextInt(200);
                String line;
                while (acknowledged.size() < appends && null != (line = out.readLine()))
                {
                    assertTrue(System.currentTimeMillis() < deadline, "child too slow");
                    if (line.startsWith(acknowledgement))
                    {
                        acknowledged.add(line.substring(acknowledgement.length()));
                    }
                }
                assertEquals(appends, acknowledged.size(), "the child stopped early");
            }
            child.destroyForcibly(); // SIGKILL (closes our end of its output: later acknowledgements are not checked)
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        finally
        {
            child.destroyForcibly();
        }
        return acknowledged;
    }
}
