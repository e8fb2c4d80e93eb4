package io.peregrine.bench.loop;

import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.fixedge.mapping.FixRejectReasons;
import io.peregrine.sbe.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
        final int port = LoopPorts.freeEphemeralPort();
        final FixBrokerSession session = new FixBrokerSession("127.0.0.1", port, "BROKER1", "PEREGRINE", "ACC1",
            store, "T", new OrderTracker("T", 0, 0, false));

        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> session.start(300));

        assertTrue(ex.getMessage().contains("did not log on within 300 ms"), ex.getMessage());
        session.close(); // idempotent after the failed start
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
