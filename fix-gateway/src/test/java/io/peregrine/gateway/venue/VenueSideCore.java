package io.peregrine.gateway.venue;

import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.gateway.GatewayStack;
import io.peregrine.gateway.SbeProbe;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueCancelOrderEncoder;
import io.peregrine.sbe.VenueCancelRejectDecoder;
import io.peregrine.sbe.VenueExecutionDecoder;
import io.peregrine.sbe.VenueNewOrderEncoder;
import io.peregrine.sbe.VenueReplaceOrderEncoder;
import io.peregrine.sbe.VenueSessionStatusDecoder;
import io.peregrine.sbe.VenueStatus;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.Predicate;

/**
 * The test playing the core towards the gateway's venue side: it publishes venue requests on stream 2001 and reads
 * what the gateway answers on stream 2002, for venue {@link GatewayStack#VENUE_ID}. Requests are of symbol AAPL,
 * DAY, by account ACC1 unless given. {@link #restart()} is a core process restarting (a new Aeron session). Used from
 * the test thread only; every wait fails the test after the wait given at construction.
 */
public final class VenueSideCore implements AutoCloseable
{
    private final String aeronDir;
    private final long waitMs;
    private final MutableDirectBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private SbeProbe probe;

    /**
     * @param aeronDir the gateway's Aeron directory.
     * @param waitMs   longest wait for an answer.
     */
    public VenueSideCore(final String aeronDir, final long waitMs)
    {
        this.aeronDir = aeronDir;
        this.waitMs = waitMs;
        probe = new SbeProbe(aeronDir, 2001, 2002);
    }

    /**
     * Publishes a NewOrder of account ACC1.
     */
    public void newOrder(final long orderId, final Side side, final OrdType ordType, final String price, final long qty)
    {
        newOrder(orderId, "ACC1", side, ordType, price, qty);
    }

    /**
     * Publishes a NewOrder.
     */
    public void newOrder(final long orderId, final String account, final Side side, final OrdType ordType,
        final String price, final long qty)
    {
        probe.publish(buffer, encodeNewOrder(orderId, account, side, ordType, price, qty));
    }

    /**
     * Publishes a NewOrder of account ACC1, a buy limit of 10 at 190, routed to the given venue.
     */
    public void newOrderToVenue(final long orderId, final int venueId)
    {
        probe.publish(buffer, encodeNewOrder(orderId, venueId, "ACC1", Side.BUY, OrdType.LIMIT, "190", 10));
    }

    /**
     * Appends a NewOrder of account ACC1 to a core journal as a request the core published on 2001 (VENUE_REQUEST),
     * as a core that died before the gateway read it would have left it.
     */
    public void journalNewOrder(
        final CoreJournal journal, final long orderId, final Side side, final String price, final long qty)
    {
        final int length = encodeNewOrder(orderId, "ACC1", side, OrdType.LIMIT, price, qty);
        if (!journal.append(JournalEntry.VENUE_REQUEST, now(), 0, buffer, 0, length))
        {
            throw new IllegalStateException("cannot write the test's core journal " + journal.directory());
        }
    }

    private int encodeNewOrder(final long orderId, final String account, final Side side, final OrdType ordType,
        final String price, final long qty)
    {
        return encodeNewOrder(orderId, GatewayStack.VENUE_ID, account, side, ordType, price, qty);
    }

    private int encodeNewOrder(final long orderId, final int venueId, final String account, final Side side,
        final OrdType ordType, final String price, final long qty)
    {
        final VenueNewOrderEncoder encoder = new VenueNewOrderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .orderId(orderId).venueId(venueId).side(side).ordType(ordType).timeInForce(TimeInForce.DAY)
            .price(Prices.parse(price)).quantity(qty).timestamp(now());
        return pack(encoder.encodedLength(), VenueNewOrderEncoder.accountEncodingOffset(), account,
            VenueNewOrderEncoder.symbolEncodingOffset());
    }

    /**
     * Publishes a cancel of a buy order of account ACC1.
     */
    public void cancel(final long orderId, final long requestId, final long qty)
    {
        final VenueCancelOrderEncoder encoder = new VenueCancelOrderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .orderId(orderId).requestId(requestId).venueId(GatewayStack.VENUE_ID).side(Side.BUY).quantity(qty)
            .timestamp(now());
        publish(encoder.encodedLength(), VenueCancelOrderEncoder.accountEncodingOffset(), "ACC1",
            VenueCancelOrderEncoder.symbolEncodingOffset());
    }

