package io.peregrine.gateway.broker;

import io.peregrine.gateway.GatewayStack;
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
import quickfix.field.LastQty;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static io.peregrine.testsupport.FixRequests.newOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fill report read from the core journal that the broker session's FIX store cannot persist (a full disk) is not
 * lost: the gateway neither sends nor stores it, drops the session, keeps its journal position before the report and
 * delivers it, once, when the store takes messages again and the broker is back.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class UnstoredReportSystemTest
{
    private static final long WAIT_MS = 15_000;

    @AutoClose
    private final GatewayStack stack = GatewayStack.withCore("unstored-report", WAIT_MS, "sleeping",
        UnaryOperator.identity());

    @Test
    void aFillReportTheBrokerStoreCannotPersistReachesTheBrokerOnceAfterSpaceReturnsAndItLogsOnAgain() throws Exception
    {
        final Path journal = stack.dataDir.resolve("core");
        stack.stopCore();
        stack.startCore((context) -> context.journalDir(journal));
        stack.startSimVenue();
        stack.startGateway(stack.gatewayContext().coreJournalDir(journal));
        final FixCounterparty broker1 = stack.broker("BROKER1");
        final FixCounterparty broker2 = stack.broker("BROKER2");
        stack.awaitCoreSeesVenue();
        broker1.send(newOrder("B1", '1', "AAPL", "190.00", 100));
        broker1.nextReport("B1", ExecType.NEW, WAIT_MS);

        final MessageStore store = Session.lookupSession(
            new SessionID(broker1.sessionId().getBeginString(), GatewayStack.GATEWAY_COMP_ID, "BROKER1")).getStore();
        ((Closeable)store).close(); // as on a full disk: BROKER1's fill report cannot be persisted
        broker2.send(newOrder("S1", '2', "AAPL", "190.00", 40));
        broker2.nextReport("S1", ExecType.TRADE, WAIT_MS);
        assertTrue(broker1.awaitLogout(WAIT_MS), "the broker is not left logged on, waiting for a fill never sent");

        store.refresh(); // space again: the files are reopened
        broker1.awaitLoggedOn();
        final Message fill = broker1.nextReport("B1", ExecType.TRADE, WAIT_MS);
        assertEquals(40, fill.getInt(LastQty.FIELD));
        assertEquals(40, fill.getInt(CumQty.FIELD));

        // The next fill follows it, and the first was delivered once.
        broker2.send(newOrder("S2", '2', "AAPL", "190.00", 10));
        final Message next = broker1.nextReport("B1", ExecType.TRADE, WAIT_MS);
        assertEquals(50, next.getInt(CumQty.FIELD));
        assertEquals(1, broker1.receivedApp.stream().filter(UnstoredReportSystemTest::isFirstFill).count());
    }

    private static boolean isFirstFill(final Message message)
    {
        try
        {
            return FixCounterparty.isExecutionReport(message) && "B1".equals(message.getString(ClOrdID.FIELD)) &&
                ExecType.TRADE == message.getChar(ExecType.FIELD) && 40 == message.getInt(CumQty.FIELD);
        }
        catch (final FieldNotFound ex)
        {
            return false;
        }
    }
}
