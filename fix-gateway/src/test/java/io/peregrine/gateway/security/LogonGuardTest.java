package io.peregrine.gateway.security;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogonGuardTest
{
    private long now = 1_000;
    private final LogonGuard guard = new LogonGuard(3, 60_000, () -> now);

    @Test
    void locksASessionAfterFailuresInARowUntilTheLockoutPasses()
    {
        for (int i = 0; i < 3; i++)
        {
            assertEquals(0, guard.lockedForMillis("BROKER1", "10.0.0.1"));
            guard.onFailure("BROKER1", "10.0.0.1");
        }
        assertEquals(60_000, guard.lockedForMillis("BROKER1", "10.0.0.2"), "the session is locked from anywhere");
        assertEquals(60_000, guard.lockedForMillis("BROKER2", "10.0.0.1"), "the address is locked for any session");
        assertEquals(0, guard.lockedForMillis("BROKER2", "10.0.0.2"));
        assertEquals(2, guard.throttled());

        now += TimeUnit.SECONDS.toNanos(59);
        assertTrue(guard.lockedForMillis("BROKER1", null) > 0);
        now += TimeUnit.SECONDS.toNanos(1);
        assertEquals(0, guard.lockedForMillis("BROKER1", "10.0.0.1"));
    }

    @Test
    void aSuccessfulLogonClearsTheFailures()
    {
        guard.onFailure("BROKER1", "10.0.0.1");
        guard.onFailure("BROKER1", "10.0.0.1");
        guard.onSuccess("BROKER1", "10.0.0.1");
        guard.onFailure("BROKER1", "10.0.0.1");
        guard.onFailure("BROKER1", "10.0.0.1");
        assertEquals(0, guard.lockedForMillis("BROKER1", "10.0.0.1"));
        assertEquals(0, guard.throttled());
    }

    @Test
    void takesTheHostOutOfQuickFixRemoteAddresses()
    {
        assertEquals("127.0.0.1", LogonGuard.hostOf("/127.0.0.1:51234"));
        assertEquals("0:0:0:0:0:0:0:1", LogonGuard.hostOf("/0:0:0:0:0:0:0:1:51234"));
        assertEquals(null, LogonGuard.hostOf(null));
    }
}
