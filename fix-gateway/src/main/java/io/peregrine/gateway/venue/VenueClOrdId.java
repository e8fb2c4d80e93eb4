package io.peregrine.gateway.venue;

/**
 * The ClOrdIDs the gateway uses towards venues, derived from the core's ids so that they are unique and
 * reversible without a lookup table: {@code "<run>.<orderId>"} for a new order and
 * {@code "<run>.<orderId>-<requestId>"} for a cancel or replace of it. {@code run} is the base-36 id of the core
 * run that assigned the order ids (core order ids restart with each core run; the run keeps ClOrdIDs unique at
 * the venue across core restarts and lets the gateway recognise reports for orders of an earlier run).
 * Stateless; parsing one id allocates nothing, {@link #parse} allocates its result, formatting allocates the String.
 */
public final class VenueClOrdId
{
    /** Returned by the parse methods for text that is not a gateway ClOrdID. */
    public static final long INVALID = -1;

    private static final int RUN = 0;
    private static final int ORDER = 1;
    private static final int REQUEST = 2;

    private VenueClOrdId()
    {
    }

    /**
     * @param runId     the core run (positive).
     * @param orderId   the core's order id.
     * @param requestId the core's cancel/replace request id, or 0 for the order itself.
     * @return the venue ClOrdID.
     */
    public static String format(final long runId, final long orderId, final long requestId)
    {
        final String order = Long.toString(runId, Character.MAX_RADIX) + '.' + orderId;
        return 0 == requestId ? order : order + '-' + requestId;
    }

    /**
     * The three ids a gateway ClOrdID names.
     *
     * @param runId     the core run.
     * @param orderId   the core's order id.
     * @param requestId the cancel/replace request id, 0 for the order itself.
     */
    public record Parts(long runId, long orderId, long requestId)
    {
    }

    /**
     * @param clOrdId a venue ClOrdID (may be null).
     * @return its ids, or null when it is not a gateway ClOrdID. Allocates the result (edge code).
     */
    public static Parts parse(final CharSequence clOrdId)
    {
        final long runId = runId(clOrdId);
        final long orderId = orderId(clOrdId);
        final long requestId = requestId(clOrdId);
        return runId == INVALID || orderId == INVALID || requestId == INVALID ?
            null : new Parts(runId, orderId, requestId);
    }

    /**
     * @param clOrdId a venue ClOrdID.
     * @return the core run it belongs to, or {@link #INVALID}.
     */
    public static long runId(final CharSequence clOrdId)
    {
        return part(clOrdId, RUN);
    }

    /**
     * @param clOrdId a venue ClOrdID.
     * @return the core order id it names, or {@link #INVALID}.
     */
    public static long orderId(final CharSequence clOrdId)
    {
        return part(clOrdId, ORDER);
    }

    /**
     * @param clOrdId a venue ClOrdID.
     * @return the request id it names, 0 for an order's own ClOrdID, or {@link #INVALID}.
     */
    public static long requestId(final CharSequence clOrdId)
    {
        return part(clOrdId, REQUEST);
    }

    private static long part(final CharSequence clOrdId, final int part)
    {
        final int dot = null == clOrdId ? -1 : indexOf(clOrdId, '.', 0);
        if (dot <= 0)
        {
            return INVALID;
        }
        final int end = clOrdId.length();
        final int dash = indexOf(clOrdId, '-', dot + 1);
        switch (part)
        {
            case RUN:
                return dot > 12 ? INVALID : parseBase36(clOrdId, dot);
            case ORDER:
                return parsePositive(clOrdId, dot + 1, dash < 0 ? end : dash);
            default:
                return dash < 0 ? 0 : parsePositive(clOrdId, dash + 1, end);
        }
    }

    private static long parseBase36(final CharSequence text, final int to)
    {
        long value = 0;
        for (int i = 0; i < to; i++)
        {
            final int digit = Character.digit(text.charAt(i), Character.MAX_RADIX);
            if (digit < 0)
            {
                return INVALID;
            }
            value = value * Character.MAX_RADIX + digit;
        }
        return value;
    }

    private static int indexOf(final CharSequence text, final char c, final int from)
    {
        for (int i = from, n = text.length(); i < n; i++)
        {
            if (text.charAt(i) == c)
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
