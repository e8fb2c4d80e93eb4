package io.peregrine.bench.load;

import io.peregrine.config.IdleStrategies;
import io.peregrine.config.WakeableIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleModeTest
{
    private static final List<String> KEYS = List.of(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME,
        IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME, WakeableIdleStrategy.WAKE_PROP_NAME);

    private final Map<String, String> before = new HashMap<>();

    @BeforeEach
    void saveProperties()
    {
        KEYS.forEach((key) -> before.put(key, System.getProperty(key)));
        KEYS.forEach(System::clearProperty);
    }

    @AfterEach
    void restoreProperties()
    {
        before.forEach((key, value) ->
        {
            if (null == value)
            {
                System.clearProperty(key);
            }
            else
            {
                System.setProperty(key, value);
            }
        });
    }

    @Test
    void backoffSaysEverySettingItIsBuiltWith()
    {
        System.setProperty(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME, "2000");
        System.setProperty(IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME, "50000");

        final String described = IdleMode.BACKOFF.describe();

        assertEquals("backoff (" + IdleMode.BACKOFF.newStrategy() + ")", described, "what newStrategy() builds");
        for (final String setting : List.of("WakeableIdleStrategy", "maxSpins=10", "maxYields=5",
            "minParkPeriodNs=2000", "maxParkPeriodNs=50000"))
        {
            assertTrue(described.contains(setting), setting + " in " + described);
        }
    }

    @Test
    void backoffWithoutWakeSaysItIsAgronasPlainStrategy()
    {
        System.setProperty(WakeableIdleStrategy.WAKE_PROP_NAME, "false");

        final String described = IdleMode.BACKOFF.describe();

        for (final String setting : List.of("BackoffIdleStrategy", "maxSpins=10", "maxYields=5",
            "minParkPeriodNs=1000", "maxParkPeriodNs=" + IdleStrategies.BACKOFF_MAX_PARK_NS_DEFAULT))
        {
            assertTrue(described.contains(setting), setting + " in " + described);
        }
    }

    @Test
    void theOtherModesNameTheirStrategy()
    {
        assertTrue(IdleMode.SLEEPING.describe().contains("sleepPeriodMs=1"), IdleMode.SLEEPING.describe());
        assertTrue(IdleMode.BUSY_SPIN.describe().startsWith("busy-spin (BusySpinIdleStrategy"),
            IdleMode.BUSY_SPIN.describe());
        assertTrue(IdleMode.YIELDING.describe().startsWith("yielding (YieldingIdleStrategy"),
            IdleMode.YIELDING.describe());
    }
}
