package io.peregrine.core.venue;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.egress.RetryingPublication;
import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.CounterKey;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.VenueCancelOrderDecoder;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.VenueNewOrderDecoder;
import io.peregrine.sbe.VenueReplaceOrderDecoder;
import io.peregrine.sbe.VenueSessionStatusEncoder;
import io.peregrine.sbe.VenueStatus;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.charset.StandardCharsets;

/**
 * An in-process venue responder for tests, benchmarks and demos: subscribes to the core's venue-out stream and
 * answers on venue-in. Every new order is acked (NEW) and then, depending on the {@link Mode}, filled at its limit
 * price (market orders at {@link Context#marketFillPrice()}), filled in slices, left working, or rejected; in
 * {@link Mode#HOLD} cancels and replaces go unanswered.
 * Cancels of working orders answer CANCELED, replaces REPLACED (with the new price and quantity); requests for an
 * order it no longer has answer a VenueCancelReject TOO_LATE_TO_CANCEL.
 * <p>
 * An {@link Agent}: run it on an {@code AgentRunner} or an {@code AgentInvoker}. Single threaded except
 * {@link #mode(Mode)} (volatile) and {@link #publishSessionStatus(VenueStatus)} (synchronised, own buffer).
 * After its order map has grown to the working set it allocates nothing.
 */
public final class AutoFillVenue implements Agent, AutoCloseable
{
    /**
     * What the venue does with a new order after acking it.
     */
    public enum Mode
    {
        /** Fill the whole quantity in one execution. */
        FILL,
        /** Fill in {@link Context#fillSlices()} executions (partial fills, then a fill). */
        PARTIAL_FILLS,
        /** Ack only: the order stays working until canceled. */
        ACK_ONLY,
        /** Reject new orders (VenueExecution REJECTED, VENUE_REJECT, with the text {@link #REJECT_TEXT}). */
        REJECT,
        /** Ack new orders and never answer cancels or replaces: a venue that is slow to answer requests. */
        HOLD
    }

    /**
     * Configuration of the venue responder. Stream defaults match {@link PeregrineContext}'s.
     */
    public static final class Context
    {
        private String channel = Core.CHANNEL.defaultValue();
        private int venueOutStreamId = Core.VENUE_OUT_STREAM_ID.defaultValue();
        private int venueInStreamId = Core.VENUE_IN_STREAM_ID.defaultValue();
        private Mode mode = Mode.FILL;
        private int fillSlices = 2;
        private long marketFillPrice = 100 * Prices.SCALE;
        private int orderCapacity = 1 << 16;
        private int venueId = ALL_VENUES;

        public String channel()
        {
            return channel;
        }

        public Context channel(final String channel)
        {
            this.channel = channel;
            return this;
        }

        public int venueOutStreamId()
        {
            return venueOutStreamId;
        }

        /**
         * @param streamId the core's venue-out stream this venue subscribes to (2001).
         * @return this.
         */
        public Context venueOutStreamId(final int streamId)
        {
            this.venueOutStreamId = streamId;
            return this;
        }

        public int venueInStreamId()
        {
            return venueInStreamId;
        }

        /**
         * @param streamId the core's venue-in stream this venue publishes to (2002).
         * @return this.
         */
        public Context venueInStreamId(final int streamId)
        {
            this.venueInStreamId = streamId;
            return this;
        }

        public Mode mode()
        {
            return mode;
        }

        public Context mode(final Mode mode)
        {
            this.mode = mode;
            return this;
        }

        public int fillSlices()
        {
            return fillSlices;
        }

        /**
         * @param fillSlices executions per order in {@link Mode#PARTIAL_FILLS} (at least 1; the last takes the rest).
         * @return this.
         */
        public Context fillSlices(final int fillSlices)
        {
            this.fillSlices = Math.max(1, fillSlices);
            return this;
        }

        public long marketFillPrice()
        {
            return marketFillPrice;
        }

        /**
         * @param price fixed-point fill price of market orders.
         * @return this.
         */
        public Context marketFillPrice(final long price)
        {
            this.marketFillPrice = price;
            return this;
        }

