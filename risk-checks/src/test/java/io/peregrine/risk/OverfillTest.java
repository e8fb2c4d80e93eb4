package io.peregrine.risk;

import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.peregrine.risk.RiskFixture.AAPL;
import static io.peregrine.risk.RiskFixture.ACC1;
import static io.peregrine.risk.RiskFixture.px;
import static io.peregrine.sbe.OrdType.LIMIT;
import static io.peregrine.sbe.RejectReason.NONE;
import static io.peregrine.sbe.RejectReason.POSITION_LIMIT_EXCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A venue that fills an order beyond its quantity (the audit's scenario: two open orders of one account and symbol,
 * one of them overfilled) must not release the other order's reservation: the account's open quantity per symbol is
 * one total, and releasing the whole fill from it gave away what the other order holds, so a later order over the
 * position limit was accepted. ACC1 (max position 1,000) on AAPL (lot 10, collar 95.00-105.00), from
 * {@link RiskFixture}.
 */
@Timeout(30)
class OverfillTest
{
    private PreTradeRisk risk;
    private long clOrdId = 1;
    private final long now = 1_000_000_000_000L;

    @BeforeEach
    void start()
    {
        risk = PreTradeRisk.inMemory(RiskFixture.limits());
    }

    @AfterEach
    void close()
    {
        CloseHelper.close(risk);
    }

    @ParameterizedTest
    @EnumSource(value = Side.class, names = {"BUY", "SELL"})
    void anOverfillKeepsTheOtherOrdersReservationAndALaterOrderOverTheLimitIsRefused(final Side side)
    {
        final int sign = sign(side);
        final RiskReservation overfilled = besideAWorkingOrderOf500(side, 100);

        // The venue fills the order of 100 with 300 (LastQty 300, CumQty 300).
        final long beyond = risk.onFill(overfilled, 300, px("100.00"));
        risk.onOrderClosed(overfilled);

        assertEquals(sign * 300, risk.position(ACC1, AAPL), "the whole fill is in the position: it traded");
        assertEquals(500, open(side), "the other order's 500 are still reserved");
        assertEquals(px("50000.00"), risk.openNotional(ACC1), "and its notional");
        assertEquals(1, risk.openOrders(ACC1));
        // Worst case: 300 filled + 500 open + 200 = 1,000, the limit; 210 would be 1,010.
        assertEquals(POSITION_LIMIT_EXCEEDED, order(side, 210));
        assertEquals(NONE, order(side, 200));
        assertEquals(200, beyond, "onFill returns the quantity beyond the reservation");
        assertEquals(0, risk.bookkeepingAnomalies(), "an overfill is the venue's, not a bookkeeping slip");
    }

    @ParameterizedTest
    @EnumSource(value = Side.class, names = {"BUY", "SELL"})
    void aFillAfterTheOrderClosedIsBookedAndReleasesNothing(final Side side)
    {
        final int sign = sign(side);
        final RiskReservation canceled = besideAWorkingOrderOf500(side, 100);
        risk.onFill(canceled, 40, px("100.00"));
        risk.onOrderClosed(canceled);
        assertEquals(500, open(side));

        // The venue reports a fill of 60 after it acknowledged the cancel: a real trade of a closed order.
        final long beyond = risk.onFill(canceled, 60, px("101.00"));
        assertEquals(sign * 100, risk.position(ACC1, AAPL));
        assertEquals(500, open(side), "the other order's reservation is intact");
        assertEquals(px("50000.00"), risk.openNotional(ACC1));
        assertEquals(px("4000.00") + px("6060.00"), risk.executedNotional(ACC1));
        assertEquals(60, beyond, "nothing of it was reserved any more");

        // A caller that keeps only the order's values loads a closed order's reservation with nothing open.
        final RiskReservation reloaded = new RiskReservation()
            .load(ACC1, AAPL, side, px("100.00"), 100, 100);
        assertEquals(10, risk.onFill(reloaded, 10, px("100.00")));
        assertEquals(sign * 110, risk.position(ACC1, AAPL));
        assertEquals(500, open(side));
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @ParameterizedTest
    @EnumSource(value = Side.class, names = {"BUY", "SELL"})
    void aFillWithinTheOrderReleasesItAllAndReturnsNoOverfill(final Side side)
    {
        final RiskReservation order = besideAWorkingOrderOf500(side, 100);
        assertEquals(0, risk.onFill(order, 60, px("100.00")));
        assertEquals(0, risk.onFill(order, 40, px("100.00")), "exactly the rest");
        risk.onOrderClosed(order);
        assertEquals(500, open(side));
        assertEquals(px("50000.00"), risk.openNotional(ACC1));
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    /**
     * @return the reservation of an order of {@code quantity} accepted after another order of 500 of the same account,
     *         symbol and side, which stays working.
     */
    private RiskReservation besideAWorkingOrderOf500(final Side side, final long quantity)
    {
        accepted(side, 500);
        final RiskReservation order = accepted(side, quantity);
        assertEquals(500 + quantity, open(side));
        return order;
    }

    private static int sign(final Side side)
    {
        return Side.BUY == side ? 1 : -1;
    }

    private RiskReservation accepted(final Side side, final long quantity)
    {
        final RiskReservation reservation = new RiskReservation();
        assertEquals(NONE, risk.evaluateNewOrder(
            reservation, ACC1, AAPL, clOrdId++, side, LIMIT, px("100.00"), quantity, now));
        return reservation;
    }

    private RejectReason order(final Side side, final long quantity)
    {
        return risk.evaluateNewOrder(
            new RiskReservation(), ACC1, AAPL, clOrdId++, side, LIMIT, px("100.00"), quantity, now);
    }

    private long open(final Side side)
    {
        return Side.BUY == side ? risk.openBuyQty(ACC1, AAPL) : risk.openSellQty(ACC1, AAPL);
    }
}
