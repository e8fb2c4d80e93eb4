package io.peregrine.bench.book;

import io.peregrine.bench.ForkedBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.concurrent.TimeUnit;

/**
 * matching-sim's {@code MatchingEngine} against exchange-core 0.5.3's {@code OrderBookDirectImpl}, one command per
 * operation, on the same pre-generated realistic stream ({@link BookFlow}: {@code deep} or {@code shallow}), in one
 * JMH run: throughput (ops/us, i.e. millions of commands per second) and sample time (per-command latency
 * percentiles, us).
 * <p>
 * Both replay the same 1,000,000-command steady state (plus its ramp and drain) in a loop, order ids shifted each pass
 * ({@link PeregrineReplay}, {@link ExchangeCoreReplay}). Each fork builds only the book it measures. exchange-core needs
 * 6-9 passes over a million commands to reach its plateau, so both get 10 one-second warm-up iterations (tens of
 * passes). A setup check fails the trial if a book refused a command or the two disagree on the trades of the first
 * pass (the full differential check is {@code BookVsExchangeCoreDifferentialTest}).
 */
@State(Scope.Thread)
@Warmup(iterations = 10, time = 1)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BookVsExchangeCoreBenchmark extends ForkedBenchmark
{
    /** Resting orders matching-sim's book is sized for: far above the ~1,100-2,200 the streams keep live. */
    private static final int PEREGRINE_CAPACITY = 1 << 16;

    /** {@code deep} (~1,000 orders over ~450 levels per side) or {@code shallow} (~2,000 orders over 20 per side). */
    @Param({ "deep", "shallow" })
    public String stream;

    /** Steady-state commands of the stream. */
    @Param({ "1000000" })
    public int commands;

    private PeregrineReplay peregrine;
    private ExchangeCoreReplay exchangeCore;

    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params)
    {
        setUp(params.getBenchmark());
    }

    void setUp(final String benchmark)
    {
        final BookCommands stream = BookFlowGenerator.generate(BookFlow.preset(this.stream).commands(commands));
        System.out.println();
        System.out.println(stream.flow().describe());
        System.out.println(stream.stats().describe());
        if (benchmark.endsWith(".peregrine"))
        {
            peregrine = new PeregrineReplay(stream, PEREGRINE_CAPACITY, TradeSink.NONE);
            peregrine.runPass();
            check(peregrine.failures(), peregrine.trades(), stream);
        }
        else
        {
            exchangeCore = new ExchangeCoreReplay(stream, TradeSink.NONE);
            exchangeCore.runPass();
            check(exchangeCore.failures(), exchangeCore.trades(), stream);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        final long failures = peregrine != null ? peregrine.failures() : exchangeCore.failures();
        if (failures != 0)
        {
            throw new IllegalStateException(failures + " commands were refused during the measurement");
        }
    }

    /**
     * One command into matching-sim's {@code MatchingEngine}.
     *
     * @return events so far, so the work cannot be optimised away.
     */
    @Benchmark
    public long peregrine()
    {
        return peregrine.next();
    }

    /**
     * One command into exchange-core's {@code OrderBookDirectImpl}.
     *
     * @return events so far, so the work cannot be optimised away.
     */
    @Benchmark
    public long exchangeCore()
    {
        return exchangeCore.next();
    }

    private static void check(final long failures, final long trades, final BookCommands stream)
    {
        if (failures != 0 || trades != stream.stats().trades())
        {
            throw new IllegalStateException("the book under test does not replay the stream as generated: " +
                failures + " refused commands, " + trades + " trades instead of " + stream.stats().trades());
        }
    }
}