        public int venueId()
        {
            return venueId;
        }

        /**
         * @param venueId the only venue id this responder answers for, or {@link #ALL_VENUES} (default) to answer
         *                every request on the stream (several venues can then share one stream, each with its own
         *                responder or adapter).
         * @return this.
         */
        public Context venueId(final int venueId)
        {
            this.venueId = venueId;
            return this;
        }

        public int orderCapacity()
        {
            return orderCapacity;
        }

        /**
         * @param orderCapacity working orders expected (pre-sizes the order map).
         * @return this.
         */
        public Context orderCapacity(final int orderCapacity)
        {
            this.orderCapacity = orderCapacity;
            return this;
        }
    }

    /** {@link Context#venueId(int)} value that answers requests for every venue. */
    public static final int ALL_VENUES = 0;

    /** Aeron counter of the executions this venue could not publish within {@link #OFFER_TIMEOUT_NS}. */
    public static final CounterDescriptor DROPPED_COUNTER = CounterDescriptor.counter(7100, CounterKey.NONE,
        "peregrine: auto-fill venue messages dropped",
        "peregrine_autofill_venue_dropped",
        "AutoFillVenue executions not published within 5 s (in-process test venue only)");
    /** Aeron counter of the back-pressured offer retries of this venue (code-shape range 1360-1399). */
    public static final CounterDescriptor OFFER_RETRIES_COUNTER = CounterDescriptor.counter(1368, CounterKey.NONE,
        "peregrine: auto-fill venue offer retries",
        "peregrine_autofill_venue_offer_retries",
        "back-pressured offers of the in-process test venue retried");

    /**
     * The text of every reject in {@link Mode#REJECT}: it reaches the client's report (and a FIX broker's Text(58))
     * in place of the bare reason name, so whoever reads the reject learns it came from the test venue's mode, not
     * from their order.
     */
    public static final String REJECT_TEXT = "auto-fill venue in REJECT mode: it rejects every new order";

    private static final long OFFER_TIMEOUT_NS = 5_000_000_000L;
    private static final byte[] REJECT_TEXT_BYTES = REJECT_TEXT.getBytes(StandardCharsets.UTF_8);

    private final Subscription requests;
    private final Publication executions;
    private final int fillSlices;
    private final long marketFillPrice;
    private final int venueId;
    private final EpochNanoClock clock = new OffsetEpochNanoClock();
    private final VenueInMessages messages =
        new VenueInMessages(new UnsafeBuffer(BufferUtil.allocateDirectAligned(256 + REJECT_TEXT_BYTES.length, 64)));
    private final UnsafeBuffer statusBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
    private final MessageFrame frame = new MessageFrame();
    private final MessageHeaderEncoder statusHeaderEncoder = new MessageHeaderEncoder();
    private final VenueNewOrderDecoder newOrder = new VenueNewOrderDecoder();
    private final VenueCancelOrderDecoder cancelOrder = new VenueCancelOrderDecoder();
    private final VenueReplaceOrderDecoder replaceOrder = new VenueReplaceOrderDecoder();
    private final VenueSessionStatusEncoder sessionStatus = new VenueSessionStatusEncoder();
    private final Long2LongHashMap quantityByOrderId;
    private final Long2LongHashMap cumQtyByOrderId;
    private final Long2LongHashMap priceByOrderId;
    private final FragmentHandler handler = this::onFragment;
    private volatile Mode mode;
    private final AtomicCounter droppedCounter;
    private final AtomicCounter offerRetries;
    private final RetryingPublication boundedExecutions;

