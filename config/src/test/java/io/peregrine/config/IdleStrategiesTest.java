package io.peregrine.config;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.Properties;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleStrategiesTest
{
    private static final String KEY = "peregrine.test.idle.strategy";

    @Test
    void acceptsBusySpinUnderEveryAlias()
    {
        for (final String name : new String[] {"busy-spin", "busyspin", "spin", " Busy-Spin "})
        {
            assertInstanceOf(BusySpinIdleStrategy.class, IdleStrategies.newIdleStrategy(KEY, name, 100_000), name);
        }
    }

    @Test
    void namesTheOtherStrategiesBothWays()
    {
        assertInstanceOf(SleepingMillisIdleStrategy.class, IdleStrategies.newIdleStrategy(KEY, "sleeping", 1_000));
        assertInstanceOf(SleepingMillisIdleStrategy.class, IdleStrategies.newIdleStrategy(KEY, "sleep-ms", 1_000));
        assertInstanceOf(YieldingIdleStrategy.class, IdleStrategies.newIdleStrategy(KEY, "yielding", 1_000));
        assertInstanceOf(YieldingIdleStrategy.class, IdleStrategies.newIdleStrategy(KEY, "yield", 1_000));
    }

    @Test
    void backoffParksAtMostTheGivenTime()
    {
        final IdleStrategy backoff = IdleStrategies.newIdleStrategy(KEY, "backoff", 20_000);
        // peregrine.idle.wake is on by default: Agrona's backoff whose park another thread can cut short
        assertInstanceOf(WakeableIdleStrategy.class, backoff);
        assertTrue(backoff.toString().contains("maxParkPeriodNs=20000"), backoff.toString());
    }

    @Test
    void delegatesOtherNamesToAeron()
    {
        assertInstanceOf(NoOpIdleStrategy.class, IdleStrategies.newIdleStrategy(KEY, "noop", 1_000));
        assertInstanceOf(SleepingIdleStrategy.class, IdleStrategies.newIdleStrategy(KEY, "sleep-ns", 1_000));
        assertInstanceOf(YieldingIdleStrategy.class,
            IdleStrategies.newIdleStrategy(KEY, YieldingIdleStrategy.class.getName(), 1_000));
    }

    @Test
    void unknownNameNamesTheKey()
    {
        for (final String name : new String[] {"turbo", "", "controllable", "java.lang.String"})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> IdleStrategies.newIdleStrategy(KEY, name, 1_000), name);
            assertTrue(ex.getMessage().startsWith(KEY + " must be busy-spin, backoff"), ex.getMessage());
        }
    }

    @Test
    void supplierChecksNowAndHandsOutFreshInstances()
    {
        assertThrows(IllegalArgumentException.class, () -> IdleStrategies.supplier(KEY, "turbo", 1_000));
        assertThrows(IllegalArgumentException.class, () -> IdleStrategies.supplier(KEY, "backoff", 10));
        final Supplier<IdleStrategy> supplier = IdleStrategies.supplier(KEY, "backoff", 1_000);
        assertNotSame(supplier.get(), supplier.get());
    }

    @Test
    void componentKeyOverridesTheProcessWideParkKey()
    {
        final Properties p = new Properties();
        assertEquals(IdleStrategies.BACKOFF_MAX_PARK_NS_DEFAULT,
            IdleStrategies.backoffMaxParkNs(PropertyReader.of(p), "own.park"));
        p.setProperty(IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME, "50_000");
        assertEquals(50_000, IdleStrategies.backoffMaxParkNs(PropertyReader.of(p), "own.park"));
        p.setProperty("own.park", "20000");
        assertEquals(20_000, IdleStrategies.backoffMaxParkNs(PropertyReader.of(p), "own.park"));
        p.setProperty("own.park", "-1");
        final IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
            () -> IdleStrategies.backoffMaxParkNs(PropertyReader.of(p), "own.park"));
        assertTrue(range.getMessage().startsWith("own.park must be from 1000 ns"), range.getMessage());
        p.remove("own.park");
        p.setProperty(IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME, "1ms");
        final IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
            () -> IdleStrategies.backoffMaxParkNs(PropertyReader.of(p), "own.park"));
        assertTrue(text.getMessage().startsWith(IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME), text.getMessage());
    }
}
