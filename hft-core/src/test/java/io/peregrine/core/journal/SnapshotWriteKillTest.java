package io.peregrine.core.journal;

import io.peregrine.testsupport.ChildJvm;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL while snapshots are being written: a child JVM writes 8 MB snapshots back to back (so a kill at a random
 * moment almost always lands inside a write: the temp file half written, being forced, or being renamed), and is
 * killed with SIGKILL. Then: every snapshot file in place is whole (decodes, checksum included), the newest is the
 * last one the child reported written or the one after it (never an older one: nothing reported written is lost),
 * and the interrupted temporary file is cleaned up by the next load. Seeds: {@code -Dperegrine.snapshotKill.seeds}
 * (default 10).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SnapshotWriteKillTest
{
    private static final int SEEDS = Integer.getInteger("peregrine.snapshotKill.seeds", 10);
    private static final int STATE_BYTES = 8 << 20;
    private static final String FINGERPRINT = "kill-test";

    @TempDir
    Path dir;

    @Test
    void killedSnapshotWriteLeavesTheLastWholeSnapshotAndNoPartialFile() throws Exception
    {
        int interruptedTemps = 0;
        for (int seed = 1; seed <= SEEDS; seed++)
        {
            final Random random = new Random(seed);
            final Path journalDir = dir.resolve("journal-" + seed);
            final long created;
            final long index;
            try (CoreJournal journal = CoreJournal.open(journalDir, 0))
            {
                created = journal.createdTime();
                index = JournalRecoverySystemTest.firstIndex(journal);
            }
            final Path log = dir.resolve("writer-" + seed + ".log");
            final Process writer = start(journalDir, created, index, log);
            try
            {
                awaitWrote(writer, log, 1 + random.nextInt(4));
                Thread.sleep(random.nextInt(200));
            }
            finally
            {
                writer.destroyForcibly(); // SIGKILL
                assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
            }
            final long lastReported = lastWrote(log);

            final SnapshotStore store = new SnapshotStore(journalDir, 2);
            try (var temps = Files.list(store.directory()))
            {
                interruptedTemps += (int)temps.filter((path) -> path.toString().endsWith(".tmp")).count();
            }
            for (final Path file : store.snapshots())
            {
                SnapshotFile.decode(Files.readAllBytes(file), created, FINGERPRINT.getBytes(StandardCharsets.UTF_8));
            }
            try (CoreJournal journal = CoreJournal.open(journalDir, 0))
            {
                final SnapshotFile.Content content =
                    store.loadLatest(journal, FINGERPRINT.getBytes(StandardCharsets.UTF_8));
                assertNotNull(content, "seed " + seed + ": a whole snapshot is there");
                final long found = content.inputs();
                assertTrue(found == lastReported || found == lastReported + 1, "seed " + seed + ": snapshot " +
                    found + " found, the child last reported " + lastReported + " written");
                final DirectBuffer state = content.buffer();
                for (int i = 0; i < content.stateLength(); i += 8)
                {
                    assertEquals(found, state.getLong(content.stateOffset() + i), "seed " + seed + ": one whole write");
                }
            }
            try (var left = Files.list(store.directory()))
            {
                assertEquals(0, left.filter((path) -> path.toString().endsWith(".tmp")).count(),
                    "seed " + seed + ": interrupted write cleaned up");
            }
        }
        System.out.println(SEEDS + " kills while writing snapshots; " + interruptedTemps + " left a partial temp file " +
            "behind (cleaned up, never used)");
        assertTrue(interruptedTemps > 0 || SEEDS < 5, "the kills landed inside writes");
    }

    private static Process start(final Path journalDir, final long created, final long index, final Path log)
        throws Exception
    {
        final List<String> command = ChildJvm.command("128m", SnapshotWritingProcess.class, journalDir.toString(),
            Long.toString(created), Long.toString(index), FINGERPRINT, Integer.toString(STATE_BYTES));
        return new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    }

    private static void awaitWrote(final Process writer, final Path log, final long count) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lastWrote(log) < count)
        {
            if (!writer.isAlive() || System.nanoTime() > deadline)
            {
                throw new AssertionError("snapshot writer did not write " + count + ": " + Files.readString(log));
            }
            Thread.sleep(2);
        }
    }

    private static long lastWrote(final Path log) throws Exception
    {
        long last = 0;
        if (Files.exists(log))
        {
            for (final String line : Files.readAllLines(log))
            {
                if (line.startsWith("WROTE "))
                {
                    last = Long.parseLong(line.substring(6).trim());
                }
            }
        }
        return last;
    }
}
