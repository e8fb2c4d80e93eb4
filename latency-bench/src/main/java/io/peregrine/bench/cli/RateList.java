package io.peregrine.bench.cli;

import picocli.CommandLine;

import java.util.Arrays;

/**
 * A comma-separated list of offered rates in orders per second, e.g. {@code 1000,2000,5000}; empty means none.
 * Immutable.
 */
public final class RateList
{
    private final long[] rates;

    private RateList(final long[] rates)
    {
        this.rates = rates;
    }

    /**
     * @param rates orders per second.
     * @return the list.
     */
    public static RateList of(final long... rates)
    {
        return new RateList(rates.clone());
    }

    /** @return a copy of the rates. */
    public long[] rates()
    {
        return rates.clone();
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder();
        for (final long rate : rates)
        {
            text.append(text.length() == 0 ? "" : ",").append(rate);
        }
        return text.toString();
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof RateList && Arrays.equals(rates, ((RateList)other).rates);
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(rates);
    }

    /** Reads {@code r1,r2,...} (each may use {@code _} to group digits) for picocli; each rate at least 1. */
    public static final class Converter implements CommandLine.ITypeConverter<RateList>
    {
        @Override
        public RateList convert(final String value)
        {
            if (value.isBlank())
            {
                return new RateList(new long[0]);
            }
            final String[] parts = value.split(",");
            final long[] rates = new long[parts.length];
            for (int i = 0; i < parts.length; i++)
            {
                try
                {
                    rates[i] = Long.parseLong(parts[i].trim().replace("_", ""));
                }
                catch (final NumberFormatException ex)
                {
                    throw new CommandLine.TypeConversionException(
                        "needs comma-separated whole numbers (orders/s), got '" + value + "'");
                }
                if (rates[i] < 1)
                {
                    throw new CommandLine.TypeConversionException("rates must be at least 1, got '" + value + "'");
                }
            }
            return new RateList(rates);
        }
    }
}
