package io.peregrine.gateway.venue;

import io.peregrine.gateway.store.RecordLog;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

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
 * <p>
 * Record types added later (a version before them skips their lines, as it skips every type it does not know; a
 * journal without them loads as before, its orders' terms unknown):
 * <ul>
 * <li>{@code T <orderId> <requestId> <quantity> <price>}: the terms (OrderQty, Price as the core scales prices) a
 * NewOrderSingle (request id 0) or an OrderCancelReplaceRequest was sent with, in the same record as its {@code N} or
 * {@code Q ... R}, written before the message goes out: what lets the venue's answer to an OrderStatusRequest
 * decide a pending replace ({@link ReplaceTerms}) after a restart as before it. An applied replace ({@code R}) makes
 * its terms the order's.</li>
 * <li>{@code U <orderId>}: the order's NewOrderSingle, not yet acknowledged, was gap-filled at the venue's resend
 * request (it never reached the venue): unknown to the venue, it is rejected as never delivered, not canceled as
 * lost.</li>
 * <li>{@code V <orderId>}: the venue said in an answer to an OrderStatusRequest that it knows the order (no
 * ExecutionReport of the venue journals that, {@link VenueReportJournal}): delivered, acknowledged.</li>
 * </ul>
 * Each record is written to the OS before the FIX message is sent (it survives a process crash, not a power
 * loss: no fsync per order). A torn last record is cut on load ({@link RecordLog}).
 * <p>
 * <b>Retention.</b> A done order (and an order the journal never held as working that a cancel or replace named)
 * stays known as sent, with the cancels and replaces handled for it, while it is one of the {@code doneOrdersRetained}
 * most recently done ({@link #DEFAULT_DONE_ORDERS_RETAINED}); older ones are forgotten (their ids and request ids
 * are no longer "already sent"). What this must cover: the core re-sends a request after its restart only for an
 * order it still holds as working, and an order the gateway holds as done but the core as working is one whose final
 * report the core lost when it died; every order done at the gateway after that report (until the core re-sends)
 * also had its final report unread by the dead core, so it too was working in the core when it died: they all fit
 * in the core's order table ({@code peregrine.order.capacity}, 65,536 by default). Keep the window at least that
 * large. The same window is applied while running and at every replay, so a restart behaves the same on a full
 * journal and on a compacted one.
 * <p>
 * <b>Compaction.</b> At start, when the replay found at least as many dead records as live ones (records of earlier
 * core runs, of forgotten orders, answered requests, superseded replaces and core sessions), the journal is
 * rewritten with only the live ones, in the background ({@link RecordLog#compactInBackground}: temporary file, fsync,
 * atomic rename, the records appended meanwhile copied over; a process killed at any point leaves the old journal or
 * the new one): the current run ({@code S}), each retained done order
 * ({@code N venueId orderId} without side and symbol, {@code X}, and its requests as {@code Q}, each followed by
 * {@code A} unless still pending), oldest done first, then each working order ({@code N} with side and symbol,
 * {@code R} for its current venue ClOrdID, {@code T} for its current terms, {@code U} or {@code V}, its requests
 * likewise, a pending replace followed by its {@code T}). A version before {@code T}, {@code U} and {@code V} skips
 * them and reads the rest.
 * <p>
 * Single-threaded: owned by the {@link VenueClient} agent. Writing allocates a small String per record (edge); a done
 * order allocates its entry in the retained window (and a request its entry in the order's list).
 */
public final class VenueOrderJournal implements AutoCloseable
{
    /** Value of {@link #currentRequestId(long)} for an order the journal does not know as working. */
    public static final long UNKNOWN = -1;
    /** Done orders kept known as sent by default: the core's default order capacity (see the class comment). */
    public static final int DEFAULT_DONE_ORDERS_RETAINED = 65_536;

    private static final String WHAT = "venue order journal";
    /** Lines a compaction puts into one journal record. */
    private static final int LINES_PER_RECORD = 256;

    private final RecordLog log;
    private final int doneOrdersRetained;
    /** Orders of the run known but not working (sent and done, or only named by a request), oldest done first. */
    private final LinkedHashSet<Long> doneOrders = new LinkedHashSet<>();
    /** Cancel and replace request ids handled per order, forgotten with it. */
    private final Long2ObjectHashMap<LongArrayList> requestsOfOrder = new Long2ObjectHashMap<>();
    private final LongHashSet sentOrders = new LongHashSet();
    private final Long2LongHashMap currentRequestIds = new Long2LongHashMap(UNKNOWN);
    private final Long2LongHashMap venueOfOrder = new Long2LongHashMap(UNKNOWN);
    private final Long2ObjectHashMap<String> sideAndSymbol = new Long2ObjectHashMap<>();
    private final Long2LongHashMap pendingCancels = new Long2LongHashMap(0);
    private final Long2LongHashMap pendingReplaces = new Long2LongHashMap(0);
    private final LongHashSet handledRequests = new LongHashSet();
    /** The terms of the working orders and of their pending replaces ({@code T}). */
    private final ReplaceTerms terms = new ReplaceTerms();
    /** Working orders whose NewOrderSingle never reached the venue ({@code U}). */
    private final LongHashSet undelivered = new LongHashSet();
    /** Working orders the venue said it knows in a status answer ({@code V}). */
    private final LongHashSet knownAtVenue = new LongHashSet();
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
     * Opens (creating if needed) and replays the journal, with the default retention
     * ({@link #DEFAULT_DONE_ORDERS_RETAINED}); a line journal of an earlier version is migrated.
     *
     * @param file journal file.
     */
    public VenueOrderJournal(final Path file)
    {
        this(file, DEFAULT_DONE_ORDERS_RETAINED);
    }

    /**
     * Opens (creating if needed) and replays the journal, and compacts it when at least half of its records are dead
     * (logged at INFO with both counts).
     *
     * @param file               journal file.
     * @param doneOrdersRetained done orders kept known as sent (the most recently done ones); 0 forgets an order when
     *                           it is done.
     * @throws IllegalArgumentException when {@code doneOrdersRetained} is negative.
     */
    public VenueOrderJournal(final Path file, final int doneOrdersRetained)
    {
        if (doneOrdersRetained < 0)
        {
            throw new IllegalArgumentException("done orders retained must be >= 0: " + doneOrdersRetained);
        }
        this.doneOrdersRetained = doneOrdersRetained;
        final long[] replayed = { 0 };
        final RecordLog opened = RecordLog.openText(file, WHAT, RecordLog.SAME_TEXT, (line) ->
        {
            replayed[0]++;
            replay(line.trim().split(" "));
        });
        recordedNoRun = null == run;
        final List<String> live = liveRecords();
        // In the background: the live records are a list made now, the appends from here on are copied after them.
        log = RecordLog.compactIfWorthIt(
            opened, replayed[0], live.size(), () -> RecordLog.textRecords(live, LINES_PER_RECORD),
            () -> currentRequestIds.size() + " working orders, " + doneOrders.size() + " done orders retained",
            RecordLog.BACKGROUND);
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
                replaced(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                break;
            case "T":
                terms(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]),
                    Long.parseLong(parts[4]));
                break;
            case "U":
                deliveryKnown(Long.parseLong(parts[1]), false);
                break;
            case "V":
                deliveryKnown(Long.parseLong(parts[1]), true);
                break;
            case "X":
                done(Long.parseLong(parts[1]));
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
        terms.forget(orderId);
        undelivered.remove(orderId);
        knownAtVenue.remove(orderId);
    }

    /**
     * A working order is done (record {@code X}): it joins the retained window of done orders.
     *
     * @return whether it was working.
     */
    private boolean done(final long orderId)
    {
        final boolean working = currentRequestIds.containsKey(orderId);
        forget(orderId);
        if (working)
        {
            retain(orderId);
        }
        return working;
    }

    /**
     * Puts a known order that is not working at the young end of the window of done orders, and forgets the oldest
     * beyond the window: no longer sent, its requests no longer handled.
     */
    private void retain(final long orderId)
    {
        final Long key = orderId;
        doneOrders.remove(key);
        doneOrders.add(key);
        if (doneOrders.size() > doneOrdersRetained)
        {
            final Iterator<Long> oldest = doneOrders.iterator();
            final long forgotten = oldest.next();
            oldest.remove();
            sentOrders.remove(forgotten);
            pendingCancels.remove(forgotten);
            pendingReplaces.remove(forgotten);
            final LongArrayList requests = requestsOfOrder.remove(forgotten);
            for (int i = 0; null != requests && i < requests.size(); i++)
            {
                handledRequests.remove(requests.getLong(i));
            }
        }
    }

    /**
     * The records a restart needs, in an order whose replay rebuilds this journal's state (see the class comment).
     */
    private List<String> liveRecords()
    {
        final List<String> records = new ArrayList<>();
        if (null != run) // none in a journal of a version before runs were recorded: its orders are kept all the same
        {
            records.add("S " + run.sessionId() + ' ' + run.id());
        }
        for (final long orderId : doneOrders)
        {
            if (sentOrders.contains(orderId))
            {
                records.add("N 0 " + orderId); // its venue, side and symbol were forgotten when it was done
                records.add("X " + orderId);
            }
            requestRecords(orderId, records);
        }
        final Long2LongHashMap.KeyIterator working = currentRequestIds.keySet().iterator();
        while (working.hasNext())
        {
            final long orderId = working.nextValue();
            final String facts = sideAndSymbol.get(orderId);
            final long venueId = venueOfOrder.get(orderId);
            if (UNKNOWN != venueId)
            {
                records.add("N " + venueId + ' ' + orderId + (null == facts ? "" : ' ' + facts));
            }
            final long requestId = currentRequestIds.get(orderId);
            if (0 != requestId || UNKNOWN == venueId) // an R without its N: only a damaged journal has one
            {
                records.add("R " + orderId + ' ' + requestId);
            }
            final String orderTerms = terms.text(orderId, false);
            if (null != orderTerms)
            {
                records.add("T " + orderId + " 0 " + orderTerms);
            }
            if (undelivered.contains(orderId) || knownAtVenue.contains(orderId))
            {
                records.add((undelivered.contains(orderId) ? "U " : "V ") + orderId);
            }
            requestRecords(orderId, records);
        }
        return records;
    }

    /**
     * An order's handled requests: answered ones as {@code Q} and {@code A}, then the pending ones as {@code Q}.
     */
    private void requestRecords(final long orderId, final List<String> records)
    {
        final LongArrayList requests = requestsOfOrder.get(orderId);
        if (null == requests)
        {
            return;
        }
        final long pendingCancel = pendingCancels.get(orderId);
        final long pendingReplace = pendingReplaces.get(orderId);
        for (int i = 0; i < requests.size(); i++)
        {
            final long requestId = requests.getLong(i);
            if (requestId != pendingCancel && requestId != pendingReplace)
            {
                records.add("Q " + orderId + ' ' + requestId + " C");
                records.add("A " + orderId + ' ' + requestId);
            }
        }
        if (0 != pendingCancel)
        {
            records.add("Q " + orderId + ' ' + pendingCancel + " C");
        }
        if (0 != pendingReplace)
        {
            records.add("Q " + orderId + ' ' + pendingReplace + " R");
            final String replaceTerms = terms.text(orderId, true);
            if (null != replaceTerms)
            {
                records.add("T " + orderId + ' ' + pendingReplace + ' ' + replaceTerms);
            }
        }
    }

    private static String termsRecord(final long orderId, final long requestId, final long quantity, final long price)
    {
        return "T " + orderId + ' ' + requestId + ' ' + quantity + ' ' + price;
    }

    private void newRun(final CoreRun newRun)
    {
        doneOrders.clear();
        requestsOfOrder.clear();
        sentOrders.clear();
        currentRequestIds.clear();
        venueOfOrder.clear();
        sideAndSymbol.clear();
        pendingCancels.clear();
        pendingReplaces.clear();
        handledRequests.clear();
        terms.clear();
        undelivered.clear();
        knownAtVenue.clear();
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
     * Records an order before its NewOrderSingle is sent, with the Side(54) and Symbol(55) an OrderStatusRequest
     * about it must carry and the terms it is sent with (in the same record: {@code N} and {@code T}).
     *
     * @param quantity its OrderQty(38).
     * @param price    its Price(44), scaled as the core's prices (0 for a market order).
     */
    public void onSent(
        final int venueId, final long orderId, final char side, final String symbol, final long quantity,
        final long price)
    {
        sent(venueId, orderId, side + " " + symbol);
        terms.onOrderSent(orderId, quantity, price);
        append("N " + venueId + ' ' + orderId + ' ' + side + ' ' + symbol + '\n' +
            termsRecord(orderId, 0, quantity, price));
    }

    /**
     * An order sent (or replayed as sent): working at its venue under its own ClOrdID.
     *
     * @param sideAndSymbolText "side symbol", or null for a record of a version that did not journal them.
     */
    private void sent(final int venueId, final long orderId, final String sideAndSymbolText)
    {
        sentOrders.add(orderId);
        doneOrders.remove(orderId); // working again (reopened by the reconciliation with the core journal)
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

    /**
     * Records that the venue applied a replace of a working order (before the replace is recorded answered): the
     * order's venue ClOrdID is the replace's now, and so are its terms.
     */
    public void onReplaced(final long orderId, final long requestId)
    {
        if (replaced(orderId, requestId))
        {
            append("R " + orderId + ' ' + requestId);
        }
    }

    private boolean replaced(final long orderId, final long requestId)
    {
        if (!currentRequestIds.containsKey(orderId))
        {
            return false;
        }
        currentRequestIds.put(orderId, requestId);
        if (pendingReplaces.get(orderId) == requestId)
        {
            terms.onReplaced(orderId);
        }
        return true;
    }

    /**
     * A {@code T} record: the terms of a working order (request id 0) or of its pending replace.
     */
    private void terms(final long orderId, final long requestId, final long quantity, final long price)
    {
        if (0 == requestId)
        {
            if (currentRequestIds.containsKey(orderId))
            {
                terms.onOrderSent(orderId, quantity, price);
            }
        }
        else if (pendingReplaces.get(orderId) == requestId)
        {
            terms.onReplaceSent(orderId, quantity, price);
        }
    }

    /**
     * Records a replace before it is sent, with its new terms (in the same record: {@code Q ... R} and {@code T}):
     * pending until answered or the order is done.
     *
     * @param quantity the replace's OrderQty(38).
     * @param price    its Price(44), scaled as the core's prices.
     */
    public void onReplaceRequest(final long orderId, final long requestId, final long quantity, final long price)
    {
        requested(orderId, requestId, true);
        terms.onReplaceSent(orderId, quantity, price);
        append("Q " + orderId + ' ' + requestId + " R\n" + termsRecord(orderId, requestId, quantity, price));
    }

    /**
     * @param orderId  an order with a replace pending.
     * @param quantity OrderQty (38) a venue's status answer about it carries.
     * @param price    Price (44) the answer carries, scaled as the core's prices.
     * @return whether those terms show the pending replace applied, not applied, or neither (terms not journaled).
     */
    ReplaceTerms.Verdict replaceVerdict(final long orderId, final long quantity, final long price)
    {
        return terms.verdict(orderId, quantity, price);
    }

    /**
     * Records that a working order's NewOrderSingle, not yet acknowledged, never reached the venue (gap-filled at its
     * resend request).
     */
    public void onUndelivered(final long orderId)
    {
        if (currentRequestIds.containsKey(orderId) && !undelivered.contains(orderId))
        {
            deliveryKnown(orderId, false);
            append("U " + orderId);
        }
    }

    /**
     * Records that the venue said in a status answer that it knows a working order: delivered after all, and
     * acknowledged (written once per order).
     */
    public void onKnownAtVenue(final long orderId)
    {
        if (currentRequestIds.containsKey(orderId) && !knownAtVenue.contains(orderId))
        {
            deliveryKnown(orderId, true);
            append("V " + orderId);
        }
    }

    private void deliveryKnown(final long orderId, final boolean known)
    {
        if (currentRequestIds.containsKey(orderId))
        {
            (known ? knownAtVenue : undelivered).add(orderId);
            (known ? undelivered : knownAtVenue).remove(orderId);
        }
    }

    /**
     * @return whether the working order's NewOrderSingle never reached the venue (and the venue has not said since
     * that it knows the order).
     */
    public boolean isUndelivered(final long orderId)
    {
        return undelivered.contains(orderId);
    }

    /**
     * @return whether the venue said in a status answer that it knows the working order.
     */
    public boolean isKnownAtVenue(final long orderId)
    {
        return knownAtVenue.contains(orderId);
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
        if (handledRequests.add(requestId))
        {
            LongArrayList requests = requestsOfOrder.get(orderId);
            if (null == requests)
            {
                requests = new LongArrayList(2, LongArrayList.DEFAULT_NULL_VALUE);
                requestsOfOrder.put(orderId, requests);
            }
            requests.addLong(requestId);
        }
        if (!currentRequestIds.containsKey(orderId))
        {
            retain(orderId); // a request for an order not working here (done, or never sent): remembered as done
        }
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
            terms.onReplaceAnswered(orderId); // applied, its terms became the order's first (onReplaced)
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
        if (done(orderId))
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
