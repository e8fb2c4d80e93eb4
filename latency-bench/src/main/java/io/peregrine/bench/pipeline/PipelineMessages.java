package io.peregrine.bench.pipeline;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.ExecutionReportEncoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.NewOrderEncoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueExecutionEncoder;
import io.peregrine.sbe.VenueNewOrderDecoder;
import io.peregrine.sbe.VenueNewOrderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The order the core pipeline benchmarks drive through the core, as the client and the venue write and read it: one
 * home for the messages of {@link CorePipelineBenchmark} (over Aeron IPC), {@link CorePipelineDirectBenchmark}
 * (no transport) and {@code SbeCodecBenchmark} (the codec alone), so all measure the same order. Encodes into its own {@link #buffer()}; decodes the core's
 * VenueNewOrder and ExecutionReport flyweights in place.
 * <p>
 * Orders alternate buy/sell (bit 0 of the client order id) and ACC1/ACC2 (bit 1), LIMIT DAY AAPL 100 at
 * {@link #PRICE}, so positions and per-account rates stay inside the benchmark limits for any run length.
 * <p>
 * Used by the one benchmark thread that owns it; allocates nothing after construction.
 */
public final class PipelineMessages
{
    /** Client id of every order. */
    static final int CLIENT_ID = 11;
    /** Venue id of the venue's messages. */
    static final int VENUE_ID = 1;
    /** Price of an accepted order. */
    public static final long PRICE = 190 * Prices.SCALE;
    /** Price outside the demo's AAPL collar: refused by pre-trade risk. */
    static final long OUTSIDE_COLLAR = 300 * Prices.SCALE;
    /** Quantity of every order. */
    static final long QUANTITY = 100;

    private static final long ACC1 = PackedAscii.pack("ACC1");
    private static final long ACC2 = PackedAscii.pack("ACC2");
    private static final long AAPL = PackedAscii.pack("AAPL");

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderEncoder newOrderEncoder = new NewOrderEncoder();
    private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
    private final VenueNewOrderEncoder venueNewOrderEncoder = new VenueNewOrderEncoder();
    private final VenueNewOrderDecoder venueNewOrderDecoder = new VenueNewOrderDecoder();
    private final VenueExecutionEncoder venueExecutionEncoder = new VenueExecutionEncoder();
    private final ExecutionReportEncoder reportEncoder = new ExecutionReportEncoder();
    private final ExecutionReportDecoder reportDecoder = new ExecutionReportDecoder();

    /** @return the buffer every encode writes at offset 0. */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * The client's NewOrder.
     *
     * @param clOrdId     client order id; its bits 0 and 1 pick the side and the account.
     * @param price       limit price ({@link #PRICE}, or {@link #OUTSIDE_COLLAR} for a risk reject).
     * @param sendingTime the message's sending time.
     * @return encoded length, header included.
     */
    public int newOrder(final long clOrdId, final long price, final long sendingTime)
    {
        final NewOrderEncoder e = newOrderEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(CLIENT_ID)
            .clOrdId(clOrdId);
        buffer.putLong(e.offset() + NewOrderEncoder.accountEncodingOffset(), (clOrdId & 2) == 0 ? ACC1 : ACC2,
            ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(e.offset() + NewOrderEncoder.symbolEncodingOffset(), AAPL, ByteOrder.LITTLE_ENDIAN);
        e.side((clOrdId & 1) == 0 ? Side.BUY : Side.SELL)
            .ordType(OrdType.LIMIT)
            .timeInForce(TimeInForce.DAY)
            .price(price)
            .quantity(QUANTITY)
            .sendingTime(sendingTime);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    /**
     * The venue's ack ({@code cumQty} 0) or fill of the routed order.
     *
     * @return encoded length, header included.
     */
    int venueExecution(
        final long orderId, final ExecType execType, final long cumQty, final long leaves, final long transactTime)
    {
        final VenueExecutionEncoder e = venueExecutionEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .orderId(orderId)
            .requestId(0)
            .venueId(VENUE_ID)
            .execType(execType)
            .rejectReason(RejectReason.NONE)
            .price(PRICE)
            .quantity(QUANTITY)
            .lastQty(cumQty)
            .lastPx(cumQty == 0 ? 0 : PRICE)
            .cumQty(cumQty)
            .leavesQty(leaves)
            .transactTime(transactTime)
            .avgPx(cumQty == 0 ? 0 : PRICE)
            .putText(buffer, 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    /**
     * A VenueNewOrder as the core writes it (for a harness that stands in for the core).
     *
     * @return encoded length, header included.
     */
    int venueNewOrder(final long orderId)
    {
        final VenueNewOrderEncoder e = venueNewOrderEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .orderId(orderId)
            .venueId(VENUE_ID);
        buffer.putLong(e.offset() + VenueNewOrderEncoder.accountEncodingOffset(), ACC1, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(e.offset() + VenueNewOrderEncoder.symbolEncodingOffset(), AAPL, ByteOrder.LITTLE_ENDIAN);
        e.side(Side.BUY).ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY).price(PRICE).quantity(QUANTITY)
            .timestamp(orderId);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    /**
     * A NEW or FILL ExecutionReport as the core writes it (for a harness that stands in for the core).
     *
     * @param clOrdId  client order id, also the order id, exec id and times.
     * @param execType {@link ExecType#NEW} or {@link ExecType#FILL}.
     * @return encoded length, header included.
     */
    public int report(final long clOrdId, final ExecType execType)
    {
        final ExecutionReportEncoder e = reportEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(CLIENT_ID)
            .clOrdId(clOrdId)
            .origClOrdId(0)
            .orderId(clOrdId)
            .execId(clOrdId);
        buffer.putLong(e.offset() + ExecutionReportEncoder.accountEncodingOffset(), ACC1, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(e.offset() + ExecutionReportEncoder.symbolEncodingOffset(), AAPL, ByteOrder.LITTLE_ENDIAN);
        final boolean fill = execType == ExecType.FILL;
        e.side(Side.BUY).ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY).execType(execType)
            .ordStatus(fill ? OrdStatus.FILLED : OrdStatus.NEW).rejectReason(RejectReason.NONE)
            .price(PRICE).quantity(QUANTITY).lastQty(fill ? QUANTITY : 0).lastPx(fill ? PRICE : 0)
            .cumQty(fill ? QUANTITY : 0).leavesQty(fill ? 0 : QUANTITY).avgPx(fill ? PRICE : 0).venueId(VENUE_ID)
            .transactTime(clOrdId).sendingTime(clOrdId).putText(buffer, 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    /**
     * @return the order id of a VenueNewOrder, or 0 if the message is something else.
     */
    long routedOrderId(final DirectBuffer message, final int offset)
    {
        headerDecoder.wrap(message, offset);
        if (VenueNewOrderDecoder.TEMPLATE_ID != headerDecoder.templateId())
        {
            return 0;
        }
        return venueNewOrderDecoder.wrap(message, offset + MessageHeaderDecoder.ENCODED_LENGTH,
            headerDecoder.blockLength(), headerDecoder.version()).orderId();
    }

    /**
     * @return the ExecutionReport decoder wrapped over the message, or null if the message is something else.
     */
    ExecutionReportDecoder report(final DirectBuffer message, final int offset)
    {
        headerDecoder.wrap(message, offset);
        if (ExecutionReportDecoder.TEMPLATE_ID != headerDecoder.templateId())
        {
            return null;
        }
        return reportDecoder.wrap(message, offset + MessageHeaderDecoder.ENCODED_LENGTH,
            headerDecoder.blockLength(), headerDecoder.version());
    }

    /**
     * What a harness reads of any message it loops back: a NewOrder's price, else template id + length.
     */
    long checksum(final DirectBuffer message, final int offset, final int length)
    {
        headerDecoder.wrap(message, offset);
        if (NewOrderDecoder.TEMPLATE_ID == headerDecoder.templateId())
        {
            return newOrderDecoder.wrap(message, offset + MessageHeaderDecoder.ENCODED_LENGTH,
                headerDecoder.blockLength(), headerDecoder.version()).price();
        }
        return headerDecoder.templateId() + length;
    }
}
