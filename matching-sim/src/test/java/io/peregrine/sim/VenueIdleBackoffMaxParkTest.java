package io.peregrine.sim;

import io.peregrine.config.IdleStrategies;
import io.peregrine.config.PeregrineKeys.Sim;
import io.peregrine.config.WakeableIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Properties;

import static io.peregrine.config.IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME;
import static io.peregrine.testsupport.IdleStrategyAssertions.assertMaxPark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class VenueIdleBackoffMaxParkTest
{
    @Test
    void engineParksAtMostTheDefaultMaxParkWhenNothingIsSet()
    {
        final SimVenueContext context = SimVenueContext.fromProperties(backoff());
        // 1 ms while queued requests wake the engine; without the wake, the process-wide 100 us (matching-sim README)
        final long expectedNs = WakeableIdleStrategy.wakeEnabled() ?
            Sim.IDLE_BACKOFF_MAX_PARK_NS.defaultValue() : IdleStrategies.BACKOFF_MAX_PARK_NS_DEFAULT;

        assertEquals(expectedNs, context.idleBackoffMaxParkNs());
        assertMaxPark(expectedNs, context.idleStrategy());
    }

    @Test
    void followsTheProcessWideKeyAndItsOwnKeyOverridesIt()
    {
        final Properties properties = backoff();
        properties.setProperty(BACKOFF_MAX_PARK_NS_PROP_NAME, "50000");
        assertMaxPark(50_000, SimVenueContext.fromProperties(properties).idleStrategy());

        properties.setProperty(Sim.IDLE_BACKOFF_MAX_PARK_NS.name(), "20000");
        assertMaxPark(20_000, SimVenueContext.fromProperties(properties).idleStrategy());
    }

    @Test
    void setterOverridesTheProperties()
    {
        final SimVenueContext context = SimVenueContext.fromProperties(backoff()).idleBackoffMaxParkNs(30_000);

        context.conclude();
        assertMaxPark(30_000, context.idleStrategy());
    }

    @Test
    void rejectsNegativeAndNonNumericMaxParksNamingTheKey()
    {
        assertRefusedNamingTheKey(Sim.IDLE_BACKOFF_MAX_PARK_NS.name(), "-1000", "-1000");
        assertRefusedNamingTheKey(BACKOFF_MAX_PARK_NS_PROP_NAME, "1ms", "'1ms'");

        final SimVenueContext outOfRange = SimVenueContext.fromProperties(backoff()).idleBackoffMaxParkNs(-1);
        final IllegalArgumentException setterEx = assertThrows(IllegalArgumentException.class, outOfRange::conclude);
        assertTrue(setterEx.getMessage().contains(Sim.IDLE_BACKOFF_MAX_PARK_NS.name()), setterEx.getMessage());
    }

    private static void assertRefusedNamingTheKey(final String key, final String value, final String quoted)
    {
        final Properties properties = backoff();
        properties.setProperty(key, value);
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> SimVenueContext.fromProperties(properties));
        assertTrue(ex.getMessage().contains(key), ex.getMessage());
        assertTrue(ex.getMessage().contains(quoted), ex.getMessage());
    }

    private static Properties backoff()
    {
        final Properties properties = new Properties();
        properties.setProperty(Sim.IDLE_STRATEGY.name(), "backoff");
        return properties;
    }
}
