package io.peregrine.gateway.store;

import io.peregrine.testsupport.ChildJvm;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM appends numbered records of up to 256 KiB (large enough for a SIGKILL to land in the middle of a
 * write) and says after each append that it returned; the test kills it with SIGKILL at a random moment, reopens the
 * log and checks that every acknowledged record is there, whole, in order, with nothing after the last whole one, and
 * that the next child appends after it. Bounded: {@link #ROUNDS} children, each killed within a few seconds.
 */
class RecordLogKillTest
{
    private static final int ROUNDS = 4;
    private static final long CHILD_TIMEOUT_MS = 60_000;

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void setUp()
    {
        file = dir.resolve("journal.log");
    }

    @Test
    void everyAppendThatReturnedSurvivesSigkillAndTheTornTailIsCut() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(42);
        long acknowledged = -1;
        for (int round = 0; round < ROUNDS; round++)
        {
            final int acksBeforeKill = 20 + random.nextInt(200);
            final Process child = start();
            try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
            {
                final long deadline = System.currentTimeMillis() + CHILD_TIMEOUT_MS;
                int acks = 0;
                String line;
                while (acks < acksBeforeKill && null != (line = out.readLine()))
                {
                    assertTrue(System.currentTimeMillis() < deadline, "child too slow");
                    if (line.startsWith("appended "))
                    {
                        acknowledged = Long.parseLong(line.substring("appended ".length()));
                        acks++;
                    }
                }
                assertEquals(acksBeforeKill, acks, "the child stopped early");
                child.destroyForcibly(); // SIGKILL, most likely in the middle of the next write
                assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            }
            finally
            {
                child.destroyForcibly();
            }

            final List<Long> numbers = new ArrayList<>();
            RecordLog.open(file, "test journal", null, (buffer, offset, length) ->
            {
                assertEquals(expectedLength(buffer.getLong(offset)), length, "a whole record");
                numbers.add(buffer.getLong(offset));
            }).close();
            for (int i = 0; i < numbers.size(); i++)
            {
                assertEquals(i, numbers.get(i), "records in order, none lost in between");
            }
            assertTrue(numbers.size() - 1 >= acknowledged,
                "record " + acknowledged + " was acknowledged, the log holds " + numbers.size());
        }
    }

    private Process start() throws Exception
    {
        return new ProcessBuilder(ChildJvm.command("128m", Writer.class, file.toString()))
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    static int expectedLength(final long number)
    {
        return Long.BYTES + (int)((number * 7919) % (256 * 1024));
    }

    /**
     * The child: continues the numbering after the last record in the log, forever (until killed).
     */
    public static final class Writer
    {
        public static void main(final String[] args)
        {
            final long[] next = { 0 };
            try (RecordLog log = RecordLog.open(Path.of(args[0]), "test journal", null,
                (buffer, offset, length) -> next[0] = buffer.getLong(offset) + 1))
            {
                final UnsafeBuffer payload = new UnsafeBuffer(new byte[expectedLength(0) + 256 * 1024]);
                for (long n = next[0]; ; n++)
                {
                    payload.putLong(0, n);
                    payload.setMemory(Long.BYTES, expectedLength(n) - Long.BYTES, (byte)n);
                    log.append(payload, 0, expectedLength(n));
                    System.out.println("appended " + n);
                    System.out.flush();
                }
            }
        }
    }
}
