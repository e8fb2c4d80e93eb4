package io.peregrine.gateway;

import java.util.List;

/**
 * Orders a core still holds as working that this gateway's data directory cannot reach (it is new beside the core
 * journal, or lost its venue order journal): how a start refusal or WARN names them. Start-up only; allocates.
 */
public final class OrphanedOrders
{
    /** Orders named in a message; the rest are counted. */
    private static final int NAMED = 10;

    private OrphanedOrders()
    {
    }

    /**
     * @param orders each order as an operator reads it (core order id first).
     * @return the first {@value #NAMED} of them, separated by "; ", then how many more there are.
     */
    public static String describe(final List<String> orders)
    {
        final String named = String.join("; ", orders.subList(0, Math.min(NAMED, orders.size())));
        return orders.size() > NAMED ? named + "; and " + (orders.size() - NAMED) + " more" : named;
    }
}
