package io.peregrine.gateway.venue;

import io.peregrine.gateway.store.RecordLog;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exactly-once venue reports: an append-only journal ({@code venue/reports.log}, a {@link RecordLog}) of every venue
 * ExecutionReport and OrderCancelReject the gateway accepted, written on the QuickFIX/J thread <em>before</em>
 * {@code fromApp} returns (so before QuickFIX/J counts the sequence number as received), and of the moment the
 * adapter handed it to the core. Binary records, little-endian:
 * <ul>
 * <li>{@code 'R' seq:long venueId:int runId:long orderId:long closes:byte keyLength:int key rawFix}: accepted, with its
 * (venue, ExecID) key (an OrderCancelReject, which has no ExecID, under {@link #cancelRejectKey} of the request it
 * refuses), the core run and order its ClOrdID(11) names, whether it ends the order, and the FIX message as received
 * (raw bytes, ISO-8859-1); {@link #accept} refuses a key already known, so a PossDup resend or a venue that repeats
 * itself is applied once, across restarts too.</li>
 * <li>{@code 'F' seq:long}: offered to stream 2002 (or deliberately dropped).</li>
 * <li>{@code 'C' venueId:int runId:long orderId:long}: the venue said the order is done or unknown in an answer to an
 * OrderStatusRequest (not itself journaled).</li>
 * </ul>
 * A report recorded but not forwarded when the gateway died is handed to the core again at the next start
 * ({@link #unforwarded()}): a crash cannot consume a sequence number and lose the report. The core applies a
 * repeated fill once (cumulative quantity), so the window between the offer and its {@code F} record is harmless.
 * <p>
 * <b>Bounded memory.</b> The keys of an order are kept while the order is open at the venue. Once a report ends it
 * (OrdStatus filled, canceled, expired, or rejected for the order itself), a status answer says it is done or
 * unknown, or a later core run starts (reports of an earlier run's orders are dropped by the adapter), its keys move to
 * a window of the {@link #DEFAULT_CLOSED_KEY_WINDOW} most recently closed keys, oldest forgotten first (and the order
 * to a window of as many recently closed orders, so that a later report of it, such as a cancel refused "too late"
 * after the fill that crossed it, does not open it again). Nothing can happen to a closed order, so an
 * ExecutionReport naming it is a copy: within the window it is refused here; past it (a copy
 * resent after that many later reports of closed orders) it reaches the core, which ignores a report of an order that
 * is not working (counted as a venue message for an unknown order) and books fills by cumulative quantity, so it
 * still changes nothing. The open orders and the window are rebuilt the same way from the records at every start.
 * <p>
 * <b>Compaction.</b> At start, when the replay found at least as many dead records as live ones (a forwarded report's
 * FIX message, its {@code F}, keys forgotten past the window, closings), the journal is rewritten with only what the
 * state above needs, in the background ({@link RecordLog#compactInBackground}: temporary file, fsync, atomic rename,
 * the records appended meanwhile copied over; a process killed at any point leaves the old journal or the new one),
 * in an order whose replay rebuilds that state exactly:
 * <ul>
 * <li>{@code 'H' latestRun:long lastSeq:long}: the latest core run reported and the last sequence given;</li>
 * <li>{@code 'K' keyLength:int key}: each key of the window of closed orders, oldest first;</li>
 * <li>{@code 'C'} as above: each order of the window of closed orders, oldest first;</li>
 * <li>{@code 'O' venueId:int runId:long orderId:long keyLength:int key}: each key of an open order, in the order
 * recorded;</li>
 * <li>{@code 'U' seq:long venueId:int rawFix}: each report recorded and not yet forwarded, with its FIX message as
 * received (never dropped: it is handed to the core at the next start).</li>
 * </ul>
 * New records are appended after them as before. A version before these record types stops at start on a compacted
 * journal (unknown record type), never reads it wrongly.
 * <p>
 * Earlier versions wrote text lines ({@code R <seq> <venueId> <base64 ExecID> <base64 FIX>}, {@code F <seq>}); such a
 * file is migrated to records at open (see {@link RecordLog}).
 * <p>
 * Thread-safe (synchronized): QuickFIX/J threads accept, the adapter's agent marks forwarded. Edge code: allocates
 * the key per report; the record is encoded into a reused buffer.
 */
public final class VenueReportJournal implements AutoCloseable
{
    /** Returned by {@link #accept} for a report already recorded. */
    public static final long DUPLICATE = -1;

    /** How many keys of closed orders are kept to refuse copies of their reports. */
    public static final int DEFAULT_CLOSED_KEY_WINDOW = 65_536;

    static final byte ACCEPTED = 'R';
    static final byte FORWARDED = 'F';
    static final byte CLOSED = 'C';
    static final byte HEAD = 'H';
    static final byte CLOSED_KEY = 'K';
    static final byte OPEN_KEY = 'O';
    static final byte UNFORWARDED = 'U';
    private static final String WHAT = "venue report journal";
    private static final int KEY_OFFSET = 1 + Long.BYTES + Integer.BYTES + 2 * Long.BYTES + 1;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final RecordLog log;
    private final int closedKeyWindow;
    private final ExpandableDirectByteBuffer record = new ExpandableDirectByteBuffer(1024);
    private final Set<String> openKeys = new HashSet<>();
    /** Keys of each open order, in the order opened (a compaction writes them back in that order). */
    private final Map<OrderOfReport, List<String>> keysOfOpenOrders = new LinkedHashMap<>();
    private final LinkedHashSet<String> closedKeys = new LinkedHashSet<>();
    private final LinkedHashSet<OrderOfReport> closedOrders = new LinkedHashSet<>();
    private final Map<Long, Unforwarded> unforwarded = new LinkedHashMap<>();
    private long latestRun;
    private long lastSeq;
    private long duplicates;

    /**
     * Opens (creating if needed) the journal, migrates a line journal of an earlier version, cuts a torn tail and
     * replays it.
     *
     * @param file journal file.
     */
    public VenueReportJournal(final Path file)
    {
        this(file, DEFAULT_CLOSED_KEY_WINDOW);
    }

    /**
     * @param file            journal file.
     * @param closedKeyWindow how many keys of closed orders to remember (at least 1).
     */
    public VenueReportJournal(final Path file, final int closedKeyWindow)
    {
        if (closedKeyWindow < 1)
        {
            throw new IllegalArgumentException("closedKeyWindow must be at least 1: " + closedKeyWindow);
        }
        this.closedKeyWindow = closedKeyWindow;
        final long[] replayed = { 0 };
        final RecordLog opened = RecordLog.open(file, WHAT, VenueReportJournal::convertLine, (buffer, offset, length) ->
        {
            replayed[0]++;
            replay(buffer, offset, length);
        });
        final long live = 1L + closedKeys.size() + closedOrders.size() + openKeys.size() + unforwarded.size();
        // In the background: the records are made now (the state changes once reports arrive), the appends from here
        // on are copied after them.
        this.log = RecordLog.compactIfWorthIt(opened, replayed[0], live, () ->
        {
            final List<byte[]> records = new ArrayList<>();
            writeCompacted(records::add);
            return (sink) -> records.forEach(sink::put);
        },
            () -> openKeys.size() + " keys of open orders, " + closedKeys.size() + " keys and " + closedOrders.size() +
            " orders in the closed window, " + unforwarded.size() + " reports not yet forwarded", RecordLog.BACKGROUND);
    }

    /**
     * The records of the state rebuilt by the replay (see the class comment), in an order whose replay rebuilds it.
     */
    private void writeCompacted(final RecordLog.RecordSink sink)
    {
        record.putByte(0, HEAD);
        record.putLong(1, latestRun, ORDER);
        record.putLong(1 + Long.BYTES, lastSeq, ORDER);
        sink.put(bytes(1 + 2 * Long.BYTES));
        for (final String key : closedKeys)
        {
            record.putByte(0, CLOSED_KEY);
            sink.put(bytes(1 + putKey(1, key)));
        }
        for (final OrderOfReport order : closedOrders)
        {
            sink.put(bytes(encodeOrder(CLOSED, order)));
        }
        for (final Map.Entry<OrderOfReport, List<String>> open : keysOfOpenOrders.entrySet())
        {
            for (final String key : open.getValue())
            {
                final int orderLength = encodeOrder(OPEN_KEY, open.getKey());
                sink.put(bytes(orderLength + putKey(orderLength, key)));
            }
        }
        for (final Unforwarded report : unforwarded.values())
        {
            record.putByte(0, UNFORWARDED);
            record.putLong(1, report.seq(), ORDER);
            record.putInt(1 + Long.BYTES, report.venueId(), ORDER);
            sink.put(bytes(putRaw(record, 1 + Long.BYTES + Integer.BYTES, report.rawFix())));
        }
    }

    private byte[] bytes(final int length)
    {
        final byte[] bytes = new byte[length];
        record.getBytes(0, bytes);
        return bytes;
    }

    /**
     * Puts a key (length, UTF-8 bytes) into the record buffer.
     *
     * @return the bytes put.
     */
    private int putKey(final int index, final String key)
    {
        final byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        record.putInt(index, keyBytes.length, ORDER);
        record.putBytes(index + Integer.BYTES, keyBytes);
        return Integer.BYTES + keyBytes.length;
    }

    /**
     * Puts a record type and an order (venue, run, order) at the start of the record buffer.
     *
     * @return the bytes put.
     */
    private int encodeOrder(final byte type, final OrderOfReport order)
    {
        record.putByte(0, type);
        record.putInt(1, order.venueId, ORDER);
        record.putLong(1 + Integer.BYTES, order.runId, ORDER);
        record.putLong(1 + Integer.BYTES + Long.BYTES, order.orderId, ORDER);
        return 1 + Integer.BYTES + 2 * Long.BYTES;
    }

    private static OrderOfReport decodeOrder(final DirectBuffer buffer, final int offset)
    {
        return new OrderOfReport(buffer.getInt(offset + 1, ORDER), buffer.getLong(offset + 1 + Integer.BYTES, ORDER),
            buffer.getLong(offset + 1 + Integer.BYTES + Long.BYTES, ORDER));
    }

    /**
     * Records a report unless its (venue, ExecID) was recorded before. Returns after the record reached the OS.
     *
     * @param venueId the venue.
     * @param execId  the report's ExecID(17).
     * @param rawFix  the report as received (for a replay after a crash; its ClOrdID(11) and OrdStatus(39) say which
     *                order it is about and whether it ends it).
     * @return the report's journal sequence (positive), or {@link #DUPLICATE}.
     */
    public synchronized long accept(final int venueId, final String execId, final String rawFix)
    {
        return accept(venueId, key(venueId, execId), rawFix, closesOrder(rawFix));
    }

    /**
     * Records a venue OrderCancelReject (35=9), which has no ExecID, under the ClOrdID of the request it refuses
     * (unique per cancel or replace request: a request is refused at most once), unless it was recorded before.
     * Returns after the record reached the OS.
     *
     * @param venueId the venue.
     * @param clOrdId the reject's ClOrdID(11): the gateway's cancel or replace request.
     * @param rawFix  the reject as received (for a replay after a crash).
     * @return the reject's journal sequence (positive), or {@link #DUPLICATE}.
     */
    public synchronized long acceptCancelReject(final int venueId, final String clOrdId, final String rawFix)
    {
        return accept(venueId, key(venueId, cancelRejectKey(clOrdId)), rawFix, false);
    }

    /**
     * @param clOrdId the ClOrdID of a refused cancel or replace request.
     * @return the identifier a venue OrderCancelReject is recorded under in place of an ExecID: the ClOrdID behind a
     * {@code "35=9 "} prefix, which keeps it apart from the venue's ExecIDs.
     */
    public static String cancelRejectKey(final String clOrdId)
    {
        return "35=9 " + clOrdId;
    }

    /**
     * Records that the venue said, in an answer to an OrderStatusRequest, that an order is done or unknown to it: its
     * keys join the window of closed orders. Returns after the record reached the OS.
     *
     * @param venueId the venue.
     * @param clOrdId the ClOrdID the answer names.
     */
    public synchronized void orderClosed(final int venueId, final String clOrdId)
    {
        final long runId = VenueClOrdId.runId(clOrdId);
        final long orderId = VenueClOrdId.orderId(clOrdId);
        if (!keysOfOpenOrders.containsKey(new OrderOfReport(venueId, runId, orderId)))
        {
            return;
        }
        final OrderOfReport order = new OrderOfReport(venueId, runId, orderId);
        log.append(record, 0, encodeOrder(CLOSED, order));
        close(order);
    }

    /**
     * @param venueId the venue.
     * @param execId  an ExecID.
     * @return whether a report with that key would be refused as already recorded.
     */
    public synchronized boolean isKnown(final int venueId, final String execId)
    {
        return isKnown(key(venueId, execId));
    }

    /**
     * Start-up (any thread): whether the venue is known to have had the order, by an ExecutionReport about it recorded
     * here (acknowledged, filled, done; a refusal of one of its cancels or replaces does not count).
     *
     * @param venueId the venue.
     * @param runId   the core run its ClOrdIDs name.
     * @param orderId the core order id.
     * @return whether such a report is recorded, the order open or in the window of closed ones.
     */
    public synchronized boolean reportedOn(final int venueId, final long runId, final long orderId)
    {
        final OrderOfReport order = new OrderOfReport(venueId, runId, orderId);
        if (closedOrders.contains(order))
        {
            return true;
        }
        final List<String> keys = keysOfOpenOrders.get(order);
        final String cancelRejectKeys = key(venueId, cancelRejectKey(""));
        for (int i = 0; null != keys && i < keys.size(); i++)
        {
            if (!keys.get(i).startsWith(cancelRejectKeys))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return keys held for orders still open, plus the window of closed ones (what bounds this journal's memory).
     */
    public synchronized int keysHeld()
    {
        return openKeys.size() + closedKeys.size();
    }

    /**
     * @return orders with at least one report recorded that are not known to be closed.
     */
    public synchronized int openOrders()
    {
        return keysOfOpenOrders.size();
    }

    /**
     * The report with this sequence was offered to the core (or dropped on purpose). Agent thread.
     *
     * @param seq a sequence from {@link #accept}.
     */
    public synchronized void forwarded(final long seq)
    {
        record.putByte(0, FORWARDED);
        record.putLong(1, seq, ORDER);
        log.append(record, 0, 1 + Long.BYTES);
    }

    /**
     * @return reports recorded but not forwarded when the journal was last open, in order (start-up only).
     */
    public synchronized List<Unforwarded> unforwarded()
    {
        return new ArrayList<>(unforwarded.values());
    }

    /**
     * @return reports refused as already recorded since this journal was opened.
     */
    public synchronized long duplicates()
    {
        return duplicates;
    }

    public synchronized void close()
    {
        log.close();
    }

    private long accept(final int venueId, final String key, final String rawFix, final boolean closes)
    {
        if (isKnown(key))
        {
            duplicates++;
            return DUPLICATE;
        }
        final String clOrdId = fieldOf(rawFix, "11");
        final long runId = VenueClOrdId.runId(clOrdId);
        final long orderId = VenueClOrdId.orderId(clOrdId);
        final long seq = ++lastSeq;
        final int length = encodeAccepted(record, seq, venueId, runId, orderId, closes, key, rawFix);
        log.append(record, 0, length);
        remember(new OrderOfReport(venueId, runId, orderId), key, closes);
        return seq;
    }

    private static int encodeAccepted(
        final ExpandableDirectByteBuffer record,
        final long seq, final int venueId, final long runId, final long orderId, final boolean closes,
        final String key, final String rawFix)
    {
        int i = 0;
        record.putByte(i++, ACCEPTED);
        record.putLong(i, seq, ORDER);
        record.putInt(i += Long.BYTES, venueId, ORDER);
        record.putLong(i += Integer.BYTES, runId, ORDER);
        record.putLong(i += Long.BYTES, orderId, ORDER);
        record.putByte(i += Long.BYTES, (byte)(closes ? 1 : 0));
        final byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        record.putInt(++i, keyBytes.length, ORDER);
        record.putBytes(i += Integer.BYTES, keyBytes);
        return putRaw(record, i + keyBytes.length, rawFix);
    }

    /**
     * Puts a FIX message as received at {@code index}: ISO-8859-1, one byte per char.
     *
     * @return where the record ends.
     */
    private static int putRaw(final ExpandableDirectByteBuffer record, final int index, final String rawFix)
    {
        final int rawLength = rawFix.length();
        record.checkLimit(index + rawLength);
        for (int c = 0; c < rawLength; c++)
        {
            record.putByte(index + c, (byte)rawFix.charAt(c));
        }
        return index + rawLength;
    }

    private static String rawFrom(final DirectBuffer buffer, final int from, final int end)
    {
        final byte[] raw = new byte[end - from];
        buffer.getBytes(from, raw);
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    private void replay(final DirectBuffer buffer, final int offset, final int length)
    {
        switch (buffer.getByte(offset))
        {
            case ACCEPTED:
            {
                final long seq = buffer.getLong(offset + 1, ORDER);
                final int venueId = buffer.getInt(offset + 1 + Long.BYTES, ORDER);
                final long runId = buffer.getLong(offset + 1 + Long.BYTES + Integer.BYTES, ORDER);
                final long orderId = buffer.getLong(offset + 1 + 2 * Long.BYTES + Integer.BYTES, ORDER);
                final boolean closes = buffer.getByte(offset + KEY_OFFSET - 1) != 0;
                final int keyLength = buffer.getInt(offset + KEY_OFFSET, ORDER);
                final int keyStart = offset + KEY_OFFSET + Integer.BYTES;
                final String key = buffer.getStringWithoutLengthUtf8(keyStart, keyLength);
                remember(new OrderOfReport(venueId, runId, orderId), key, closes);
                unforwarded(seq, venueId, rawFrom(buffer, keyStart + keyLength, offset + length));
                break;
            }
            case FORWARDED:
                unforwarded.remove(buffer.getLong(offset + 1, ORDER));
                break;
            case CLOSED:
                close(decodeOrder(buffer, offset));
                break;
            case HEAD:
                latestRun = Math.max(latestRun, buffer.getLong(offset + 1, ORDER));
                lastSeq = Math.max(lastSeq, buffer.getLong(offset + 1 + Long.BYTES, ORDER));
                break;
            case CLOSED_KEY:
                retire(keyAt(buffer, offset + 1));
                break;
            case OPEN_KEY:
            {
                final String key = keyAt(buffer, offset + 1 + Integer.BYTES + 2 * Long.BYTES);
                keysOfOpenOrders.computeIfAbsent(decodeOrder(buffer, offset), o -> new ArrayList<>(4)).add(key);
                openKeys.add(key);
                break;
            }
            case UNFORWARDED:
                unforwarded(buffer.getLong(offset + 1, ORDER), buffer.getInt(offset + 1 + Long.BYTES, ORDER),
                    rawFrom(buffer, offset + 1 + Long.BYTES + Integer.BYTES, offset + length));
                break;
            default:
                throw new IllegalStateException("venue report journal: unknown record type " + buffer.getByte(offset));
        }
    }

    private void unforwarded(final long seq, final int venueId, final String rawFix)
    {
        unforwarded.put(seq, new Unforwarded(seq, venueId, rawFix));
        lastSeq = Math.max(lastSeq, seq);
    }

    private static String keyAt(final DirectBuffer buffer, final int index)
    {
        return buffer.getStringWithoutLengthUtf8(index + Integer.BYTES, buffer.getInt(index, ORDER));
    }

    private boolean isKnown(final String key)
    {
        return openKeys.contains(key) || closedKeys.contains(key);
    }

    private void remember(final OrderOfReport order, final String key, final boolean closes)
    {
        if (order.runId < latestRun || order.runId == VenueClOrdId.INVALID || order.orderId == VenueClOrdId.INVALID ||
            closedOrders.contains(order))
        {
            // An earlier core run's order (its reports are dropped), no gateway order, or a report of a recently
            // closed order (a cancel refused "too late" after the fill that crossed it): never open again.
            retire(key);
            return;
        }
        if (order.runId > latestRun)
        {
            retireRunsBefore(order.runId);
        }
        keysOfOpenOrders.computeIfAbsent(order, o -> new ArrayList<>(4)).add(key);
        openKeys.add(key);
        if (closes)
        {
            close(order);
        }
    }

    private void retireRunsBefore(final long runId)
    {
        latestRun = runId;
        final Iterator<Map.Entry<OrderOfReport, List<String>>> orders = keysOfOpenOrders.entrySet().iterator();
        while (orders.hasNext())
        {
            final Map.Entry<OrderOfReport, List<String>> order = orders.next();
            if (order.getKey().runId < runId)
            {
                orders.remove();
                retireAll(order.getValue());
            }
        }
        closedOrders.removeIf(order -> order.runId < runId); // reports of earlier runs are retired by their run
    }

    private void close(final OrderOfReport order)
    {
        final List<String> keys = keysOfOpenOrders.remove(order);
        if (null != keys)
        {
            retireAll(keys);
        }
        closedOrders.add(order);
        evictOldest(closedOrders);
    }

    private void retireAll(final List<String> keys)
    {
        for (final String key : keys)
        {
            openKeys.remove(key);
            retire(key);
        }
    }

    private void retire(final String key)
    {
        closedKeys.add(key);
        evictOldest(closedKeys);
    }

    private void evictOldest(final LinkedHashSet<?> window)
    {
        if (window.size() > closedKeyWindow)
        {
            final Iterator<?> oldest = window.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private static String key(final int venueId, final String execId)
    {
        return venueId + "/" + execId;
    }

    /**
     * Whether an ExecutionReport ends its order at the venue: OrdStatus(39) filled, canceled or expired, or rejected
     * for the order itself (a refused replace, whose ClOrdID names a request, leaves the order working).
     */
    static boolean closesOrder(final String rawFix)
    {
        final String ordStatus = fieldOf(rawFix, "39");
        if (null == ordStatus || ordStatus.length() != 1)
        {
            return false;
        }
        switch (ordStatus.charAt(0))
        {
            case '2':
            case '4':
            case 'C':
                return true;
            case '8':
                return VenueClOrdId.requestId(fieldOf(rawFix, "11")) == 0;
            default:
                return false;
        }
    }

    /**
     * @return the value of a field of a raw FIX message, or null.
     */
    static String fieldOf(final String rawFix, final String tag)
    {
        final int start;
        if (rawFix.startsWith(tag + '='))
        {
            start = tag.length() + 1;
        }
        else
        {
            final int at = rawFix.indexOf('\u0001' + tag + '=');
            if (at < 0)
            {
                return null;
            }
            start = at + tag.length() + 2;
        }
        final int end = rawFix.indexOf('\u0001', start);
        return rawFix.substring(start, end < 0 ? rawFix.length() : end);
    }

    /**
     * Converts a line of the text journal of earlier versions into a record.
     */
    private static void convertLine(final String line, final RecordLog.RecordSink out)
    {
        final String[] parts = line.split(" ");
        if (parts.length == 5 && "R".equals(parts[0]))
        {
            final long seq = Long.parseLong(parts[1]);
            final int venueId = Integer.parseInt(parts[2]);
            final String key = key(venueId, new String(Base64.getDecoder().decode(parts[3]), StandardCharsets.UTF_8));
            final String rawFix = new String(Base64.getDecoder().decode(parts[4]), StandardCharsets.ISO_8859_1);
            final String clOrdId = fieldOf(rawFix, "11");
            final boolean cancelReject = key.startsWith(venueId + "/" + cancelRejectKey(""));
            final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(rawFix.length() + 128);
            final int length = encodeAccepted(buffer, seq, venueId, VenueClOrdId.runId(clOrdId),
                VenueClOrdId.orderId(clOrdId), !cancelReject && closesOrder(rawFix), key, rawFix);
            final byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            out.put(bytes);
        }
        else if (parts.length == 2 && "F".equals(parts[0]))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 + Long.BYTES]);
            buffer.putByte(0, FORWARDED);
            buffer.putLong(1, Long.parseLong(parts[1]), ORDER);
            out.put(buffer.byteArray());
        }
    }

    /**
     * Which order a report is about: the venue and the core run and order its ClOrdID names.
     */
    private record OrderOfReport(int venueId, long runId, long orderId)
    {
    }

    /**
     * A report that was recorded but not yet handed to the core when the gateway stopped.
     *
     * @param seq     its journal sequence.
     * @param venueId the venue.
     * @param rawFix  the FIX message.
     */
    public record Unforwarded(long seq, int venueId, String rawFix)
    {
    }
}
