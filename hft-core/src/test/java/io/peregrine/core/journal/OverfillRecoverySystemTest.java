package io.peregrine.core.journal;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.order.OrderTable;
import io.peregrine.core.system.ReportCollector;
import io.peregrine.core.system.TestStack;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.core.venue.VenueInMessages;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.risk.PreTradeRisk;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.VenueNewOrderDecoder;
import org.agrona.CloseHelper;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.journal.JournalRecoverySystemTest.bareCore;
import static io.peregrine.core.journal.JournalRecoverySystemTest.copy;
import static io.peregrine.core.journal.JournalRecoverySystemTest.withoutSnapshots;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A venue that overfills one order and fills another after acknowledging its cancel, against a journaled core: the
 * live core books both into the position and keeps the third order's reservation, and a core recovering from the
 * journal replays the same position, reservations and order quantities (and the same reports: no mismatch).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OverfillRecoverySystemTest
{
    private static final int VENUE = 1;

    @TempDir
    Path dir;

    private TestStack stack;

    @AfterEach
    void tearDown()
    {
        CloseHelper.close(stack);
    }

    @Test
    void theReplayBooksTheSamePositionAfterAnOverfillAndAFillOfACanceledOrder() throws Exception
    {
        final Path journal = dir.resolve("core");
        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().journalDir(journal), false);
        final String channel = stack.core.context().channel();
        final Subscription venueOut =
            stack.venueAeron.addSubscription(channel, stack.core.context().venueOutStreamId());
        final Publication venueIn = stack.venueAeron.addPublication(channel, stack.core.context().venueInStreamId());
        stack.awaitTrue(() -> venueOut.isConnected() && venueIn.isConnected(), "scripted venue connected");

        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 50); // stays working
        stack.newLimitOrder(2, ACC1, AAPL, Side.BUY, AAPL_PX, 10); // overfilled
        stack.newLimitOrder(3, ACC1, AAPL, Side.BUY, AAPL_PX, 30); // canceled, then filled
        final LongArrayList orderIds = routedOrderIds(venueOut, 3);
        final VenueInMessages venue = new VenueInMessages(new UnsafeBuffer(new byte[512]));
        final long[] quantities = {50, 10, 30};
        for (int i = 0; i < 3; i++)
        {
            offer(venueIn, venue, venue.execution(orderIds.getLong(i), 0, VENUE, ExecType.NEW, RejectReason.NONE,
                AAPL_PX, quantities[i], 0, 0, 0, quantities[i], 0, 1, null));
        }
        offer(venueIn, venue, venue.execution(orderIds.getLong(1), 0, VENUE, ExecType.FILL, RejectReason.NONE,
            AAPL_PX, 10, 30, AAPL_PX, 30, 0, AAPL_PX, 2, null));
        offer(venueIn, venue, venue.execution(orderIds.getLong(2), 0, VENUE, ExecType.CANCELED, RejectReason.NONE,
            AAPL_PX, 30, 0, 0, 0, 0, 0, 3, "end of day"));
        offer(venueIn, venue, venue.execution(orderIds.getLong(2), 0, VENUE, ExecType.PARTIAL_FILL, RejectReason.NONE,
            AAPL_PX, 30, 20, AAPL_PX, 20, 0, AAPL_PX, 4, null));
        stack.awaitExecution(2, ExecType.FILL, "the overfill");
        final ReportCollector.Execution late = stack.awaitExecution(3, ExecType.PARTIAL_FILL, "the fill after cancel");
        assertEquals(OrdStatus.CANCELED, late.ordStatus());
        // Counted before the reports went out; read while the driver's counters are still mapped.
        assertEquals(1, stack.core.counters().overfills().get());
        assertEquals(1, stack.core.counters().fillsOnDoneOrders().get());
        final TestStack live = stack;
        venueOut.close();
        venueIn.close();
        stack.close();
        stack = null;

        assertBooked(live.core);
        try (Peregrine replayed = Peregrine.launch(bareCore(withoutSnapshots(copy(journal, dir.resolve("a"))))))
        {
            assertEquals(0, replayed.recovery().mismatches(), "every report replayed as it was sent");
            assertBooked(replayed);
        }
    }

    /**
     * 30 (the overfill of the order of 10) + 20 (the fill after the cancel) in the position; the working order's 50
     * still reserved; the orders' quantities as the venue said.
     */
    private static void assertBooked(final Peregrine core)
    {
        final PreTradeRisk risk = core.risk();
        assertEquals(50, risk.position(ACC1, AAPL));
        assertEquals(50, risk.openBuyQty(ACC1, AAPL), "the working order's reservation");
        assertEquals(1, risk.openOrders(ACC1));
        assertEquals(0, risk.bookkeepingAnomalies());
        final OrderTable orders = core.agent().orders();
        final int overfilled = orders.slotByClientOrderId(ACC1, 2);
        assertEquals(30, orders.cumQty(overfilled));
        assertEquals(OrdStatus.FILLED, orders.status(overfilled));
        final int canceled = orders.slotByClientOrderId(ACC1, 3);
        assertEquals(20, orders.cumQty(canceled));
        assertEquals(OrdStatus.CANCELED, orders.status(canceled));
    }

    private LongArrayList routedOrderIds(final Subscription venueOut, final int count)
    {
        final LongArrayList orderIds = new LongArrayList();
        final MessageFrame frame = new MessageFrame();
        final VenueNewOrderDecoder newOrder = new VenueNewOrderDecoder();
        stack.awaitTrue(() ->
        {
            venueOut.poll((buffer, offset, length, header) ->
            {
                if (VenueNewOrderDecoder.TEMPLATE_ID == frame.wrapIfPeregrine(buffer, offset, length))
                {
                    orderIds.addLong(frame.body(newOrder).orderId());
                }
            }, 10);
            return orderIds.size() >= count;
        }, count + " new orders routed");
        return orderIds;
    }

    private void offer(final Publication venueIn, final VenueInMessages venue, final int length)
    {
        stack.awaitTrue(() -> venueIn.offer(venue.buffer(), 0, length) > 0, "venue offer");
    }
}