    /**
     * @param aeron shared Aeron client (not closed by the venue).
     * @param ctx   configuration.
     */
    public AutoFillVenue(final Aeron aeron, final Context ctx)
    {
        this.requests = aeron.addSubscription(ctx.channel(), ctx.venueOutStreamId());
        this.executions = aeron.addPublication(ctx.channel(), ctx.venueInStreamId());
        this.mode = ctx.mode();
        this.fillSlices = ctx.fillSlices();
        this.marketFillPrice = ctx.marketFillPrice();
        this.venueId = ctx.venueId();
        this.quantityByOrderId = new Long2LongHashMap(ctx.orderCapacity() * 2, 0.65f, -1);
        this.cumQtyByOrderId = new Long2LongHashMap(ctx.orderCapacity() * 2, 0.65f, 0);
        this.priceByOrderId = new Long2LongHashMap(ctx.orderCapacity() * 2, 0.65f, 0);
        this.droppedCounter = aeron.addCounter(DROPPED_COUNTER.typeId(), DROPPED_COUNTER.label());
        this.offerRetries = aeron.addCounter(OFFER_RETRIES_COUNTER.typeId(), OFFER_RETRIES_COUNTER.label());
        // A venue does not lose executions: wait for a slow core (bounded, so a core that is gone cannot hang the
        // venue forever), then count the loss.
        this.boundedExecutions = RetryingPublication.withTimeout(executions, OFFER_TIMEOUT_NS,
            SystemNanoClock.INSTANCE, new BackoffIdleStrategy(), offerRetries).awaitingSubscriber();
    }

    /**
     * @param mode what to do with new orders from now on (any thread).
     */
    public void mode(final Mode mode)
    {
        this.mode = mode;
    }

    /**
     * @return the current mode.
     */
    public Mode mode()
    {
        return mode;
    }

    /**
     * @return true when the core's venue-out publication and this venue's publication are both connected.
     */
    public boolean isConnected()
    {
        return requests.isConnected() && executions.isConnected();
    }

    /**
     * Publishes a session status for a venue on venue-in, as a venue adapter does when its session changes.
     * Any thread; allocation free.
     *
     * @param venueId venue.
     * @param status  new status.
     * @return true if published.
     */
    public synchronized boolean publishSessionStatus(final int venueId, final VenueStatus status)
    {
        sessionStatus.wrapAndApplyHeader(statusBuffer, 0, statusHeaderEncoder)
            .venueId(venueId)
            .status(status)
            .timestamp(clock.nanoTime());
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + sessionStatus.encodedLength();
        return executions.offer(statusBuffer, 0, length) > 0;
    }

    /**
     * @return messages that could not be published within 5 seconds (the core is gone or stuck).
     */
    public long droppedMessages()
    {
        return droppedCounter.get();
    }

    public int doWork()
    {
        return requests.poll(handler, 64);
    }

    public String roleName()
    {
        return "peregrine-auto-fill-venue";
    }

    /**
     * Closes the subscription, publication and counter (the Aeron client stays open).
     */
    public void close()
    {
        CloseHelper.quietCloseAll(requests, executions, droppedCounter, offerRetries);
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        switch (frame.wrapIfPeregrine(buffer, offset, length))
        {
            case VenueNewOrderDecoder.TEMPLATE_ID:
                if (isMine(frame.body(newOrder).venueId()))
                {
                    onNewOrder(newOrder);
                }
                break;
            case VenueCancelOrderDecoder.TEMPLATE_ID:
                if (isMine(frame.body(cancelOrder).venueId()))
                {
                    onCancel(cancelOrder);
                }
                break;
            case VenueReplaceOrderDecoder.TEMPLATE_ID:
                if (isMine(frame.body(replaceOrder).venueId()))
                {
                    onReplace(replaceOrder);
                }
                break;
            default:
                break;
        }
    }

    private boolean isMine(final int requestVenueId)
    {
        return ALL_VENUES == venueId || requestVenueId == venueId;
    }

