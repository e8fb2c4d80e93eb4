package io.peregrine.gateway;

import io.peregrine.config.IdleStrategies;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PeregrineKeys.Sim;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Properties;

import static io.peregrine.config.IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME;
import static io.peregrine.testsupport.IdleStrategyAssertions.assertMaxPark;
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
        System.clearProperty(Gateway.IDLE_BACKOFF_MAX_PARK_NS.name());
        System.clearProperty(BACKOFF_MAX_PARK_NS_PROP_NAME);
    }

    @Test
    void agentsParkAtMostTheDefaultMaxParkWhenNothingIsSet()
    {
        final GatewayContext ctx = new GatewayContext(backoff());

        assertEquals(Gateway.IDLE_BACKOFF_MAX_PARK_NS.defaultValue(), ctx.idleBackoffMaxParkNs());
        assertMaxPark(Gateway.IDLE_BACKOFF_MAX_PARK_NS.defaultValue(), ctx.idleStrategySupplier().get());
    }

    @Test
    void followsTheProcessWideKeyWhenItsOwnKeyIsUnset()
    {
        System.setProperty(BACKOFF_MAX_PARK_NS_PROP_NAME, "50000");

        assertMaxPark(50_000, new GatewayContext(backoff()).idleStrategySupplier().get());
        assertMaxPark(50_000, new GatewayContext().idleStrategyName("backoff").idleStrategySupplier().get());
    }

    @Test
    void itsOwnKeyOverridesTheProcessWideKey()
    {
        System.setProperty(BACKOFF_MAX_PARK_NS_PROP_NAME, "50000");
        final Properties file = backoff();
        file.setProperty(Gateway.IDLE_BACKOFF_MAX_PARK_NS.name(), "20000");

        assertMaxPark(20_000, new GatewayContext(file).idleStrategySupplier().get());

        System.setProperty(Gateway.IDLE_BACKOFF_MAX_PARK_NS.name(), "30000");
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
        negative.setProperty(Gateway.IDLE_BACKOFF_MAX_PARK_NS.name(), "-1");
        final IllegalArgumentException negativeEx =
            assertThrows(IllegalArgumentException.class, () -> new GatewayContext(negative));
        assertTrue(negativeEx.getMessage().contains(Gateway.IDLE_BACKOFF_MAX_PARK_NS.name()), negativeEx.getMessage());
        assertTrue(negativeEx.getMessage().contains("-1"), negativeEx.getMessage());

        System.setProperty(BACKOFF_MAX_PARK_NS_PROP_NAME, "fast");
        final IllegalArgumentException textEx =
            assertThrows(IllegalArgumentException.class, () -> new GatewayContext(backoff()));
        assertTrue(textEx.getMessage().contains(BACKOFF_MAX_PARK_NS_PROP_NAME), textEx.getMessage());
        assertTrue(textEx.getMessage().contains("'fast'"), textEx.getMessage());

        System.clearProperty(BACKOFF_MAX_PARK_NS_PROP_NAME);
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
        assertTrue(ex.getMessage().contains(Gateway.IDLE_STRATEGY.name()), ex.getMessage());
    }

    @Test
    void everyContextSharesTheProcessWideKeyAndDefault()
    {
        assertEquals(IdleStrategies.BACKOFF_MAX_PARK_NS_DEFAULT,
            Gateway.IDLE_BACKOFF_MAX_PARK_NS.defaultValue());
        // the venue engine is woken by every queued request, so its own default park is longer (matching-sim README)
        assertEquals(1_000_000, Sim.IDLE_BACKOFF_MAX_PARK_NS.defaultValue());
    }

    private static Properties backoff()
    {
        final Properties properties = new Properties();
        properties.setProperty(Gateway.IDLE_STRATEGY.name(), "backoff");
        return properties;
    }
}
