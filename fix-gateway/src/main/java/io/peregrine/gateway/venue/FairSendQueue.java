package io.peregrine.gateway.venue;

import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.VenueCancelOrderDecoder;
import io.peregrine.sbe.VenueNewOrderDecoder;
import io.peregrine.sbe.VenueReplaceOrderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteOrder;
import java.util.function.LongPredicate;

/**
 * The requests ({@code VenueNewOrder}, {@code VenueCancelOrder}, {@code VenueReplaceOrder} as the core sent them on
 * stream 2001) waiting for one venue session, so that one account's backlog cannot hold another's orders behind it:
 * <ul>
 * <li><b>One lane per source</b> (the request's Account; all requests of one order carry the same account, so a
 * cancel never overtakes its order). A lane holds at most {@code perSourceLimit} requests; a further new order or
 * replace is refused ({@link #offer} returns false, the caller rejects it THROTTLED). Cancels only reduce risk: they
 * may also use a reserve of {@code cancelReserve} slots beyond the limit.</li>
 * <li><b>Round-robin release</b>: {@link #release} takes one request from each lane that has any, in turn, so a
 * request of a source with nothing waiting goes out after at most one request of every other waiting source.</li>
 * <li><b>A send window</b>: while the venue can take orders, requests are released only while fewer than
 * {@code maxInFlight} released requests are unanswered (the caller says which are, e.g. those with an ack deadline).
 * The backlog of a slow venue therefore waits here, where it is fair, instead of in the session's socket and the
 * venue's own queue, where it is first come first served; and the time a released request takes to be answered is
 * the venue's, not our queueing's. A request still unanswered {@code inFlightTimeoutNanos} after its release (it has
 * then counted as an ack timeout) stops holding the window.</li>
 * </ul>
 * Sources beyond {@code maxSources} share lanes (by hash of the account): still bounded, less fair among them.
 * <p>
 * Single-threaded: owned by the {@link VenueClient} agent thread; {@link #queued()} and {@link #refused()} are Aeron
 * counters, readable from any thread and process. Requests are copied into per-lane storage allocated the first time
 * a lane is used (at most {@code maxSources} times); offering and releasing a request allocate nothing.
 */
public final class FairSendQueue
{
    /** Largest request the queue holds: the biggest venue request with room for fields later schema versions add. */
    public static final int MAX_REQUEST_BYTES = MessageHeaderDecoder.ENCODED_LENGTH + 2 * Math.max(
        VenueNewOrderDecoder.BLOCK_LENGTH,
        Math.max(VenueCancelOrderDecoder.BLOCK_LENGTH, VenueReplaceOrderDecoder.BLOCK_LENGTH));

    /** Released a request: what the queue hands back, in its own storage (valid until the next offer). */
    @FunctionalInterface
    public interface Handler
    {
        /**
         * @param buffer holding the request, SBE header first.
         * @param offset of the request.
         * @param length of the request.
         */
        void onRequest(MutableDirectBuffer buffer, int offset, int length);
    }

    private static final int TEMPLATE_ID_COLUMN = 0;
    private static final int VENUE_ID_COLUMN = 1;
    private static final int ACCOUNT_COLUMN = 2;
    /** The requests the queue holds: template id, and where in the body its venue id and account (the source) are. */
    private static final int[][] REQUESTS = {
        {VenueNewOrderDecoder.TEMPLATE_ID, VenueNewOrderDecoder.venueIdEncodingOffset(),
            VenueNewOrderDecoder.accountEncodingOffset()},
        {VenueCancelOrderDecoder.TEMPLATE_ID, VenueCancelOrderDecoder.venueIdEncodingOffset(),
            VenueCancelOrderDecoder.accountEncodingOffset()},
        {VenueReplaceOrderDecoder.TEMPLATE_ID, VenueReplaceOrderDecoder.venueIdEncodingOffset(),
            VenueReplaceOrderDecoder.accountEncodingOffset()}};

    private static final int LENGTH_OFFSET = 0;
    private static final int ORDER_ID_OFFSET = Long.BYTES;
    private static final int SLOT_HEADER = 2 * Long.BYTES;
    private static final int SLOT_BYTES = SLOT_HEADER + ((MAX_REQUEST_BYTES + 7) & ~7);
    private static final int NO_LANE = -1;

    private final int maxSources;
    private final int perSourceLimit;
    private final int laneCapacity;
    private final int maxInFlight;
    private final long inFlightTimeoutNanos;
    private final Long2LongHashMap laneBySource;
    private final UnsafeBuffer[] lanes;
    private final long[] laneHead;
    private final long[] laneTail;
    private final int[] activeLanes;
    private final long[] inFlightOrderIds;
    private final long[] inFlightReleasedAt;
    private final AtomicCounter queued;
    private final AtomicCounter refused;
    private int lanesUsed;
    private int activeHead;
    private int activeCount;
    private int inFlight;
    private int size;

