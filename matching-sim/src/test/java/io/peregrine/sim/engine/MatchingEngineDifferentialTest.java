package io.peregrine.sim.engine;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds the fast engine and {@link ReferenceMatchingEngine} the same seeded stream of mixed operations and requires
 * identical events after every operation and identical books (levels, order ids in priority, quantities). Also
 * checks that queries made from inside callbacks already reflect each event.
 */
class MatchingEngineDifferentialTest
{
    private static final int OPERATIONS = 100_000;
    private static final long TICK = 10_000;          // 0.01
    private static final long LOT = 10;
    private static final long MID = 1_000_000_000;    // 1000.00: 100,000 ticks, so wide ranges stay positive
    private static final long[] SYMBOLS = { PackedAscii.pack("AAPL"), PackedAscii.pack("MSFT") };
    private static final long UNKNOWN_SYMBOL = PackedAscii.pack("NOPE");
    private static final long[] ACCOUNTS =
        { PackedAscii.pack("ACC1"), PackedAscii.pack("ACC2"), PackedAscii.pack("ACC3"), PackedAscii.pack("ACC4") };

    @ParameterizedTest(name = "seed={0} stp={1} capacity={2} priceRange={3} ticks")
    @CsvSource({
        "1, false, 100000, 8",
        "2, true, 100000, 8",
        "3, false, 12, 8",
        "4, true, 12, 8",
        "5, false, 100000, 60",
        // Wider than the book's 65,536-tick price ladder: levels also go to its sorted overflow and the window moves.
        "6, false, 100000, 45000",
        "7, true, 12, 45000",
    })
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void fastEngineBehavesExactlyLikeTheReferenceBook(
        final long seed, final boolean stp, final int capacity, final int priceRange)
    {
        final StateCheckingListener checker = new StateCheckingListener();
        final RecordingListener listener = checker.recorder;
        final MatchingEngine engine = new MatchingEngine(checker, stp, capacity);
        checker.engine = engine;
        final List<String> referenceEvents = new ArrayList<>();
        final ReferenceMatchingEngine reference = new ReferenceMatchingEngine(referenceEvents, stp, capacity);
        for (final long symbol : SYMBOLS)
        {
            engine.addInstrument(symbol, TICK, LOT);
            reference.addInstrument(symbol, TICK, LOT);
        }

        final Random random = new Random(seed);
        final int[] counts = new int[8];
        final Map<String, Integer> coverage = new TreeMap<>();
        for (int op = 0; op < OPERATIONS; op++)
        {
            final String description = applyRandomOperation(random, engine, reference, counts, priceRange);
            final List<String> actual = listener.drain();
            final List<String> expected = new ArrayList<>(referenceEvents);
            referenceEvents.clear();
            final int index = op;
            assertEquals(expected, actual, () -> "events differ at op " + index + ": " + description);
            assertEquals(List.of(), checker.violations, () -> "state seen by the listener at op " + index);
            for (final String event : actual)
            {
                coverage.merge(kindOf(event), 1, Integer::sum);
            }

            for (final long symbol : SYMBOLS)
            {
                assertEquals(reference.bestBid(symbol), engine.bestBid(symbol), description);
                assertEquals(reference.bestAsk(symbol), engine.bestAsk(symbol), description);
            }
            if (op % 2_000 == 0)
            {
                assertSameBooks(engine, reference, description);
            }
        }
        assertSameBooks(engine, reference, "end");
        for (long orderId = 1; orderId <= engine.lastOrderId(); orderId += 7)
        {
            assertEquals(reference.restingQuantity(orderId), engine.restingQuantity(orderId), "order " + orderId);
        }

        // The stream must actually exercise every operation and every outcome, or the comparison proves little.
        for (int i = 0; i < counts.length; i++)
        {
            final int kind = i;
            assertTrue(counts[i] > 100, () -> "operation kind " + kind + " ran only " + counts[kind] + " times");
        }
        for (final String kind : new String[]{ "ACCEPTED", "TRADE resting-done", "TRADE resting-partial", "EXPIRED",
            "CANCELLED", "REPLACED", "REJECTED reason=UNKNOWN_INSTRUMENT", "REJECTED reason=INVALID_QUANTITY",
            "REJECTED reason=LOT_SIZE_VIOLATION", "REJECTED reason=TICK_SIZE_VIOLATION",
            "REJECTED reason=INVALID_PRICE", "REJECTED reason=QUANTITY_ABOVE_MAX",
            "CANCEL_REJECTED reason=UNKNOWN_ORDER",
            "REPLACE_REJECTED reason=UNKNOWN_ORDER", "REPLACE_REJECTED reason=INVALID_REPLACE",
            "REPLACE_REJECTED reason=TICK_SIZE_VIOLATION", "REPLACE_REJECTED reason=LOT_SIZE_VIOLATION" })
        {
            assertCovered(coverage, kind);
        }
        if (stp)
        {
            assertCovered(coverage, "CANCELLED stp");
        }
        else
        {
            assertFalse(coverage.containsKey("CANCELLED stp"), "self-trade prevention is off");
        }
        if (capacity < 1000)
        {
            assertCovered(coverage, "REJECTED reason=ORDER_CAPACITY_EXHAUSTED");
        }
    }

