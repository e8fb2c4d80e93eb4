package io.peregrine.bench.book;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * A companion to {@link BookVsExchangeCoreBenchmark} for shared, loaded machines: replays whole passes of a stream
 * into matching-sim's and exchange-core's books, alternating the two pass by pass in one JVM, and reports each pass's
 * <em>thread CPU time</em> per command. CPU time leaves out the time the thread waits for a core, which dominates
 * wall-clock JMH numbers when other processes compete for the CPU; what remains (cache and memory effects of the
 * neighbours) hits both books alike because their passes alternate. It measures throughput only, no percentiles.
 * <p>
 * Usage: {@code java -cp latency-bench/target/benchmarks.jar <JVM flags> io.peregrine.bench.book.BookReplayCpuTime
 * [deep|shallow] [passes]} (defaults: deep, 20). Edge code: prints, allocates.
 */
public final class BookReplayCpuTime
{
    private BookReplayCpuTime()
    {
    }

    public static void main(final String[] args)
    {
        final String stream = args.length > 0 ? args[0] : "deep";
        final int passes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        final BookCommands commands = BookFlowGenerator.generate(BookFlow.preset(stream));
        System.out.println(commands.flow().describe());
        System.out.println(commands.stats().describe());

        final PeregrineReplay peregrine = new PeregrineReplay(commands, 1 << 16, TradeSink.NONE);
        final ExchangeCoreReplay exchangeCore = new ExchangeCoreReplay(commands, TradeSink.NONE);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final double[] ours = new double[passes];
        final double[] theirs = new double[passes];
        for (int pass = 0; pass < passes; pass++)
        {
            final long start = threads.getCurrentThreadCpuTime();
            peregrine.runPass();
            final long middle = threads.getCurrentThreadCpuTime();
            exchangeCore.runPass();
            final long end = threads.getCurrentThreadCpuTime();
            ours[pass] = (middle - start) / (double)commands.count();
            theirs[pass] = (end - middle) / (double)commands.count();
            System.out.printf(Locale.ROOT, "pass %2d: peregrine %6.1f ns/command, exchange-core %6.1f ns/command%n",
                pass + 1, ours[pass], theirs[pass]);
        }
        if (peregrine.failures() != 0 || exchangeCore.failures() != 0 || peregrine.trades() != exchangeCore.trades())
        {
            throw new IllegalStateException("the books disagree: failures " + peregrine.failures() + " / " +
                exchangeCore.failures() + ", trades " + peregrine.trades() + " / " + exchangeCore.trades());
        }
        final int warm = passes / 2;   // the second half: both plateaued (exchange-core needs 6-9 passes)
        final double oursMedian = median(ours, warm);
        final double theirsMedian = median(theirs, warm);
        System.out.printf(Locale.ROOT,
            "median of passes %d-%d: peregrine %.1f ns (%.2f M commands/s), exchange-core %.1f ns (%.2f M/s), " +
            "ratio %.2fx%n", warm + 1, passes, oursMedian, 1e3 / oursMedian, theirsMedian, 1e3 / theirsMedian,
            theirsMedian / oursMedian);
    }

    private static double median(final double[] values, final int from)
    {
        final double[] tail = Arrays.copyOfRange(values, from, values.length);
        Arrays.sort(tail);
        final int n = tail.length;
        return n % 2 == 1 ? tail[n / 2] : (tail[n / 2 - 1] + tail[n / 2]) / 2;
    }
}
