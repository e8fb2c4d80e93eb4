package io.peregrine.bench.risk;

import io.peregrine.bench.BenchmarkLimits;
import io.peregrine.bench.DirectoryTree;
import io.peregrine.bench.ForkedBenchmark;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.risk.PreTradeRisk;
import io.peregrine.risk.RiskReservation;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Measures one full pre-trade risk evaluation of a passing LIMIT order (every check of PreTradeRisk, demo limits)
 * plus the bookkeeping that releases it again, so the state does not grow; in memory and with Chronicle Map
 * persistence. Each operation ends with {@code flush()}, the core's end of a duty cycle, where the persistent store
 * writes the cycle's fills.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@State(Scope.Thread)
public class RiskCheckBenchmark extends ForkedBenchmark
{
    private static final long ACC1 = PackedAscii.pack("ACC1");
    private static final long AAPL = PackedAscii.pack("AAPL");
    private static final long PRICE = Prices.parse("190.00");
    private static final long FILL_PRICE = Prices.parse("189.99");
    private static final int FILLS_PER_CYCLE = 8;

    @Param({ "inMemory", "persistent" })
    public String store;

    private PreTradeRisk risk;
    private final RiskReservation order = new RiskReservation();
    private Path stateDir;
    private long clOrdId;
    private long nowNanos;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        if ("persistent".equals(store))
        {
            stateDir = Files.createTempDirectory("peregrine-risk-bench");
            risk = PreTradeRisk.persistent(BenchmarkLimits.unthrottledDemo(), stateDir);
        }
        else
        {
            risk = PreTradeRisk.inMemory(BenchmarkLimits.unthrottledDemo());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        risk.close();
        DirectoryTree.delete(stateDir);
    }

    /**
     * evaluateNewOrder of a passing order, then onOrderClosed of its full quantity (a cancel).
     */
    @Benchmark
    public RejectReason evaluateAndCancel()
    {
        nowNanos += 1_000; // 1M orders/s: the benchmark limits lift the demo's rate limit
        final RejectReason reason =
            risk.evaluateNewOrder(order, ACC1, AAPL, ++clOrdId, Side.BUY, OrdType.LIMIT, PRICE, 100, nowNanos);
        risk.onOrderClosed(order);
        risk.flush(); // the core's end of duty cycle: nothing to write here (no fill)
        return reason;
    }

    /**
     * evaluateNewOrder of a passing order, a partial fill (persisted at the end of the duty cycle when persistent) and the
     * close of the rest; sides alternate so the position stays flat.
     */
    @Benchmark
    public RejectReason evaluateFillAndClose()
    {
        nowNanos += 1_000;
        final Side side = (++sequence & 1) == 0 ? Side.BUY : Side.SELL;
        final RejectReason reason =
            risk.evaluateNewOrder(order, ACC1, AAPL, ++clOrdId, side, OrdType.LIMIT, PRICE, 100, nowNanos);
        risk.onFill(order, 40, FILL_PRICE);
        risk.onOrderClosed(order);
        risk.flush(); // one fill per duty cycle: persistent, the position and notional writes happen here
        return reason;
    }

    /**
     * As {@link #evaluateFillAndClose()}, eight orders to a duty cycle (a burst): the persistent store writes the
     * position and the notional once per cycle, not once per fill. Per order.
     */
    @Benchmark
    @OperationsPerInvocation(FILLS_PER_CYCLE)
    public RejectReason evaluateFillAndCloseEightPerCycle()
    {
        RejectReason reason = RejectReason.NONE;
        for (int i = 0; i < FILLS_PER_CYCLE; i++)
        {
            nowNanos += 1_000;
            final Side side = (++sequence & 1) == 0 ? Side.BUY : Side.SELL;
            reason = risk.evaluateNewOrder(order, ACC1, AAPL, ++clOrdId, side, OrdType.LIMIT, PRICE, 100, nowNanos);
            risk.onFill(order, 40, FILL_PRICE);
            risk.onOrderClosed(order);
        }
        risk.flush();
        return reason;
    }
}
