package io.peregrine.testsupport;

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
     * Asserts that {@code strategy} is exactly of {@code expectedType} and parks at most {@code expectedNs}, as its
     * {@code toString()} says ({@code maxParkPeriodNs=...}: Agrona's {@code BackoffIdleStrategy} and config's
     * {@code WakeableIdleStrategy} both print it).
     *
     * @param expectedType the backoff class the context should have built (the caller knows whether the wakeable
     *                     one is on: this kit depends on no Peregrine module).
     * @param expectedNs   the longest park, nanoseconds.
     * @param strategy     what the context built.
     */
    public static void assertMaxPark(
        final Class<? extends IdleStrategy> expectedType, final long expectedNs, final IdleStrategy strategy)
    {
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
