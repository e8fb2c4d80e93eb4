package io.peregrine.sim.fix;

import quickfix.SessionID;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One participant's FIX session as the venue knows it: its account (for self-trade prevention), every ClOrdID it
 * has used (to refuse duplicates) and its orders by any ClOrdID of their chain (to find the order a cancel or
 * replace names). Engine thread only; lives as long as the venue, across logons.
 * <p>
 * Memory stays bounded on a long run: closed orders and refused request ClOrdIDs are retired in order, and only the
 * last {@code retention} of them are remembered. Older ones are forgotten: a cancel naming one then gets "unknown
 * order" instead of "too late", and its ClOrdID could be used again. Live orders are never forgotten.
 */
final class ParticipantSession
{
    private final SessionID sessionID;
    private final String account;
    private final long accountId;
    private final Set<String> usedClOrdIds = new HashSet<>();
    private final Map<String, FixOrder> ordersByClOrdId = new HashMap<>();
    private final ArrayDeque<Object> retired = new ArrayDeque<>();
    private final int retention;

    ParticipantSession(final SessionID sessionID, final String account, final long accountId, final int retention)
    {
        this.sessionID = sessionID;
        this.account = account;
        this.accountId = accountId;
        this.retention = retention;
    }

    SessionID sessionID()
    {
        return sessionID;
    }

    String compId()
    {
        return sessionID.getTargetCompID();
    }

    String account()
    {
        return account;
    }

    long accountId()
    {
        return accountId;
    }

    /**
     * Records a ClOrdID as used.
     *
     * @param clOrdId from a new order, cancel or replace.
     * @return false if the session had already used it.
     */
    boolean useClOrdId(final String clOrdId)
    {
        return usedClOrdIds.add(clOrdId);
    }

    boolean hasUsed(final String clOrdId)
    {
        return usedClOrdIds.contains(clOrdId);
    }

    /** A closed order: remembered until {@code retention} later retirements, then forgotten. */
    void retire(final FixOrder order)
    {
        retire((Object)order);
    }

    /** A ClOrdID of a refused request that never became an order's: remembered like a closed order. */
    void retireClOrdId(final String clOrdId)
    {
        retire((Object)clOrdId);
    }

    private void retire(final Object entry)
    {
        retired.addLast(entry);
        while (retired.size() > retention)
        {
            final Object oldest = retired.pollFirst();
            if (oldest instanceof FixOrder)
            {
                for (final String clOrdId : ((FixOrder)oldest).clOrdIds())
                {
                    ordersByClOrdId.remove(clOrdId);
                    usedClOrdIds.remove(clOrdId);
                }
            }
            else
            {
                usedClOrdIds.remove((String)oldest);
            }
        }
    }

    /** @return ClOrdIDs remembered (live and retained orders' chains, refused requests), for tests. */
    int rememberedClOrdIds()
    {
        return usedClOrdIds.size();
    }

    void addOrder(final String clOrdId, final FixOrder order)
    {
        ordersByClOrdId.put(clOrdId, order);
    }

    FixOrder order(final String clOrdId)
    {
        return ordersByClOrdId.get(clOrdId);
    }
}
