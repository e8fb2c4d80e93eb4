package io.peregrine.risk;

import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.peregrine.risk.RiskFixture.px;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential test: random sequences of new orders (limit and market), partial and full fills, cancels, venue
 * rejects, replaces and reverted replaces drive {@link PreTradeRisk} and a plain, obviously correct model side by
 * side. After every step positions, open buy/sell quantity, open orders and daily notional must agree, and so must
 * the accept/reject decision of the stateful checks (position, credit, open orders, duplicate id).
 */
@Timeout(120)
class ExposureBookkeepingRandomizedTest
{
    private static final String[] ACCOUNTS = { "ACC1", "ACC2" };
    private static final String[] SYMBOLS = { "AAPL", "MSFT" };
    private static final long MAX_POSITION = 1_500;
    private static final long DAILY_NOTIONAL = px("3000000.00");
    private static final int MAX_OPEN_ORDERS = 8;

    private static final class Order
    {
        String account;
        String symbol;
        Side side;
        boolean market;
        long price;
        long leaves;
    }

    private final Map<String, Long> position = new HashMap<>();
    private final Map<String, Long> executed = new HashMap<>();
    private final List<Order> open = new ArrayList<>();
    private final Map<String, List<Long>> usedIds = new HashMap<>();
    private RiskLimits limits;
    private Random random;
    private long nextId = 1;
    private int accepted;
    private int rejectedByState;

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3, 42, 20261121 })
    void bookkeepingMatchesAPlainModel(final long seed)
    {
        random = new Random(seed);
        limits = RiskFixture.limits(
            "account.ACC1.maxOrderNotional", "1000000.00",
            "account.ACC1.maxPosition", Long.toString(MAX_POSITION),
            "account.ACC1.dailyNotional", "3000000.00",
            "account.ACC1.maxOpenOrders", Integer.toString(MAX_OPEN_ORDERS),
            "account.ACC1.restrictedSymbols", "",
            "account.ACC2.maxOrderQty", "500",
            "account.ACC2.maxOrderNotional", "1000000.00",
            "account.ACC2.maxPosition", Long.toString(MAX_POSITION),
            "account.ACC2.dailyNotional", "3000000.00",
            "account.ACC2.maxOpenOrders", Integer.toString(MAX_OPEN_ORDERS),
            "account.ACC2.maxOrdersPerSecond", "1000000",
            "account.ACC2.restrictedSymbols", "");

        try (PreTradeRisk risk = PreTradeRisk.inMemory(limits))
        {
            for (int step = 0; step < 20_000; step++)
            {
                final int op = random.nextInt(100);
                if (op < 40)
                {
                    newOrder(risk);
                }
                else if (op < 65)
                {
                    fill(risk);
                }
                else if (op < 80)
                {
                    close(risk);
                }
                else if (op < 99)
                {
                    replace(risk);
                }
                else if (random.nextInt(5) == 0)
                {
                    risk.startNewDay();
                    executed.clear();
                    usedIds.clear();
                }
                assertSameState(risk, seed, step);
            }
            assertEquals(0, risk.bookkeepingAnomalies());
        }
        assertTrue(accepted > 1_000, "accepted " + accepted);
        assertTrue(rejectedByState > 100, "the limits must be reached often, rejected " + rejectedByState);
    }

    private void newOrder(final PreTradeRisk risk)
    {
        final Order order = new Order();
        order.account = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
        order.symbol = SYMBOLS[random.nextInt(SYMBOLS.length)];
        order.side = random.nextBoolean() ? Side.BUY : Side.SELL;
        order.market = random.nextInt(10) == 0;
        final InstrumentLimits instrument = limits.instrument(order.symbol);
        order.price = order.market ? instrument.collarHigh() : randomPrice(instrument);
        order.leaves = randomQuantity(instrument);

        final List<Long> accountIds = usedIds.computeIfAbsent(order.account, (a) -> new ArrayList<>());
        final boolean reuse = !accountIds.isEmpty() && random.nextInt(20) == 0;
        final long id = reuse ? accountIds.get(random.nextInt(accountIds.size())) : nextId++;
        final RejectReason expected = reuse ? RejectReason.DUPLICATE_CLIENT_ORDER_ID :
            expectedDecision(order.account, order.symbol, order.side, order.leaves, order.price * order.leaves, null);

        final RejectReason actual = risk.evaluateNewOrder(new RiskReservation(),
            pack(order.account), pack(order.symbol), id, order.side,
            order.market ? OrdType.MARKET : OrdType.LIMIT, order.market ? 0 : order.price, order.leaves, 0);
        assertEquals(expected, actual);
        count(actual);
        if (RejectReason.NONE == actual)
        {
            open.add(order);
            accountIds.add(id);
        }
    }

    private void fill(final PreTradeRisk risk)
    {
        if (open.isEmpty())
        {
            return;
        }
        final Order order = open.get(random.nextInt(open.size()));
        final long quantity = random.nextInt(3) == 0 ? order.leaves : 1 + (long)random.nextInt((int)order.leaves);
        final long fillPrice = randomPrice(limits.instrument(order.symbol));
        risk.onFill(pack(order.account), pack(order.symbol), order.side, orderPrice(order), quantity, fillPrice);
        order.leaves -= quantity;
        position.merge(key(order.account, order.symbol), order.side == Side.BUY ? quantity : -quantity, Long::sum);
        executed.merge(order.account, fillPrice * quantity, Long::sum);
        if (order.leaves == 0)
        {
            risk.onOrderClosed(pack(order.account), pack(order.symbol), order.side, orderPrice(order), 0);
            open.remove(order);
        }
    }

    private void close(final PreTradeRisk risk)
    {
        if (open.isEmpty())
        {
            return;
        }
        final Order order = open.remove(random.nextInt(open.size()));
        risk.onOrderClosed(pack(order.account), pack(order.symbol), order.side, orderPrice(order), order.leaves);
    }

    private void replace(final PreTradeRisk risk)
    {
        if (open.isEmpty())
        {
            return;
        }
        final Order order = open.get(random.nextInt(open.size()));
        if (order.market)
        {
            return;
        }
        final InstrumentLimits instrument = limits.instrument(order.symbol);
        final long newPrice = randomPrice(instrument);
        final long newLeaves = randomQuantity(instrument);
        final RejectReason expected =
            expectedDecision(order.account, order.symbol, order.side, newLeaves, newPrice * newLeaves, order);
        final RiskReservation reservation = new RiskReservation()
            .load(pack(order.account), pack(order.symbol), order.side, order.price, order.leaves, 0);
        final RejectReason actual = risk.evaluateReplace(reservation, nextId++, OrdType.LIMIT, newPrice, newLeaves, 0);
        assertEquals(expected, actual);
        count(actual);
        if (RejectReason.NONE != actual)
        {
            return;
        }
        if (random.nextInt(4) == 0)
        {
            risk.onReplaceSettled(reservation, order.price, order.leaves);
        }
        else
        {
            order.price = newPrice;
            order.leaves = newLeaves;
        }
    }

    private RejectReason expectedDecision(
        final String account,
        final String symbol,
        final Side side,
        final long quantity,
        final long notional,
        final Order replaced)
    {
        long openBuy = 0;
        long openSell = 0;
        long openNotional = 0;
        int openOrders = 0;
        for (final Order o : open)
        {
            if (!o.account.equals(account))
            {
                continue;
            }
            openOrders++;
            if (o == replaced)
            {
                continue; // a replace moves this order's exposure, it does not add to it
            }
            openNotional += o.price * o.leaves;
            if (o.symbol.equals(symbol))
            {
                if (o.side == Side.BUY)
                {
                    openBuy += o.leaves;
                }
                else
                {
                    openSell += o.leaves;
                }
            }
        }
        final long pos = position.getOrDefault(key(account, symbol), 0L);
        if (side == Side.BUY ? pos + openBuy + quantity > MAX_POSITION : pos - openSell - quantity < -MAX_POSITION)
        {
            return RejectReason.POSITION_LIMIT_EXCEEDED;
        }
        if (executed.getOrDefault(account, 0L) + openNotional + notional > DAILY_NOTIONAL)
        {
            return RejectReason.CREDIT_LIMIT_EXCEEDED;
        }
        if (null == replaced && openOrders >= MAX_OPEN_ORDERS)
        {
            return RejectReason.OPEN_ORDER_LIMIT_EXCEEDED;
        }
        return RejectReason.NONE;
    }

    private void assertSameState(final PreTradeRisk risk, final long seed, final int step)
    {
        for (final String account : ACCOUNTS)
        {
            long openNotional = 0;
            int openOrders = 0;
            for (final Order o : open)
            {
                if (o.account.equals(account))
                {
                    openOrders++;
                    openNotional += o.price * o.leaves;
                }
            }
            final String where = "seed " + seed + " step " + step + " " + account;
            assertEquals(openOrders, risk.openOrders(pack(account)), where);
            assertEquals(executed.getOrDefault(account, 0L) + openNotional, risk.dailyNotionalUsed(pack(account)), where);
            for (final String symbol : SYMBOLS)
            {
                long openBuy = 0;
                long openSell = 0;
                for (final Order o : open)
                {
                    if (o.account.equals(account) && o.symbol.equals(symbol))
                    {
                        if (o.side == Side.BUY)
                        {
                            openBuy += o.leaves;
                        }
                        else
                        {
                            openSell += o.leaves;
                        }
                    }
                }
                final String at = where + " " + symbol;
                assertEquals((long)position.getOrDefault(key(account, symbol), 0L),
                    risk.position(pack(account), pack(symbol)), at);
                assertEquals(openBuy, risk.openBuyQty(pack(account), pack(symbol)), at);
                assertEquals(openSell, risk.openSellQty(pack(account), pack(symbol)), at);
            }
        }
    }

    private void count(final RejectReason reason)
    {
        if (RejectReason.NONE == reason)
        {
            accepted++;
        }
        else if (RejectReason.DUPLICATE_CLIENT_ORDER_ID != reason)
        {
            rejectedByState++;
        }
    }

    private long randomPrice(final InstrumentLimits instrument)
    {
        final long ticks = (instrument.collarHigh() - instrument.collarLow()) / instrument.tickSize();
        final long low = (instrument.collarLow() + instrument.tickSize() - 1) / instrument.tickSize();
        return (low + (long)random.nextInt((int)ticks)) * instrument.tickSize();
    }

    private long randomQuantity(final InstrumentLimits instrument)
    {
        final long maxLots = Math.min(instrument.maxOrderQty(), 500) / instrument.lotSize();
        return (1 + random.nextInt((int)maxLots)) * instrument.lotSize();
    }

    private static long orderPrice(final Order order)
    {
        return order.market ? 0 : order.price;
    }

    private static long pack(final String text)
    {
        return io.peregrine.protocol.PackedAscii.pack(text);
    }

    private static String key(final String account, final String symbol)
    {
        return account + "/" + symbol;
    }
}