    /**
     * @param maxSources           lanes (distinct accounts) before sources share lanes, at least 1.
     * @param perSourceLimit       requests one source may have waiting, at least 1.
     * @param cancelReserve        further slots per source that only cancels may use, at least 0.
     * @param maxInFlight          released requests that may be unanswered at once while the window applies.
     * @param inFlightTimeoutNanos after this long a released request no longer holds the window.
     * @param queued               gauge this queue keeps at the number of requests waiting.
     * @param refused              counts the requests refused because their source had its limit waiting.
     */
    public FairSendQueue(
        final int maxSources,
        final int perSourceLimit,
        final int cancelReserve,
        final int maxInFlight,
        final long inFlightTimeoutNanos,
        final AtomicCounter queued,
        final AtomicCounter refused)
    {
        if (maxSources < 1 || perSourceLimit < 1 || cancelReserve < 0 || maxInFlight < 1 || inFlightTimeoutNanos < 1)
        {
            throw new IllegalArgumentException("maxSources " + maxSources + ", perSourceLimit " + perSourceLimit +
                ", cancelReserve " + cancelReserve + ", maxInFlight " + maxInFlight + ", inFlightTimeoutNanos " +
                inFlightTimeoutNanos + ": all must be positive (cancelReserve may be 0)");
        }
        this.maxSources = maxSources;
        this.perSourceLimit = perSourceLimit;
        this.laneCapacity = perSourceLimit + cancelReserve;
        this.maxInFlight = maxInFlight;
        this.inFlightTimeoutNanos = inFlightTimeoutNanos;
        this.queued = queued;
        this.refused = refused;
        this.laneBySource = new Long2LongHashMap(Math.max(8, maxSources * 2), 0.65f, NO_LANE);
        this.lanes = new UnsafeBuffer[maxSources];
        this.laneHead = new long[maxSources];
        this.laneTail = new long[maxSources];
        this.activeLanes = new int[maxSources];
        this.inFlightOrderIds = new long[maxInFlight];
        this.inFlightReleasedAt = new long[maxInFlight];
    }

