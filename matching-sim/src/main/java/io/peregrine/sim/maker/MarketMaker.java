package io.peregrine.sim.maker;

import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sim.VenueInstrument;
import io.peregrine.sim.engine.MatchingEngine;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Keeps a two-sided ladder of resting quotes around each instrument's reference price so a participant gets fills
 * without a counterparty, shaped by a {@link QuoteLadder}. When a quote is filled, cancelled or expires,
 * {@link #replenish()} posts it again at the same price, unless it would cross the opposite side of the book (the
 * maker provides liquidity, it never takes it).
 * <p>
 * Runs on the engine thread only (it calls the single-threaded {@link MatchingEngine}); its orders use its own
 * account so self-trade prevention never blocks a participant. The venue routes the engine's callbacks for the
 * maker's orders here via {@link #claims(long)}.
 */
public final class MarketMaker
{
    private final MatchingEngine engine;
    private final long account;
    private final long quantity;
    private final long quantityJitter;
    private final SplittableRandom random;
    private final List<Quote> quotes = new ArrayList<>();
    private final Long2ObjectHashMap<Quote> quotesByOrderId = new Long2ObjectHashMap<>();
    private Quote submitting;

    private static final class Quote
    {
        final VenueInstrument instrument;
        final Side side;
        final long price;
        long orderId;
        long leavesQty;

        Quote(final VenueInstrument instrument, final Side side, final long price)
        {
            this.instrument = instrument;
            this.side = side;
            this.price = price;
        }
    }

    /**
     * Builds the ladders; nothing is posted until {@link #replenish()}. Allocates the ladders.
     *
     * @param engine      to post on (engine thread only).
     * @param account     the maker's account id, distinct from every participant's.
     * @param instruments to quote.
     * @param ladder      levels, sizes, spread and seed of the quotes on each instrument.
     */
    public MarketMaker(
        final MatchingEngine engine,
        final long account,
        final Collection<VenueInstrument> instruments,
        final QuoteLadder ladder)
    {
        this.engine = engine;
        this.account = account;
        this.quantity = ladder.quantity();
        this.quantityJitter = ladder.quantityJitter();
        this.random = new SplittableRandom(ladder.seed());
        for (final VenueInstrument instrument : instruments)
        {
            for (int i = 0; i < ladder.levels(); i++)
            {
                final long offset = (ladder.spreadTicks() + (long)i * ladder.levelTicks()) * instrument.tickSize();
                final long bid = instrument.referencePrice() - offset;
                if (bid > 0)
                {
                    quotes.add(new Quote(instrument, Side.BUY, bid));
                }
                quotes.add(new Quote(instrument, Side.SELL, instrument.referencePrice() + offset));
            }
        }
    }

    /**
     * Posts every quote that is not resting, unless it would cross the book. Engine thread only.
     *
     * @return how many orders were posted.
     */
    public int replenish()
    {
        int posted = 0;
        for (int i = 0, count = quotes.size(); i < count; i++)
        {
            final Quote quote = quotes.get(i);
            if (quote.orderId != 0 || wouldCross(quote))
            {
                continue;
            }
            final long size = quoteSize(quote.instrument);
            submitting = quote;
            quote.leavesQty = size;
            final long orderId;
            try
            {
                orderId = engine.submit(
                    account, quote.instrument.packedSymbol(), quote.side, OrdType.LIMIT, TimeInForce.GTC, quote.price, size);
            }
            finally
            {
                submitting = null;
            }
            if (quote.orderId == 0 && quote.leavesQty > 0 && engine.restingQuantity(orderId) > 0)
            {
                track(quote, orderId);
            }
            posted++;
        }
        return posted;
    }

    private boolean wouldCross(final Quote quote)
    {
        final long symbol = quote.instrument.packedSymbol();
        return quote.side == Side.BUY ? quote.price >= engine.bestAsk(symbol) : quote.price <= engine.bestBid(symbol);
    }

    private long quoteSize(final VenueInstrument instrument)
    {
        final long lot = instrument.lotSize();
        final long extra = quantityJitter > 0 ? random.nextLong(quantityJitter + 1) : 0;
        final long size = ((quantity + extra) / lot) * lot;
        return Math.max(size, lot);
    }

    /**
     * Whether an engine callback's order is the maker's. An id the maker is submitting right now (the engine calls
     * back before {@code submit} returns) is bound to its quote here.
     *
     * @param orderId from an engine callback.
     * @return true if the maker owns the order.
     */
    public boolean claims(final long orderId)
    {
        if (quotesByOrderId.containsKey(orderId))
        {
            return true;
        }
        if (null != submitting && submitting.orderId == 0)
        {
            track(submitting, orderId);
            return true;
        }
        return false;
    }

    private void track(final Quote quote, final long orderId)
    {
        quote.orderId = orderId;
        quotesByOrderId.put(orderId, quote);
    }

    /**
     * A maker order traded. Engine thread only.
     *
     * @param orderId   the maker's order.
     * @param leavesQty what rests after the trade; 0 frees the level for {@link #replenish()}.
     */
    public void onFill(final long orderId, final long leavesQty)
    {
        final Quote quote = quotesByOrderId.get(orderId);
        if (null != quote)
        {
            quote.leavesQty = leavesQty;
            if (leavesQty == 0)
            {
                release(quote);
            }
        }
    }

    /**
     * A maker order left the book without trading its rest (rejected, cancelled, expired). Engine thread only.
     *
     * @param orderId the maker's order.
     */
    public void onDone(final long orderId)
    {
        final Quote quote = quotesByOrderId.get(orderId);
        if (null != quote)
        {
            release(quote);
        }
    }

    private void release(final Quote quote)
    {
        quotesByOrderId.remove(quote.orderId);
        quote.orderId = 0;
        quote.leavesQty = 0;
    }

    /** @return quotes resting now. Engine thread only. */
    public int restingQuotes()
    {
        return quotesByOrderId.size();
    }
}
