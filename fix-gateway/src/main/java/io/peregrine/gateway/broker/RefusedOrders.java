package io.peregrine.gateway.broker;

import io.peregrine.protocol.PackedAscii;
import quickfix.SessionID;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * NewOrderSingles the gateway refused itself before taking them (throttled, or a field it rejects), per broker
 * session, by ClOrdID: so that a PossDupFlag=Y copy of one is answered with that refusal (ExecType I, OrdStatus 8)
 * instead of being served as a new order under a ClOrdID the broker was already told is rejected. A refused ClOrdID
 * is not used up: a request sent again without PossDupFlag is a retry and is served.
 * <p>
 * Kept in memory only, the {@link #RETAINED_PER_SESSION} most recent refusals of each session: a PossDup copy comes
 * right after the logon that asked for it, and a gateway restart re-reads the broker's unprocessed messages anyway.
 * Written and read on QuickFIX/J session threads.
 */
final class RefusedOrders
{
    /** Refusals remembered per session; older ones are forgotten first. */
    static final int RETAINED_PER_SESSION = 16_384;

    /** Longest Text(58) kept: a refused Symbol(55) may be as long as a message. */
    static final int MAX_TEXT_LENGTH = 160;

    /**
     * What the broker was told: the order's Symbol(55) (null unless a valid one: a refusal may be for a symbol of any
     * length) and Side(54), FIX OrdRejReason(103), Text(58) (cut at {@link #MAX_TEXT_LENGTH}) and the order fields the
     * refusal echoed ({@link OrderEcho#bounded}), so that memory per refusal stays small whatever the broker sent.
     */
    record Refusal(String symbol, char side, int ordRejReason, String text, OrderEcho echo)
    {
        Refusal
        {
            symbol = PackedAscii.isPackable(symbol) ? symbol : null;
            text = text.length() > MAX_TEXT_LENGTH ? text.substring(0, MAX_TEXT_LENGTH) + "..." : text;
            echo = echo.bounded();
        }
    }

    private final Map<SessionID, Map<String, Refusal>> bySession = new ConcurrentHashMap<>();

    void record(final SessionID sessionId, final String clOrdId, final Refusal refusal)
    {
        final Map<String, Refusal> refused = bySession.computeIfAbsent(sessionId, (id) -> new LinkedHashMap<>()
        {
            protected boolean removeEldestEntry(final Map.Entry<String, Refusal> eldest)
            {
                return size() > RETAINED_PER_SESSION;
            }
        });
        synchronized (refused)
        {
            refused.put(clOrdId, refusal);
        }
    }

    /**
     * @return the session's refusal of this ClOrdID, or null if none is remembered.
     */
    Refusal find(final SessionID sessionId, final String clOrdId)
    {
        final Map<String, Refusal> refused = bySession.get(sessionId);
        if (null == refused)
        {
            return null;
        }
        synchronized (refused)
        {
            return refused.get(clOrdId);
        }
    }
}