    /**
     * @param buffer holding an SBE message from stream 2001.
     * @param offset of its header.
     * @param length of the message.
     * @return the venue id of a request this queue can hold (a well-formed {@code VenueNewOrder},
     * {@code VenueCancelOrder} or {@code VenueReplaceOrder} of at most {@link #MAX_REQUEST_BYTES}), else -1: the
     * caller handles anything else at once.
     */
    public static int venueIdOf(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH || length > MAX_REQUEST_BYTES ||
            buffer.getShort(offset + MessageHeaderDecoder.schemaIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN) !=
            MessageHeaderDecoder.SCHEMA_ID)
        {
            return -1;
        }
        final int templateId =
            buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
        final int venueIdOffset = bodyOffset(templateId, VENUE_ID_COLUMN);
        // The account (the source) follows the venue id in all three requests.
        if (venueIdOffset < 0 ||
            length < MessageHeaderDecoder.ENCODED_LENGTH + bodyOffset(templateId, ACCOUNT_COLUMN) + Long.BYTES)
        {
            return -1;
        }
        return buffer.getInt(offset + MessageHeaderDecoder.ENCODED_LENGTH + venueIdOffset, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Queues a request that {@link #venueIdOf} accepted.
     *
     * @param buffer holding the request.
     * @param offset of its header.
     * @param length of the request.
     * @return false if its source already has its limit waiting (for a cancel: its limit and the reserve).
     */
    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId =
            buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final long source = buffer.getLong(body + bodyOffset(templateId, ACCOUNT_COLUMN), ByteOrder.LITTLE_ENDIAN);
        // Every venue request starts with the core's order id.
        final long orderId = buffer.getLong(body, ByteOrder.LITTLE_ENDIAN);
        final boolean cancel = templateId == VenueCancelOrderDecoder.TEMPLATE_ID;

        final int lane = laneOf(source);
        final long waiting = laneTail[lane] - laneHead[lane];
        if (waiting >= (cancel ? laneCapacity : perSourceLimit))
        {
            refused.incrementRelease();
            return false;
        }
        UnsafeBuffer storage = lanes[lane];
        if (null == storage)
        {
            storage = new UnsafeBuffer(new byte[laneCapacity * SLOT_BYTES]);
            lanes[lane] = storage;
        }
        final int slot = (int)(laneTail[lane] % laneCapacity) * SLOT_BYTES;
        storage.putInt(slot + LENGTH_OFFSET, length);
        storage.putLong(slot + ORDER_ID_OFFSET, orderId);
        storage.putBytes(slot + SLOT_HEADER, buffer, offset, length);
        laneTail[lane]++;
        if (0 == waiting)
        {
            activeLanes[(activeHead + activeCount) % maxSources] = lane;
            activeCount++;
        }
        size++;
        queued.setRelease(size);
        return true;
    }

    /**
     * Hands waiting requests to {@code handler}, one per waiting source in turn.
     *
     * @param handler         sends (or answers) one request; must not offer to this queue.
     * @param awaitingAnswer  whether the venue has yet to answer a request about this order id; asked right after
     *                        the handler (a request the handler answered itself does not hold the window) and when
     *                        the window is full.
     * @param nowNanos        current time.
     * @param windowApplies   false when the venue cannot take orders now (logged out, breaker not closed): the handler
     *                        answers those at once, so everything waiting is released.
     * @param limit           most requests to release in this call.
     * @return requests released.
     */
    public int release(
        final Handler handler,
        final LongPredicate awaitingAnswer,
        final long nowNanos,
        final boolean windowApplies,
        final int limit)
    {
        int released = 0;
        while (activeCount > 0 && released < limit && (!windowApplies || windowHasRoom(awaitingAnswer, nowNanos)))
        {
            final int lane = activeLanes[activeHead];
            activeHead = (activeHead + 1) % maxSources;
            activeCount--;
            final UnsafeBuffer storage = lanes[lane];
            final int slot = (int)(laneHead[lane] % laneCapacity) * SLOT_BYTES;
            laneHead[lane]++;
            if (laneTail[lane] != laneHead[lane])
            {
                activeLanes[(activeHead + activeCount) % maxSources] = lane; // to the back of the round
                activeCount++;
            }
            size--;
            queued.setRelease(size);

            final long orderId = storage.getLong(slot + ORDER_ID_OFFSET);
            handler.onRequest(storage, slot + SLOT_HEADER, storage.getInt(slot + LENGTH_OFFSET));
            released++;
            if (awaitingAnswer.test(orderId) && inFlight < maxInFlight)
            {
                inFlightOrderIds[inFlight] = orderId;
                inFlightReleasedAt[inFlight] = nowNanos;
                inFlight++;
            }
        }
        return released;
    }

    /**
     * Drops everything waiting and forgets what is in flight, e.g. the requests of a core run that has ended (their
     * order ids mean other orders in the next run). Owner thread.
     *
     * @return requests dropped.
     */
    public int clear()
    {
        final int dropped = size;
        for (int lane = 0; lane < maxSources; lane++)
        {
            laneHead[lane] = laneTail[lane];
        }
        activeHead = 0;
        activeCount = 0;
        inFlight = 0;
        size = 0;
        queued.setRelease(0);
        return dropped;
    }

    /**
     * @return requests waiting; any thread.
     */
    public int queued()
    {
        return (int)queued.get();
    }

    /**
     * @return requests refused because their source had its limit waiting; any thread.
     */
    public long refused()
    {
        return refused.get();
    }

    /**
     * @return released requests counted as unanswered when last checked (owner thread).
     */
    public int inFlight()
    {
        return inFlight;
    }

    private boolean windowHasRoom(final LongPredicate awaitingAnswer, final long nowNanos)
    {
        if (inFlight < maxInFlight)
        {
            return true;
        }
        // Full: forget the answered ones and those past the timeout (only now, so a flowing window costs nothing).
        int kept = 0;
        for (int i = 0; i < inFlight; i++)
        {
            final long orderId = inFlightOrderIds[i];
            if (nowNanos - inFlightReleasedAt[i] < inFlightTimeoutNanos && awaitingAnswer.test(orderId))
            {
                inFlightOrderIds[kept] = orderId;
                inFlightReleasedAt[kept] = inFlightReleasedAt[i];
                kept++;
            }
        }
        inFlight = kept;
        return inFlight < maxInFlight;
    }

    private int laneOf(final long source)
    {
        final long lane = laneBySource.get(source);
        if (lane != NO_LANE)
        {
            return (int)lane;
        }
        if (lanesUsed < maxSources)
        {
            laneBySource.put(source, lanesUsed);
            return lanesUsed++;
        }
        return (int)(((source * 0x9E3779B97F4A7C15L) >>> 1) % maxSources);
    }

    private static int bodyOffset(final int templateId, final int column)
    {
        for (final int[] request : REQUESTS)
        {
            if (request[TEMPLATE_ID_COLUMN] == templateId)
            {
                return request[column];
            }
        }
        return -1;
    }
}
