package io.peregrine.config;

import io.aeron.driver.MediaDriver;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
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
    void readsTheNamesTheSameInATurkishLocale()
    {
        // "SLEEPING".toLowerCase() is "sleepıng" (dotless i) there: the name would be refused.
        final Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try
        {
            assertInstanceOf(SleepingMillisIdleStrategy.class, IdleStrategies.newIdleStrategy(KEY, "SLEEPING", 1_000));
            assertInstanceOf(BusySpinIdleStrategy.class, IdleStrategies.newIdleStrategy(KEY, "BUSY-SPIN", 1_000));
        }
        finally
        {
            Locale.setDefault(before);
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
    void everyAgentOfAnEmbeddedDriverGetsAnInstanceOfItsOwn()
    {
        final MediaDriver.Context driver = new MediaDriver.Context();
        assertSame(driver, IdleStrategies.applyTo(driver, KEY, "sleeping", 1_000));

        final List<IdleStrategy> strategies = List.of(driver.sharedIdleStrategy(),
            driver.sharedNetworkIdleStrategy(), driver.conductorIdleStrategy(), driver.senderIdleStrategy(),
            driver.receiverIdleStrategy());
        for (final IdleStrategy strategy : strategies)
        {
            assertInstanceOf(SleepingMillisIdleStrategy.class, strategy);
        }
        assertEquals(strategies.size(), Set.copyOf(strategies).size(), "one instance per agent");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> IdleStrategies.applyTo(new MediaDriver.Context(), KEY, "turbo", 1_000));
        assertTrue(ex.getMessage().startsWith(KEY), ex.getMessage());
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

    @Test
    void backoffParksFirstForTheGivenMinPark()
    {
        final IdleStrategy backoff = IdleStrategies.newIdleStrategy(KEY, "backoff", 50_000, 100_000);
        assertInstanceOf(WakeableIdleStrategy.class, backoff);
        assertParks(50_000, 100_000, backoff);
        assertParks(100_000, 100_000, IdleStrategies.newIdleStrategy(KEY, "backoff", 100_000, 100_000));
        assertParks(20_000, 1_000_000, IdleStrategies.supplier(KEY, "backoff", 20_000, 1_000_000).get());
    }

    @Test
    void unsetMinParkIsTheDefaultOrTheMaxParkWhicheverIsShorter()
    {
        assertParks(Math.min(IdleStrategies.BACKOFF_MIN_PARK_NS_DEFAULT, 100_000), 100_000,
            IdleStrategies.newIdleStrategy(KEY, "backoff", IdleStrategies.BACKOFF_MIN_PARK_NS_UNSET, 100_000));
        assertParks(1_000, 1_000,
            IdleStrategies.newIdleStrategy(KEY, "backoff", IdleStrategies.BACKOFF_MIN_PARK_NS_UNSET, 1_000));
    }

    @Test
    void minParkAboveTheMaxParkIsRejectedNamingTheKeys()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> IdleStrategies.newIdleStrategy(KEY, "backoff", 50_000, 20_000));
        assertTrue(ex.getMessage().startsWith(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME + " (50000 ns) must not " +
            "exceed the longest park (20000 ns) of the backoff strategy of " + KEY), ex.getMessage());
        assertTrue(ex.getMessage().contains(IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IdleStrategies.supplier(KEY, "backoff", 50_000, 20_000));
        assertThrows(IllegalArgumentException.class, () -> IdleStrategies.newIdleStrategy(KEY, "backoff", 999, 20_000));
        // the other strategies do not park: their min park is not checked
        assertInstanceOf(BusySpinIdleStrategy.class, IdleStrategies.newIdleStrategy(KEY, "spin", 50_000, 20_000));
    }

    @Test
    void readsTheMinParkKeyThroughThePropertyReader()
    {
        final Properties p = new Properties();
        assertEquals(IdleStrategies.BACKOFF_MIN_PARK_NS_UNSET, IdleStrategies.backoffMinParkNs(PropertyReader.of(p)));
        p.setProperty(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME, " 50_000 ");
        assertEquals(50_000, IdleStrategies.backoffMinParkNs(PropertyReader.of(p)));
        for (final String bad : new String[] {"0", "-1", "999", "1_000_000_001"})
        {
            p.setProperty(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME, bad);
            final IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> IdleStrategies.backoffMinParkNs(PropertyReader.of(p)), bad);
            assertTrue(range.getMessage().startsWith(
                IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME + " must be from 1000 ns"), range.getMessage());
        }
        p.setProperty(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME, "50us");
        final IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
            () -> IdleStrategies.backoffMinParkNs(PropertyReader.of(p)));
        assertTrue(text.getMessage().startsWith(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME +
            " must be a whole number of nanoseconds"), text.getMessage());
        assertTrue(text.getMessage().contains("'50us'"), text.getMessage());
    }

    @Test
    void theProcessWideMinParkReachesEveryBackoffTheFactoryBuilds()
    {
        System.setProperty(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME, "20000");
        try
        {
            assertEquals(20_000, IdleStrategies.processBackoffMinParkNs());
            assertParks(20_000, 100_000, IdleStrategies.newIdleStrategy(KEY, "backoff", 100_000));
            assertParks(20_000, 50_000, IdleStrategies.supplier(KEY, "backoff", 50_000).get());
            assertThrows(IllegalArgumentException.class, () -> IdleStrategies.newIdleStrategy(KEY, "backoff", 10_000));
            System.setProperty(WakeableIdleStrategy.WAKE_PROP_NAME, "false");
            final IdleStrategy plain = IdleStrategies.newIdleStrategy(KEY, "backoff", 100_000);
            assertInstanceOf(BackoffIdleStrategy.class, plain);
            assertParks(20_000, 100_000, plain);
        }
        finally
        {
            System.clearProperty(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME);
            System.clearProperty(WakeableIdleStrategy.WAKE_PROP_NAME);
        }
    }

    private static void assertParks(final long minNs, final long maxNs, final IdleStrategy strategy)
    {
        // Agrona's BackoffIdleStrategy and WakeableIdleStrategy both print their park periods
        assertTrue(strategy.toString().contains("minParkPeriodNs=" + minNs + ","), strategy.toString());
        assertTrue(strategy.toString().contains("maxParkPeriodNs=" + maxNs + "}"), strategy.toString());
    }
}
