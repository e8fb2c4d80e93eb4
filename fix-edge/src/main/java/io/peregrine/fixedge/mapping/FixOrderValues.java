package io.peregrine.fixedge.mapping;

import io.peregrine.protocol.Prices;
import quickfix.FieldMap;
import quickfix.field.OrderQty;
import quickfix.field.Price;

import java.math.BigDecimal;

/**
 * The one reading of an order's OrderQty(38) and Price(44) into the core's units (whole quantities, fixed-point
 * prices of {@link Prices#DECIMALS} decimals), with one text per way they can be wrong. Used by the gateway's broker
 * side and the simulated venue; the venue then checks its own lot and tick sizes.
 * <p>
 * Stateless; any thread; allocates (edge).
 */
public final class FixOrderValues
{
    /** Largest OrderQty(38) taken (inclusive). */
    public static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(1_000_000_000_000L);
    /** Largest Price(44) taken (inclusive). */
    public static final BigDecimal MAX_PRICE = BigDecimal.valueOf(1_000_000_000_000L);

    /**
     * A field read: the value when valid, else why not.
     *
     * @param value the whole quantity, or the fixed-point price; 0 when invalid.
     * @param error the text for Text(58) when invalid, else null.
     */
    public record Value(long value, String error)
    {
        /** @return true when the field was valid. */
        public boolean valid()
        {
            return null == error;
        }

        private static Value invalid(final String error)
        {
            return new Value(0, error);
        }
    }

    private FixOrderValues()
    {
    }

    /**
     * @param message a NewOrderSingle or OrderCancelReplaceRequest.
     * @return its OrderQty(38): a whole number from 1 to {@link #MAX_QUANTITY}, else the error.
     */
    public static Value quantity(final FieldMap message)
    {
        final PositiveDecimal read = positiveDecimal(message, OrderQty.FIELD, "OrderQty(38)", "Missing OrderQty(38)");
        if (!read.valid())
        {
            return Value.invalid(read.error());
        }
        final BigDecimal quantity = read.value();
        final String shown = quantity.toPlainString();
        if (quantity.stripTrailingZeros().scale() > 0)
        {
            return Value.invalid("Invalid OrderQty(38): must be a whole number, got " + shown);
        }
        if (quantity.compareTo(MAX_QUANTITY) > 0)
        {
            return Value.invalid("Invalid OrderQty(38): must be a whole number from 1 to " +
                MAX_QUANTITY.toPlainString() + ", got " + shown);
        }
        return new Value(quantity.longValueExact(), null);
    }

    /**
     * @param message a limit NewOrderSingle or OrderCancelReplaceRequest.
     * @return its Price(44) in fixed point: positive, at most {@link Prices#DECIMALS} decimals and at most
     *         {@link #MAX_PRICE}, else the error.
     */
    public static Value price(final FieldMap message)
    {
        final PositiveDecimal read =
            positiveDecimal(message, Price.FIELD, "Price(44)", "Missing Price(44): required for a limit order");
        if (!read.valid())
        {
            return Value.invalid(read.error());
        }
        final BigDecimal price = read.value();
        final String shown = price.toPlainString();
        if (price.compareTo(MAX_PRICE) > 0)
        {
            return Value.invalid("Invalid Price(44): must be at most " + MAX_PRICE.toPlainString() + ", got " +
                shown);
        }
        try
        {
            return new Value(Prices.fromDecimal(price), null);
        }
        catch (final ArithmeticException ex)
        {
            return Value.invalid("Invalid Price(44): at most " + Prices.DECIMALS + " decimals, got " + shown);
        }
    }

    /** A field read as a positive decimal, or why it is not one. */
    private record PositiveDecimal(BigDecimal value, String error)
    {
        boolean valid()
        {
            return null == error;
        }
    }

    /**
     * The checks OrderQty(38) and Price(44) share: present, a number, positive.
     *
     * @param name    the field as texts name it, e.g. {@code OrderQty(38)}.
     * @param missing the text when the field is absent.
     */
    private static PositiveDecimal positiveDecimal(
        final FieldMap message, final int tag, final String name, final String missing)
    {
        if (!message.isSetField(tag))
        {
            return new PositiveDecimal(null, missing);
        }
        final BigDecimal value;
        try
        {
            value = message.getDecimal(tag);
        }
        catch (final quickfix.FieldNotFound | RuntimeException ex)
        {
            return new PositiveDecimal(null, "Invalid " + name + ": not a number");
        }
        if (value.signum() <= 0)
        {
            return new PositiveDecimal(null, "Invalid " + name + ": must be positive, got " + value.toPlainString());
        }
        return new PositiveDecimal(value, null);
    }
}
