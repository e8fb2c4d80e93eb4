package io.peregrine.gateway.broker;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.testsupport.MappedFileCut;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.TempDirs;
import io.peregrine.testsupport.TestAeronClients;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A core journal the broker report agent cannot read for now (its memory map faults: what a full tmpfs does, SIGBUS,
 * which the JVM raises as an InternalError) stops no thread: the agent's duty cycle returns, the reports wait, and
 * once the pages are back it reads on from where it was, every entry once. Reproduced without root: the cycle file is
 * cut short under the reader's map, then its bytes are put back.
 */
@Timeout(60)
class BrokerReportAgentJournalFaultTest
{
    private static final int ENTRIES = 2_000;
    private static final long MARK = 0x4641554C544D4152L;

    private final Path dir = TempDirs.create("broker-report-fault-");

    @AfterEach
    void delete()
    {
        TempDirs.delete(dir);
    }

    @Test
    void aJournalThatCannotBeReadNowStopsNoThreadAndItsReportsAreReadOnceSpaceIsBack() throws Exception
    {
        final Path journalDir = dir.resolve("core");
        long lastIndex;
        try (CoreJournal journal = CoreJournal.open(journalDir, 0))
        {
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[100]);
            for (int i = 0; i < ENTRIES; i++)
            {
                payload.putLong(0, MARK, ByteOrder.LITTLE_ENDIAN);
                payload.putLong(8, i, ByteOrder.LITTLE_ENDIAN);
                assertTrue(journal.append(JournalEntry.REPORT, i, 0, payload, 0, payload.capacity()));
            }
            lastIndex = journal.lastIndex();
        }
        final Path file;
        try (Stream<Path> files = Files.list(journalDir))
        {
            file = files.filter((f) -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final UnsafeBuffer counters = new UnsafeBuffer(new byte[CountersReader.COUNTER_LENGTH * 3]);
        try (MediaDriverFixture driver = MediaDriverFixture.launch();
            Aeron aeron = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName()));
            Subscription egress = aeron.addSubscription("aeron:ipc", 1002);
            ChronicleQueue queue = CoreJournal.openReadOnly(journalDir);
            OrderRoutes routes = new OrderRoutes(dir.resolve("routes"), List.of());
            ReportPosition position = new ReportPosition(dir.resolve("position"));
            BrokerReportProgress progress = new BrokerReportProgress(position, dir, List.of()))
        {
            final BrokerReportAgent agent = new BrokerReportAgent(egress, 7, routes, new BrokerReports(),
                CoreJournal.reader(queue), CoreJournal.reader(queue), progress, new AtomicCounter(counters, 0),
                new AtomicCounter(counters, 1), new AtomicCounter(counters, 2), 32, 1_000_000_000L,
                SystemNanoClock.INSTANCE);
            final MappedFileCut cut = MappedFileCut.atRecord(file, MARK, ENTRIES / 2);

            for (int i = 0; i < ENTRIES; i++)
            {
                agent.doWork(); // no exception, no error: the thread would have died of one
            }
            final long stoppedAt = position.load();
            assertTrue(stoppedAt > 0 && stoppedAt < lastIndex, "read up to the fault: " + Long.toHexString(stoppedAt));

            cut.close(); // the pages are back
            final long deadline = System.nanoTime() + 20_000_000_000L;
            while (position.load() != lastIndex && System.nanoTime() < deadline)
            {
                agent.doWork(); // after a second, read again from where it was
                Thread.sleep(1);
            }
            assertEquals(lastIndex, position.load(), "every entry read once space is back");
        }
    }
}
