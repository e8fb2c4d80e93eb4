package io.peregrine.gateway.venue;

/**
 * The ClOrdIDs the gateway uses towards venues, derived from the core's ids so that they are unique and
 * reversible without any lookup table: a new order is {@code "<orderId>"}, a cancel or replace of it is
 * {@code "<orderId>-<requestId>"}. Stateless; parsing allocates nothing, formatting allocates the String.
 */
public final class VenueClOrdId
{
    /** Returned by the parse methods for text that is not a gateway ClOrdID. */
    public static final long INVALID = -1;

    private VenueClOrdId()
    {
    }

    /**
     * @param orderId   the core's order id.
     * @param requestId the core's cancel/replace request id, or 0 for the order itself.
     * @return the venue ClOrdID.
     */
    public static String format(final long orderId, final long requestId)
    {
        return 0 == requestId ? Long.toString(orderId) : orderId + "-" + requestId;
    }

    /**
     * @param clOrdId a venue ClOrdID.
     * @return the core order id it names, or {@link #INVALID}.
     */
    public static long orderId(final CharSequence clOrdId)
    {
        if (null == clOrdId)
        {
            return INVALID;
        }
        final int dash = indexOfDash(clOrdId);
        return parsePositive(clOrdId, 0, dash < 0 ? clOrdId.length() : dash);
    }

    /**
     * @param clOrdId a venue ClOrdID.
     * @return the request id it names, 0 for an order's own ClOrdID, or {@link #INVALID}.
     */
    public static long requestId(final CharSequence clOrdId)
    {
        if (null == clOrdId)
        {
            return INVALID;
        }
        final int dash = indexOfDash(clOrdId);
        return dash < 0 ? 0 : parsePositive(clOrdId, dash + 1, clOrdId.length());
    }

    private static int indexOfDash(final CharSequence text)
    {
        for (int i = 0, n = text.length(); i < n; i++)
        {
            if (text.charAt(i) == '-')
            {
                return i;
            }
        }
        return -1;
    }

    private static long parsePositive(final CharSequence text, final int from, final int to)
    {
        if (to <= from || to - from > 18)
        {
            return INVALID;
        }
        long value = 0;
        for (int i = from; i < to; i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return INVALID;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
