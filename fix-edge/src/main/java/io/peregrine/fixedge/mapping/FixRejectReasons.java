package io.peregrine.fixedge.mapping;

import io.peregrine.sbe.RejectReason;
import quickfix.field.CxlRejReason;
import quickfix.field.OrdRejReason;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one table from the core's {@link RejectReason} to FIX 4.4: OrdRejReason(103) for a rejected order,
 * CxlRejReason(102) for a refused cancel or replace, and the Text(58) a person reads; and back, from a venue's
 * CxlRejReason to a reason the core knows. Used by the gateway's broker side and by the simulated venue, so both
 * answer a reason with the same FIX code.
 * <p>
 * Every reason has an explicit row: {@code FixRejectReasonsTest} fails when the schema gains a reason without one
 * (a reason without a row would answer Other (99) with its name as text).
 * <p>
 * Immutable after class initialisation; any thread; the lookups allocate nothing, the texts are built (edge).
 */
public final class FixRejectReasons
{
    private record Row(int ordRejReason, int cxlRejReason, String description)
    {
    }

    private static final Map<RejectReason, Row> ROWS = new EnumMap<>(RejectReason.class);

    static
    {
        final int other = OrdRejReason.OTHER;
        final int cxlOther = CxlRejReason.OTHER;
        row(RejectReason.NONE, other, cxlOther, "Rejected");
        row(RejectReason.UNKNOWN_ACCOUNT, OrdRejReason.UNKNOWN_ACCOUNT, cxlOther);
        row(RejectReason.UNSUPPORTED_ORDER_TYPE, OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC, cxlOther);
        row(RejectReason.DUPLICATE_CLIENT_ORDER_ID, OrdRejReason.DUPLICATE_ORDER, CxlRejReason.DUPLICATE_CLORDID_RECEIVED);
        row(RejectReason.UNKNOWN_ORDER, OrdRejReason.UNKNOWN_ORDER, CxlRejReason.UNKNOWN_ORDER);
        row(RejectReason.TOO_LATE_TO_CANCEL, other, CxlRejReason.TOO_LATE_TO_CANCEL);
        row(RejectReason.REQUEST_PENDING, other,
            CxlRejReason.ORDER_ALREADY_IN_PENDING_CANCEL_OR_PENDING_REPLACE_STATUS);
        // Said before the gateway's Text, which tells how it knows (the venue's status answer, or the request
        // gap-filled at the venue's resend request).
        row(RejectReason.VENUE_TIMEOUT, other, cxlOther, "Venue timeout: the venue did not receive the request");
        row(RejectReason.VENUE_LOST_ORDER, other, cxlOther,
            "Canceled: the venue lost the order (it no longer knew it when asked, e.g. after a venue restart)");

        // The reasons below share their OrdRejReason; a cancel or replace they refuse answers CxlRejReason Other.
        rows(OrdRejReason.UNKNOWN_SYMBOL, RejectReason.UNKNOWN_INSTRUMENT, RejectReason.INSTRUMENT_NOT_TRADABLE);
        rows(OrdRejReason.INCORRECT_QUANTITY, RejectReason.INVALID_QUANTITY, RejectReason.LOT_SIZE_VIOLATION);
        // A limit: the risk limits, the configured maximum order quantity, throttling, and a full book or order
        // table (the venue's or the gateway's own limit).
        rows(OrdRejReason.ORDER_EXCEEDS_LIMIT, RejectReason.QUANTITY_ABOVE_MAX, RejectReason.MAX_NOTIONAL_EXCEEDED,
            RejectReason.POSITION_LIMIT_EXCEEDED, RejectReason.CREDIT_LIMIT_EXCEEDED,
            RejectReason.OPEN_ORDER_LIMIT_EXCEEDED, RejectReason.ORDER_RATE_EXCEEDED,
            RejectReason.ORDER_CAPACITY_EXHAUSTED, RejectReason.THROTTLED);
        rows(OrdRejReason.BROKER_EXCHANGE_OPTION, RejectReason.RESTRICTED_INSTRUMENT, RejectReason.KILL_SWITCH_GLOBAL,
            RejectReason.KILL_SWITCH_ACCOUNT, RejectReason.KILL_SWITCH_SYMBOL);
        rows(OrdRejReason.EXCHANGE_CLOSED, RejectReason.VENUE_UNAVAILABLE, RejectReason.CIRCUIT_BREAKER_OPEN,
            RejectReason.VENUE_PAUSED);
        rows(other, RejectReason.TICK_SIZE_VIOLATION, RejectReason.PRICE_OUTSIDE_COLLAR, RejectReason.INVALID_PRICE,
            RejectReason.VENUE_REJECT, RejectReason.INVALID_REPLACE, RejectReason.MALFORMED_MESSAGE,
            RejectReason.UNKNOWN_TEMPLATE, RejectReason.UNSUPPORTED_SCHEMA, RejectReason.INVALID_ENUM_VALUE,
            RejectReason.INVALID_LIMIT, RejectReason.BACK_PRESSURED, RejectReason.NOT_AUTHORISED,
            RejectReason.JOURNAL_UNAVAILABLE);
    }

