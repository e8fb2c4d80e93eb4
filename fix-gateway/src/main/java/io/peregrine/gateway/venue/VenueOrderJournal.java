package io.peregrine.gateway.venue;

import io.peregrine.gateway.store.RecordLog;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;


import java.nio.file.Path;

/**
 * Append-only journal of what the venue side has sent, so that a restarted gateway neither sends an order to a
 * venue twice nor forgets which ClOrdID a working order has at its venue.
 * <p>
 * Text records of a {@link RecordLog} (the lines of earlier versions, which are migrated unchanged):
 * {@code S <coreSessionId> <runId>} when a new core run starts (core order ids restart with each run, so
 * everything before belongs to the previous run), {@code N <venueId> <orderId>} before a NewOrderSingle goes out,
 * {@code R <orderId> <requestId>} when a replace is acknowledged (the order's venue ClOrdID changed),
 * {@code X <orderId>} when the order is done, {@code Q <orderId> <requestId> C|R} before a cancel (C) or replace (R)
 * goes out and {@code A <orderId> <requestId>} once it is answered: a cancel or replace still pending when the gateway
 * stops is pending again after the restart, so the venue's answer to an OrderStatusRequest can settle it, and a
 * request the core sends again is recognised.
 * Each record is written to the OS before the FIX message is sent (it survives a process crash, not a power
 * loss: no fsync per order). A torn last record is cut on load ({@link RecordLog}).
 * <p>
 * Single-threaded: owned by the {@link VenueClient} agent. Writing allocates a small String per record (edge).
 */
public final class VenueOrderJournal implements AutoCloseable
{
    /** Value of {@link #currentRequestId(long)} for an order the journal does not know as working. */
    public static final long UNKNOWN = -1;

    private final RecordLog log;
    private final LongHashSet sentOrders = new LongHashSet();
    private final Long2LongHashMap currentRequestIds = new Long2LongHashMap(UNKNOWN);
    private final Long2LongHashMap venueOfOrder = new Long2LongHashMap(UNKNOWN);
    private final Long2ObjectHashMap<String> sideAndSymbol = new Long2ObjectHashMap<>();
    private final Long2LongHashMap pendingCancels = new Long2LongHashMap(0);
    private final Long2LongHashMap pendingReplaces = new Long2LongHashMap(0);
    private final LongHashSet handledRequests = new LongHashSet();
    private CoreRun run;
    private final boolean recordedNoRun;

    /**
     * One core run as journaled: core order ids restart with each run.
     *
     * @param sessionId Aeron session id of the run's venue-out publication (a journaled core that restarts keeps its
     *                  run on a new session).
     * @param id        the run id, greater than every earlier run's.
     */
    public record CoreRun(int sessionId, long id)
    {
    }

    /**
     * Opens (creating if needed) and replays the journal; a line journal of an earlier version is migrated.
     *
     * @param file journal file.
     */
    public VenueOrderJournal(final Path file)
    {
        log = RecordLog.openText(file, "venue order journal", RecordLog.SAME_TEXT,
            (line) -> replay(line.trim().split(" ")));
        recordedNoRun = null == run;
    }

    /**
     * @return whether the journal held no core run when opened: no gateway took a core's requests with it (the run is
     * recorded when the core is first seen, before any of its requests is sent), so it cannot tell which of a core's
     * requests were sent to a venue (another directory's gateway sent them, if any), nor name them at the venue.
     */
    public boolean recordedNoRun()
    {
        return recordedNoRun;
    }

