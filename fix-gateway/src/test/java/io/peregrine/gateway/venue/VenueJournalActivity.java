package io.peregrine.gateway.venue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded activity for the venue journals' compaction tests, and what a journal shows of its state: a restart on a
 * compacted journal must show the same as on the full one. Test thread only.
 */
final class VenueJournalActivity
{
    static final int VENUE = 1;
    static final int OTHER_VENUE = 2;

    private VenueJournalActivity()
    {
    }

    /**
     * Sends {@code orders} orders with ids from {@code firstOrderId}: each may be replaced, have cancels or replaces
     * sent, answered or left pending, and most end done; some cancels name an order already done, or never sent.
     *
     * @return the next request id.
     */
    static long sendOrders(
        final VenueOrderJournal journal, final SplittableRandom random, final long firstOrderId, final int orders,
        final long firstRequestId)
    {
        long requestId = firstRequestId;
        final List<Long> done = new ArrayList<>();
        for (long orderId = firstOrderId; orderId < firstOrderId + orders; orderId++)
        {
            journal.onSent(random.nextBoolean() ? VENUE : OTHER_VENUE, orderId, random.nextBoolean() ? '1' : '2',
                "SYM" + random.nextInt(5));
            final int requests = random.nextInt(3);
            for (int r = 0; r < requests; r++)
            {
                final long request = requestId++;
                final boolean replace = random.nextBoolean();
                journal.onRequest(orderId, request, replace);
                if (random.nextInt(4) != 0)
                {
                    if (replace && random.nextBoolean())
                    {
                        journal.onReplaced(orderId, request);
                    }
                    journal.onAnswered(orderId, request);
                }
            }
            if (random.nextInt(10) != 0)
            {
                journal.onDone(orderId);
                done.add(orderId);
            }
            if (!done.isEmpty() && random.nextInt(20) == 0)
            {
                // A cancel that crossed the fill: sent for an order done here; sometimes refused at once.
                final long late = done.get(random.nextInt(done.size()));
                final long request = requestId++;
                journal.onRequest(late, request, false);
                if (random.nextBoolean())
                {
                    journal.onAnswered(late, request);
                }
            }
            if (random.nextInt(50) == 0)
            {
                journal.onRequest(firstOrderId + orders + 1_000 + random.nextInt(100), requestId++, false);
            }
        }
        return requestId;
    }

    /**
     * Everything a journal answers about orders {@code 1..maxOrderId} (and those a cancel named beyond, up to 1,100
     * more) and requests {@code 1..maxRequestId}.
     */
    static List<String> state(final VenueOrderJournal journal, final long maxOrderId, final long maxRequestId)
    {
        final List<String> state = new ArrayList<>();
        state.add("run " + journal.run() + " recordedNoRun " + journal.recordedNoRun() + " working " +
            journal.workingOrders());
        for (final int venue : new int[]{ VENUE, OTHER_VENUE })
        {
            final long[] working = journal.workingOrdersAt(venue);
            Arrays.sort(working);
            state.add("venue " + venue + ' ' + Arrays.toString(working));
        }
        for (long orderId = 1; orderId <= maxOrderId + 1_100; orderId++)
        {
            state.add(orderId + " sent " + journal.wasSent(orderId) + " request " + journal.currentRequestId(orderId) +
                " venue " + journal.venueOf(orderId) + ' ' + journal.sideOf(orderId) + ' ' +
                journal.symbolOf(orderId) + " pending " + journal.pendingRequest(orderId, false) + '/' +
                journal.pendingRequest(orderId, true));
        }
        for (long requestId = 1; requestId <= maxRequestId; requestId++)
        {
            state.add("request " + requestId + " handled " + journal.wasHandled(requestId));
        }
        return state;
    }

    /**
     * Reports of {@code orders} orders of core run {@code runId} from {@code firstOrderId}: an ack each, fills, some
     * closed by their last fill or a cancel, some by a status answer, some with a refused replace or cancel. Every
     * report is forwarded but about one in {@code unforwardedOneIn}.
     *
     * @return the keys (ExecIDs, and the ClOrdIDs of the cancel rejects) accepted, in order.
     */
    static List<String> reportOrders(
        final VenueReportJournal journal, final SplittableRandom random, final long runId, final long firstOrderId,
        final int orders, final int unforwardedOneIn)
    {
        final List<String> keys = new ArrayList<>();
        for (long orderId = firstOrderId; orderId < firstOrderId + orders; orderId++)
        {
            final String clOrdId = VenueClOrdId.format(runId, orderId, 0);
            final String prefix = runId + "-" + orderId + '-';
            accept(journal, random, keys, prefix + "ack", report(clOrdId, prefix + "ack", '0'), unforwardedOneIn);
            final int fills = random.nextInt(3);
            for (int f = 0; f < fills; f++)
            {
                accept(journal, random, keys, prefix + "fill" + f, report(clOrdId, prefix + "fill" + f, '1'),
                    unforwardedOneIn);
            }
            if (random.nextInt(6) == 0)
            {
                final String request = VenueClOrdId.format(runId, orderId, orderId * 10);
                final long seq = journal.acceptCancelReject(VENUE, request, "35=9\u000111=" + request + '\u0001');
                keys.add(VenueReportJournal.cancelRejectKey(request));
                forwardMost(journal, random, seq, unforwardedOneIn);
            }
            switch (random.nextInt(4))
            {
                case 0:
                    break; // still open
                case 1:
                    journal.orderClosed(VENUE, clOrdId);
                    break;
                default:
                    accept(journal, random, keys, prefix + "end", report(clOrdId, prefix + "end",
                        random.nextBoolean() ? '2' : '4'), unforwardedOneIn);
                    break;
            }
        }
        return keys;
    }

    private static void accept(
        final VenueReportJournal journal, final SplittableRandom random, final List<String> keys, final String execId,
        final String rawFix, final int unforwardedOneIn)
    {
        final long seq = journal.accept(VENUE, execId, rawFix);
        keys.add(execId);
        forwardMost(journal, random, seq, unforwardedOneIn);
    }

    private static void forwardMost(
        final VenueReportJournal journal, final SplittableRandom random, final long seq, final int unforwardedOneIn)
    {
        if (seq > 0 && random.nextInt(unforwardedOneIn) != 0)
        {
            journal.forwarded(seq);
        }
    }

    /**
     * Everything a report journal answers about {@code keys}, its sizes and the reports it would hand over again.
     */
    static List<String> state(final VenueReportJournal journal, final List<String> keys)
    {
        final List<String> state = new ArrayList<>();
        state.add("keys " + journal.keysHeld() + " open orders " + journal.openOrders());
        for (final VenueReportJournal.Unforwarded report : journal.unforwarded())
        {
            state.add("unforwarded " + report);
        }
        for (final String key : keys)
        {
            state.add(key + ' ' + journal.isKnown(VENUE, key));
        }
        return state;
    }

    /**
     * A venue ExecutionReport as received (ISO-8859-1 text survives as it is).
     */
    static String report(final String clOrdId, final String execId, final char ordStatus)
    {
        return "8=FIX.4.4\u00019=99\u000135=8\u000134=7\u000111=" + clOrdId + "\u000117=" + execId + "\u000139=" +
            ordStatus + "\u000158=caf\u00e9\u000110=000\u0001";
    }
}
