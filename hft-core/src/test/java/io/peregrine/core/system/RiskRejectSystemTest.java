package io.peregrine.core.system;

import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.risk.RiskLimits;
import io.peregrine.sbe.AdminResult;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.LimitUpdateDecoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One order per pre-trade risk reason that can be reached through the core, each with its own account or
 * instrument configured to trip exactly that check.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RiskRejectSystemTest
{
    private TestStack stack;
    private long nextClOrdId = 1;

    @BeforeEach
    void launch()
    {
        final Properties p = new Properties();
        instrument(p, "AAPL", "190.00", "1", "true");
        instrument(p, "LOT10", "50.00", "10", "true");
        instrument(p, "HALTED", "50.00", "1", "false");
        for (final String account : new String[]{"ACC1", "NOTIONAL", "POSITION", "CREDIT", "OPEN", "RATE", "RESTRICT"})
        {
            p.setProperty("account." + account + ".maxOrderQty", "100000");
            p.setProperty("account." + account + ".maxOrderNotional", "100000000.00");
            p.setProperty("account." + account + ".maxPosition", "1000000");
            p.setProperty("account." + account + ".dailyNotional", "1000000000.00");
            p.setProperty("account." + account + ".maxOpenOrders", "1000");
            p.setProperty("account." + account + ".maxOrdersPerSecond", "100000");
            p.setProperty("account." + account + ".restrictedSymbols", "");
        }
        p.setProperty("account.NOTIONAL.maxOrderNotional", "1000.00");
        p.setProperty("account.POSITION.maxPosition", "50");
        p.setProperty("account.CREDIT.dailyNotional", "1000.00");
        p.setProperty("account.OPEN.maxOpenOrders", "1");
        p.setProperty("account.RATE.maxOrdersPerSecond", "1");
        p.setProperty("account.RESTRICT.restrictedSymbols", "AAPL");
        stack = new TestStack(AutoFillVenue.Mode.ACK_ONLY,
            new PeregrineContext().riskLimits(RiskLimits.fromProperties(p)).adminClientIds(7));
    }

    private static void instrument(
        final Properties p, final String symbol, final String ref, final String lot, final String tradable)
    {
        p.setProperty("instrument." + symbol + ".referencePrice", ref);
        p.setProperty("instrument." + symbol + ".tickSize", "0.01");
        p.setProperty("instrument." + symbol + ".lotSize", lot);
        p.setProperty("instrument." + symbol + ".collarBps", "1000");
        p.setProperty("instrument." + symbol + ".maxOrderQty", "100000");
        p.setProperty("instrument." + symbol + ".tradable", tradable);
        p.setProperty("instrument." + symbol + ".restricted", "false");
    }

    @AfterEach
    void tearDown()
    {
        stack.close();
    }

    @Test
    void rejectsEachRiskBreachWithItsOwnReason()
    {
        assertRejected("ACC1", "IBM", OrdType.LIMIT, AAPL_PX, 10, RejectReason.UNKNOWN_INSTRUMENT);
        assertRejected("NOBODY", "AAPL", OrdType.LIMIT, AAPL_PX, 10, RejectReason.UNKNOWN_ACCOUNT);
        assertRejected("ACC1", "HALTED", OrdType.LIMIT, 50 * Prices.SCALE, 10, RejectReason.INSTRUMENT_NOT_TRADABLE);
        assertRejected("RESTRICT", "AAPL", OrdType.LIMIT, AAPL_PX, 10, RejectReason.RESTRICTED_INSTRUMENT);
        assertRejected("ACC1", "AAPL", OrdType.LIMIT, AAPL_PX, 0, RejectReason.INVALID_QUANTITY);
        assertRejected("ACC1", "AAPL", OrdType.LIMIT, AAPL_PX, 100_001, RejectReason.QUANTITY_ABOVE_MAX);
        assertRejected("ACC1", "LOT10", OrdType.LIMIT, 50 * Prices.SCALE, 15, RejectReason.LOT_SIZE_VIOLATION);
        assertRejected("ACC1", "AAPL", OrdType.LIMIT, 0, 10, RejectReason.INVALID_PRICE);
        assertRejected("ACC1", "AAPL", OrdType.LIMIT, AAPL_PX + 1_000, 10, RejectReason.TICK_SIZE_VIOLATION);
        assertRejected("ACC1", "AAPL", OrdType.LIMIT, 250 * Prices.SCALE, 10, RejectReason.PRICE_OUTSIDE_COLLAR);
        assertRejected("NOTIONAL", "AAPL", OrdType.LIMIT, AAPL_PX, 10, RejectReason.MAX_NOTIONAL_EXCEEDED);
        assertRejected("POSITION", "AAPL", OrdType.LIMIT, AAPL_PX, 51, RejectReason.POSITION_LIMIT_EXCEEDED);
        assertRejected("CREDIT", "AAPL", OrdType.LIMIT, AAPL_PX, 10, RejectReason.CREDIT_LIMIT_EXCEEDED);

        assertAccepted("OPEN", 1);
        assertRejected("OPEN", "AAPL", OrdType.LIMIT, AAPL_PX, 1, RejectReason.OPEN_ORDER_LIMIT_EXCEEDED);

        // Back to back, so the one-per-second bucket cannot refill in between even on a slow machine.
        final long rateFirst = nextClOrdId++;
        final long rateSecond = nextClOrdId++;
        final long rate = PackedAscii.pack("RATE");
        stack.newLimitOrder(rateFirst, rate, AAPL, Side.BUY, AAPL_PX, 1);
        stack.newLimitOrder(rateSecond, rate, AAPL, Side.BUY, AAPL_PX, 1);
        stack.awaitExecution(rateFirst, ExecType.NEW, "first accepted");
        assertEquals(RejectReason.ORDER_RATE_EXCEEDED,
            stack.awaitExecution((e) -> e.clOrdId() == rateSecond, "second refused").rejectReason());

        assertEquals(15, stack.core.counters().riskRejects().get());
    }

    @Test
    void rejectsDuplicateClientOrderId()
    {
        assertAccepted("ACC1", 1);
        final long clOrdId = nextClOrdId - 1;
        stack.offer(() -> stack.client.newOrder(
            clOrdId, PackedAscii.pack("ACC1"), AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, AAPL_PX, 1));
        stack.awaitExecution(clOrdId, ExecType.REJECTED, "duplicate");
        assertEquals(RejectReason.DUPLICATE_CLIENT_ORDER_ID, stack.executionsFor(clOrdId).get(1).rejectReason());
    }

    @Test
    void appliesLimitUpdatesAndAnswersEachWithAdminResponse()
    {
        final long acc1 = PackedAscii.pack("ACC1");
        stack.offer(() -> stack.client.limitUpdate(
            11, acc1, 0, new LimitType[]{LimitType.MAX_OPEN_ORDERS}, new long[]{1}, 1));
        stack.awaitTrue(() -> stack.reports.adminResponses.size() == 1, "admin response");
        assertEquals(AdminResult.APPLIED, stack.reports.adminResponses.get(0).result());
        assertEquals(11, stack.reports.adminResponses.get(0).commandId());
        assertEquals(LimitUpdateDecoder.TEMPLATE_ID, stack.reports.adminResponses.get(0).commandTemplateId());

        assertAccepted("ACC1", 1);
        assertRejected("ACC1", "AAPL", OrdType.LIMIT, AAPL_PX, 1, RejectReason.OPEN_ORDER_LIMIT_EXCEEDED);

        stack.offer(() -> stack.client.limitUpdate(
            12, acc1, 0, new LimitType[]{LimitType.MAX_OPEN_ORDERS}, new long[]{-5}, 1));
        stack.offer(() -> stack.client.limitUpdate(
            13, PackedAscii.pack("NOBODY"), 0, new LimitType[]{LimitType.MAX_POSITION}, new long[]{5}, 1));
        stack.awaitTrue(() -> stack.reports.adminResponses.size() == 3, "admin responses");
        assertEquals(AdminResult.REJECTED, stack.reports.adminResponses.get(1).result());
        assertEquals(RejectReason.INVALID_LIMIT, stack.reports.adminResponses.get(1).rejectReason());
        assertEquals(RejectReason.UNKNOWN_ACCOUNT, stack.reports.adminResponses.get(2).rejectReason());
    }

    private void assertAccepted(final String account, final long qty)
    {
        final long clOrdId = nextClOrdId++;
        stack.offer(() -> stack.client.newOrder(
            clOrdId, PackedAscii.pack(account), AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, AAPL_PX, qty));
        stack.awaitExecution(clOrdId, ExecType.NEW, "ack of " + clOrdId);
    }

    private void assertRejected(
        final String account,
        final String symbol,
        final OrdType ordType,
        final long price,
        final long qty,
        final RejectReason expected)
    {
        final long clOrdId = nextClOrdId++;
        stack.offer(() -> stack.client.newOrder(
            clOrdId, PackedAscii.pack(account), PackedAscii.pack(symbol), Side.BUY, ordType, TimeInForce.DAY, price,
            qty));
        final ReportCollector.Execution reject = stack.awaitExecution((e) -> e.clOrdId() == clOrdId, "report");
        assertEquals(ExecType.REJECTED, reject.execType(), reject.toString());
        assertEquals(OrdStatus.REJECTED, reject.ordStatus());
        assertEquals(expected, reject.rejectReason(), reject.toString());
        assertEquals(expected.name(), reject.text());
        assertEquals(0, reject.orderId());
    }
}
