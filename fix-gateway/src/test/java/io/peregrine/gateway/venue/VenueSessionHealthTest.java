package io.peregrine.gateway.venue;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What /health says of a venue an operator logged out and then asked to log on again, when the session never comes
 * back (the venue down): it kept saying "held out until venue-logon" after the operator had run exactly that.
 */
class VenueSessionHealthTest
{
    @Test
    void anOperatorsLogonReplacesTheHeldOutReasonUntilTheSessionSaysMore()
    {
        final VenueSessionHealth health = new VenueSessionHealth();
        health.onOperatorLogout(1, "maintenance");
        health.onOperatorLogon(1);

        assertFalse(health.isHeldOut(1));
        assertEquals("logon asked by the operator: connecting to the venue", health.lastProblem(1));
        health.onLogon(1);
        assertNull(health.lastProblem(1));
    }

    @Test
    void anOperatorsLogonOfAVenueNotHeldOutKeepsItsProblem()
    {
        final VenueSessionHealth health = new VenueSessionHealth();
        health.onLoggedOut(2, "connection lost");
        health.onOperatorLogon(2);

        assertEquals("logged out: connection lost", health.lastProblem(2));
    }
}
