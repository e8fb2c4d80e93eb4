package io.peregrine.gateway;

import io.peregrine.core.PeregrineContext;
import io.peregrine.sim.SimVenueContext;
import io.peregrine.config.WakeableIdleStrategy;
import io.peregrine.testsupport.IdleStrategyAssertions;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Properties;

import static io.peregrine.gateway.GatewayContext.CORE_IDLE_BACKOFF_MAX_PARK_NS_PROP;
import static io.peregrine.gateway.GatewayContext.IDLE_BACKOFF_MAX_PARK_NS_PROP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class GatewayIdleBackoffMaxParkTest
{
    @AfterEach
    void clearProperties()
    {
        System.clearProperty(IDLE_BACKOFF_MAX_PARK_NS_PROP);
        System.clearProperty(CORE_IDLE_BACKOFF_MAX_PARK_NS_PROP);
    }

    @Test
    void agentsParkAtMostTheDefaultMaxParkWhenNothingIsSet()
    {
        final GatewayContext ctx = new GatewayContext(backoff());

        assertEquals(GatewayContext.IDLE_BACKOFF_MAX_PARK_NS_DEFAULT, ctx.idleBackoffMaxParkNs());
        assertMaxPark(GatewayContext.IDLE_BACKOFF_MAX_PARK_NS_DEFAULT, ctx.idleStrategySupplier().get());
    }

    @Test
    void followsTheProcessWideKeyWhenItsOwnKeyIsUnset()
    {
        System.setProperty(CORE_IDLE_BACKOFF_MAX_PARK_NS_PROP, "50000");

        assertMaxPark(50_000, new GatewayContext(backoff()).idleStrategySupplier().get());
        assertMaxPark(50_000, new GatewayContext().idleStrategyName("backoff").idleStrategySupplier().get());
    }

    @Test
    void itsOwnKeyOverridesTheProcessWideKey()
    {
        System.setProperty(CORE_IDLE_BACKOFF_MAX_PARK_NS_PROP, "50000");
        final Properties file = backoff();
        file.setProperty(IDLE_BACKOFF_MAX_PARK_NS_PROP, "20000");

        assertMaxPark(20_000, new GatewayContext(file).idleStrategySupplier().get());

        System.setProperty(IDLE_BACKOFF_MAX_PARK_NS_PROP, "30000");
        assertMaxPark(30_000, new GatewayContext().idleStrategyName("backoff").idleStrategySupplier().get());
    }

    @Test
    void eachAgentGetsItsOwnInstance()
    {
        final GatewayContext ctx = new GatewayContext(backoff()).idleBackoffMaxParkNs(40_000);

        final IdleStrategy first = ctx.idleStrategySupplier().get();
        final IdleStrategy second = ctx.idleStrategySupplier().get();

        assertMaxPark(40_000, first);
        assertMaxPark(40_000, second);
        assertTrue(first != second);
    }

    @Test
    void rejectsNegativeAndNonNumericMaxParksNamingTheKey()
    {
        final Properties negative = backoff();
        negative.setProperty(IDLE_BACKOFF_MAX_PARK_NS_PROP, "-1");
        final IllegalArgumentException negativeEx =
            assertThrows(IllegalArgumentException.class, () -> new GatewayContext(negative));
        assertTrue(negativeEx.getMessage().contains(IDLE_BACKOFF_MAX_PARK_NS_PROP), negativeEx.getMessage());
        assertTrue(negativeEx.getMessage().contains("-1"), negativeEx.getMessage());

        System.setProperty(CORE_IDLE_BACKOFF_MAX_PARK_NS_PROP, "fast");
        final IllegalArgumentException textEx =
            assertThrows(IllegalArgumentException.class, () -> new GatewayContext(backoff()));
        assertTrue(textEx.getMessage().contains(CORE_IDLE_BACKOFF_MAX_PARK_NS_PROP), textEx.getMessage());
        assertTrue(textEx.getMessage().contains("'fast'"), textEx.getMessage());

        System.clearProperty(CORE_IDLE_BACKOFF_MAX_PARK_NS_PROP);
        final GatewayContext ctx = new GatewayContext(backoff()).idleBackoffMaxParkNs(0);
        assertThrows(IllegalArgumentException.class, ctx::idleStrategySupplier);
        assertThrows(IllegalArgumentException.class, ctx::conclude);
    }

    @Test
    void acceptsBothSpellingsOfBusySpinAndRejectsUnknownNamesAtConclude()
    {
        assertInstanceOf(org.agrona.concurrent.BusySpinIdleStrategy.class,
            new GatewayContext().idleStrategyName("busyspin").conclude().idleStrategySupplier().get());
        assertInstanceOf(org.agrona.concurrent.BusySpinIdleStrategy.class,
            new GatewayContext().idleStrategyName("busy-spin").conclude().idleStrategySupplier().get());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new GatewayContext().idleStrategyName("turbo").conclude());
        assertTrue(ex.getMessage().contains(GatewayContext.IDLE_STRATEGY_PROP), ex.getMessage());
    }

    @Test
    void everyContextSharesTheProcessWideKeyAndDefault()
    {
        assertEquals(PeregrineContext.IDLE_BACKOFF_MAX_PARK_NS_PROP_NAME, CORE_IDLE_BACKOFF_MAX_PARK_NS_PROP);
        assertEquals(PeregrineContext.IDLE_BACKOFF_MAX_PARK_NS_PROP_NAME,
            SimVenueContext.PROCESS_IDLE_BACKOFF_MAX_PARK_NS_PROP);
        assertEquals(PeregrineContext.IDLE_BACKOFF_MAX_PARK_NS_DEFAULT,
            GatewayContext.IDLE_BACKOFF_MAX_PARK_NS_DEFAULT);
        // the venue engine is woken by every queued request, so its own default park is longer (matching-sim README)
        assertEquals(1_000_000, SimVenueContext.IDLE_BACKOFF_MAX_PARK_NS_DEFAULT);
    }

    private static Properties backoff()
    {
        final Properties properties = new Properties();
        properties.setProperty(GatewayContext.IDLE_STRATEGY_PROP, "backoff");
        return properties;
    }

    private static void assertMaxPark(final long expectedNs, final IdleStrategy strategy)
    {
        // backoff is wakeable by default (peregrine.idle.wake); Agrona's plain backoff with the wake off
        IdleStrategyAssertions.assertMaxPark(
            WakeableIdleStrategy.wakeEnabled() ? WakeableIdleStrategy.class : BackoffIdleStrategy.class, expectedNs,
            strategy);
    }
}
