package io.peregrine.bench.book;

import java.util.Locale;

/**
 * What a generated stream holds, measured while generating it: the realised command mix of the steady state, the
 * ramp and drain, live orders and price levels per side (sampled every 1,000 steady-state commands), the price range
 * and the trades. Immutable.
 */
public final class BookFlowStats
{
    private final long[] steadyCounts;
    private final int rampCommands;
    private final int drainCommands;
    private final double meanLiveOrders;
    private final double meanBidLevels;
    private final double meanAskLevels;
    private final long minPriceTicks;
    private final long maxPriceTicks;
    private final long trades;
    private final long foksFilled;

    BookFlowStats(
        final long[] steadyCounts,
        final int rampCommands,
        final int drainCommands,
        final double meanLiveOrders,
        final double meanBidLevels,
        final double meanAskLevels,
        final long minPriceTicks,
        final long maxPriceTicks,
        final long trades,
        final long foksFilled)
    {
        this.steadyCounts = steadyCounts.clone();
        this.rampCommands = rampCommands;
        this.drainCommands = drainCommands;
        this.meanLiveOrders = meanLiveOrders;
        this.meanBidLevels = meanBidLevels;
        this.meanAskLevels = meanAskLevels;
        this.minPriceTicks = minPriceTicks;
        this.maxPriceTicks = maxPriceTicks;
        this.trades = trades;
        this.foksFilled = foksFilled;
    }

    /**
     * @param kind a {@link BookCommands} kind.
     * @return how many steady-state commands of that kind the stream has.
     */
    public long steadyCount(final byte kind)
    {
        return steadyCounts[kind];
    }

    /**
     * @return new GTC orders placed on an empty book before the steady state.
     */
    public int rampCommands()
    {
        return rampCommands;
    }

    /**
     * @return cancels that empty the book after the steady state.
     */
    public int drainCommands()
    {
        return drainCommands;
    }

    public double meanLiveOrders()
    {
        return meanLiveOrders;
    }

    public double meanBidLevels()
    {
        return meanBidLevels;
    }

    public double meanAskLevels()
    {
        return meanAskLevels;
    }

    /**
     * @return distance in ticks between the lowest and the highest price of any order in the stream.
     */
    public long priceRangeTicks()
    {
        return maxPriceTicks - minPriceTicks;
    }

    /**
     * @return trades over the whole stream (ramp, steady state and drain).
     */
    public long trades()
    {
        return trades;
    }

    /**
     * @return FOK orders that traded (the rest expired).
     */
    public long foksFilled()
    {
        return foksFilled;
    }

    /**
     * @return a few lines describing the stream, for logs and reports.
     */
    public String describe()
    {
        long steady = 0;
        for (final long count : steadyCounts)
        {
            steady += count;
        }
        final double total = Math.max(1, steady);
        return String.format(Locale.ROOT,
            "realised steady-state mix: move %.2f%% / GTC %.2f%% / cancel %.2f%% / reduce %.2f%% / IOC %.2f%% / " +
            "FOK %.2f%% (%,d FOK filled) of %,d commands; ramp %,d GTC, drain %,d cancels; " +
            "live orders %.0f, levels bid %.0f / ask %.0f, price range %,d ticks; %,d trades",
            100 * steadyCounts[BookCommands.MOVE] / total,
            100 * steadyCounts[BookCommands.LIMIT_GTC] / total,
            100 * steadyCounts[BookCommands.CANCEL] / total,
            100 * steadyCounts[BookCommands.REDUCE] / total,
            100 * steadyCounts[BookCommands.LIMIT_IOC] / total,
            100 * steadyCounts[BookCommands.LIMIT_FOK] / total,
            foksFilled, steady, rampCommands, drainCommands, meanLiveOrders, meanBidLevels, meanAskLevels,
            priceRangeTicks(), trades);
    }
}
