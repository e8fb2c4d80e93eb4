package io.peregrine.bench.book;

import java.util.Locale;

/**
 * What a generated stream holds, measured while generating it: the realised command mix of the steady state, the
 * ramp and drain, live orders and price levels per side (sampled every 1,000 steady-state commands), the price range
 * and the trades. Immutable.
 *
 * @param steadyCounts   steady-state commands by {@link BookCommands} kind (copied; read with {@link #steadyCount}).
 * @param rampCommands   new GTC orders placed on an empty book before the steady state.
 * @param drainCommands  cancels that empty the book after the steady state.
 * @param meanLiveOrders live orders, mean of the samples.
 * @param meanBidLevels  bid price levels, mean of the samples.
 * @param meanAskLevels  ask price levels, mean of the samples.
 * @param minPriceTicks  lowest price of any order in the stream, ticks.
 * @param maxPriceTicks  highest price of any order in the stream, ticks.
 * @param trades         trades over the whole stream (ramp, steady state and drain).
 * @param foksFilled     FOK orders that traded (the rest expired).
 */
public record BookFlowStats(
    long[] steadyCounts,
    int rampCommands,
    int drainCommands,
    double meanLiveOrders,
    double meanBidLevels,
    double meanAskLevels,
    long minPriceTicks,
    long maxPriceTicks,
    long trades,
    long foksFilled)
{
    /** Copies the counts: the record never shares its array. */
    public BookFlowStats
    {
        steadyCounts = steadyCounts.clone();
    }

    /** @return a copy of the steady-state counts by kind. */
    @Override
    public long[] steadyCounts()
    {
        return steadyCounts.clone();
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
     * @return distance in ticks between the lowest and the highest price of any order in the stream.
     */
    public long priceRangeTicks()
    {
        return maxPriceTicks - minPriceTicks;
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
