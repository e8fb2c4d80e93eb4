package io.peregrine.core.order;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WARN lines of fills a venue should not have sent: an overfill (a fill beyond the order's open quantity, or
 * beyond its quantity when the venue then refuses the larger replace that was pending) and a fill of an order
 * already done. One line per event, naming the order, its venue and the quantities; a venue that
 * floods them is cut to {@link #LINES_PER_WINDOW} lines per kind per {@link #WINDOW_NANOS} of the core's logic
 * clock, the next line saying how many were left out (the counters count every one).
 * <p>
 * Core thread only. Allocates only when it logs (the message's arguments), which is never on a normal fill.
 */
final class FillWarnings
{
    /** Lines of one kind per window, at most. */
    static final int LINES_PER_WINDOW = 10;
    /** The window, in nanoseconds of the logic clock. */
    static final long WINDOW_NANOS = 1_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(OrderLifecycle.class);

    private final Window overfills = new Window();
    private final Window fillsOnDoneOrders = new Window();

    /**
     * The venue filled a working order beyond what it had open, or refused its pending replace to a larger quantity
     * after filling it beyond its own quantity.
     *
     * @param orders   the order table (the fill already added).
     * @param slot     the order's slot.
     * @param lastQty  quantity booked, or 0 for a refused replace (nothing booked now).
     * @param beyond   part of it beyond the order's open quantity (for a refused replace: cumQty beyond the order's
     *                 quantity).
     * @param nowNanos the logic clock.
     */
    void overfill(final OrderTable orders, final int slot, final long lastQty, final long beyond, final long nowNanos)
    {
        final long suppressed = overfills.admit(nowNanos);
        if (suppressed >= 0)
        {
            LOG.warn("venue {} overfilled order {} ({} {} {}): {}; order quantity {}, cumQty now {}: the whole " +
                "fill is booked into the position, other orders' risk reservations are kept{}", orders.venueId(slot),
                orders.orderId(slot), PackedAscii.unpack(orders.account(slot)), PackedAscii.unpack(orders.symbol(slot)),
                sideName(orders, slot), overfillText(lastQty, beyond), orders.quantity(slot), orders.cumQty(slot),
                suppressedText(suppressed));
        }
    }

    /**
     * The venue filled an order that was already done (canceled, expired, rejected or filled).
     *
     * @param orders   the order table (the fill already added).
     * @param slot     the order's slot.
     * @param lastQty  quantity booked.
     * @param nowNanos the logic clock.
     */
    void fillOnDoneOrder(final OrderTable orders, final int slot, final long lastQty, final long nowNanos)
    {
        final long suppressed = fillsOnDoneOrders.admit(nowNanos);
        if (suppressed >= 0)
        {
            LOG.warn("venue {} filled order {} ({} {} {}) after it was done ({}): {} more, cumQty now {}, order " +
                "quantity {}: booked into the position and reported to the owner (ExecutionReport fill, OrdStatus " +
                "unchanged){}", orders.venueId(slot), orders.orderId(slot), PackedAscii.unpack(orders.account(slot)),
                PackedAscii.unpack(orders.symbol(slot)), sideName(orders, slot), orders.status(slot), lastQty,
                orders.cumQty(slot), orders.quantity(slot), suppressedText(suppressed));
        }
    }

    private static String sideName(final OrderTable orders, final int slot)
    {
        return Side.get(orders.sideRaw(slot)).name();
    }

    private static String overfillText(final long lastQty, final long beyond)
    {
        return 0 == lastQty ?
            "it refused the order's pending replace to a larger quantity after filling it " + beyond +
            " beyond its quantity, so the order is filled" :
            "filled " + lastQty + " of which " + beyond + " beyond its open quantity";
    }

    /**
     * @param suppressed lines left out before this one ({@link Window#admit}).
     * @return the text the line ends with: empty when none were left out.
     */
    static String suppressedText(final long suppressed)
    {
        return 0 == suppressed ? "" : " (" + suppressed + " more of these left out of the log before this one)";
    }

    /**
     * Lines of one kind in the current window of the logic clock.
     */
    static final class Window
    {
        private long start = Long.MIN_VALUE;
        private int lines;
        private long suppressed;

        /**
         * @return -1 if this event is left out of the log, else how many were left out since the last line.
         */
        long admit(final long nowNanos)
        {
            if (Long.MIN_VALUE == start || nowNanos - start >= WINDOW_NANOS || nowNanos < start)
            {
                start = nowNanos;
                lines = 0;
            }
            if (lines >= LINES_PER_WINDOW)
            {
                suppressed++;
                return -1;
            }
            lines++;
            final long leftOut = suppressed;
            suppressed = 0;
            return leftOut;
        }
    }
}
