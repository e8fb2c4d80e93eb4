package io.peregrine.sim;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;

import java.util.Objects;

/**
 * One instrument the venue trades: symbol, reference price (where the market maker centres its quotes), tick
 * size and lot size. Prices are fixed point ({@link Prices#SCALE}), quantities whole units. Immutable.
 */
public final class VenueInstrument
{
    private final String symbol;
    private final long packedSymbol;
    private final long referencePrice;
    private final long tickSize;
    private final long lotSize;

    /**
     * @param symbol         1 to 8 printable ASCII characters.
     * @param referencePrice fixed point, positive and a multiple of the tick size.
     * @param tickSize       fixed point, positive.
     * @param lotSize        whole units, positive.
     * @throws IllegalArgumentException if any value is out of range.
     */
    public VenueInstrument(final String symbol, final long referencePrice, final long tickSize, final long lotSize)
    {
        if (!PackedAscii.isPackable(symbol))
        {
            throw new IllegalArgumentException("symbol must be 1 to 8 printable ASCII characters: " + symbol);
        }
        if (tickSize <= 0 || lotSize <= 0)
        {
            throw new IllegalArgumentException(symbol + ": tick size and lot size must be positive");
        }
        if (referencePrice <= 0 || referencePrice % tickSize != 0)
        {
            throw new IllegalArgumentException(
                symbol + ": reference price must be positive and a multiple of the tick size " + Prices.format(tickSize));
        }
        this.symbol = symbol;
        this.packedSymbol = PackedAscii.pack(symbol);
        this.referencePrice = referencePrice;
        this.tickSize = tickSize;
        this.lotSize = lotSize;
    }

    /**
     * Parses decimal text, e.g. {@code of("AAPL", "190.00", "0.01", 1)}.
     *
     * @param symbol         1 to 8 printable ASCII characters.
     * @param referencePrice decimal text.
     * @param tickSize       decimal text.
     * @param lotSize        whole units.
     * @return the instrument.
     */
    public static VenueInstrument of(final String symbol, final String referencePrice, final String tickSize, final long lotSize)
    {
        return new VenueInstrument(symbol, Prices.parse(referencePrice), Prices.parse(tickSize), lotSize);
    }

    public String symbol()
    {
        return symbol;
    }

    /** @return the symbol as {@link PackedAscii}, as the matching engine knows it. */
    public long packedSymbol()
    {
        return packedSymbol;
    }

    /** @return the reference price, fixed point. */
    public long referencePrice()
    {
        return referencePrice;
    }

    /** @return the tick size, fixed point. */
    public long tickSize()
    {
        return tickSize;
    }

    /** @return the lot size, whole units. */
    public long lotSize()
    {
        return lotSize;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof VenueInstrument))
        {
            return false;
        }
        final VenueInstrument that = (VenueInstrument)o;
        return referencePrice == that.referencePrice && tickSize == that.tickSize && lotSize == that.lotSize &&
            symbol.equals(that.symbol);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(symbol, referencePrice, tickSize, lotSize);
    }

    @Override
    public String toString()
    {
        return symbol + " ref " + Prices.format(referencePrice) + " tick " + Prices.format(tickSize) + " lot " + lotSize;
    }
}
