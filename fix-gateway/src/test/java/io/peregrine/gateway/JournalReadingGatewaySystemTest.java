package io.peregrine.gateway;

import io.peregrine.testsupport.FixCounterparty;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.field.ExecType;

import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static io.peregrine.testsupport.FixRequests.newOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A gateway reading its broker reports from the core journal, as run.sh gateway runs it, still drains the live egress
 * stream it subscribes to: an unread subscription holds the core's egress publication at its window (a few hundred
 * reports on this test's 64 KiB terms, 32 MiB on the default ones), after which every live report is retried on the
 * core thread and dropped (counted in egressDropped).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalReadingGatewaySystemTest
{
    private static final long WAIT_MS = 15_000;
    private static final String SMALL_TERM = "aeron:ipc?term-length=65536";

    @AutoClose
    private final GatewayStack stack = GatewayStack.withCore("journal-reading", WAIT_MS, "sleeping",
        (context) -> context.channel(SMALL_TERM));

    @Test
    void theCoresLiveReportsNeverWaitOnTheGatewayReadingTheJournal() throws Exception
    {
        stack.startOnCoreJournal(UnaryOperator.identity(), (context) -> context.channel(SMALL_TERM));
        final FixCounterparty broker = stack.broker("BROKER1");
        for (int i = 0; i < 300; i++)
        {
            broker.send(newOrder("P" + i, '1', "AAPL", "189.00", 1));
            broker.nextReport("P" + i, ExecType.NEW, WAIT_MS);
        }
        assertEquals(0, stack.core().counters().egressDropped().get(), "reports the core could not publish live");
    }
}
