package io.peregrine.gateway;

import io.peregrine.testsupport.FixCounterparty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what issue 14 asks to record: the quiet session's (BROKER2, 10 orders/s) ack latency idle and while
 * BROKER1 floods, paced at its session's maximum rate and unpaced, on the whole stack in one JVM. Prints one line per
 * phase, then the idle and flooded p50/p99 and the flooded/idle p99 ratios (the target: at most 5), also
 * written to {@code fix-gateway/target/overload-probe.txt}. A measurement, not a test: it asserts nothing and is not
 * part of the build (its name does not match surefire's patterns). One command, from the repository root:
 * <pre>
 * mvn -B -o -pl fix-gateway -am test -Dtest=OverloadProbe -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Options (system properties on the same command line): {@code -Dperegrine.overloadProbe.quietOrders=300} (quiet
 * orders per phase; 30 s at 10/s), {@code -Dperegrine.overloadProbe.floodRate=0} (paced phase's rate; 0 = the session
 * limit). {@link #main} does the same from an IDE (test class path, the root pom's JVM flags).
 */
public final class OverloadProbe
{
    /** Quiet orders per phase. */
    public static final String QUIET_ORDERS_PROP = "peregrine.overloadProbe.quietOrders";
    /** Orders/s of the paced flood phase; 0 = the broker session's limit. */
    public static final String FLOOD_RATE_PROP = "peregrine.overloadProbe.floodRate";

    @Test
    void measureTheQuietSessionIdleAndFlooded() throws Exception
    {
        run(Integer.getInteger(QUIET_ORDERS_PROP, 300), Integer.getInteger(FLOOD_RATE_PROP, 0));
    }

    /**
     * @param args {@code [quietOrders=300] [floodRate=0 (the session limit)]}.
     */
    public static void main(final String[] args) throws Exception
    {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 300, args.length > 1 ? Integer.parseInt(args[1]) : 0);
    }

    private static void run(final int quietOrders, final int requestedFloodRate) throws Exception
    {
        final List<String> lines = new ArrayList<>();
        try (OverloadStack stack = new OverloadStack((ctx) -> ctx.fixMessageLog(true));
            FixCounterparty quiet = stack.broker("BROKER2");
            FixCounterparty flooder = stack.broker("BROKER1"))
        {
            final int sessionLimit = stack.gateway.context().limits().brokerMaxOrdersPerSecond();
            final int floodRate = requestedFloodRate > 0 ? requestedFloodRate : sessionLimit;
            print(lines, String.format("machine: %d cpus, max heap %d MB, jvm %s, load average %.2f | gateway: " +
                "session limit %d orders/s, venue send window %d, venue queue %d per account | quiet: BROKER2, %d " +
                "orders per phase at 10/s",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1 << 20),
                System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                sessionLimit, stack.gateway.context().venueSendWindow(), stack.gateway.context().venueQueuePerAccount(),
                quietOrders));
            FloodRun.run(quiet, null, 0, 50, 10, "W", 60_000);   // warm-up
            final FloodRun.Result idle = phase(lines, "idle", FloodRun.run(quiet, null, 0, quietOrders, 10, "I",
                60_000));
            final FloodRun.Result paced = phase(lines, "flood paced " + floodRate + "/s",
                FloodRun.run(quiet, flooder, floodRate, quietOrders, 10, "P", 300_000));
            final FloodRun.Result idleAgain = phase(lines, "idle again",
                FloodRun.run(quiet, null, 0, quietOrders / 3, 10, "J", 60_000));
            final FloodRun.Result unpaced = phase(lines, "flood unpaced",
                FloodRun.run(quiet, flooder, 0, quietOrders, 10, "U", 300_000));

            print(lines, "");
            print(lines, "RESULT quiet session (BROKER2) ack latency, ms:");
            print(lines, String.format("  %-28s p50 %9.2f   p99 %9.2f", "idle", p50(idle), p99(idle)));
            print(lines, String.format("  %-28s p50 %9.2f   p99 %9.2f", "idle again", p50(idleAgain), p99(idleAgain)));
            print(lines, String.format("  %-28s p50 %9.2f   p99 %9.2f", "flooded (paced " + floodRate + "/s)",
                p50(paced), p99(paced)));
            print(lines, String.format("  %-28s p50 %9.2f   p99 %9.2f", "flooded (unpaced)", p50(unpaced),
                p99(unpaced)));
            print(lines, String.format("RESULT p99 ratio flooded/idle (target <= 5): paced %.2f, unpaced %.2f " +
                "(against idle again: %.2f, %.2f)", p99(paced) / p99(idle), p99(unpaced) / p99(idle),
                p99(paced) / p99(idleAgain), p99(unpaced) / p99(idleAgain)));
            print(lines, String.format("RESULT quiet orders rejected: %d of %d (for capacity: %d); flood orders " +
                "answered exactly once: %s",
                idle.quietRejected.get() + paced.quietRejected.get() + idleAgain.quietRejected.get() +
                unpaced.quietRejected.get(),
                idle.quietAnswered.get() + paced.quietAnswered.get() + idleAgain.quietAnswered.get() +
                unpaced.quietAnswered.get(),
                paced.quietCapacityRejected.get() + unpaced.quietCapacityRejected.get(),
                allAnsweredOnce(paced) && allAnsweredOnce(unpaced) ? "yes" : "NO"));
        }
        write(lines);
    }

    private static boolean allAnsweredOnce(final FloodRun.Result result)
    {
        return result.floodFinal.get() == result.floodSent.get() && 0 == result.floodDuplicateFinals.get();
    }

    private static double p50(final FloodRun.Result result)
    {
        return result.quietLatencyNs.getValueAtPercentile(50) / 1e6;
    }

    private static double p99(final FloodRun.Result result)
    {
        return result.quietLatencyNs.getValueAtPercentile(99) / 1e6;
    }

    private static FloodRun.Result phase(final List<String> lines, final String phase, final FloodRun.Result result)
    {
        print(lines, String.format("%-22s %s | heap used %d MB", phase, result.summary(),
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1 << 20)));
        return result;
    }

    private static void print(final List<String> lines, final String line)
    {
        System.out.println(line);
        lines.add(line);
    }

    private static void write(final List<String> lines) throws IOException
    {
        final Path target = Path.of("target").toAbsolutePath();
        final Path file = Files.isDirectory(target) ? target.resolve("overload-probe.txt") :
            Path.of("overload-probe.txt").toAbsolutePath();
        Files.write(file, lines, StandardCharsets.UTF_8);
        System.out.println("written to " + file);
    }
}
