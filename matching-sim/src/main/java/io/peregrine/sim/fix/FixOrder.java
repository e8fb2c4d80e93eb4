package io.peregrine.sim.fix;

import io.peregrine.protocol.Prices;
import io.peregrine.sim.VenueInstrument;
import quickfix.field.OrdStatus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The FIX view of one order: which session owns it, its current ClOrdID, quantities and the filled notional for
 * AvgPx. The matching engine keeps the book; this keeps what the FIX reports need. Engine thread only.
 */
final class FixOrder
{
    private final ParticipantSession session;
    private final VenueInstrument instrument;
    private final char side;
    private final char ordType;
    private final char timeInForce;
    private long orderId;
    private String orderIdText = "NONE";
    private String clOrdId;
    private long price;
    private long orderQty;
    private long cumQty;
    private long leavesQty;
    private BigDecimal notional = BigDecimal.ZERO;
    private char terminalStatus;
    private boolean retired;
    private final List<String> clOrdIds = new ArrayList<>(2);

    FixOrder(
        final ParticipantSession session,
        final VenueInstrument instrument,
        final String clOrdId,
        final char side,
        final char ordType,
        final char timeInForce,
        final long price,
        final long orderQty)
    {
        this.session = session;
        this.instrument = instrument;
        this.clOrdId = clOrdId;
        this.clOrdIds.add(clOrdId);
        this.side = side;
        this.ordType = ordType;
        this.timeInForce = timeInForce;
        this.price = price;
        this.orderQty = orderQty;
        this.leavesQty = orderQty;
    }

    void bind(final long orderId, final String orderIdText)
    {
        this.orderId = orderId;
        this.orderIdText = orderIdText;
    }

    void fill(final long quantity, final long fillPrice, final long leaves)
    {
        cumQty += quantity;
        notional = notional.add(Prices.toDecimal(fillPrice).multiply(BigDecimal.valueOf(quantity)));
        leavesQty = leaves;
        if (leaves == 0)
        {
            terminalStatus = OrdStatus.FILLED;
        }
    }

    void replaced(final String newClOrdId, final long newPrice, final long newOrderQty, final long leaves)
    {
        clOrdId(newClOrdId);
        price = newPrice;
        orderQty = newOrderQty;
        leavesQty = leaves;
        if (leaves == 0)
        {
            terminalStatus = OrdStatus.FILLED;
        }
    }

    void close(final char status)
    {
        leavesQty = 0;
        terminalStatus = status;
    }

    void clOrdId(final String clOrdId)
    {
        if (!clOrdId.equals(this.clOrdId))
        {
            this.clOrdId = clOrdId;
            clOrdIds.add(clOrdId);
        }
    }

    /** @return every ClOrdID the order has had, oldest first. */
    List<String> clOrdIds()
    {
        return clOrdIds;
    }

    /**
     * Marks a closed order as handed to its session's retirement, once.
     *
     * @return true the first time it is called on a closed order.
     */
    boolean retireOnce()
    {
        if (terminalStatus == 0 || retired)
        {
            return false;
        }
        retired = true;
        return true;
    }

    boolean isClosed()
    {
        return terminalStatus != 0;
    }

    /** @return OrdStatus(39) now. */
    char ordStatus()
    {
        if (terminalStatus != 0)
        {
            return terminalStatus;
        }
        return cumQty == 0 ? OrdStatus.NEW : OrdStatus.PARTIALLY_FILLED;
    }

    /** @return AvgPx(6): filled notional over CumQty, 0 before the first fill. */
    BigDecimal avgPx()
    {
        if (cumQty == 0)
        {
            return BigDecimal.ZERO;
        }
        return notional.divide(BigDecimal.valueOf(cumQty), Prices.DECIMALS, RoundingMode.HALF_EVEN);
    }

    ParticipantSession session()
    {
        return session;
    }

    VenueInstrument instrument()
    {
        return instrument;
    }

    char side()
    {
        return side;
    }

    char ordType()
    {
        return ordType;
    }

    char timeInForce()
    {
        return timeInForce;
    }

    long orderId()
    {
        return orderId;
    }

    String orderIdText()
    {
        return orderIdText;
    }

    String clOrdId()
    {
        return clOrdId;
    }

    long price()
    {
        return price;
    }

    long orderQty()
    {
        return orderQty;
    }

    long cumQty()
    {
        return cumQty;
    }

    long leavesQty()
    {
        return leavesQty;
    }
}
