package io.peregrine.gateway.broker;

import io.peregrine.fixedge.mapping.FixOrderEnums;
import io.peregrine.fixedge.mapping.FixOrderValues;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.OrdType;
import quickfix.FieldMap;
import quickfix.FieldNotFound;
import quickfix.field.Account;
import quickfix.field.OrderQty;
import quickfix.field.Price;
import quickfix.field.Text;
import quickfix.field.TimeInForce;
import quickfix.fix44.ExecutionReport;

import java.util.ArrayList;
import java.util.List;

/**
 * The order fields an ExecutionReport the gateway makes itself (a reject before the core, the answer to a PossDup copy
 * of a refused order, the unknown-order answer to a status request) echoes, as the core's rejects carry them: Account(1),
 * OrderQty(38), OrdType(40), Price(44) of a limit order, TimeInForce(59). A client that books rejects by those fields
 * then books the gateway's like the core's.
 * <p>
 * Only a value the request carried and that is valid is echoed: the session's data dictionary has let through only
 * FIX 4.4 values of Account, OrdType and TimeInForce, whatever the gateway supports of them; an OrderQty or Price that
 * {@link FixOrderValues} does not read (zero, negative, fractional, over-precise, absurd) is left out and its error
 * added to the Text(58) ({@link #withNotes}), never echoed as if valid. A Price on anything but a limit order is left
 * out, as the core leaves it out.
 * <p>
 * Immutable; any thread; allocates (edge).
 *
 * @param account     Account(1) to echo, or null.
 * @param quantity    OrderQty(38) to echo, or 0.
 * @param ordType     OrdType(40) to echo, or {@link FixOrderEnums#NONE}.
 * @param price       fixed-point Price(44) to echo, or 0.
 * @param timeInForce TimeInForce(59) to echo, or {@link FixOrderEnums#NONE}.
 * @param notes       why a field the request carried is left out: the errors of its OrderQty and Price.
 */
record OrderEcho(String account, long quantity, char ordType, long price, char timeInForce, List<String> notes)
{
    /** Nothing to echo. */
    static final OrderEcho NONE = new OrderEcho(null, 0, FixOrderEnums.NONE, 0, FixOrderEnums.NONE, List.of());

    OrderEcho
    {
        notes = List.copyOf(notes);
    }

    /**
     * @param request a NewOrderSingle as received (or an OrderStatusRequest: only its Account is read).
     * @return what a report answering it echoes.
     */
    static OrderEcho of(final FieldMap request)
    {
        final List<String> notes = new ArrayList<>(2);
        final String account = optionalString(request, Account.FIELD);
        long quantity = 0;
        if (request.isSetField(OrderQty.FIELD))
        {
            final FixOrderValues.Value read = FixOrderValues.quantity(request);
            quantity = read.value();
            note(read, notes);
        }
        final char ordType = optionalChar(request, quickfix.field.OrdType.FIELD, "OrdType(40)", notes);
        long price = 0;
        if (ordType == quickfix.field.OrdType.LIMIT && request.isSetField(Price.FIELD))
        {
            final FixOrderValues.Value read = FixOrderValues.price(request);
            price = read.value();
            note(read, notes);
        }
        final char timeInForce = optionalChar(request, TimeInForce.FIELD, "TimeInForce(59)", notes);
        return new OrderEcho(account, quantity, ordType, price, timeInForce, notes);
    }

    /**
     * @param order an order the gateway took.
     * @param terms the terms it journaled for the order's request.
     * @return what a reject of that request echoes: the order's account and the journaled terms (TimeInForce as the
     *         core would have taken it, Day when the broker left it out).
     */
    static OrderEcho of(final OrderRoutes.Order order, final OrderRoutes.Terms terms)
    {
        final OrdType ordType = terms.ordType();
        return new OrderEcho(order.account(), terms.quantity(),
            null == ordType ? FixOrderEnums.NONE : FixOrderEnums.fixOrdType(ordType),
            ordType == OrdType.LIMIT ? terms.price() : 0,
            null == terms.timeInForce() ? FixOrderEnums.NONE : FixOrderEnums.fixTimeInForce(terms.timeInForce()),
            List.of());
    }

    /**
     * @param text Text(58) of the report.
     * @return the text, then each note it does not say already: "Duplicate ClOrdID X on this session; Invalid
     *         OrderQty(38): must be positive, got 0".
     */
    String withNotes(final String text)
    {
        if (null == text)
        {
            return String.join("; ", notes);
        }
        final StringBuilder noted = new StringBuilder(text);
        for (final String note : notes)
        {
            if (!text.contains(note))
            {
                noted.append("; ").append(note);
            }
        }
        return noted.toString();
    }

    /**
     * Sets the echoed fields on a report and adds the notes to its Text(58).
     *
     * @param report an ExecutionReport the gateway made.
     * @return the report.
     */
    ExecutionReport applyTo(final ExecutionReport report)
    {
        if (null != account)
        {
            report.set(new Account(account));
        }
        if (quantity > 0)
        {
            report.set(new OrderQty(quantity));
        }
        if (ordType != FixOrderEnums.NONE)
        {
            report.set(new quickfix.field.OrdType(ordType));
        }
        if (price > 0)
        {
            report.setDecimal(Price.FIELD, Prices.toDecimal(price).stripTrailingZeros());
        }
        if (timeInForce != FixOrderEnums.NONE)
        {
            report.set(new TimeInForce(timeInForce));
        }
        if (!notes.isEmpty())
        {
            report.setString(Text.FIELD, withNotes(optionalString(report, Text.FIELD)));
        }
        return report;
    }

    /**
     * @return this echo without its notes (the refusal's Text, cut to a bounded length, already says them: a note
     *         quotes the value as sent, as long as the message) and with an Account(1) that is not 1-8 printable
     *         characters (no account a session may use) left out: what a refusal remembered for long keeps, so that
     *         its size stays small whatever the broker sent.
     */
    OrderEcho bounded()
    {
        return new OrderEcho(null == account || PackedAscii.isPackable(account) ? account : null, quantity, ordType,
            price, timeInForce, List.of());
    }

    private static void note(final FixOrderValues.Value read, final List<String> notes)
    {
        if (!read.valid())
        {
            notes.add(read.error());
        }
    }

    private static String optionalString(final FieldMap request, final int tag)
    {
        try
        {
            return request.isSetField(tag) ? request.getString(tag) : null;
        }
        catch (final FieldNotFound ex)
        {
            return null;
        }
    }

    /**
     * A one-character field, or NONE when absent; one that is not one character (the data dictionary lets none
     * through) is NONE and noted, never echoed as if valid.
     */
    private static char optionalChar(final FieldMap request, final int tag, final String name, final List<String> notes)
    {
        if (!request.isSetField(tag))
        {
            return FixOrderEnums.NONE;
        }
        try
        {
            return request.getChar(tag);
        }
        catch (final FieldNotFound | RuntimeException ex)
        {
            notes.add("Invalid " + name + ": not one character");
            return FixOrderEnums.NONE;
        }
    }
}
