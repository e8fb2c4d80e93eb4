package io.peregrine.sim;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;

/**
 * One instrument the venue trades: symbol, reference price (where the market maker centres its quotes), tick
 * size and lot size. Prices are fixed point ({@link Prices#SCALE}), quantities whole units. Immutable.
 *
 * @param symbol         1 to 8 printable ASCII characters.
 * @param packedSymbol   the symbol as {@link PackedAscii}, as the matching engine knows it (packed once here, not on
 *                       every order).
 * @param referencePrice fixed point, positive and a multiple of the tick size.
 * @param tickSize       fixed point, positive.
 * @param lotSize        whole units, positive.
 */
public record VenueInstrument(String symbol, long packedSymbol, long referencePrice, long tickSize, long lotSize)
{
    /**
     * @throws IllegalArgumentException if any value is out of range or {@code packedSymbol} is not {@code symbol}
     *                                  packed.
     */
    public VenueInstrument
    {
        if (!PackedAscii.isPackable(symbol))
        {
            throw new IllegalArgumentException("symbol must be 1 to 8 printable ASCII characters: " + symbol);
        }
        if (packedSymbol != PackedAscii.pack(symbol))
        {
            throw new IllegalArgumentException(symbol + ": packed symbol " + packedSymbol + " is not the symbol packed");
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
    }

    /**
     * @param symbol         1 to 8 printable ASCII characters.
     * @param referencePrice fixed point, positive and a multiple of the tick size.
     * @param tickSize       fixed point, positive.
     * @param lotSize        whole units, positive.
     * @throws IllegalArgumentException if any value is out of range.
     */
    public VenueInstrument(final String symbol, final long referencePrice, final long tickSize, final long lotSize)
    {
        this(symbol, PackedAscii.isPackable(symbol) ? PackedAscii.pack(symbol) : 0, referencePrice, tickSize, lotSize);
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

    @Override
    public String toString()
    {
        return symbol + " ref " + Prices.format(referencePrice) + " tick " + Prices.format(tickSize) + " lot " + lotSize;
    }
}
