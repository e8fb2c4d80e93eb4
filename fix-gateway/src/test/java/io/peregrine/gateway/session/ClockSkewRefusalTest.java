package io.peregrine.gateway.session;

import org.junit.jupiter.api.Test;
import quickfix.SessionID;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClockSkewRefusalTest
{
    private static final SessionID BROKER1 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
    private static final SessionID BROKER2 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER2");
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void recognisesQuickFixJsWordingsOfASendingTimeRefusal()
    {
        assertTrue(ClockSkewRefusal.isClockSkew("Invalid Logon message: SendingTime accuracy problem, field=52"));
        assertTrue(ClockSkewRefusal.isClockSkew(
            "Tried to send a reject while not logged on: SendingTime accuracy problem (field 52)"));
        assertFalse(ClockSkewRefusal.isClockSkew("MsgSeqNum too low, expecting 3034 but received 511"));
        assertFalse(ClockSkewRefusal.isClockSkew(null));
        final String fix = ClockSkewRefusal.fix();
        assertTrue(fix.contains("differ by more than the receiver's SendingTime(52) tolerance (QuickFIX/J's " +
            "MaxLatency, 120 s") && fix.contains("synchronise both clocks (NTP)"), fix);
    }

    @Test
    void logsASessionsRefusalsAtMostOncePerIntervalSayingHowManyWentUnlogged()
    {
        final ClockSkewRefusal refusal = new ClockSkewRefusal();
        final long t0 = 5 * SECOND;
        assertEquals(0, refusal.admit(BROKER1, t0), "the first is logged");
        assertEquals(-1, refusal.admit(BROKER1, t0 + SECOND), "a reconnect a second later is not");
        assertTrue(refusal.lastSuppressed(BROKER1));
        assertEquals(0, refusal.admit(BROKER2, t0 + SECOND), "another session's first is logged");
        assertEquals(-1, refusal.admit(BROKER1, t0 + 2 * SECOND));
        assertEquals(2, refusal.admit(BROKER1, t0 + 60 * SECOND), "a minute on: logged, naming the 2 unlogged");
        assertFalse(refusal.lastSuppressed(BROKER1));
        assertEquals(5, refusal.refusals());

        refusal.onLogon(BROKER1);
        assertEquals(0, refusal.admit(BROKER1, t0 + 61 * SECOND), "after a logon the next refusal is news");
    }
}
