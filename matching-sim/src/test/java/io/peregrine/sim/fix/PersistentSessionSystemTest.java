package io.peregrine.sim.fix;

import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Message;
import quickfix.Session;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.OrdStatus;
import quickfix.field.PossDupFlag;
import quickfix.field.Side;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.peregrine.sim.fix.FixOrders.limit;
import static io.peregrine.sim.fix.FixOrders.str;
import static io.peregrine.sim.fix.VenueFixSystemTest.assertReport;
import static io.peregrine.sim.fix.VenueFixSystemTest.assertTrade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sequence numbers and sent messages survive a participant's disconnect and a venue restart, so nothing the venue
 * reported is lost: a participant that was logged out when its resting order traded receives the report when it
 * logs on again (QuickFIX/J stored it under the next sequence number; the participant sees the gap in the venue's
 * Logon and asks for a resend).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PersistentSessionSystemTest
{
    @TempDir
    Path tempDir;

    private SimVenue venue;
    private FixCounterparty p1;
    private FixCounterparty p2;

    @AfterEach
    void stop()
    {
        CloseHelper.closeAll(p1, p2, venue);
    }

    @Test
    void resendsExecutionReportMissedWhileLoggedOut() throws Exception
    {
        venue = SimVenue.start(VenueFixSystemTest.testContext(tempDir));
        p1 = FixCounterparty.participant(venue.port(), "PARTICIPANT1", "SIMVENUE", tempDir.resolve("p1-store")).start();
        p2 = FixCounterparty.participant(venue.port(), "PARTICIPANT2", "SIMVENUE", tempDir.resolve("p2-store")).start();
        p1.awaitLoggedOn();
        p2.awaitLoggedOn();

        p2.sendNow(limit("S1", "AAPL", Side.SELL, 100, "190.00"));
        assertReport(p2.next(), ExecType.NEW, OrdStatus.NEW, "S1", 0, 100, "0");

        p2.close();
        p2 = null;
        awaitLoggedOut("PARTICIPANT2");

        p1.sendNow(limit("B1", "AAPL", Side.BUY, 100, "190.00"));
        p1.next();
        assertReport(p1.next(), ExecType.TRADE, OrdStatus.FILLED, "B1", 100, 0, "190.00");

        p2 = FixCounterparty.participant(venue.port(), "PARTICIPANT2", "SIMVENUE", tempDir.resolve("p2-store")).startAndLogOn();
        final Message missed = p2.next();
        assertReport(missed, ExecType.TRADE, OrdStatus.FILLED, "S1", 100, 0, "190.00");
        assertTrade(missed, 100, "190.00");
        assertTrue(missed.getHeader().getBoolean(PossDupFlag.FIELD), "delivered by resend");
    }

    @Test
    void keepsSequenceNumbersAcrossVenueRestart() throws Exception
    {
        final SimVenueContext context = VenueFixSystemTest.testContext(tempDir);
        venue = SimVenue.start(context);
        p1 = FixCounterparty.participant(venue.port(), "PARTICIPANT1", "SIMVENUE", tempDir.resolve("p1-store")).startAndLogOn();
        p1.sendNow(limit("A1", "AAPL", Side.BUY, 10, "189.00"));
        p1.next();
        final Session before = Session.lookupSession(FixAcceptorSettings.sessionId("SIMVENUE", "PARTICIPANT1"));
        final int nextSenderSeq = before.getExpectedSenderNum();
        final int nextTargetSeq = before.getExpectedTargetNum();
        assertTrue(nextSenderSeq > 2, "logon and a report were sent");

        p1.close();
        p1 = null;
        venue.close();
        venue = SimVenue.start(context);

        final Session after = Session.lookupSession(FixAcceptorSettings.sessionId("SIMVENUE", "PARTICIPANT1"));
        // Not reset to 1: the restarted venue continues from its store (the Logout exchange may add one each way).
        assertTrue(after.getExpectedSenderNum() >= nextSenderSeq, "venue sender sequence kept");
        assertTrue(after.getExpectedTargetNum() >= nextTargetSeq, "venue target sequence kept");

        p1 = FixCounterparty.participant(venue.port(), "PARTICIPANT1", "SIMVENUE", tempDir.resolve("p1-store")).startAndLogOn();
        p1.sendNow(limit("A2", "AAPL", Side.BUY, 10, "189.00"));
        final Message ack = p1.next();
        assertEquals("A2", str(ack, ClOrdID.FIELD));
    }

    private void awaitLoggedOut(final String compId) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (venue.isLoggedOn(compId))
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError(compId + " still logged on at the venue");
            }
            Thread.sleep(10);
        }
    }
}
