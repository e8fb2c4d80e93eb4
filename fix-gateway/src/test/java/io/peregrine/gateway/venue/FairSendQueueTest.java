package io.peregrine.gateway.venue;

import io.peregrine.protocol.InProcessCounters;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueCancelOrderEncoder;
import io.peregrine.sbe.VenueNewOrderDecoder;
import io.peregrine.sbe.VenueNewOrderEncoder;
import io.peregrine.sbe.VenueSessionStatusEncoder;
import io.peregrine.sbe.VenueStatus;
import io.peregrine.testsupport.ThreadAllocation;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counts, not clocks: which request a slow venue gets next, how many wait, what is refused.
 */
class FairSendQueueTest
{
    private static final int VENUE = 1;
    private static final long TIMEOUT = 1_000_000_000L;

    private final MutableDirectBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final VenueNewOrderEncoder newOrder = new VenueNewOrderEncoder();
    private final VenueCancelOrderEncoder cancel = new VenueCancelOrderEncoder();
    /** What the "venue" received, in order: order ids (the account is in the id: 1xxxx ACC1, 2xxxx ACC2). */
    private final LongArrayList sent = new LongArrayList();
    /** Order ids the "venue" has not answered yet. */
    private final LongHashSet unanswered = new LongHashSet();
    private final LongPredicate awaitingAnswer = unanswered::contains;
    private final FairSendQueue.Handler venue = this::onSent;

    @Test
    void aQuietAccountsRequestIsSentWithinOneRoundBehindADeepBacklogAtASlowVenue()
    {
        final FairSendQueue queue = queue(8, 1_000, 250, 4, TIMEOUT);
        for (int i = 0; i < 900; i++)
        {
            assertTrue(queue.offer(buffer, 0, newOrder(10_000 + i, "ACC1")));
        }
        // The slow venue has taken its window of ACC1's orders and answers none of them yet.
        assertEquals(4, queue.release(venue, awaitingAnswer, 0, true, 100));
        assertEquals(0, queue.release(venue, awaitingAnswer, 0, true, 100), "the window is full");
        assertTrue(queue.offer(buffer, 0, newOrder(20_000, "ACC2")));
        assertEquals(896 + 1, queue.queued());

        // The venue answers one request at a time; the quiet account's order is the next or the one after.
        unanswered.remove(sent.getLong(0));
        assertEquals(1, queue.release(venue, awaitingAnswer, 0, true, 100));
        unanswered.remove(sent.getLong(1));
        assertEquals(1, queue.release(venue, awaitingAnswer, 0, true, 100));
        final int position = sent.indexOf(20_000);
        assertTrue(position >= 4 && position <= 5, "ACC2 sent as request " + position + " of " + sent);

        // Then the two accounts alternate while both have requests waiting, in the order each queued them.
        assertTrue(queue.offer(buffer, 0, newOrder(20_001, "ACC2")));
        assertTrue(queue.offer(buffer, 0, newOrder(20_002, "ACC2")));
        unanswered.clear();
        queue.release(venue, awaitingAnswer, 0, false, 6);
        final long[] next = new long[6];
        for (int i = 0; i < 6; i++)
        {
            next[i] = sent.getLong(6 + i);
        }
        assertEquals(2, count(next, 20_001, 20_002), "ACC2's two orders among the next 6: " + sent);
        assertTrue(sent.indexOf(20_001) < sent.indexOf(20_002), "one account's requests keep their order");
        long previousAcc1 = 0;
        for (int i = 0; i < sent.size(); i++)
        {
            final long id = sent.getLong(i);
            if (id < 20_000)
            {
                assertTrue(id > previousAcc1, "ACC1 in its own order: " + sent);
                previousAcc1 = id;
            }
        }
    }

