package io.peregrine.core;

import io.peregrine.config.IdleStrategies;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.peregrine.config.IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME;
import static io.peregrine.testsupport.IdleStrategyAssertions.assertMaxPark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class IdleBackoffMaxParkTest
{
    @AfterEach
    void clearProperty()
    {
        System.clearProperty(BACKOFF_MAX_PARK_NS_PROP_NAME);
    }

    @Test
    void backoffParksAtMostTheDefaultMaxParkWhenNothingIsSet()
    {
        final PeregrineContext context = new PeregrineContext().idleStrategyName("backoff").conclude();

        assertEquals(IdleStrategies.BACKOFF_MAX_PARK_NS_DEFAULT, context.idleBackoffMaxParkNs());
        assertMaxPark(IdleStrategies.BACKOFF_MAX_PARK_NS_DEFAULT, context.idleStrategy());
        assertMaxPark(IdleStrategies.BACKOFF_MAX_PARK_NS_DEFAULT, context.offerIdleStrategy());
    }

    @Test
    void agentAndOfferStrategiesParkAtMostTheConfiguredMaxPark()
    {
        final PeregrineContext context = new PeregrineContext()
            .idleStrategyName("backoff")
            .idleBackoffMaxParkNs(50_000)
            .conclude();

        assertMaxPark(50_000, context.idleStrategy());
        assertMaxPark(50_000, context.offerIdleStrategy());
    }

    @Test
    void readsTheProcessWideMaxParkFromItsSystemProperty()
    {
        System.setProperty(BACKOFF_MAX_PARK_NS_PROP_NAME, " 20_000 ");

        final PeregrineContext context = new PeregrineContext().idleStrategyName("backoff").conclude();

        assertEquals(20_000, context.idleBackoffMaxParkNs());
        assertMaxPark(20_000, context.idleStrategy());
        assertMaxPark(20_000, IdleStrategies.newIdleStrategy("k", "backoff", IdleStrategies.processBackoffMaxParkNs()));
    }

    @Test
    void acceptsBothSpellingsOfBusySpin()
    {
        assertInstanceOf(BusySpinIdleStrategy.class,
            new PeregrineContext().idleStrategyName("busy-spin").conclude().idleStrategy());
        assertInstanceOf(BusySpinIdleStrategy.class,
            new PeregrineContext().idleStrategyName("busyspin").conclude().idleStrategy());
    }

    @Test
    void rejectsANegativeMaxParkPropertyNamingTheKey()
    {
        System.setProperty(BACKOFF_MAX_PARK_NS_PROP_NAME, "-5");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, PeregrineContext::new);

        assertTrue(ex.getMessage().contains(BACKOFF_MAX_PARK_NS_PROP_NAME), ex.getMessage());
        assertTrue(ex.getMessage().contains("-5"), ex.getMessage());
    }

    @Test
    void rejectsANonNumericMaxParkPropertyNamingTheKey()
    {
        System.setProperty(BACKOFF_MAX_PARK_NS_PROP_NAME, "50us");

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, PeregrineContext::new);

        assertTrue(ex.getMessage().contains(BACKOFF_MAX_PARK_NS_PROP_NAME), ex.getMessage());
        assertTrue(ex.getMessage().contains("'50us'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("nanoseconds"), ex.getMessage());
    }

    @Test
    void concludeRejectsAMaxParkOutsideOneMicrosecondToOneSecond()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new PeregrineContext().idleBackoffMaxParkNs(-1).conclude());
        assertThrows(IllegalArgumentException.class,
            () -> new PeregrineContext().idleBackoffMaxParkNs(999).conclude());
        assertThrows(IllegalArgumentException.class,
            () -> new PeregrineContext().idleBackoffMaxParkNs(1_000_000_001L).conclude());
        assertMaxPark(1_000, new PeregrineContext().idleStrategyName("backoff").idleBackoffMaxParkNs(1_000)
            .conclude().idleStrategy());
    }
}
