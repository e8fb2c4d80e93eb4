package io.peregrine.gateway;

import io.peregrine.core.journal.SecondlyJournals;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.field.ExecType;
import quickfix.field.OrderID;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.peregrine.testsupport.FixRequests.cancel;
import static io.peregrine.testsupport.FixRequests.newOrder;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway started with a new data directory (or a new venue order journal) beside a core journal whose first files
 * retention deleted still sees the earlier gateway's working orders, from the core's snapshot (fix-gateway README,
 * "Data directory and core journal"): an order whose every report went with the deleted files would otherwise be
 * stranded silently.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PrunedCoreJournalSystemTest
{
    private static final long WAIT_MS = 15_000;

    private final SetTimeProvider time = new SetTimeProvider(System.currentTimeMillis() * 1_000_000L);
    private final GatewayStack stack = GatewayStack.withCore("pruned", WAIT_MS, "sleeping", UnaryOperator.identity());
    private GatewayContext gatewayContext;

    @AfterEach
    void tearDown()
    {
        stack.close();
        SecondlyJournals.rollBy(null);
    }

    @Test
    void aNewGatewayDirectoryBesideAPrunedJournalRefusesToStartNamingAWorkingOrderReportedOnlyInDeletedFiles()
        throws Exception
    {
        final String orderId = workingOrderOnlyInDeletedFiles();
        final String message = stack.gatewayRefusedAfterLosing(gatewayContext, gatewayContext.dataDir());
        assertTrue(message.contains("holds 1 working orders an earlier gateway placed"), message);
        assertTrue(message.contains("orderId " + orderId + " ACC1 BUY 10 AAPL @ 189.00"), message);
    }

    @Test
    void aNewVenueOrderJournalBesideAPrunedJournalRefusesToStartNamingAWorkingOrderSentOnlyInDeletedFiles()
        throws Exception
    {
        final String orderId = workingOrderOnlyInDeletedFiles();
        final String message =
            stack.gatewayRefusedAfterLosing(gatewayContext, gatewayContext.dataDir().resolve("venue"));
        assertTrue(message.contains("venue order journal is new"), message);
        assertTrue(message.contains("orderId " + orderId + " venue 1 side(54)=1 10 AAPL @ 189.00"), message);
    }

    /**
     * A journaled stack whose core journal rolls a cycle file every second of a clock the test moves, with retention
     * keeping one: W1 (buy 10 AAPL at 189.00) rests at the venue, then later traffic makes snapshots and retention
     * deletes every file that held W1's request and reports.
     *
     * @return W1's OrderID.
     */
    private String workingOrderOnlyInDeletedFiles() throws Exception
    {
        SecondlyJournals.rollBy(time);
        gatewayContext = stack.startOnCoreJournal(
            (context) -> context.snapshotIntervalEntries(20).journalRetainCycles(1), UnaryOperator.identity());
        try (FixCounterparty broker = stack.broker("BROKER1"))
        {
            broker.send(newOrder("W1", '1', "AAPL", "189.00", 10));
            final String orderId = broker.nextReport("W1", ExecType.NEW, WAIT_MS).getString(OrderID.FIELD);
            final List<Path> withW1 = cycleFiles(stack.coreJournalDir());
            for (int i = 0; i < 40 && withW1.stream().anyMatch(Files::exists); i++)
            {
                time.advanceMillis(1_500);
                broker.send(newOrder("T" + i, '1', "AAPL", "188.00", 1));
                broker.nextReport("T" + i, ExecType.NEW, WAIT_MS);
                broker.send(cancel("X" + i, "T" + i));
                broker.nextReport("X" + i, ExecType.CANCELED, WAIT_MS);
            }
            Await.until("W1's cycle files deleted by retention", () -> withW1.stream().noneMatch(Files::exists),
                WAIT_MS);
            return orderId;
        }
    }

    private static List<Path> cycleFiles(final Path journal) throws Exception
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.filter((file) -> file.toString().endsWith(".cq4")).collect(Collectors.toList());
        }
    }
}