    private static String kindOf(final String event)
    {
        final String kind = event.substring(0, event.indexOf(' '));
        if (event.contains("reason="))
        {
            return kind + " " + event.substring(event.indexOf("reason="));
        }
        if (kind.equals("CANCELLED"))
        {
            return kind + (event.endsWith("stp=true") ? " stp" : "");
        }
        if (kind.equals("TRADE"))
        {
            return kind + (event.endsWith("restingLeaves=0") ? " resting-done" : " resting-partial");
        }
        return kind;
    }

    private static void assertCovered(final Map<String, Integer> coverage, final String kind)
    {
        assertTrue(coverage.getOrDefault(kind, 0) > 20, () -> kind + " too rare: " + coverage);
    }

    private static void assertSameBooks(
        final MatchingEngine engine, final ReferenceMatchingEngine reference, final String description)
    {
        for (final long symbol : SYMBOLS)
        {
            assertEquals(reference.snapshot(symbol), BookSnapshot.of(engine.book(symbol)),
                "book " + PackedAscii.unpack(symbol) + " after " + description);
        }
    }

    private static String applyRandomOperation(
        final Random random,
        final MatchingEngine engine,
        final ReferenceMatchingEngine reference,
        final int[] counts,
        final int priceRange)
    {
        final int dice = random.nextInt(100);
        if (dice < 55)
        {
            final long account = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
            final long symbol = random.nextInt(100) == 0 ? UNKNOWN_SYMBOL : SYMBOLS[random.nextInt(SYMBOLS.length)];
            final Side side = pickSide(random);
            final OrdType ordType = pickOrdType(random);
            final TimeInForce tif = pickTimeInForce(random);
            final long price = pickPrice(random, side, priceRange);
            final long quantity = pickQuantity(random);
            final String description = "submit " + side + " " + ordType + " " + tif + " " + price + " x " +
                quantity + " account " + account + " symbol " + symbol;

            final long id = engine.submit(account, symbol, side, ordType, tif, price, quantity);
            final long referenceId = reference.submit(account, symbol, side, ordType, tif, price, quantity);
            assertEquals(referenceId, id, description);
            counts[ordType == OrdType.MARKET ? 0 : tif == TimeInForce.FOK ? 1 : tif == TimeInForce.IOC ? 2 : 3]++;
            return description;
        }

        final long orderId = pickTarget(random, engine);
        if (dice < 80)
        {
            engine.cancel(orderId);
            reference.cancel(orderId);
            counts[4]++;
            return "cancel " + orderId;
        }

        final long restingPrice = engine.restingPrice(orderId);
        final int kind = random.nextInt(10);
        final long newPrice;
        final long newQuantity;
        if (kind < 4)
        {
            newPrice = restingPrice > 0 ? restingPrice : MID + TICK * (random.nextInt(9) - 4);
            newQuantity = LOT * (1 + random.nextInt(15));         // down or up at same price
            counts[5]++;
        }
        else if (kind < 8)
        {
            newPrice = MID + TICK * (random.nextInt(13) - 6);     // price change, often marketable
            newQuantity = LOT * (1 + random.nextInt(20));
            counts[6]++;
        }
        else
        {
            newPrice = random.nextBoolean() ? MID + 3 : (random.nextInt(4) == 0 ? 0 : MID);
            newQuantity = random.nextBoolean() ? LOT * random.nextInt(3) : LOT + 1; // bad tick/lot/zero/<= filled
            counts[7]++;
        }
        engine.replace(orderId, newPrice, newQuantity);
        reference.replace(orderId, newPrice, newQuantity);
        return "replace " + orderId + " " + newPrice + " x " + newQuantity + " (resting at " + restingPrice + ")";
    }

