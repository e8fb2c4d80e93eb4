package io.peregrine.bench.loop;

import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.fixedge.mapping.FixRejectReasons;
import io.peregrine.sbe.RejectReason;
import io.peregrine.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import quickfix.SessionID;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LeavesQty;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.Side;
import quickfix.fix44.ExecutionReport;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixBrokerSessionTest
{
    @TempDir
    Path store;

    @Test
    @Timeout(30)
    void failsClearlyWhenNobodyAcceptsTheLogon() throws Exception
    {
        try (FreePorts.Reservation nobody = FreePorts.reserve()) // nothing can listen there while it is reserved
        {
            final FixBrokerSession session = new FixBrokerSession("127.0.0.1", nobody.port(), "BROKER1", "PEREGRINE",
                "ACC1", store, "T", new OrderTracker("T", 0, 0, false));

            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> session.start(300));

            assertTrue(ex.getMessage().contains("did not log on within 300 ms"), ex.getMessage());
            session.close(); // idempotent after the failed start
        }
    }

    @Test
    void aReportArrivingAfterTheNextPhaseStartedGoesToTheNewTrackerAsUnexpected() throws Exception
    {
        final OrderTracker first = new OrderTracker("P", 2, 0, false);
        for (int i = 0; i < 2; i++)
        {
            first.onScheduled(i, 0);
            first.onSent(i, 0);
        }
        final SessionID id = new SessionID("FIX.4.4", "BROKER1", "PEREGRINE");
        // never started: the reports are handed to it directly, no connection is made
        try (FreePorts.Reservation nobody = FreePorts.reserve();
            FixBrokerSession session = new FixBrokerSession("127.0.0.1", nobody.port(), "BROKER1", "PEREGRINE", "ACC1",
                store, "P", first))
        {
            session.fromApp(report("P-0"), id);
            assertEquals(0, first.missing(0, 1), "order 0 answered in its own phase");

            final OrderTracker late = new OrderTracker("PL", 1, 0, false);
            session.phase("PL", late, true);
            session.fromApp(report("P-1"), id);

            assertEquals(1, first.missing(1, 2), "the first tracker is no longer written");
            assertEquals(0, first.unexpected());
            assertEquals(1, late.unexpected());
        }
    }

    private static ExecutionReport report(final String clOrdId)
    {
        final ExecutionReport report = new ExecutionReport(new OrderID("O"), new ExecID("X"),
            new ExecType(ExecType.TRADE), new OrdStatus(OrdStatus.FILLED), new Side(Side.BUY), new LeavesQty(0),
            new CumQty(1), new AvgPx(1));
        report.set(new ClOrdID(clOrdId));
        return report;
    }

    @Test
    void fixRejectTextTurnsBackIntoTheCoreReasonName()
    {
        assertEquals("PRICE_OUTSIDE_COLLAR", FixBrokerSession.reason("Price outside collar: 285.00 vs ref 190.00"));
        assertEquals("UNKNOWN_INSTRUMENT", FixBrokerSession.reason("Unknown instrument"));
        assertEquals("UNKNOWN", FixBrokerSession.reason(""));
        assertEquals("Invalid OrderQty(38)", FixBrokerSession.reason("Invalid OrderQty(38): must be whole"));
        // A reason whose words hold a colon is still read whole.
        assertEquals("VENUE_LOST_ORDER",
            FixBrokerSession.reason(FixRejectReasons.describe(RejectReason.VENUE_LOST_ORDER) + ": venue restarted"));
    }
}
