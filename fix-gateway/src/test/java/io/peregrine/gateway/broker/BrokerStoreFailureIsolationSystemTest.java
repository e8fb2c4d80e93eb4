package io.peregrine.gateway.broker;

import io.peregrine.gateway.GatewayStack;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.MessageStore;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecType;

import java.io.Closeable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static io.peregrine.testsupport.FixRequests.newOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One broker session whose FIX store fails (as on a full disk, {@link UnstoredReportSystemTest}) does not hold the
 * other brokers' reports read from the core journal: BROKER2 keeps getting its fills while BROKER1's wait, and BROKER1
 * gets every one of its own, once each and in order, when its store takes messages again, also after a gateway restart
 * while they wait (which repeats none of BROKER2's). While they wait, the gauge of waiting broker sessions (1380) and
 * {@code FixGateway.waitingBrokerSessions()} (what {@code /health} reads) name BROKER1.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokerStoreFailureIsolationSystemTest
{
    private static final long WAIT_MS = 15_000;
    /** Well under the time BROKER1's reports wait: a BROKER2 report held behind them would miss it. */
    private static final long HEALTHY_WAIT_MS = 5_000;

    @AutoClose
    private final GatewayStack stack = GatewayStack.withCore("store-failure-isolation", WAIT_MS, "sleeping",
        UnaryOperator.identity());

    private FixCounterparty broker1;
    private FixCounterparty broker2;

    @Test
    void theOtherBrokersGetTheirFillsWhileOneBrokersStoreFailsAndItGetsEachOfItsOwnOnceInOrderWhenItRecovers()
        throws Exception
    {
        final MessageStore store = startAndBreakBroker1Store();
        // Monitoring sees the wait, not only the log: the gauge, and the session and since when for /health.
        final io.peregrine.gateway.FixGateway gateway = stack.gateway();
        Await.until("the waiting-sessions gauge at 1",
            () -> 1 == gateway.counters().brokerSessionsWaiting().get(), WAIT_MS);
        assertEquals(List.of("BROKER1"), gateway.waitingBrokerSessions().sinceMs().keySet().stream()
            .map(SessionID::getTargetCompID).toList());

        store.refresh(); // space again: the files are reopened
        broker1.awaitLoggedOn();
        assertBroker1GetsItsFillsOnceInOrder();
        Await.until("the waiting-sessions gauge back at 0",
            () -> 0 == gateway.counters().brokerSessionsWaiting().get(), WAIT_MS);
        assertTrue(gateway.waitingBrokerSessions().sinceMs().isEmpty());
    }

    @Test
    void aGatewayRestartedWhileOneBrokersReportsWaitDeliversThemOnceAndRepeatsNoneOfTheOthers() throws Exception
    {
        startAndBreakBroker1Store();

        // The restarted gateway opens BROKER1's store again (it takes messages) and reads the waiting reports.
        stack.restartGateway();
        broker1.awaitLoggedOn();
        broker2.awaitLoggedOn();
        assertBroker1GetsItsFillsOnceInOrder();
        broker2.send(newOrder("S4", '2', "AAPL", "190.00", 5));
        broker2.nextReport("S4", ExecType.TRADE, WAIT_MS);
        for (final String clOrdId : List.of("S1", "S2", "S3"))
        {
            assertEquals(1, count(broker2, clOrdId, ExecType.TRADE, 0), "BROKER2's fill of " + clOrdId +
                " delivered before the restart is not delivered again");
        }
    }

    /**
     * BROKER1 rests a buy of 100; its store breaks; BROKER2's sells of 40, 10 and 10 fill against it: BROKER2 gets
     * its fills at once, BROKER1's three wait.
     */
    private MessageStore startAndBreakBroker1Store() throws Exception
    {
        stack.startOnCoreJournal(UnaryOperator.identity(), UnaryOperator.identity());
        broker1 = stack.broker("BROKER1");
        broker2 = stack.broker("BROKER2");
        broker1.send(newOrder("B1", '1', "AAPL", "190.00", 100));
        broker1.nextReport("B1", ExecType.NEW, WAIT_MS);

        final MessageStore store = Session.lookupSession(
            new SessionID(broker1.sessionId().getBeginString(), GatewayStack.GATEWAY_COMP_ID, "BROKER1")).getStore();
        ((Closeable)store).close(); // as on a full disk: BROKER1's reports cannot be persisted
        broker2.send(newOrder("S1", '2', "AAPL", "190.00", 40));
        broker2.nextReport("S1", ExecType.TRADE, WAIT_MS);
        assertTrue(broker1.awaitLogout(WAIT_MS), "the broker is not left logged on, waiting for a fill never sent");

        // BROKER1's fill of S1 waits: BROKER2's next reports do not.
        broker2.send(newOrder("S2", '2', "AAPL", "190.00", 10));
        broker2.nextReport("S2", ExecType.NEW, HEALTHY_WAIT_MS);
        broker2.nextReport("S2", ExecType.TRADE, HEALTHY_WAIT_MS);
        broker2.send(newOrder("S3", '2', "AAPL", "190.00", 10));
        broker2.nextReport("S3", ExecType.TRADE, HEALTHY_WAIT_MS);
        return store;
    }

    private void assertBroker1GetsItsFillsOnceInOrder() throws Exception
    {
        for (final int cumQty : new int[] {40, 50, 60})
        {
            final Message fill = broker1.nextReport("B1", ExecType.TRADE, WAIT_MS);
            assertEquals(cumQty, fill.getInt(CumQty.FIELD), "BROKER1's fills in order");
        }
        // The reports after the waiting ones come in order again.
        broker2.send(newOrder("S5", '2', "AAPL", "190.00", 1));
        assertEquals(61, broker1.nextReport("B1", ExecType.TRADE, WAIT_MS).getInt(CumQty.FIELD));
        for (final int cumQty : new int[] {40, 50, 60, 61})
        {
            assertEquals(1, count(broker1, "B1", ExecType.TRADE, cumQty), "BROKER1's fill to " + cumQty + " once");
        }
    }

    /** Application messages received: ExecutionReports of the ClOrdID and ExecType (and CumQty, unless 0). */
    private static long count(final FixCounterparty broker, final String clOrdId, final char execType,
        final int cumQty)
    {
        return broker.receivedApp.stream().filter((message) -> is(message, clOrdId, execType, cumQty)).count();
    }

    private static boolean is(final Message message, final String clOrdId, final char execType, final int cumQty)
    {
        try
        {
            return FixCounterparty.isExecutionReport(message) && clOrdId.equals(message.getString(ClOrdID.FIELD)) &&
                execType == message.getChar(ExecType.FIELD) && (0 == cumQty || cumQty == message.getInt(CumQty.FIELD));
        }
        catch (final FieldNotFound ex)
        {
            return false;
        }
    }
}
