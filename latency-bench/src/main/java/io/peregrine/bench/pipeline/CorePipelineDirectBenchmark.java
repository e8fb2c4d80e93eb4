package io.peregrine.bench.pipeline;

import io.peregrine.bench.BenchmarkLimits;
import io.peregrine.bench.DirectoryTree;
import io.peregrine.bench.ForkedBenchmark;
import io.peregrine.core.DirectCore;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.egress.BufferedSink;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.RejectReason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Measures the core's own work per message with no transport: the same agent logic, order table, risk and encoders
 * as {@link CorePipelineBenchmark}, driven through {@link DirectCore} (messages handed in as buffers, outputs kept in
 * buffers), so the numbers hold decode + validation + risk + order state + encode and nothing of Aeron IPC.
 * <ul>
 *   <li>{@link #riskReject()}: NewOrder outside the price collar -> decode, validation, risk checks, REJECTED
 *   ExecutionReport encoded: decode + risk + encode, 1 core message.</li>
 *   <li>{@link #orderLifecycle()}: NewOrder -> risk, order state, VenueNewOrder encoded; venue ack -> NEW report;
 *   venue fill -> risk (position, notional), order closed, FILL report: the accepted-order life cycle, 3 core
 *   messages, one duty cycle end after each step (risk flush: a no-op in memory, the batched Chronicle writes
 *   with {@code -p store=persistent}).</li>
 *   <li>{@link #harnessOnly()}: the benchmark's own share of the life cycle: encoding the three inputs and reading
 *   the order id and the two reports, with a canned output instead of the core.</li>
 * </ul>
 * Orders alternate buy/sell and ACC1/ACC2 (limits: {@link BenchmarkLimits#unthrottledDemo()}), so positions and
 * rates stay inside the limits for any run length, and closed orders' slots are reused. Run with {@code -prof gc}:
 * every benchmark is 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CorePipelineDirectBenchmark extends ForkedBenchmark
{
    private static final int SOURCE = 7;
    private static final long PRICE = PipelineMessages.PRICE;
    private static final long OUTSIDE_COLLAR = PipelineMessages.OUTSIDE_COLLAR;
    private static final long QUANTITY = PipelineMessages.QUANTITY;
    private static final long START = 1_700_000_000_000_000_000L;

    /** {@code inMemory}, or {@code persistent} (Chronicle Map risk state in a temporary directory). */
    @Param({ "inMemory" })
    public String store;

    private DirectCore core;
    private Path stateDir;
    private final PipelineMessages messages = new PipelineMessages();
    private final UnsafeBuffer buffer = messages.buffer();
    private final UnsafeBuffer cannedVenueRequest = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
    private final UnsafeBuffer cannedReport = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
    private final BufferedSink.Reader venueReader = this::onVenueRequest;
    private final BufferedSink.Reader reportReader = this::onReport;
    private int cannedVenueRequestLength;
    private int cannedReportLength;
    private long clOrdId;
    private long now = START;
    private long routedOrderId;
    private int reports;
    private ExecType lastExecType;
    private RejectReason lastRejectReason;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final PeregrineContext ctx = new PeregrineContext().riskLimits(BenchmarkLimits.unthrottledDemo());
        if ("persistent".equals(store))
        {
            stateDir = Files.createTempDirectory("peregrine-direct-bench");
            ctx.riskStateDir(stateDir);
        }
        core = DirectCore.create(ctx);
        // one full order before measuring proves the wiring, and keeps its outputs as the harness's canned ones
        final long id = ++clOrdId;
        core.onClientMessage(tick(), SOURCE, buffer, 0, encodeNewOrder(id, PRICE));
        core.venueRequests().drain((b, offset, length) ->
        {
            cannedVenueRequest.putBytes(0, b, offset, length);
            cannedVenueRequestLength = length;
            onVenueRequest(b, offset, length);
        });
        lifecycleAfterRouting(id);
        core.onClientMessage(tick(), SOURCE, buffer, 0, encodeNewOrder(++clOrdId, OUTSIDE_COLLAR));
        core.reports().drain((b, offset, length) ->
        {
            cannedReport.putBytes(0, b, offset, length);
            cannedReportLength = length;
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        if (null != core)
        {
            core.close();
        }
        DirectoryTree.delete(stateDir);
    }

    /** NewOrder refused by the price collar: decode, validation, risk, REJECTED report encoded (1 message). */
    @Benchmark
    public RejectReason riskReject()
    {
        final long id = newOrderCycle(OUTSIDE_COLLAR);
        reports = 0;
        core.reports().drain(reportReader);
        if (RejectReason.PRICE_OUTSIDE_COLLAR != lastRejectReason || 1 != reports)
        {
            throw new IllegalStateException("order " + id + " got " + lastExecType + " " + lastRejectReason);
        }
        return lastRejectReason;
    }

    /** One accepted order's life: new -> VenueNewOrder; ack -> NEW report; fill -> FILL report (3 messages). */
    @Benchmark
    public long orderLifecycle()
    {
        final long id = newOrderCycle(PRICE);
        routedOrderId = 0;
        core.venueRequests().drain(venueReader);
        return lifecycleAfterRouting(id);
    }

    /** The harness's share of {@link #orderLifecycle()}: the same encodes and reads, canned outputs, no core. */
    @Benchmark
    public long harnessOnly()
    {
        final long id = ++clOrdId;
        tick();
        encodeNewOrder(id, PRICE);
        onVenueRequest(cannedVenueRequest, 0, cannedVenueRequestLength);
        tick();
        encodeVenueExecution(routedOrderId, ExecType.NEW, 0, QUANTITY);
        tick();
        encodeVenueExecution(routedOrderId, ExecType.FILL, QUANTITY, 0);
        reports = 0;
        onReport(cannedReport, 0, cannedReportLength);
        onReport(cannedReport, 0, cannedReportLength);
        return routedOrderId + reports;
    }

    /** The next client order at {@code price} handed to the core, and the core's duty-cycle end after it. */
    private long newOrderCycle(final long price)
    {
        final long id = ++clOrdId;
        core.onClientMessage(tick(), SOURCE, buffer, 0, encodeNewOrder(id, price));
        core.endDutyCycle();
        return id;
    }

    private long lifecycleAfterRouting(final long id)
    {
        final long orderId = routedOrderId;
        if (0 == orderId)
        {
            throw new IllegalStateException("order " + id + " was not routed");
        }
        core.onVenueMessage(tick(), buffer, 0, encodeVenueExecution(orderId, ExecType.NEW, 0, QUANTITY));
        core.endDutyCycle();
        core.onVenueMessage(tick(), buffer, 0, encodeVenueExecution(orderId, ExecType.FILL, QUANTITY, 0));
        core.endDutyCycle();
        reports = 0;
        core.reports().drain(reportReader);
        if (2 != reports || ExecType.FILL != lastExecType)
        {
            throw new IllegalStateException("order " + id + " ended " + lastExecType + " " + lastRejectReason);
        }
        return orderId;
    }

    private long tick()
    {
        now += 1_000;
        return now;
    }

    private int encodeNewOrder(final long id, final long price)
    {
        return messages.newOrder(id, price, now);
    }

    private int encodeVenueExecution(final long orderId, final ExecType execType, final long cumQty, final long leaves)
    {
        return messages.venueExecution(orderId, execType, cumQty, leaves, now);
    }

    private void onVenueRequest(final DirectBuffer buffer, final int offset, final int length)
    {
        final long orderId = messages.routedOrderId(buffer, offset);
        if (0 != orderId)
        {
            routedOrderId = orderId;
        }
    }

    private void onReport(final DirectBuffer buffer, final int offset, final int length)
    {
        final ExecutionReportDecoder report = messages.report(buffer, offset);
        if (null != report)
        {
            reports++;
            lastExecType = report.execType();
            lastRejectReason = report.rejectReason();
        }
    }
}
