package io.peregrine.sim.engine;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.testsupport.ThreadAllocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After warm-up, submit/cancel/replace/match in a loop allocate nothing on the calling thread, in every measured
 * window.
 */
class MatchingEngineAllocationTest
{
    private static final long[] SYMBOLS = { PackedAscii.pack("AAPL"), PackedAscii.pack("MSFT") };
    private static final long[] ACCOUNTS = { PackedAscii.pack("ACC1"), PackedAscii.pack("ACC2") };
    private static final long TICK = 10_000;
    private static final long MID = 100_000_000;
    private static final int OPERATIONS = 1 << 16;

    /** Counts events in primitive fields so that the listener itself allocates nothing. */
    private static final class CountingListener implements MatchingListener
    {
        long events;
        long trades;
        long lastOrderId;

        public void onAccepted(long orderId, long account, long symbol, Side side, long price, long quantity)
        {
            events++;
            lastOrderId = orderId;
        }

        public void onRejected(long orderId, RejectReason reason)
        {
            events++;
        }

        public void onTrade(long symbol, long price, long quantity, long aggressorOrderId, long aggressorLeavesQty,
            long restingOrderId, long restingLeavesQty)
        {
            events++;
            trades++;
        }

        public void onCancelled(long orderId, long cancelledQuantity, boolean selfTradePrevention)
        {
            events++;
        }

        public void onExpired(long orderId, long expiredQuantity)
        {
            events++;
        }

        public void onReplaced(long orderId, long newPrice, long newQuantity, long leavesQuantity)
        {
            events++;
        }

        public void onCancelRejected(long orderId, RejectReason reason)
        {
            events++;
        }

        public void onReplaceRejected(long orderId, RejectReason reason)
        {
            events++;
        }
    }

    private final byte[] kinds = new byte[OPERATIONS];
    private final long[] prices = new long[OPERATIONS];
    private final long[] quantities = new long[OPERATIONS];
    private final int[] targets = new int[OPERATIONS];

    @Test
    @Timeout(60)
    void steadyStateMatchingAllocatesNothing()
    {
        final Random random = new Random(42);
        for (int i = 0; i < OPERATIONS; i++)
        {
            kinds[i] = (byte)random.nextInt(10);
            prices[i] = MID + TICK * (random.nextInt(21) - 10);
            quantities[i] = 1 + random.nextInt(200);
            targets[i] = random.nextInt(300);
        }

        final CountingListener listener = new CountingListener();
        final MatchingEngine engine = new MatchingEngine(listener, true, 100_000);
        for (final long symbol : SYMBOLS)
        {
            engine.addInstrument(symbol, TICK, 1);
        }

        final Runnable window = () ->
        {
            final long eventsBefore = listener.events;
            final long tradesBefore = listener.trades;
            for (int round = 0; round < 10; round++)
            {
                runOperations(engine);
            }
            assertTrue(listener.trades - tradesBefore > 10_000, "the loop must match");
            assertTrue(listener.events - eventsBefore > 500_000, "the loop must do work");
        };
        // The warm-up runs the measured window itself, its assertions included. It used to run the engine loop
        // alone, so the first measured window made the thread's first assertTrue call, which loads JUnit's classes on
        // this thread: all of the ~197 KB that window read (measured around each part of it; the engine's rounds read
        // 0 bytes each, from the first window on).
        for (int i = 0; i < 3; i++)
        {
            window.run();
        }

        ThreadAllocation.ofCurrentThread().assertEveryWindowAllocatesNothing(
            10 * OPERATIONS + " engine operations", 5, window);
    }

    private void runOperations(final MatchingEngine engine)
    {
        for (int i = 0; i < OPERATIONS; i++)
        {
            final long symbol = SYMBOLS[i & 1];
            final long account = ACCOUNTS[(i >> 1) & 1];
            final long recent = engine.lastOrderId() - targets[i];
            switch (kinds[i])
            {
                case 0, 1, 2, 3 ->
                    engine.submit(account, symbol, (i & 4) == 0 ? Side.BUY : Side.SELL, OrdType.LIMIT,
                        TimeInForce.DAY, prices[i], quantities[i]);
                case 4 -> engine.submit(account, symbol, (i & 4) == 0 ? Side.BUY : Side.SELL, OrdType.LIMIT,
                    (i & 8) == 0 ? TimeInForce.IOC : TimeInForce.FOK, prices[i], quantities[i]);
                case 5 -> engine.submit(account, symbol, (i & 4) == 0 ? Side.BUY : Side.SELL, OrdType.MARKET,
                    TimeInForce.IOC, 0, quantities[i]);
                case 6, 7 -> engine.cancel(recent);
                default -> engine.replace(recent, prices[i], quantities[i] + 50);
            }
        }
    }
}