    private void replay(final String[] parts)
    {
        switch (parts[0])
        {
            case "S":
                final int sessionId = Integer.parseInt(parts[1]);
                final long runId = Long.parseLong(parts[2]);
                if (null != run && runId == run.id())
                {
                    run = new CoreRun(sessionId, runId); // a journaled core restarted: same run (continueRun)
                }
                else
                {
                    newRun(new CoreRun(sessionId, runId));
                }
                break;
            case "N":
                sent(Integer.parseInt(parts[1]), Long.parseLong(parts[2]),
                    parts.length == 5 ? parts[3] + ' ' + parts[4] : null);
                break;
            case "R":
                currentRequestIds.put(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                break;
            case "X":
                forget(Long.parseLong(parts[1]));
                break;
            case "Q":
            {
                requested(Long.parseLong(parts[1]), Long.parseLong(parts[2]), "R".equals(parts[3]));
                break;
            }
            case "A":
                answered(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                break;
            default:
                break;
        }
    }

    private void forget(final long orderId)
    {
        currentRequestIds.remove(orderId);
        venueOfOrder.remove(orderId);
        sideAndSymbol.remove(orderId);
        pendingCancels.remove(orderId);
        pendingReplaces.remove(orderId);
    }

    private void newRun(final CoreRun newRun)
    {
        sentOrders.clear();
        currentRequestIds.clear();
        venueOfOrder.clear();
        sideAndSymbol.clear();
        pendingCancels.clear();
        pendingReplaces.clear();
        handledRequests.clear();
        run = newRun;
    }

    /**
     * @return the current core run, or null if no core run was ever recorded.
     */
    public CoreRun run()
    {
        return run;
    }

    /**
     * Starts a new core run: orders of the previous run are forgotten (their ids may be reused).
     *
     * @param sessionId Aeron session id of the new core's venue-out publication.
     * @param runId     new run id, greater than the previous.
     * @return how many orders of the previous run were still working.
     */
    public int startRun(final int sessionId, final long runId)
    {
        final int orphans = currentRequestIds.size();
        newRun(new CoreRun(sessionId, runId));
        append("S " + sessionId + ' ' + runId);
        return orphans;
    }

    /**
     * Records that the core restarted on a new Aeron session but continues its run: a journaled core recovers its
     * orders and never reuses an order id, so the orders sent so far stay known (and their reports forwarded).
     *
     * @param sessionId Aeron session of the restarted core's venue-out publication.
     */
    public void continueRun(final int sessionId)
    {
        run = new CoreRun(sessionId, run.id());
        append("S " + sessionId + ' ' + run.id());
    }

    /**
     * @param orderId core order id.
     * @return true if a NewOrderSingle for it was already sent in the current core run (by this or an earlier
     * gateway process).
     */
    public boolean wasSent(final long orderId)
    {
        return sentOrders.contains(orderId);
    }

    /**
     * @param orderId core order id.
     * @return the request id of the order's current venue ClOrdID (0 = its own), or {@link #UNKNOWN}.
     */
    public long currentRequestId(final long orderId)
    {
        return currentRequestIds.get(orderId);
    }

    /**
     * @param orderId core order id.
     * @return the venue a working order was sent to, or {@link #UNKNOWN}.
     */
    public long venueOf(final long orderId)
    {
        return venueOfOrder.get(orderId);
    }

    /**
     * @return number of orders the journal holds as working.
     */
    public int workingOrders()
    {
        return currentRequestIds.size();
    }

    public void onSent(final int venueId, final long orderId)
    {
        onSent(venueId, orderId, '1', "[N/A]");
    }

    /**
     * Records an order before its NewOrderSingle is sent, with the Side(54) and Symbol(55) an OrderStatusRequest
     * about it must carry.
     */
    public void onSent(final int venueId, final long orderId, final char side, final String symbol)
    {
        sent(venueId, orderId, side + " " + symbol);
        append("N " + venueId + ' ' + orderId + ' ' + side + ' ' + symbol);
    }

    /**
     * An order sent (or replayed as sent): working at its venue under its own ClOrdID.
     *
     * @param sideAndSymbolText "side symbol", or null for a record of a version that did not journal them.
     */
    private void sent(final int venueId, final long orderId, final String sideAndSymbolText)
    {
        sentOrders.add(orderId);
        currentRequestIds.put(orderId, 0);
        venueOfOrder.put(orderId, venueId);
        if (null != sideAndSymbolText)
        {
            sideAndSymbol.put(orderId, sideAndSymbolText);
        }
    }

    /**
     * @param orderId a working order.
     * @return its FIX Side(54), '1' if the journal predates it.
     */
    public char sideOf(final long orderId)
    {
        final String facts = sideAndSymbol.get(orderId);
        return null == facts ? '1' : facts.charAt(0);
    }

    /**
     * @param orderId a working order.
     * @return its Symbol(55), "[N/A]" if the journal predates it.
     */
    public String symbolOf(final long orderId)
    {
        final String facts = sideAndSymbol.get(orderId);
        return null == facts ? "[N/A]" : facts.substring(2);
    }

    /**
     * @param venueId a venue.
     * @return the order ids the journal holds as working at that venue (a copy: the caller may change the journal).
     */
    public long[] workingOrdersAt(final int venueId)
    {
        final org.agrona.collections.LongArrayList ids = new org.agrona.collections.LongArrayList();
        final Long2LongHashMap.EntryIterator it = venueOfOrder.entrySet().iterator();
        while (it.hasNext())
        {
            it.next();
            if (it.getLongValue() == venueId)
            {
                ids.addLong(it.getLongKey());
            }
        }
        return ids.toLongArray();
    }

    public void onReplaced(final long orderId, final long requestId)
    {
        if (currentRequestIds.containsKey(orderId))
        {
            currentRequestIds.put(orderId, requestId);
            append("R " + orderId + ' ' + requestId);
        }
    }

    /**
     * Records a cancel or replace before it is sent: pending until answered or the order is done.
     *
     * @param orderId   core order id.
     * @param requestId the core's request id.
     * @param replace   true for a replace, false for a cancel.
     */
    public void onRequest(final long orderId, final long requestId, final boolean replace)
    {
        requested(orderId, requestId, replace);
        append("Q " + orderId + ' ' + requestId + (replace ? " R" : " C"));
    }

    /**
     * Records that a pending cancel or replace was answered (by the venue, or refused by the gateway).
     */
    public void onAnswered(final long orderId, final long requestId)
    {
        if (answered(orderId, requestId))
        {
            append("A " + orderId + ' ' + requestId);
        }
    }

    private void requested(final long orderId, final long requestId, final boolean replace)
    {
        (replace ? pendingReplaces : pendingCancels).put(orderId, requestId);
        handledRequests.add(requestId);
    }

    private boolean answered(final long orderId, final long requestId)
    {
        boolean removed = false;
        if (pendingCancels.get(orderId) == requestId)
        {
            pendingCancels.remove(orderId);
            removed = true;
        }
        if (pendingReplaces.get(orderId) == requestId)
        {
            pendingReplaces.remove(orderId);
            removed = true;
        }
        return removed;
    }

    /**
     * @param requestId a core cancel/replace request id.
     * @return whether this gateway already sent it (in the current core run, before or after a restart).
     */
    public boolean wasHandled(final long requestId)
    {
        return handledRequests.contains(requestId);
    }

    /**
     * @param orderId a core order id.
     * @param replace true for the order's pending replace, false for its pending cancel.
     * @return the request id of that cancel or replace, sent and not yet answered; 0 when none is pending.
     */
    public long pendingRequest(final long orderId, final boolean replace)
    {
        return (replace ? pendingReplaces : pendingCancels).get(orderId);
    }

    public void onDone(final long orderId)
    {
        final boolean working = currentRequestIds.containsKey(orderId);
        forget(orderId);
        if (working)
        {
            append("X " + orderId);
        }
    }

    private void append(final String record)
    {
        log.append(record);
    }

    public void close()
    {
        log.close();
    }
}
