package io.peregrine.bench.codec;

import io.peregrine.bench.ForkedBenchmark;
import io.peregrine.bench.pipeline.PipelineMessages;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.NewOrderDecoder;
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
import java.util.concurrent.TimeUnit;

/**
 * Measures the SBE flyweight cost of the two messages on every order's path: a client's {@code NewOrder} and the
 * core's {@code ExecutionReport}, encoded (header + fields) and decoded (header + every field read) over a
 * direct buffer. Expected: tens of nanoseconds and 0 B/op under {@code -prof gc}.
 * <p>
 * The messages are the pipeline benchmarks' order ({@link PipelineMessages}: the client's NewOrder, the core's FILL
 * report). Symbols and accounts are written and read as packed longs, the way the hot path handles them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SbeCodecBenchmark extends ForkedBenchmark
{
    private final PipelineMessages messages = new PipelineMessages();
    private final UnsafeBuffer newOrderBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final UnsafeBuffer reportBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
    private final ExecutionReportDecoder reportDecoder = new ExecutionReportDecoder();

    private long clOrdId;

    @Setup
    public void setUp()
    {
        newOrderBuffer.putBytes(0, messages.buffer(), 0, messages.newOrder(1, PipelineMessages.PRICE, 1));
        reportBuffer.putBytes(0, messages.buffer(), 0, messages.report(1, ExecType.FILL));
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
        final long id = ++clOrdId;
        return messages.newOrder(id, PipelineMessages.PRICE, id);
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
        return messages.report(++clOrdId, ExecType.FILL);
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
}
