package io.peregrine.bench.codec;

import io.peregrine.bench.ForkedBenchmark;
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
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Measures the SBE flyweight cost of the two messages on every order's path: a client's {@code NewOrder} and the
 * core's {@code ExecutionReport}, encoded (header + fields) and decoded (header + every field read) over a
 * direct buffer. Expected: tens of nanoseconds and 0 B/op under {@code -prof gc}.
 * <p>
 * Symbols and accounts are written and read as packed longs, the way the hot path handles them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SbeCodecBenchmark extends ForkedBenchmark
{
    private static final long ACCOUNT = PackedAscii.pack("ACC1");
    private static final long SYMBOL = PackedAscii.pack("AAPL");
    private static final long PRICE = 190 * Prices.SCALE;

    private final UnsafeBuffer newOrderBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final UnsafeBuffer reportBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final UnsafeBuffer scratchBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderEncoder newOrderEncoder = new NewOrderEncoder();
    private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
    private final ExecutionReportEncoder reportEncoder = new ExecutionReportEncoder();
    private final ExecutionReportDecoder reportDecoder = new ExecutionReportDecoder();

    private long clOrdId;

    @Setup
    public void setUp()
    {
        encodeNewOrder(newOrderBuffer, 1);
        encodeExecutionReport(reportBuffer, 1);
    }

    /** The header check every decode starts with: the header decoder over the message, its template as expected. */
    private void wrapHeader(final UnsafeBuffer buffer, final int templateId)
    {
        headerDecoder.wrap(buffer, 0);
        if (headerDecoder.templateId() != templateId)
        {
            throw new IllegalStateException("unexpected template " + headerDecoder.templateId());
        }
    }

    /** Header + NewOrder body into a buffer. */
    @Benchmark
    public int encodeNewOrder()
    {
        return encodeNewOrder(scratchBuffer, ++clOrdId);
    }

    /** Header check + every NewOrder field read. */
    @Benchmark
    public void decodeNewOrder(final Blackhole bh)
    {
        wrapHeader(newOrderBuffer, NewOrderDecoder.TEMPLATE_ID);
        final NewOrderDecoder d = newOrderDecoder.wrap(
            newOrderBuffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        bh.consume(d.clientId());
        bh.consume(d.clOrdId());
        bh.consume(PackedAscii.read(newOrderBuffer, d.offset() + NewOrderDecoder.accountEncodingOffset()));
        bh.consume(PackedAscii.read(newOrderBuffer, d.offset() + NewOrderDecoder.symbolEncodingOffset()));
        bh.consume(d.side());
        bh.consume(d.ordType());
        bh.consume(d.timeInForce());
        bh.consume(d.price());
        bh.consume(d.quantity());
        bh.consume(d.sendingTime());
    }

    /** Header + ExecutionReport body + empty text into a buffer. */
    @Benchmark
    public int encodeExecutionReport()
    {
        return encodeExecutionReport(scratchBuffer, ++clOrdId);
    }

    /** Header check + every ExecutionReport field read, text skipped. */
    @Benchmark
    public void decodeExecutionReport(final Blackhole bh)
    {
        wrapHeader(reportBuffer, ExecutionReportDecoder.TEMPLATE_ID);
        final ExecutionReportDecoder d = reportDecoder.wrap(
            reportBuffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        bh.consume(d.clientId());
        bh.consume(d.clOrdId());
        bh.consume(d.origClOrdId());
        bh.consume(d.orderId());
        bh.consume(d.execId());
        bh.consume(PackedAscii.read(reportBuffer, d.offset() + ExecutionReportDecoder.accountEncodingOffset()));
        bh.consume(PackedAscii.read(reportBuffer, d.offset() + ExecutionReportDecoder.symbolEncodingOffset()));
        bh.consume(d.side());
        bh.consume(d.ordType());
        bh.consume(d.timeInForce());
        bh.consume(d.execType());
        bh.consume(d.ordStatus());
        bh.consume(d.rejectReason());
        bh.consume(d.price());
        bh.consume(d.quantity());
        bh.consume(d.lastQty());
        bh.consume(d.lastPx());
        bh.consume(d.cumQty());
        bh.consume(d.leavesQty());
        bh.consume(d.avgPx());
        bh.consume(d.venueId());
        bh.consume(d.transactTime());
        bh.consume(d.sendingTime());
        bh.consume(d.skipText());
    }

    private int encodeNewOrder(final UnsafeBuffer buffer, final long id)
    {
        final NewOrderEncoder e = newOrderEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(7)
            .clOrdId(id);
        buffer.putLong(e.offset() + NewOrderEncoder.accountEncodingOffset(), ACCOUNT, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(e.offset() + NewOrderEncoder.symbolEncodingOffset(), SYMBOL, ByteOrder.LITTLE_ENDIAN);
        e.side(Side.BUY)
            .ordType(OrdType.LIMIT)
            .timeInForce(TimeInForce.DAY)
            .price(PRICE)
            .quantity(100)
            .sendingTime(id);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int encodeExecutionReport(final UnsafeBuffer buffer, final long id)
    {
        final ExecutionReportEncoder e = reportEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(7)
            .clOrdId(id)
            .origClOrdId(0)
            .orderId(id)
            .execId(id);
        buffer.putLong(e.offset() + ExecutionReportEncoder.accountEncodingOffset(), ACCOUNT, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(e.offset() + ExecutionReportEncoder.symbolEncodingOffset(), SYMBOL, ByteOrder.LITTLE_ENDIAN);
        e.side(Side.BUY)
            .ordType(OrdType.LIMIT)
            .timeInForce(TimeInForce.DAY)
            .execType(ExecType.FILL)
            .ordStatus(OrdStatus.FILLED)
            .rejectReason(RejectReason.NONE)
            .price(PRICE)
            .quantity(100)
            .lastQty(100)
            .lastPx(PRICE)
            .cumQty(100)
            .leavesQty(0)
            .avgPx(PRICE)
            .venueId(1)
            .transactTime(id)
            .sendingTime(id)
            .putText(scratchBuffer, 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }
}
