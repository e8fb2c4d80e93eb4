package io.peregrine.core.journal;

import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

/**
 * A core in its own JVM for {@link CoreKillRecoveryTest}: connects to the test's media driver, journals into the
 * given directory, prints {@code READY} once recovery is done and runs until killed (SIGKILL) or asked to stop
 * (SIGTERM: a clean close through the shutdown hook).
 * <p>
 * Arguments: Aeron directory, journal directory, channel.
 */
public final class JournaledCoreProcess
{
    /** Test property: {@code true} makes the journal roll a file every second (retention kill tests). */
    static final String SECONDLY_CYCLES_PROPERTY = "peregrine.test.journal.secondlyCycles";
    /** Test property: a file whose existence makes the journal's free space read 0 (a full disk) at its next check. */
    static final String FULL_DISK_FLAG_PROPERTY = "peregrine.test.journal.fullDiskFlag";

    private JournaledCoreProcess()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        if (Boolean.getBoolean(SECONDLY_CYCLES_PROPERTY))
        {
            CoreJournal.rollCycleForTests(net.openhft.chronicle.queue.rollcycles.TestRollCycles.TEST_SECONDLY, null);
        }
        final String fullDiskFlag = System.getProperty(FULL_DISK_FLAG_PROPERTY);
        if (null != fullDiskFlag)
        {
            CoreJournal.freeSpaceForTests((directory) -> Files.exists(Paths.get(fullDiskFlag)) ? 0 : Long.MAX_VALUE);
        }
        final Peregrine core = Peregrine.launch(new PeregrineContext()
            .embeddedDriver(false)
            .aeronDirectoryName(args[0])
            .journalDir(Paths.get(args[1]))
            .channel(args[2])
            .idleStrategyName("backoff"));
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            core.close();
            System.out.println("STOPPED");
            System.out.flush();
            stopped.countDown();
        }));
        System.out.println("READY inputs=" + core.recovery().inputs() + " mismatches=" + core.recovery().mismatches() +
            " tailOutputsPublished=" + core.recovery().tailOutputsPublished() + " cut=" + core.recovery().cutIndex() +
            " snapshot=" + core.recovery().snapshotIndex() + " replayed=" + core.recovery().replayedInputs());
        System.out.flush();
        stopped.await();
    }
}
