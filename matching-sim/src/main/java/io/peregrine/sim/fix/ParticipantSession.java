package io.peregrine.sim.fix;

import quickfix.SessionID;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One participant's FIX session as the venue knows it: its account (for self-trade prevention), every ClOrdID it
 * has used (to refuse duplicates) and its orders by any ClOrdID of their chain (to find the order a cancel or
 * replace names). Engine thread only; lives as long as the venue, across logons.
 */
final class ParticipantSession
{
    private final SessionID sessionID;
    private final String account;
    private final long accountId;
    private final Set<String> usedClOrdIds = new HashSet<>();
    private final Map<String, FixOrder> ordersByClOrdId = new HashMap<>();

    ParticipantSession(final SessionID sessionID, final String account, final long accountId)
    {
        this.sessionID = sessionID;
        this.account = account;
        this.accountId = accountId;
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

    void addOrder(final String clOrdId, final FixOrder order)
    {
        ordersByClOrdId.put(clOrdId, order);
    }

    FixOrder order(final String clOrdId)
    {
        return ordersByClOrdId.get(clOrdId);
    }
}
