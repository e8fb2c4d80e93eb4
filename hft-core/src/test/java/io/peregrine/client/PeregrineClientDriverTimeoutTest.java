package io.peregrine.client;

import io.peregrine.core.liveness.LivenessTimeouts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An IPC client tolerates the stalls the stack tolerates: its driver timeout is the stack's 30 s, not Aeron's 10 s
 * (with which a 15 s stall closed every IPC client while the stack went on).
 */
class PeregrineClientDriverTimeoutTest
{
    @Test
    void waitsForTheDriverAsLongAsTheStacksOwnClientsDo()
    {
        // a -Daeron.driver.timeout given to the test JVM would win, as it does for a user
        final String set = System.getProperty(LivenessTimeouts.DRIVER_TIMEOUT_PROP_NAME);
        final long expected = null == set ? LivenessTimeouts.DRIVER_TIMEOUT_DEFAULT_MS :
            new io.aeron.Aeron.Context().driverTimeoutMs();
        assertEquals(expected, PeregrineClient.aeronContext(new PeregrineClient.Context(), null).driverTimeoutMs());
        assertEquals(30_000, LivenessTimeouts.DRIVER_TIMEOUT_DEFAULT_MS);
    }
}
