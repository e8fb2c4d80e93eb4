package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The symbols one account may not trade: as configured (sorted names) and packed as on the wire, for a lookup that
 * allocates nothing. Immutable and thread-safe; constructed on edges (allocates). Equal when the names are.
 */
public final class RestrictedSymbols
{
    private final SortedSet<String> names;
    private final long[] packed;

    /**
     * @param key     the configuration key the symbols come from (named in the error).
     * @param symbols the symbols, each 1 to 8 printable ASCII characters (duplicates count once).
     * @throws RiskConfigException naming {@code key} when a symbol is not one.
     */
    public RestrictedSymbols(final String key, final Collection<String> symbols)
    {
        final TreeSet<String> sorted = new TreeSet<>();
        for (final String symbol : symbols)
        {
            if (!PackedAscii.isPackable(symbol))
            {
                throw new RiskConfigException(key, String.valueOf(symbols),
                    "'" + symbol + "' is not a symbol (1 to 8 printable ASCII characters)");
            }
            sorted.add(symbol);
        }
        this.names = Collections.unmodifiableSortedSet(sorted);
        this.packed = new long[sorted.size()];
        int i = 0;
        for (final String symbol : sorted)
        {
            this.packed[i++] = PackedAscii.pack(symbol);
        }
        Arrays.sort(this.packed);
    }

    /**
     * @return the symbols, sorted.
     */
    public SortedSet<String> names()
    {
        return names;
    }

    /**
     * Allocation free: a binary search over a small sorted array.
     *
     * @param symbol packed symbol.
     * @return whether it is one of these.
     */
    public boolean contains(final long symbol)
    {
        return packed.length != 0 && Arrays.binarySearch(packed, symbol) >= 0;
    }

    /**
     * {@inheritDoc}
     */
    public boolean equals(final Object other)
    {
        return this == other || (other instanceof RestrictedSymbols && names.equals(((RestrictedSymbols)other).names));
    }

    /**
     * {@inheritDoc}
     */
    public int hashCode()
    {
        return names.hashCode();
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return names.toString();
    }
}
