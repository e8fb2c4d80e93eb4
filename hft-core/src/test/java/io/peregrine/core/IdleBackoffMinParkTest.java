package io.peregrine.core;

import io.peregrine.config.IdleStrategies;
import io.peregrine.config.PeregrineKeys.Core;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class IdleBackoffMinParkTest
{
    @AfterEach
    void clearProperties()
    {
        System.clearProperty(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME);
    }

    @Test
    void agentAndOfferStrategiesParkFirstForTheProcessWideMinPark()
    {
        System.setProperty(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME, "40_000");

        final PeregrineContext context = new PeregrineContext().idleStrategyName("backoff").conclude();

        assertFirstPark(40_000, context.idleStrategy());
        assertFirstPark(40_000, context.offerIdleStrategy());
    }

    @Test
    void aMinParkAboveTheCoresMaxParkFailsAtConcludeNamingTheKey()
    {
        System.setProperty(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME, "40000");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new PeregrineContext().idleStrategyName("backoff").idleBackoffMaxParkNs(20_000).conclude());

        assertTrue(ex.getMessage().startsWith(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME), ex.getMessage());
        assertTrue(ex.getMessage().contains(Core.IDLE_STRATEGY.name()), ex.getMessage());
    }

    private static void assertFirstPark(final long expectedNs, final IdleStrategy strategy)
    {
        assertTrue(strategy.toString().contains("minParkPeriodNs=" + expectedNs + ","), strategy.toString());
    }
}
