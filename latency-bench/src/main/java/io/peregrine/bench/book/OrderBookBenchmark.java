package io.peregrine.bench.book;

import io.peregrine.bench.ForkedBenchmark;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sim.engine.MatchingEngine;
import io.peregrine.sim.engine.MatchingListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Measures one matching-engine operation (ops/s and per-op latency) on one book under a 50% place / 35% cancel /
 * 10% replace / 5% marketable mix.
 * <p>
 * The book holds ~2,000 resting orders over ~40 levels. Places rest (bids below the mid, asks above it, denser near
 * the mid); cancels and replaces pick a live order (replaces: half lower the quantity keeping priority, half move the
 * price a tick, never crossing); marketable orders are IOCs sweeping the top levels, sized in proportion to the book
 * so that it stays near its target size without bending the mix. The operation stream is generated up front from a
 * fixed seed, so the measured loop only indexes primitive arrays. The benchmark is its own listener and tracks the
 * live order ids (a swap-remove array plus id-indexed rings); that bookkeeping, a few array writes per event, is
 * included in the time.
 */
@State(Scope.Thread)
@Measurement(iterations = 5, time = 2)
public class OrderBookBenchmark extends ForkedBenchmark implements MatchingListener
{
    private static final long SYMBOL = PackedAscii.pack("AAPL");
    private static final long[] ACCOUNTS = { PackedAscii.pack("ACC1"), PackedAscii.pack("ACC2") };
    private static final long TICK = 10_000;                    // 0.01
    private static final long LOT = 100;
    private static final long MID = 190_000_000;                // 190.00
    private static final int MAX_TICKS_FROM_MID = 20;
    private static final int TARGET_LIVE_ORDERS = 2_000;
    private static final int CAPACITY = 1 << 16;

    private static final byte PLACE = 0;
    private static final byte CANCEL = 1;
    private static final byte REPLACE = 2;
    private static final byte MARKETABLE = 3;

    private static final int OPERATIONS = 1 << 20;
    private static final int OPERATIONS_MASK = OPERATIONS - 1;
    private static final int ID_RING = 1 << 20;                // live orders are far younger than 2^20 ids
    private static final int ID_RING_MASK = ID_RING - 1;

    private final byte[] kinds = new byte[OPERATIONS];
    private final byte[] buys = new byte[OPERATIONS];
    private final byte[] ticks = new byte[OPERATIONS];
    private final byte[] lots = new byte[OPERATIONS];
    private final int[] picks = new int[OPERATIONS];

    private final long[] liveIds = new long[CAPACITY];
    private final int[] positionById = new int[ID_RING];
    private final long[] priceById = new long[ID_RING];
    private final long[] quantityById = new long[ID_RING];
    private int liveCount;

    private MatchingEngine engine;
    private int cursor;
    private long events;
    private boolean resting;
    private long mixAdjustments;

