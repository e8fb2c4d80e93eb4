package io.peregrine.bench;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SetUpWaitTest
{
    @Test
    void returnsOnceTheConditionHolds()
    {
        final AtomicInteger checks = new AtomicInteger();

        SetUpWait.until(() -> checks.incrementAndGet() >= 5, 10, TimeUnit.SECONDS, "streams", "connect");

        assertEquals(5, checks.get());
    }

    @Test
    void failsNamingWhatDidNotHappenAndTheTimeout()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> SetUpWait.until(() -> false, 20, TimeUnit.MILLISECONDS, "BROKER1 session", "log on"));

        assertEquals("BROKER1 session did not log on within 20 ms", ex.getMessage());
    }
}
