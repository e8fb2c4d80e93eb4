package io.peregrine.bench;

import io.peregrine.risk.RiskLimits;

import java.util.Properties;

/**
 * The demo risk universe with the per-account order rate and open-order limits lifted, for the tools that measure
 * capacity (JMH, {@code run.sh core}): the demo's realistic limits (100,000 orders/s, 10,000 open orders per account)
 * would turn a throughput measurement into a measurement of the ORDER_RATE_EXCEEDED path. Every other check is the
 * demo's. Edge code: allocates, call at set-up.
 */
public final class BenchmarkLimits
{
    private BenchmarkLimits()
    {
    }

    /**
     * @return the demo limits with ACC1 and ACC2 at 1,000,000,000 orders/s and 1,000,000 open orders.
     */
    public static RiskLimits unthrottledDemo()
    {
        final Properties p = RiskLimits.demo().toProperties();
        for (final String account : new String[]{ "ACC1", "ACC2" })
        {
            p.setProperty("account." + account + ".maxOrdersPerSecond", "1000000000");
            p.setProperty("account." + account + ".maxOpenOrders", "1000000");
        }
        return RiskLimits.fromProperties(p);
    }
}
