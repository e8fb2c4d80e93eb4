package io.peregrine.bench.book;

/**
 * Receives the trades of a replayed stream, in the order a book reports them; used by the differential test. Called
 * on the replaying thread.
 */
@FunctionalInterface
public interface TradeSink
{
    /** Drops every trade: what the benchmarks use. */
    TradeSink NONE = (price, quantity, makerOrderId, takerOrderId) -> { };

    /**
     * @param price        trade price (the resting order's).
     * @param quantity     traded quantity.
     * @param makerOrderId the resting order.
     * @param takerOrderId the incoming (or moved) order.
     */
    void onTrade(long price, long quantity, long makerOrderId, long takerOrderId);
}