    @Test
    void eachAccountIsBoundedAndCancelsHaveAReserve()
    {
        final FairSendQueue queue = queue(8, 10, 2, 4, TIMEOUT);
        for (int i = 0; i < 10; i++)
        {
            assertTrue(queue.offer(buffer, 0, newOrder(10_000 + i, "ACC1")));
        }
        assertFalse(queue.offer(buffer, 0, newOrder(10_010, "ACC1")), "ACC1 is at its limit");
        assertTrue(queue.offer(buffer, 0, newOrder(20_000, "ACC2")), "ACC2 is not");
        assertTrue(queue.offer(buffer, 0, cancel(10_000, "ACC1")));
        assertTrue(queue.offer(buffer, 0, cancel(10_001, "ACC1")));
        assertFalse(queue.offer(buffer, 0, cancel(10_002, "ACC1")), "the reserve is used up");
        assertEquals(2, queue.refused());
        assertEquals(13, queue.queued());

        queue.release(venue, awaitingAnswer, 0, false, 1_000);
        assertEquals(0, queue.queued());
        assertEquals(13, sent.size());
        assertTrue(queue.offer(buffer, 0, newOrder(10_020, "ACC1")), "room again once sent");
    }

    @Test
    void aVenueThatCannotTakeOrdersGetsEverythingAtOnceToAnswer()
    {
        final FairSendQueue queue = queue(8, 100, 10, 2, TIMEOUT);
        for (int i = 0; i < 50; i++)
        {
            queue.offer(buffer, 0, newOrder(10_000 + i, "ACC" + (i % 3)));
        }
        assertEquals(2, queue.release(venue, awaitingAnswer, 0, true, 1_000));
        assertEquals(48, queue.release(venue, awaitingAnswer, 0, false, 1_000), "no window while logged out");
    }

    @Test
    void aRequestUnansweredPastTheTimeoutNoLongerHoldsTheWindow()
    {
        final FairSendQueue queue = queue(8, 100, 10, 2, TIMEOUT);
        for (int i = 0; i < 5; i++)
        {
            queue.offer(buffer, 0, newOrder(10_000 + i, "ACC1"));
        }
        assertEquals(2, queue.release(venue, awaitingAnswer, 0, true, 100));
        assertEquals(0, queue.release(venue, awaitingAnswer, TIMEOUT - 1, true, 100));
        assertEquals(2, queue.release(venue, awaitingAnswer, TIMEOUT, true, 100), "counted as timed out instead");
    }

    @Test
    void aRequestTheHandlerAnswersItselfDoesNotHoldTheWindow()
    {
        final FairSendQueue queue = queue(8, 100, 10, 2, TIMEOUT);
        for (int i = 0; i < 5; i++)
        {
            queue.offer(buffer, 0, newOrder(10_000 + i, "ACC1"));
        }
        // e.g. rejected at once for an open breaker: never awaiting an answer.
        assertEquals(5, queue.release((b, o, l) -> sent.addLong(orderId(b, o)), (id) -> false, 0, true, 100));
    }

    @Test
    void moreAccountsThanLanesShareLanesAndStayBounded()
    {
        final FairSendQueue queue = queue(2, 3, 0, 100, TIMEOUT);
        int accepted = 0;
        for (int account = 0; account < 10; account++)
        {
            for (int i = 0; i < 3; i++)
            {
                accepted += queue.offer(buffer, 0, newOrder(account * 10 + i, "X" + account)) ? 1 : 0;
            }
        }
        assertEquals(6, accepted, "two lanes of three");
        assertEquals(6, queue.release(venue, awaitingAnswer, 0, false, 100));
    }

    @Test
    void clearingDropsWhatWaitedAndFreesTheWindow()
    {
        final FairSendQueue queue = queue(8, 100, 10, 2, TIMEOUT);
        for (int i = 0; i < 10; i++)
        {
            queue.offer(buffer, 0, newOrder(10_000 + i, i % 2 == 0 ? "ACC1" : "ACC2"));
        }
        assertEquals(2, queue.release(venue, awaitingAnswer, 0, true, 100));
        assertEquals(8, queue.clear());
        assertEquals(0, queue.queued());
        assertEquals(0, queue.release(venue, awaitingAnswer, 0, true, 100));
        assertTrue(queue.offer(buffer, 0, newOrder(30_000, "ACC1")));
        assertEquals(1, queue.release(venue, awaitingAnswer, 0, true, 100), "the window is free again");
        assertEquals(30_000, sent.getLong(2));
    }

