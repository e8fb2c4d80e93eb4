package io.peregrine.gateway.venue;

import org.agrona.collections.Long2LongHashMap;

/**
 * The quantity and price each working order was sent to its venue with, and those of its pending replace: what tells
 * whether a venue's answer to an OrderStatusRequest shows a pending replace applied. The answer does not say which
 * request it describes (a venue repeats the ClOrdID it was asked about), only the order's terms. Held by the
 * {@link VenueOrderJournal}, which journals the terms ({@code T} records) and rebuilds them at start, so an answer
 * decides after a gateway restart as before it (orders sent by a version that did not journal them answer
 * {@link Verdict#UNKNOWN}). Venue agent thread only; allocation free once the maps have grown.
 */
final class ReplaceTerms
{
    /** What a status answer's terms say about the order's pending replace. */
    enum Verdict
    {
        /** The answer carries the replace's new terms, which differ from the old: the venue applied it. */
        APPLIED,
        /** The answer carries the order's old terms, which differ from the replace's: the venue did not apply it. */
        NOT_APPLIED,
        /** Neither, or the terms are not known here: the answer does not tell. */
        UNKNOWN
    }

    private static final long NONE = Long.MIN_VALUE;

    private final Long2LongHashMap quantities = new Long2LongHashMap(NONE);
    private final Long2LongHashMap prices = new Long2LongHashMap(NONE);
    private final Long2LongHashMap replaceQuantities = new Long2LongHashMap(NONE);
    private final Long2LongHashMap replacePrices = new Long2LongHashMap(NONE);

    /** A new order was sent with these terms. */
    void onOrderSent(final long orderId, final long quantity, final long price)
    {
        quantities.put(orderId, quantity);
        prices.put(orderId, price);
    }

    /** A replace of the order was sent with these new terms (one replace at most is pending per order). */
    void onReplaceSent(final long orderId, final long quantity, final long price)
    {
        replaceQuantities.put(orderId, quantity);
        replacePrices.put(orderId, price);
    }

    /** The order's pending replace was applied: its terms are the order's now. */
    void onReplaced(final long orderId)
    {
        final long quantity = replaceQuantities.remove(orderId);
        final long price = replacePrices.remove(orderId);
        if (NONE != quantity && quantities.containsKey(orderId))
        {
            quantities.put(orderId, quantity);
            prices.put(orderId, price);
        }
    }

    /** The order's pending replace was refused or answered otherwise: the order keeps its terms. */
    void onReplaceAnswered(final long orderId)
    {
        replaceQuantities.remove(orderId);
        replacePrices.remove(orderId);
    }

    /** The order is done. */
    void forget(final long orderId)
    {
        quantities.remove(orderId);
        prices.remove(orderId);
        onReplaceAnswered(orderId);
    }

    /** A new core run: its order ids mean other orders. */
    void clear()
    {
        quantities.clear();
        prices.clear();
        replaceQuantities.clear();
        replacePrices.clear();
    }

    /**
     * Compaction of the journal (allocates).
     *
     * @param replace true for the terms of the order's pending replace, false for the order's own.
     * @return those terms as {@code "quantity price"}, or null when they are not known.
     */
    String text(final long orderId, final boolean replace)
    {
        final long quantity = (replace ? replaceQuantities : quantities).get(orderId);
        return NONE == quantity ? null : quantity + " " + (replace ? replacePrices : prices).get(orderId);
    }

    /**
     * @param orderId  an order with a replace pending.
     * @param quantity OrderQty (38) the venue's status answer carries.
     * @param price    Price (44) the answer carries, scaled as the core's prices.
     * @return whether those terms show the pending replace applied, not applied, or neither.
     */
    Verdict verdict(final long orderId, final long quantity, final long price)
    {
        final long oldQuantity = quantities.get(orderId);
        final long newQuantity = replaceQuantities.get(orderId);
        if (NONE == oldQuantity || NONE == newQuantity)
        {
            return Verdict.UNKNOWN;
        }
        final boolean isOld = quantity == oldQuantity && price == prices.get(orderId);
        final boolean isNew = quantity == newQuantity && price == replacePrices.get(orderId);
        if (isNew && !isOld)
        {
            return Verdict.APPLIED;
        }
        return isOld && !isNew ? Verdict.NOT_APPLIED : Verdict.UNKNOWN;
    }
}