    private void onNewOrder(final VenueNewOrderDecoder order)
    {
        final long orderId = order.orderId();
        final int orderVenueId = order.venueId();
        final long quantity = order.quantity();
        final long price = order.ordTypeRaw() == OrdType.MARKET.value() ? marketFillPrice : order.price();
        final Mode mode = this.mode;
        if (Mode.REJECT == mode)
        {
            offer(messages.execution(orderId, 0, orderVenueId, ExecType.REJECTED, RejectReason.VENUE_REJECT, price,
                quantity, 0, 0, 0, 0, 0, clock.nanoTime(), REJECT_TEXT_BYTES, 0, REJECT_TEXT_BYTES.length));
            return;
        }

        offer(messages.execution(orderId, 0, orderVenueId, ExecType.NEW, RejectReason.NONE, price, quantity, 0, 0, 0,
            quantity, 0, clock.nanoTime(), null));
        if (Mode.ACK_ONLY == mode || Mode.HOLD == mode)
        {
            quantityByOrderId.put(orderId, quantity);
            priceByOrderId.put(orderId, price);
            return;
        }

        final int slices = Mode.FILL == mode ? 1 : (int)Math.min(fillSlices, quantity);
        final long sliceQty = quantity / slices;
        long cumQty = 0;
        for (int i = 1; i <= slices; i++)
        {
            final long lastQty = i == slices ? quantity - cumQty : sliceQty;
            cumQty += lastQty;
            final ExecType execType = cumQty == quantity ? ExecType.FILL : ExecType.PARTIAL_FILL;
            // Every slice trades at the same price: the venue's average price is that price.
            offer(messages.execution(orderId, 0, orderVenueId, execType, RejectReason.NONE, price, quantity, lastQty,
                price, cumQty, quantity - cumQty, price, clock.nanoTime(), null));
        }
    }

    private void onCancel(final VenueCancelOrderDecoder cancel)
    {
        if (Mode.HOLD == mode)
        {
            return;
        }
        final long orderId = cancel.orderId();
        final long quantity = quantityByOrderId.remove(orderId);
        if (-1 == quantity)
        {
            publishCancelReject(orderId, cancel.requestId(), cancel.venueId(), CancelRejectResponseTo.CANCEL);
            return;
        }
        final long cumQty = cumQtyByOrderId.remove(orderId);
        final long price = priceByOrderId.remove(orderId);
        offer(messages.execution(orderId, cancel.requestId(), cancel.venueId(), ExecType.CANCELED, RejectReason.NONE,
            price, quantity, 0, 0, cumQty, 0, averagePrice(cumQty, price), clock.nanoTime(), null));
    }

    private void onReplace(final VenueReplaceOrderDecoder replace)
    {
        if (Mode.HOLD == mode)
        {
            return;
        }
        final long orderId = replace.orderId();
        if (-1 == quantityByOrderId.get(orderId))
        {
            publishCancelReject(orderId, replace.requestId(), replace.venueId(), CancelRejectResponseTo.REPLACE);
            return;
        }
        final long quantity = replace.quantity();
        final long cumQty = cumQtyByOrderId.get(orderId);
        final long avgPx = averagePrice(cumQty, priceByOrderId.get(orderId));
        quantityByOrderId.put(orderId, quantity);
        priceByOrderId.put(orderId, replace.price());
        offer(messages.execution(orderId, replace.requestId(), replace.venueId(), ExecType.REPLACED,
            RejectReason.NONE, replace.price(), quantity, 0, 0, cumQty, quantity - cumQty, avgPx, clock.nanoTime(),
            null));
    }

    /**
     * @return the venue's average price of an order's {@code cumQty}: what it filled traded at the order's price
     *         before any replace (fills happen at once, on the terms it was sent with), 0 with nothing filled (FIX
     *         AvgPx).
     */
    private static long averagePrice(final long cumQty, final long fillPrice)
    {
        return cumQty > 0 ? fillPrice : 0;
    }

    private void publishCancelReject(
        final long orderId, final long requestId, final int venueId, final CancelRejectResponseTo responseTo)
    {
        offer(messages.cancelReject(
            orderId, requestId, venueId, responseTo, RejectReason.TOO_LATE_TO_CANCEL, clock.nanoTime(), null));
    }

    private void offer(final int length)
    {
        if (boundedExecutions.offer(messages.buffer(), 0, length) <= 0)
        {
            droppedCounter.incrementRelease();
        }
    }
}
