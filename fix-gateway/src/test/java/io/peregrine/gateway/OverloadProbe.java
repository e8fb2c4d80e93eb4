package io.peregrine.gateway;

import io.peregrine.testsupport.FixCounterparty;
import java.lang.management.ManagementFactory;

/**
 * Measures, by hand, what issue 14 asks to record: the quiet session's (BROKER2, 10 orders/s) ack latency idle and
 * while BROKER1 floods, paced at its session limit and unpaced. Prints one line per phase.
 * <p>
 * Usage: {@code OverloadProbe [quietOrders=300] [floodRate=2000]} (test classpath; the same JVM flags as the tests).
 */
public final class OverloadProbe
{
    private OverloadProbe()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int quietOrders = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        final int floodRate = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        try (OverloadStack stack = new OverloadStack((ctx) -> ctx.fixMessageLog(true));
            FixCounterparty quiet = stack.broker("BROKER2");
            FixCounterparty flooder = stack.broker("BROKER1"))
        {
            System.out.println("cpus " + Runtime.getRuntime().availableProcessors() + ", max heap " +
                Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, jvm " + System.getProperty("java.version") +
                ", session limit " + stack.gateway.context().limits().brokerMaxOrdersPerSecond() + "/s");
            FloodRun.run(quiet, null, 0, 50, 10, "W", 60_000);   // warm-up
            print("idle", FloodRun.run(quiet, null, 0, quietOrders, 10, "I", 60_000));
            print("flood paced " + floodRate + "/s", FloodRun.run(quiet, flooder, floodRate, quietOrders, 10, "P",
                300_000));
            print("idle again", FloodRun.run(quiet, null, 0, quietOrders / 3, 10, "J", 60_000));
            print("flood unpaced", FloodRun.run(quiet, flooder, 0, quietOrders, 10, "U", 300_000));
        }
    }

    private static void print(final String phase, final FloodRun.Result result)
    {
        System.out.printf("%-22s %s | heap used %d MB%n", phase, result.summary(),
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1 << 20));
    }
}
