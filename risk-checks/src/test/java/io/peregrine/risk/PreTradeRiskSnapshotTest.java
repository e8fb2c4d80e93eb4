package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.peregrine.risk.RiskFixture.ACC1;
import static io.peregrine.risk.RiskFixture.ACC2;
import static io.peregrine.risk.RiskFixture.AAPL;
import static io.peregrine.risk.RiskFixture.MSFT;

/**
 * A risk instance restored from {@link PreTradeRisk#snapshotTo} decides every later call exactly as the original:
 * random new orders, fills, closes, kill switches and limit updates over a small ClOrdID window (so the window
 * wraps and its floor is part of the state) and a tight rate limit, snapshot at a random point, then the same
 * random tail applied to both; every decision equal and the final snapshots byte-equal, for many seeds.
 */
class PreTradeRiskSnapshotTest
{

    @Test
    void restoredRiskDecidesLikeTheOriginalAcrossSeeds()
    {
        for (int seed = 1; seed <= 50; seed++)
        {
            final Random random = new Random(seed);
            final PreTradeRisk original = PreTradeRisk.inMemory(limits());
            final List<long[]> open = new ArrayList<>();
            final long[] clock = {1_000_000_000L};
            final long[] nextClOrdId = {1};
            for (int i = 0; i < 200 + random.nextInt(300); i++)
            {
                step(original, random, open, clock, nextClOrdId, null);
            }
            final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(1024);
            final int length = original.snapshotTo(snapshot, 0);

            final PreTradeRisk restored = PreTradeRisk.inMemory(limits());
            assertEquals(length, restored.restoreFrom(snapshot, 0), "seed " + seed + ": read what was written");
            final List<long[]> openCopy = new ArrayList<>();
            open.forEach((order) -> openCopy.add(order.clone()));
            final long seedOfTail = random.nextLong();
            final List<String> originalDecisions = new ArrayList<>();
            final List<String> restoredDecisions = new ArrayList<>();
            final Random tailA = new Random(seedOfTail);
            final Random tailB = new Random(seedOfTail);
            final long[] clockA = clock.clone();
            final long[] clockB = clock.clone();
            final long[] idsA = nextClOrdId.clone();
            final long[] idsB = nextClOrdId.clone();
            for (int i = 0; i < 300; i++)
            {
                step(original, tailA, open, clockA, idsA, originalDecisions);
                step(restored, tailB, openCopy, clockB, idsB, restoredDecisions);
            }
            assertEquals(originalDecisions, restoredDecisions, "seed " + seed + ": same decisions after restore");
            final ExpandableArrayBuffer a = new ExpandableArrayBuffer(1024);
            final ExpandableArrayBuffer b = new ExpandableArrayBuffer(1024);
            final int lengthA = original.snapshotTo(a, 0);
            final int lengthB = restored.snapshotTo(b, 0);
            assertEquals(lengthA, lengthB);
            final byte[] bytesA = new byte[lengthA];
            final byte[] bytesB = new byte[lengthB];
            a.getBytes(0, bytesA);
            b.getBytes(0, bytesB);
            assertArrayEquals(bytesA, bytesB, "seed " + seed + ": equal state, equal bytes");
        }
    }

    private static RiskLimits limits()
    {
        return RiskLimits.demo().withSettings("risk.clOrdIdWindow", "16",
            "account.ACC1.maxOrdersPerSecond", "50",
            "account.ACC2.maxOrdersPerSecond", "50");
    }

    /** One random call; an open order is {account, symbol, side, price, leaves}. */
    private static void step(
        final PreTradeRisk risk, final Random random, final List<long[]> open, final long[] clock,
        final long[] nextClOrdId, final List<String> decisions)
    {
        clock[0] += random.nextInt(40_000_000);
        final int action = random.nextInt(100);
        if (action < 50 || open.isEmpty())
        {
            final long account = random.nextBoolean() ? ACC1 : ACC2;
            final long symbol = random.nextBoolean() ? AAPL : MSFT;
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final long price = (symbol == AAPL ? 190 : 420) * Prices.SCALE;
            final long qty = 1 + random.nextInt(200);
            // Mostly new ids, sometimes an old one (a duplicate, or below the window's floor).
            final long clOrdId = random.nextInt(10) == 0 ? 1 + random.nextInt((int)nextClOrdId[0]) : nextClOrdId[0]++;
            final RejectReason reason =
                risk.evaluateNewOrder(new RiskReservation(), account, symbol, clOrdId, side, OrdType.LIMIT, price, qty,
                    clock[0]);
            record(decisions, "new " + clOrdId + " " + reason);
            if (RejectReason.NONE == reason)
            {
                open.add(new long[]{ account, symbol, side.value(), price, qty });
            }
        }
        else if (action < 75)
        {
            final long[] order = open.get(random.nextInt(open.size()));
            final long fill = Math.min(order[4], 1 + random.nextInt(100));
            risk.onFill(order[0], order[1], Side.get((short)order[2]), order[3], fill, order[3]);
            order[4] -= fill;
            if (0 == order[4])
            {
                risk.onOrderClosed(order[0], order[1], Side.get((short)order[2]), order[3], 0);
                open.remove(order);
            }
        }
        else if (action < 92)
        {
            final long[] order = open.remove(random.nextInt(open.size()));
            risk.onOrderClosed(order[0], order[1], Side.get((short)order[2]), order[3], order[4]);
        }
        else if (action < 96)
        {
            record(decisions, "kill " + (random.nextBoolean() ? risk.killAccount(ACC2) : risk.resumeAccount(ACC2)));
        }
        else
        {
            final RejectReason reason = risk.applyLimitUpdate(ACC1, PackedAscii.BLANK,
                new LimitType[]{ LimitType.MAX_POSITION }, new long[]{ 500 + random.nextInt(5_000) }, 1);
            record(decisions, "limits " + reason);
        }
        record(decisions, "position " + risk.position(ACC1, AAPL) + " " + risk.position(ACC2, MSFT) + " open " +
            risk.openOrders(ACC1) + " " + risk.openNotional(ACC2));
    }

    private static void record(final List<String> decisions, final String decision)
    {
        if (null != decisions)
        {
            decisions.add(decision);
        }
    }
}