    private static long pickTarget(final Random random, final MatchingEngine engine)
    {
        final long lastOrderId = engine.lastOrderId();
        final int dice = random.nextInt(20);
        if (dice == 0)
        {
            return lastOrderId + 1 + random.nextInt(3);   // not yet assigned
        }
        if (dice == 1)
        {
            return random.nextBoolean() ? 0 : -random.nextInt(5);
        }
        if (dice < 6)
        {
            return Math.max(1, lastOrderId - random.nextInt(200));  // often filled, cancelled or expired already
        }
        for (int attempt = 0; attempt < 30; attempt++)                // mostly a resting order
        {
            final long orderId = Math.max(1, lastOrderId - random.nextInt(400));
            if (engine.restingQuantity(orderId) > 0)
            {
                return orderId;
            }
        }
        return lastOrderId;
    }

    private static Side pickSide(final Random random)
    {
        final int dice = random.nextInt(200);
        if (dice == 0)
        {
            return random.nextBoolean() ? null : Side.NULL_VAL;
        }
        return dice % 2 == 0 ? Side.BUY : Side.SELL;
    }

    private static OrdType pickOrdType(final Random random)
    {
        final int dice = random.nextInt(200);
        if (dice == 0)
        {
            return OrdType.NULL_VAL;
        }
        return dice < 14 ? OrdType.MARKET : OrdType.LIMIT;
    }

    private static TimeInForce pickTimeInForce(final Random random)
    {
        final int dice = random.nextInt(200);
        if (dice == 0)
        {
            return TimeInForce.NULL_VAL;
        }
        if (dice < 70)
        {
            return TimeInForce.DAY;
        }
        if (dice < 120)
        {
            return TimeInForce.GTC;
        }
        return dice < 160 ? TimeInForce.IOC : TimeInForce.FOK;
    }

    private static long pickPrice(final Random random, final Side side, final int priceRange)
    {
        final int dice = random.nextInt(100);
        if (dice == 0)
        {
            return random.nextBoolean() ? 0 : -TICK;
        }
        if (dice < 3)
        {
            return MID + 1;                                   // off tick
        }
        // Clustered around the mid, overlapping the other side, so that many orders cross and many rest.
        final int offset = random.nextInt(2 * priceRange + 1) - priceRange + (side == Side.BUY ? -3 : 3);
        return MID + TICK * offset;
    }

    private static long pickQuantity(final Random random)
    {
        final int dice = random.nextInt(100);
        if (dice == 0)
        {
            final int bad = random.nextInt(3);
            return bad == 0 ? 0 : bad == 1 ? -LOT : Long.MAX_VALUE - Long.MAX_VALUE % LOT;
        }
        if (dice < 3)
        {
            return LOT * 3 + 7;                               // off lot
        }
        return LOT * (1 + random.nextInt(random.nextInt(10) == 0 ? 60 : 12));
    }
}