    private FixRejectReasons()
    {
    }

    private static void rows(final int ordRejReason, final RejectReason... reasons)
    {
        for (final RejectReason reason : reasons)
        {
            row(reason, ordRejReason, CxlRejReason.OTHER);
        }
    }

    private static void row(final RejectReason reason, final int ordRejReason, final int cxlRejReason)
    {
        row(reason, ordRejReason, cxlRejReason, sentence(reason));
    }

    private static void row(
        final RejectReason reason, final int ordRejReason, final int cxlRejReason, final String description)
    {
        if (null != ROWS.put(reason, new Row(ordRejReason, cxlRejReason, description)))
        {
            throw new IllegalStateException("two rows for " + reason);
        }
    }

    private static String sentence(final RejectReason reason)
    {
        final String words = reason.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /**
     * @param reason a reject reason.
     * @return whether the table has a row for it (false only for {@code NULL_VAL}, or a reason added to the schema
     *         without a row, which the test catches).
     */
    public static boolean isMapped(final RejectReason reason)
    {
        return ROWS.containsKey(reason);
    }

    /**
     * @param reason a reject reason.
     * @return the FIX 4.4 OrdRejReason(103) for it; Other (99) without a row.
     */
    public static int ordRejReason(final RejectReason reason)
    {
        final Row row = null == reason ? null : ROWS.get(reason);
        return null == row ? OrdRejReason.OTHER : row.ordRejReason();
    }

    /**
     * @param reason a reject reason.
     * @return the FIX 4.4 CxlRejReason(102) for it; Other (99) without a row.
     */
    public static int cxlRejReason(final RejectReason reason)
    {
        final Row row = null == reason ? null : ROWS.get(reason);
        return null == row ? CxlRejReason.OTHER : row.cxlRejReason();
    }

    /**
     * @param reason a reject reason.
     * @return it as a sentence for Text(58), e.g. "Price outside collar".
     */
    public static String describe(final RejectReason reason)
    {
        final Row row = null == reason ? null : ROWS.get(reason);
        return null == row ? "Rejected" : row.description();
    }

    /**
     * @param reason a reject reason (or null / {@code NULL_VAL} / {@code NONE}: "Rejected").
     * @param detail what the core or venue said, or null.
     * @return the reason as text, followed by the detail ({@link #printable}) when it says more than the reason's
     *         name or text (a venue adapter that reports a reason with its text, as the gateway's venue client does
     *         for {@code VENUE_LOST_ORDER}, has it said once).
     */
    public static String withDetail(final RejectReason reason, final String detail)
    {
        final boolean known = null != reason && reason != RejectReason.NULL_VAL && reason != RejectReason.NONE;
        final String described = known ? describe(reason) : "Rejected";
        if (null == detail || detail.isEmpty() || (known && detail.equalsIgnoreCase(reason.name())) ||
            detail.equals(described))
        {
            return described;
        }
        return described + ": " + printable(detail);
    }

    /**
     * A text from elsewhere (the core passes a venue's reject text through) made safe for a FIX string field: a
     * control character, SOH above all, would end the field and break the message the broker receives.
     *
     * @param text any text.
     * @return it with every control character replaced by '?'.
     */
    public static String printable(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            if (Character.isISOControl(text.charAt(i)))
            {
                return text.replaceAll("\\p{Cntrl}", "?");
            }
        }
        return text;
    }

    /**
     * The reason back from a Text(58) written by {@link #withDetail} (or {@link #describe}), for a reader of the
     * gateway's reports (e.g. the load clients counting rejects by reason).
     *
     * @param text Text(58) of a reject.
     * @return the reason whose text it is or starts (followed by ": detail"); null for another text, and for the
     *         plain "Rejected" of {@code NONE} / {@code NULL_VAL}.
     */
    public static RejectReason reasonOf(final String text)
    {
        for (final Map.Entry<RejectReason, Row> row : ROWS.entrySet())
        {
            final String description = row.getValue().description();
            if (row.getKey() != RejectReason.NONE && text.startsWith(description) &&
                (text.length() == description.length() || text.startsWith(": ", description.length())))
            {
                return row.getKey();
            }
        }
        return null;
    }

    /**
     * A venue's reason for refusing a cancel or replace, as the core knows it.
     *
     * @param cxlRejReason FIX CxlRejReason(102) from the venue.
     * @return too late, unknown order or request pending; any other code is a plain venue reject.
     */
    public static RejectReason fromCxlRejReason(final int cxlRejReason)
    {
        switch (cxlRejReason)
        {
            case CxlRejReason.TOO_LATE_TO_CANCEL:
                return RejectReason.TOO_LATE_TO_CANCEL;
            case CxlRejReason.UNKNOWN_ORDER:
                return RejectReason.UNKNOWN_ORDER;
            case CxlRejReason.ORDER_ALREADY_IN_PENDING_CANCEL_OR_PENDING_REPLACE_STATUS:
                return RejectReason.REQUEST_PENDING;
            default:
                return RejectReason.VENUE_REJECT;
        }
    }
}
