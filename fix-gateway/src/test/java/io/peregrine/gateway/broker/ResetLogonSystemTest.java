package io.peregrine.gateway.broker;

import io.peregrine.gateway.GatewayStack;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.MessageStore;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.CumQty;
import quickfix.field.ExecType;
import quickfix.field.PossResend;
import quickfix.field.TimeInForce;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static io.peregrine.testsupport.FixRequests.newOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker that logs back on with ResetSeqNumFlag=Y (141=Y) gets the reports made while it was logged out: QuickFIX/J
 * empties the session's store on such a logon, and the gateway sends them again, PossResend=Y, with the new sequence
 * numbers. A broker that resets with nothing waiting gets nothing extra.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ResetLogonSystemTest
{
    /** Longest wait for a logon or a report. */
    private static final long WAIT_MS = 15_000;
    /** A real core and the matching-sim; each test starts them. */
    @AutoClose
    private final GatewayStack stack =
        GatewayStack.withCore("reset-logon", WAIT_MS, "sleeping", UnaryOperator.identity());

    @Test
    void aFillMadeWhileTheBrokerWasLoggedOutReachesItAfterItsResetLogon() throws Exception
    {
        final FixCounterparty broker1 = sellAcked("RST-S1");
        logOut(broker1);
        final int storedBefore = nextSenderSeqNum();

        final FixCounterparty broker2 = stack.broker("BROKER2");
        broker2.send(newOrder("RST-B1", '1', "AAPL", "190.00", 7, TimeInForce.IMMEDIATE_OR_CANCEL));
        broker2.nextReport("RST-B1", ExecType.TRADE, WAIT_MS);
        // The fill is in BROKER1's store, waiting for its next logon.
        Await.until("BROKER1's fill stored", () -> nextSenderSeqNum() > storedBefore, WAIT_MS);

        final FixCounterparty reset = resetLogon();
        final Message fill = reset.nextReport("RST-S1", ExecType.TRADE, WAIT_MS);
        assertEquals(7, fill.getInt(CumQty.FIELD));
        assertTrue(fill.getHeader().getBoolean(PossResend.FIELD), "sent again as PossResend=Y");
    }

    @Test
    void aBrokerThatResetsWithNothingWaitingGetsNothingExtra() throws Exception
    {
        final FixCounterparty broker1 = sellAcked("RST-S2");
        logOut(broker1);

        final FixCounterparty reset = resetLogon();
        assertNull(reset.poll(Duration.ofSeconds(2)), "no report sent again: the broker had them all");
        assertTrue(reset.receivedApp.isEmpty(), "nothing but the gateway's Logon came");
    }

    @Test
    void aReportSentBeforeAConnectionDroppedWithoutLogoutIsSentAgainAfterAResetLogon() throws Exception
    {
        final FixCounterparty broker1 = sellAcked("RST-S3");
        broker1.close(); // the connection drops, no Logout: whether the broker processed the NEW is not known

        final FixCounterparty reset = resetLogon();
        final Message acked = reset.nextReport("RST-S3", ExecType.NEW, WAIT_MS);
        assertTrue(acked.getHeader().getBoolean(PossResend.FIELD), "sent again as PossResend=Y");
    }

    /** A Logout answered: what FIX calls the end of a session (a dropped connection is not). */
    private static void logOut(final FixCounterparty broker)
    {
        broker.session().logout();
        assertTrue(broker.awaitLogout(WAIT_MS), "the broker logs out");
        broker.close();
    }

    /** Starts the stack; BROKER1 logs on and sells 7 AAPL at 190, DAY, acknowledged. */
    private FixCounterparty sellAcked(final String clOrdId) throws Exception
    {
        stack.startSimVenue();
        stack.startGateway(stack.gatewayContext());
        assertTrue(Files.exists(stack.dataDir.resolve("gateway/broker/reset-resend/PEREGRINE-BROKER1.received")),
            "a start records what each broker session's store holds as received");
        stack.awaitCoreSeesVenue();
        final FixCounterparty broker1 = stack.broker("BROKER1");
        broker1.send(newOrder(clOrdId, '2', "AAPL", "190.00", 7));
        broker1.nextReport(clOrdId, ExecType.NEW, WAIT_MS);
        return broker1;
    }

    private FixCounterparty resetLogon() throws Exception
    {
        final FixCounterparty reset = stack.broker("BROKER1", (settings) -> settings.setBool("ResetOnLogon", true));
        reset.start();
        assertTrue(reset.awaitLogon(WAIT_MS), "BROKER1 logs on with ResetSeqNumFlag=Y");
        return reset;
    }

    private int nextSenderSeqNum()
    {
        final MessageStore store = Session.lookupSession(
            new SessionID("FIX.4.4", GatewayStack.GATEWAY_COMP_ID, "BROKER1")).getStore();
        try
        {
            return store.getNextSenderMsgSeqNum();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