    @Setup(Level.Trial)
    public void setUp()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < OPERATIONS; i++)
        {
            final int dice = random.nextInt(100);
            kinds[i] = dice < 50 ? PLACE : dice < 85 ? CANCEL : dice < 95 ? REPLACE : MARKETABLE;
            buys[i] = (byte)random.nextInt(2);
            ticks[i] = (byte)(1 + random.nextInt(1 + random.nextInt(MAX_TICKS_FROM_MID))); // denser near the mid
            lots[i] = (byte)(1 + random.nextInt(10));
            picks[i] = random.nextInt(Integer.MAX_VALUE);
        }

        engine = new MatchingEngine(this, false, CAPACITY);
        engine.addInstrument(SYMBOL, TICK, LOT);
        for (int i = 0; liveCount < TARGET_LIVE_ORDERS; i++)
        {
            place(i & OPERATIONS_MASK);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long mixedThroughput()
    {
        return operation();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long mixedLatency()
    {
        return operation();
    }

    private long operation()
    {
        final int i = cursor++ & OPERATIONS_MASK;
        switch (kinds[i])
        {
            case PLACE:
                place(i);
                break;
            case CANCEL:
                cancel(i);
                break;
            case REPLACE:
                replace(i);
                break;
            default:
                marketable(i);
                break;
        }
        return events;
    }

    private void place(final int i)
    {
        if (liveCount >= 2 * TARGET_LIVE_ORDERS)   // a guard only: the sweep size keeps the book near its target
        {
            mixAdjustments++;
            cancel(i);
            return;
        }
        final boolean buy = buys[i] != 0;
        final long price = buy ? MID - ticks[i] * TICK : MID + ticks[i] * TICK;
        resting = true;
        engine.submit(ACCOUNTS[i & 1], SYMBOL, buy ? Side.BUY : Side.SELL, OrdType.LIMIT, TimeInForce.DAY, price,
            lots[i] * LOT);
    }

    private void cancel(final int i)
    {
        if (liveCount < TARGET_LIVE_ORDERS / 2)
        {
            mixAdjustments++;
            place(i);
            return;
        }
        engine.cancel(liveIds[picks[i] % liveCount]);
    }

    private void replace(final int i)
    {
        if (liveCount == 0)
        {
            mixAdjustments++;
            place(i);
            return;
        }
        final long orderId = liveIds[picks[i] % liveCount];
        final int slot = (int)(orderId & ID_RING_MASK);
        final long price = priceById[slot];
        final long quantity = quantityById[slot];
        if ((picks[i] & 1) == 0 && quantity > LOT)
        {
            engine.replace(orderId, price, quantity - LOT);                       // keeps time priority
        }
        else
        {
            final long moved = price + (price < MID ? -TICK : TICK) * (1 - 2 * (picks[i] >>> 1 & 1));
            engine.replace(orderId, moved == MID ? price : moved, quantity);   // loses it, never crosses
        }
    }

    private void marketable(final int i)
    {
        final boolean buy = buys[i] != 0;
        final long limit = buy ? MID + 3 * TICK : MID - 3 * TICK;
        // Sweeps grow with the book, which holds it near its target size without changing the operation mix.
        final long quantity = Math.max(1, (12L + lots[i]) * liveCount / TARGET_LIVE_ORDERS) * LOT;
        resting = false;
        engine.submit(ACCOUNTS[i & 1], SYMBOL, buy ? Side.BUY : Side.SELL, OrdType.LIMIT, TimeInForce.IOC, limit,
            quantity);
    }

    private void addLive(final long orderId, final long price, final long quantity)
    {
        final int slot = (int)(orderId & ID_RING_MASK);
        positionById[slot] = liveCount;
        priceById[slot] = price;
        quantityById[slot] = quantity;
        liveIds[liveCount++] = orderId;
    }

    private void removeLive(final long orderId)
    {
        final int position = positionById[(int)(orderId & ID_RING_MASK)];
        final long last = liveIds[--liveCount];
        liveIds[position] = last;
        positionById[(int)(last & ID_RING_MASK)] = position;
    }

    public void onAccepted(
        final long orderId, final long account, final long symbol, final Side side, final long price,
        final long quantity)
    {
        events++;
        if (resting)
        {
            addLive(orderId, price, quantity);
        }
    }

    public void onRejected(final long orderId, final RejectReason reason)
    {
        throw new IllegalStateException("benchmark order rejected: " + reason);
    }

    public void onTrade(
        final long symbol, final long price, final long quantity, final long aggressorOrderId,
        final long aggressorLeavesQty, final long restingOrderId, final long restingLeavesQty)
    {
        events++;
        if (restingLeavesQty == 0)
        {
            removeLive(restingOrderId);
        }
    }

    public void onCancelled(final long orderId, final long cancelledQuantity, final boolean selfTradePrevention)
    {
        events++;
        removeLive(orderId);
    }

    public void onExpired(final long orderId, final long expiredQuantity)
    {
        events++;
    }

    public void onReplaced(final long orderId, final long newPrice, final long newQuantity, final long leavesQuantity)
    {
        events++;
        final int slot = (int)(orderId & ID_RING_MASK);
        priceById[slot] = newPrice;
        quantityById[slot] = newQuantity;
    }

    public void onCancelRejected(final long orderId, final RejectReason reason)
    {
        throw new IllegalStateException("benchmark cancel rejected: " + orderId);
    }

    public void onReplaceRejected(final long orderId, final RejectReason reason)
    {
        events++;   // a quantity-down below the filled quantity; rare and harmless
    }
}