    /**
     * Publishes a replace of a buy limit order of account ACC1.
     */
    public void replace(final long orderId, final long requestId, final String price, final long qty)
    {
        final VenueReplaceOrderEncoder encoder = new VenueReplaceOrderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .orderId(orderId).requestId(requestId).venueId(GatewayStack.VENUE_ID).side(Side.BUY)
            .ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY).price(Prices.parse(price)).quantity(qty)
            .timestamp(now());
        publish(encoder.encodedLength(), VenueReplaceOrderEncoder.accountEncodingOffset(), "ACC1",
            VenueReplaceOrderEncoder.symbolEncodingOffset());
    }

    /**
     * @return the next execution of the order of this type.
     */
    public VenueExecutionDecoder awaitExecution(final long orderId, final io.peregrine.sbe.ExecType execType)
    {
        return awaitExecution((execution) -> execution.orderId() == orderId && execution.execType() == execType);
    }

    /**
     * @return the next execution of the order, of any type.
     */
    public VenueExecutionDecoder awaitExecution(final long orderId)
    {
        return awaitExecution((execution) -> execution.orderId() == orderId);
    }

    /**
     * @return the next cancel/replace reject of the order.
     */
    public VenueCancelRejectDecoder awaitCancelReject(final long orderId)
    {
        return cancelReject(probe.await(VenueCancelRejectDecoder.TEMPLATE_ID,
            (message) -> cancelReject(message).orderId() == orderId, waitMs));
    }

    /**
     * Waits for the venue session status.
     */
    public void awaitStatus(final VenueStatus status)
    {
        awaitStatus(status, waitMs);
    }

    /**
     * Waits for the venue session status, as long as given.
     */
    public void awaitStatus(final VenueStatus status, final long timeoutMs)
    {
        probe.await(VenueSessionStatusDecoder.TEMPLATE_ID, isStatus(status), timeoutMs);
    }

    /**
     * @return whether the status was published (and not yet consumed) within the wait.
     */
    public boolean sawStatus(final VenueStatus status, final long waitMs)
    {
        try
        {
            probe.await(VenueSessionStatusDecoder.TEMPLATE_ID, isStatus(status), waitMs);
            return true;
        }
        catch (final AssertionError none)
        {
            return false;
        }
    }

    /**
     * @return true if no message of the template arrived within the wait.
     */
    public boolean nothingOf(final int templateId, final long waitMs)
    {
        return probe.nothingOf(templateId, waitMs);
    }

    /**
     * Drops everything received and not yet consumed.
     */
    public void clear()
    {
        probe.clear();
    }

    /**
     * The core process restarts: a new Aeron session on the same streams.
     */
    public void restart()
    {
        probe.close();
        probe = new SbeProbe(aeronDir, 2001, 2002);
    }

    public void close()
    {
        probe.close();
    }

    private VenueExecutionDecoder awaitExecution(final Predicate<VenueExecutionDecoder> match)
    {
        return execution(probe.await(VenueExecutionDecoder.TEMPLATE_ID, (message) -> match.test(execution(message)),
            waitMs));
    }

    private void publish(final int bodyLength, final int accountOffset, final String account, final int symbolOffset)
    {
        probe.publish(buffer, pack(bodyLength, accountOffset, account, symbolOffset));
    }

    private int pack(final int bodyLength, final int accountOffset, final String account, final int symbolOffset)
    {
        final int body = MessageHeaderEncoder.ENCODED_LENGTH;
        buffer.putLong(body + accountOffset, PackedAscii.pack(account), VenueNewOrderEncoder.BYTE_ORDER);
        buffer.putLong(body + symbolOffset, PackedAscii.pack("AAPL"), VenueNewOrderEncoder.BYTE_ORDER);
        return body + bodyLength;
    }

    private static Predicate<UnsafeBuffer> isStatus(final VenueStatus status)
    {
        return (message) ->
        {
            final VenueSessionStatusDecoder decoder =
                new VenueSessionStatusDecoder().wrapAndApplyHeader(message, 0, new MessageHeaderDecoder());
            return decoder.venueId() == GatewayStack.VENUE_ID && decoder.status() == status;
        };
    }

    private static long now()
    {
        return System.currentTimeMillis() * 1_000_000L;
    }

    private static VenueExecutionDecoder execution(final UnsafeBuffer message)
    {
        return new VenueExecutionDecoder().wrapAndApplyHeader(message, 0, new MessageHeaderDecoder());
    }

    private static VenueCancelRejectDecoder cancelReject(final UnsafeBuffer message)
    {
        return new VenueCancelRejectDecoder().wrapAndApplyHeader(message, 0, new MessageHeaderDecoder());
    }
}
