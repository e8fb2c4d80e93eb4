package io.peregrine.sim.maker;

import io.peregrine.protocol.Prices;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sim.VenueInstrument;
import io.peregrine.sim.engine.MatchingEngine;
import io.peregrine.sim.engine.MatchingListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class MarketMakerTest
{
    private static final VenueInstrument AAPL = VenueInstrument.of("AAPL", "190.00", "0.01", 1);
    private static final long MAKER = 99;
    private static final long PARTICIPANT = 1;

    /** Routes the engine's callbacks for the maker's orders to it, as the venue does; records accepted sizes. */
    private static final class Routing implements MatchingListener
    {
        MarketMaker maker;
        final List<Long> acceptedMakerQuantities = new ArrayList<>();

        public void onAccepted(final long orderId, final long account, final long symbol, final Side side, final long price, final long quantity)
        {
            if (maker.claims(orderId))
            {
                acceptedMakerQuantities.add(quantity);
            }
        }

        public void onRejected(final long orderId, final RejectReason reason)
        {
            if (maker.claims(orderId))
            {
                maker.onDone(orderId);
            }
        }

        public void onTrade(final long symbol, final long price, final long quantity, final long aggressorOrderId,
            final long aggressorLeavesQty, final long restingOrderId, final long restingLeavesQty)
        {
            if (maker.claims(aggressorOrderId))
            {
                maker.onFill(aggressorOrderId, aggressorLeavesQty);
            }
            if (maker.claims(restingOrderId))
            {
                maker.onFill(restingOrderId, restingLeavesQty);
            }
        }

        public void onCancelled(final long orderId, final long cancelledQuantity, final boolean selfTradePrevention)
        {
            if (maker.claims(orderId))
            {
                maker.onDone(orderId);
            }
        }

        public void onExpired(final long orderId, final long expiredQuantity)
        {
        }

        public void onReplaced(final long orderId, final long newPrice, final long newQuantity, final long leavesQuantity)
        {
        }

        public void onCancelRejected(final long orderId, final RejectReason reason)
        {
        }

        public void onReplaceRejected(final long orderId, final RejectReason reason)
        {
        }
    }

    private static MatchingEngine engineWithMaker(final Routing routing, final long jitter, final long seed)
    {
        final MatchingEngine engine = new MatchingEngine(routing, true, 1_000);
        engine.addInstrument(AAPL.packedSymbol(), AAPL.tickSize(), AAPL.lotSize());
        routing.maker = new MarketMaker(engine, MAKER, List.of(AAPL), new QuoteLadder(5, 100, jitter, 2, 1, seed));
        return engine;
    }

    @Test
    void quotesLadderAroundReferencePrice()
    {
        final Routing routing = new Routing();
        final MatchingEngine engine = engineWithMaker(routing, 0, 1);

        assertEquals(10, routing.maker.replenish());

        assertEquals(10, routing.maker.restingQuotes());
        assertEquals(Prices.parse("189.98"), engine.bestBid(AAPL.packedSymbol()));
        assertEquals(Prices.parse("190.02"), engine.bestAsk(AAPL.packedSymbol()));
        assertEquals(0, routing.maker.replenish(), "nothing to replenish");
    }

    @Test
    void replenishesFilledQuotes()
    {
        final Routing routing = new Routing();
        final MatchingEngine engine = engineWithMaker(routing, 0, 1);
        routing.maker.replenish();

        engine.submit(PARTICIPANT, AAPL.packedSymbol(), Side.BUY, OrdType.MARKET, TimeInForce.IOC, 0, 250);
        assertEquals(8, routing.maker.restingQuotes(), "two asks filled, one partially");
        assertEquals(Prices.parse("190.04"), engine.bestAsk(AAPL.packedSymbol()));

        assertEquals(2, routing.maker.replenish());
        assertEquals(10, routing.maker.restingQuotes());
        assertEquals(Prices.parse("190.02"), engine.bestAsk(AAPL.packedSymbol()));
    }

    @Test
    void neverPostsQuoteThatWouldCross()
    {
        final Routing routing = new Routing();
        final MatchingEngine engine = engineWithMaker(routing, 0, 1);
        routing.maker.replenish();

        // A participant lifts the two best asks and rests the rest of its bid at 190.03.
        engine.submit(PARTICIPANT, AAPL.packedSymbol(), Side.BUY, OrdType.LIMIT, TimeInForce.DAY, Prices.parse("190.03"), 10_000);
        assertEquals(Prices.parse("190.03"), engine.bestBid(AAPL.packedSymbol()));

        routing.maker.replenish();
        assertEquals(Prices.parse("190.04"), engine.bestAsk(AAPL.packedSymbol()), "asks at or below 190.03 not posted");
        assertEquals(Prices.parse("190.03"), engine.bestBid(AAPL.packedSymbol()), "the maker took nothing");
        assertEquals(8, routing.maker.restingQuotes());
    }

    @Test
    void seedMakesQuoteSizesReproducible()
    {
        final Routing first = new Routing();
        engineWithMaker(first, 50, 7);
        first.maker.replenish();
        final Routing second = new Routing();
        engineWithMaker(second, 50, 7);
        second.maker.replenish();
        final Routing other = new Routing();
        engineWithMaker(other, 50, 8);
        other.maker.replenish();

        assertEquals(first.acceptedMakerQuantities, second.acceptedMakerQuantities);
        assertNotEquals(first.acceptedMakerQuantities, other.acceptedMakerQuantities);
        for (final long quantity : first.acceptedMakerQuantities)
        {
            assertEquals(true, quantity >= 100 && quantity <= 150, "size " + quantity);
        }
    }
}
