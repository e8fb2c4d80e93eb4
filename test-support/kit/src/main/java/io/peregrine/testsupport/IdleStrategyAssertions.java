package io.peregrine.testsupport;

import io.peregrine.config.WakeableIdleStrategy;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * Assertions on the idle strategies a context builds, for the tests of every context that configures a backoff
 * (core, gateway, simulated venue). Test thread only.
 */
public final class IdleStrategyAssertions
{
    private IdleStrategyAssertions()
    {
    }

    /**
     * Asserts that {@code strategy} is the backoff a context builds for {@code backoff} and parks at most
     * {@code expectedNs}. The backoff is config's {@link WakeableIdleStrategy} while the wake is on (the default,
     * {@code peregrine.idle.wake}), Agrona's plain {@link BackoffIdleStrategy} with it off; the longest park is read
     * from the strategy's {@code toString()} ({@code maxParkPeriodNs=...}: both print it).
     *
     * @param expectedNs the longest park, nanoseconds.
     * @param strategy   what the context built.
     */
    public static void assertMaxPark(final long expectedNs, final IdleStrategy strategy)
    {
        final Class<? extends IdleStrategy> expectedType =
            WakeableIdleStrategy.wakeEnabled() ? WakeableIdleStrategy.class : BackoffIdleStrategy.class;
        if (expectedType != strategy.getClass())
        {
            throw new AssertionError("expected a " + expectedType.getName() + ", was " + strategy);
        }
        if (!strategy.toString().contains("maxParkPeriodNs=" + expectedNs + "}"))
        {
            throw new AssertionError("expected maxParkPeriodNs=" + expectedNs + ", was " + strategy);
        }
    }
}
