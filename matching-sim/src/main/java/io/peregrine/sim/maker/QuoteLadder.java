package io.peregrine.sim.maker;

/**
 * The shape of the {@link MarketMaker}'s quotes on each instrument: {@code levels} bids at
 * {@code ref - (spreadTicks + i * levelTicks) * tick} and as many asks above, each of {@code quantity} plus a seeded
 * random extra of up to {@code quantityJitter} (rounded down to the lot size). Immutable; checked by
 * {@link #check()} when the maker is enabled.
 *
 * @param levels         price levels per side.
 * @param quantity       base size of each quote.
 * @param quantityJitter maximum random extra size.
 * @param spreadTicks    ticks from the reference price to the best bid and the best ask.
 * @param levelTicks     ticks between levels.
 * @param seed           of the random extra sizes, so a run is reproducible.
 */
public record QuoteLadder(int levels, long quantity, long quantityJitter, int spreadTicks, int levelTicks, long seed)
{
    /**
     * @return this.
     * @throws IllegalArgumentException unless levels, quantity, spreadTicks and levelTicks are positive and the jitter
     *                                  is not negative.
     */
    public QuoteLadder check()
    {
        if (levels <= 0 || quantity <= 0 || quantityJitter < 0 || spreadTicks <= 0 || levelTicks <= 0)
        {
            throw new IllegalArgumentException(
                "market maker levels, quantity, spreadTicks and levelTicks must be positive, jitter >= 0");
        }
        return this;
    }

    /** @param levels price levels per side. @return a ladder like this one with {@code levels}. */
    public QuoteLadder withLevels(final int levels)
    {
        return new QuoteLadder(levels, quantity, quantityJitter, spreadTicks, levelTicks, seed);
    }

    /**
     * @param quantity       base size of each quote.
     * @param quantityJitter maximum random extra size.
     * @return a ladder like this one with these sizes.
     */
    public QuoteLadder withQuantity(final long quantity, final long quantityJitter)
    {
        return new QuoteLadder(levels, quantity, quantityJitter, spreadTicks, levelTicks, seed);
    }
}
