package io.peregrine.fixedge;

import io.peregrine.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.FileStoreFactory;
import quickfix.MessageStore;
import quickfix.SessionID;
import quickfix.SessionSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM stores messages and sequence numbers through {@link PositionalFileStore} as fast as it can and is
 * killed with SIGKILL; QuickFIX/J's own {@code FileStore} then finds every sequence number the child reported and
 * every message below it, and a second child carries on from there.
 */
class PositionalFileStoreKillTest
{
    private static final SessionID SESSION = new SessionID("FIX.4.4", "SIMVENUE", "PEREGRINE");
    private static final String STORED = "stored ";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sequenceNumbersAndMessagesSurviveSigkillOfTheWriter() throws Exception
    {
        final Path store = dir.resolve("store");
        int expectedFrom = 1;
        for (int life = 0; life < 2; life++)
        {
            final Path log = dir.resolve("child-" + life + ".log");
            final Process child = new ProcessBuilder(ChildJvm.command("128m", Writer.class, store.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (storedLines(log).size() < 300)
                {
                    if (!child.isAlive())
                    {
                        throw new AssertionError("writer died: " + read(log));
                    }
                    assertTrue(System.nanoTime() < deadline, "writer too slow");
                    Thread.sleep(5);
                }
            }
            finally
            {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            final List<Integer> reported = storedLines(log);
            assertEquals(expectedFrom, reported.get(0), "the child carried on from the stored sequence number");
            final int lastReported = reported.get(reported.size() - 1);

            final MessageStore fileStore = new FileStoreFactory(settings(store)).create(SESSION);
            final int nextSender = fileStore.getNextSenderMsgSeqNum();
            assertTrue(nextSender > lastReported, nextSender + " after " + lastReported + " was reported stored");
            final int nextTarget = fileStore.getNextTargetMsgSeqNum();
            assertTrue(nextTarget == nextSender || nextTarget == nextSender - 1, "target " + nextTarget);
            final List<String> expected = new ArrayList<>();
            for (int seq = 1; seq < nextSender; seq++)
            {
                expected.add(PositionalFileStoreTest.message(seq));
            }
            assertEquals(expected, PositionalFileStoreTest.messages(fileStore, 1, nextSender - 1));
            PositionalFileStoreTest.close(fileStore);
            expectedFrom = nextSender;
        }
    }

    private static List<Integer> storedLines(final Path log) throws Exception
    {
        final List<Integer> numbers = new ArrayList<>();
        for (final String line : read(log).split("\n"))
        {
            // the last line may be cut short by the kill: only whole lines count
            if (line.startsWith(STORED) && line.endsWith("."))
            {
                numbers.add(Integer.parseInt(line.substring(STORED.length(), line.length() - 1)));
            }
        }
        return numbers;
    }

    private static String read(final Path log) throws IOException
    {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static SessionSettings settings(final Path store)
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString(FileStoreFactory.SETTING_FILE_STORE_PATH, store.toString());
        return settings;
    }

    /** The child: stores message n, counts it sent and received, reports it, until killed. */
    public static final class Writer
    {
        public static void main(final String[] args) throws Exception
        {
            final MessageStore store = new PositionalFileStoreFactory(settings(Path.of(args[0]))).create(SESSION);
            while (true)
            {
                final int seq = store.getNextSenderMsgSeqNum();
                store.set(seq, PositionalFileStoreTest.message(seq));
                store.incrNextSenderMsgSeqNum();
                store.incrNextTargetMsgSeqNum();
                System.out.println(STORED + seq + ".");
            }
        }
    }
}