    @Test
    void onlyWellFormedVenueRequestsAreQueued()
    {
        assertEquals(VENUE, FairSendQueue.venueIdOf(buffer, 0, newOrder(1, "ACC1")));
        assertEquals(VENUE, FairSendQueue.venueIdOf(buffer, 0, cancel(1, "ACC1")));
        newOrder(1, "ACC1");
        final int throughHalfTheAccount = MessageHeaderEncoder.ENCODED_LENGTH +
            VenueNewOrderEncoder.accountEncodingOffset() + 4;
        assertEquals(-1, FairSendQueue.venueIdOf(buffer, 0, throughHalfTheAccount), "truncated");
        assertEquals(-1, FairSendQueue.venueIdOf(buffer, 0, FairSendQueue.MAX_REQUEST_BYTES + 1), "too long");
        new VenueSessionStatusEncoder().wrapAndApplyHeader(buffer, 0, header).venueId(VENUE)
            .status(VenueStatus.CONNECTED).timestamp(1);
        assertEquals(-1, FairSendQueue.venueIdOf(buffer, 0, 64), "not a request");
    }

    @Test
    void offeringAndReleasingAllocateNothingOnceEveryLaneIsInUse()
    {
        final FairSendQueue queue = queue(4, 64, 16, 8, TIMEOUT);
        final int acc1 = newOrder(10_000, "ACC1");
        final UnsafeBuffer first = new UnsafeBuffer(new byte[acc1]);
        first.putBytes(0, buffer, 0, acc1);
        final int acc2 = newOrder(20_000, "ACC2");
        final UnsafeBuffer second = new UnsafeBuffer(new byte[acc2]);
        second.putBytes(0, buffer, 0, acc2);
        final long[] checksum = new long[1];
        final FairSendQueue.Handler sink =
            (b, o, l) -> checksum[0] += b.getLong(o + MessageHeaderDecoder.ENCODED_LENGTH);
        final LongPredicate neverAnswered = (id) -> true;
        // The clock runs on across windows: requests in flight time out (nothing is answered) and free the window.
        final long[] now = { 0 };
        ThreadAllocation.ofCurrentThread().assertSomeWindowAllocatesNothing(
            "40,000 offers and their releases", 100, () ->
            {
                final long before = checksum[0];
                for (int i = 0; i < 20_000; i++)
                {
                    queue.offer(first, 0, acc1);
                    queue.offer(second, 0, acc2);
                    now[0] += TIMEOUT / 4;
                    queue.release(sink, neverAnswered, now[0], true, 4);
                }
                assertTrue(checksum[0] != before, "every window releases to the venue");
            });
    }

    private static FairSendQueue queue(
        final int maxSources, final int perSourceLimit, final int cancelReserve, final int maxInFlight,
        final long inFlightTimeoutNanos)
    {
        final CountersManager counters = InProcessCounters.manager(2);
        return new FairSendQueue(maxSources, perSourceLimit, cancelReserve, maxInFlight, inFlightTimeoutNanos,
            counters.newCounter("queued"), counters.newCounter("refused"));
    }

    private void onSent(final DirectBuffer buffer, final int offset, final int length)
    {
        final long orderId = orderId(buffer, offset);
        sent.addLong(orderId);
        unanswered.add(orderId);
    }

    private static long orderId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(
            offset + MessageHeaderDecoder.ENCODED_LENGTH + VenueNewOrderDecoder.orderIdEncodingOffset(),
            VenueNewOrderDecoder.BYTE_ORDER);
    }

    private static int count(final long[] values, final long a, final long b)
    {
        int count = 0;
        for (final long value : values)
        {
            count += value == a || value == b ? 1 : 0;
        }
        return count;
    }

    private int newOrder(final long orderId, final String account)
    {
        newOrder.wrapAndApplyHeader(buffer, 0, header).orderId(orderId).venueId(VENUE).side(Side.BUY)
            .ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY).price(1).quantity(1).timestamp(1);
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + VenueNewOrderEncoder.accountEncodingOffset(),
            PackedAscii.pack(account), VenueNewOrderEncoder.BYTE_ORDER);
        return MessageHeaderEncoder.ENCODED_LENGTH + newOrder.encodedLength();
    }

    private int cancel(final long orderId, final String account)
    {
        cancel.wrapAndApplyHeader(buffer, 0, header).orderId(orderId).requestId(orderId + 1).venueId(VENUE)
            .side(Side.BUY).quantity(1).timestamp(1);
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + VenueCancelOrderEncoder.accountEncodingOffset(),
            PackedAscii.pack(account), VenueCancelOrderEncoder.BYTE_ORDER);
        return MessageHeaderEncoder.ENCODED_LENGTH + cancel.encodedLength();
    }
}
