package io.peregrine.gateway.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import quickfix.SessionID;
import quickfix.field.Text;
import quickfix.fix44.Logout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ERROR a sequence number refusal logs comes once per condition (the side refusing and the number it expects),
 * not again at every retry whose received number moved on by itself.
 */
class LogonRefusalGuardTest
{
    private static final SessionID VENUE = new SessionID("FIX.4.4", "PEREGRINE", "SIMVENUE");

    private final SessionHealth health = new SessionHealth();
    private final LogonRefusalGuard guard = new LogonRefusalGuard(health, Path.of("unused-reset-markers"));

    @AfterEach
    void close()
    {
        guard.close();
    }

    @Test
    void logsOneErrorWhileTheRefusedSidesNumberGrowsWithEachRetry()
    {
        // A venue restarted on a clean store: its logons number 1, then 4, 7; the gateway still expects 351.
        final List<String> errors = errorsLoggedBy(() ->
        {
            refuseVenueLogon("MsgSeqNum too low, expecting 351 but received 1");
            refuseVenueLogon("MsgSeqNum too low, expecting 351 but received 4");
            refuseVenueLogon("MsgSeqNum too low, expecting 351 but received 7");
        });
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("we expect MsgSeqNum 351 but it sent 1"), errors.get(0));
        assertEquals(3, guard.refusals(VENUE));
        final String reason = health.status(VENUE).reason();
        assertTrue(reason.contains("it sent 7"), "the health reason says the latest numbers: " + reason);
    }

    @Test
    void logsAnErrorAgainWhenTheExpectedNumberOrTheRefusingSideChanges()
    {
        final List<String> errors = errorsLoggedBy(() ->
        {
            refuseVenueLogon("MsgSeqNum too low, expecting 351 but received 1");
            refuseVenueLogon("MsgSeqNum too low, expecting 360 but received 4");
            venueRefusesLogon("MsgSeqNum too low, expecting 360 but received 5");
        });
        assertEquals(3, errors.size(), errors::toString);
    }

    /** This side refuses the venue's logon: the Logout the gateway sends. */
    private void refuseVenueLogon(final String text)
    {
        guard.onOutgoingAdmin(logout(text), VENUE);
    }

    /** The venue refuses the gateway's logon: the Logout it sends. */
    private void venueRefusesLogon(final String text)
    {
        guard.onIncomingAdmin(logout(text), VENUE);
    }

    private static Logout logout(final String text)
    {
        final Logout logout = new Logout();
        logout.set(new Text(text));
        return logout;
    }

    /** @return the ERROR lines the guard logged (slf4j-simple writes to System.err) while running the action. */
    private static List<String> errorsLoggedBy(final Runnable action)
    {
        final PrintStream err = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            action.run();
        }
        finally
        {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8).lines()
            .filter((line) -> line.contains("ERROR") && line.contains(LogonRefusalGuard.class.getSimpleName()))
            .toList();
    }
}
