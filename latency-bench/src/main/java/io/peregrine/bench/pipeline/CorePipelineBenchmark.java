package io.peregrine.bench.pipeline;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.peregrine.bench.AeronDirs;
import io.peregrine.bench.BenchCoreContext;
import io.peregrine.bench.ForkedBenchmark;
import io.peregrine.bench.SetUpWait;
import io.peregrine.core.CoreAgent;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.RejectReason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Measures the core's per-order work on one thread, with no thread hand-offs: the real {@link CoreAgent}
 * as {@code Peregrine.launch} wires it, its duty cycle driven by the benchmark thread, which also plays the client
 * and the venue over the agent's own Aeron IPC log buffers.
 * <ul>
 *   <li>{@link #orderLifecycle()}: NewOrder in -> decode, validate, risk, order state, VenueNewOrder out; venue ack
 *   and fill in -> order state, risk, two ExecutionReports out; both reports read back.</li>
 *   <li>{@link #riskReject()}: a NewOrder outside the price collar -> decode, risk, REJECTED report out, read
 *   back.</li>
 *   <li>{@link #harnessOnly()}: the same encodes, IPC offers and polls without the core (loopback streams): the part
 *   of the two numbers above that is the benchmark's own client/venue role and the transport, not the core.</li>
 * </ul>
 * Orders alternate buy/sell and ACC1/ACC2 so positions and per-account rates stay inside the demo limits for
 * any run length. Run with {@code -prof gc}: every benchmark should be 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class CorePipelineBenchmark extends ForkedBenchmark
{
    private static final String CHANNEL = "aeron:ipc";
    private static final int LOOP_STREAM_ID = 4001;
    private static final long PRICE = PipelineMessages.PRICE;
    private static final long QUANTITY = PipelineMessages.QUANTITY;
    private static final long WAIT_SECONDS = 10;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final RunnerParkingIdleStrategy parking = new RunnerParkingIdleStrategy();
    private Peregrine peregrine;
    private CoreAgent agent;
    private Aeron aeron;
    private ExclusivePublication ingress;
    private Subscription egress;
    private Subscription venueOut;
    private ExclusivePublication venueIn;
    private ExclusivePublication loopPublication;
    private Subscription loopSubscription;

    private final PipelineMessages messages = new PipelineMessages();
    private final UnsafeBuffer buffer = messages.buffer();
    private final VenueHandler venueHandler = new VenueHandler();
    private final ReportHandler reportHandler = new ReportHandler();
    private final LoopHandler loopHandler = new LoopHandler();
    private long clOrdId;
    private long emptyDutyCycles;
    private long emptyPolls;
    private long offerRetries;
    private long iterationStartBytes;
    private long iterationStartOps;

    @Setup(Level.Trial)
    public void setUp()
    {
        try
        {
            start();
        }
        catch (final RuntimeException ex)
        {
            tearDown(); // JMH does not tear down a trial whose set-up failed: leave no driver or directory behind
            throw ex;
        }
    }

    private void start()
    {
        final String aeronDir = AeronDirs.fresh("pipeline-bench");
        peregrine = Peregrine.launch(BenchCoreContext.create(aeronDir)
            .idleStrategyName("backoff")
            .idleStrategy(parking));
        parking.awaitParked(TimeUnit.SECONDS.toNanos(10));
        agent = peregrine.agent();

        final PeregrineContext ctx = peregrine.context();
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
        ingress = aeron.addExclusivePublication(ctx.channel(), ctx.ingressStreamId());
        egress = aeron.addSubscription(ctx.channel(), ctx.egressStreamId());
        venueOut = aeron.addSubscription(ctx.channel(), ctx.venueOutStreamId());
        venueIn = aeron.addExclusivePublication(ctx.channel(), ctx.venueInStreamId());
        loopPublication = aeron.addExclusivePublication(CHANNEL, LOOP_STREAM_ID);
        loopSubscription = aeron.addSubscription(CHANNEL, LOOP_STREAM_ID);
        awaitConnected();

        // one full order before measuring proves the wiring (the benchmark fails fast instead of timing nothing);
        // patient, because the agent's subscriptions see our publications' images only once its client conductor
        // has caught up
        lifecycle(true);
    }

    @Setup(Level.Iteration)
    public void startIteration()
    {
        iterationStartBytes = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        iterationStartOps = clOrdId;
    }

    @TearDown(Level.Iteration)
    public void endIteration()
    {
        // -prof gc divides every thread's allocation (driver, Aeron conductors, JMH) by the ops; this is the
        // benchmark thread alone, which runs the core's duty cycle: the zero-allocation claim is about it
        final long bytes = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - iterationStartBytes;
        final long ops = clOrdId - iterationStartOps;
        System.out.printf("[benchmark thread: %d bytes allocated over %d ops; core offerRetries %d, "
            + "venueOutBackPressured %d, egressDropped %d, errors %d]%n", bytes, ops,
            peregrine.counters().offerRetries().get(), peregrine.counters().venueOutBackPressured().get(),
            peregrine.counters().egressDropped().get(), peregrine.counters().errors().get());
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (emptyDutyCycles + emptyPolls + offerRetries > 0)
        {
            // not an error: says how often the harness had to wait (e.g. for the driver thread on a busy machine)
            System.out.printf("%n[harness waits: empty core duty cycles %d, empty polls %d, offer retries %d]%n",
                emptyDutyCycles, emptyPolls, offerRetries);
        }
        parking.release();
        CloseHelper.quietCloseAll(
            ingress, egress, venueOut, venueIn, loopPublication, loopSubscription, aeron, peregrine);
    }

    /** One order's whole life through the core: new -> venue -> ack + fill -> two reports; 3 core messages. */
    @Benchmark
    public long orderLifecycle()
    {
        return lifecycle(false);
    }

    private long lifecycle(final boolean patient)
    {
        final long id = ++clOrdId;
        offer(ingress, messages.newOrder(id, PRICE, id));
        doWork(patient);                            // NewOrder -> risk -> order state -> VenueNewOrder

        venueHandler.orderId = 0;
        pollUntil(venueOut, venueHandler, 1);
        final long orderId = venueHandler.orderId;
        offer(venueIn, messages.venueExecution(orderId, ExecType.NEW, 0, QUANTITY, orderId));
        offer(venueIn, messages.venueExecution(orderId, ExecType.FILL, QUANTITY, 0, orderId));
        doWork(patient);                            // ack -> NEW report; fill -> risk, state -> FILL report

        awaitReports(id, 2, ExecType.FILL, RejectReason.NONE);
        return orderId;
    }

    /** A NewOrder refused by pre-trade risk (price collar): decode, checks, REJECTED report; 1 core message. */
    @Benchmark
    public long riskReject()
    {
        final long id = ++clOrdId;
        offer(ingress, messages.newOrder(id, PipelineMessages.OUTSIDE_COLLAR, id));
        doWork(false);
        awaitReports(id, 1, ExecType.REJECTED, RejectReason.PRICE_OUTSIDE_COLLAR);
        return id;
    }

    /**
     * The benchmark's own share of {@link #orderLifecycle()}: the same six encodes, offers and polls with
     * nothing in between (NewOrder, VenueNewOrder, 2 VenueExecutions, 2 ExecutionReports on a loopback stream).
     */
    @Benchmark
    public long harnessOnly()
    {
        final long id = ++clOrdId;
        offer(loopPublication, messages.newOrder(id, PRICE, id));
        offer(loopPublication, messages.venueNewOrder(id));
        offer(loopPublication, messages.venueExecution(id, ExecType.NEW, 0, QUANTITY, id));
        offer(loopPublication, messages.venueExecution(id, ExecType.FILL, QUANTITY, 0, id));
        offer(loopPublication, messages.report(id, ExecType.NEW));
        offer(loopPublication, messages.report(id, ExecType.FILL));
        loopHandler.count = 0;
        while (loopHandler.count < 6)
        {
            pollUntil(loopSubscription, loopHandler, 6 - loopHandler.count);
        }
        return loopHandler.checksum;
    }

    private void doWork(final boolean patient)
    {
        if (agent.doWork() > 0)
        {
            return;
        }
        awaitWork(patient);
    }

    private void awaitWork(final boolean patient)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        do
        {
            emptyDutyCycles++;
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("the core found nothing to do for " + WAIT_SECONDS + " s");
            }
            if (patient)
            {
                Thread.yield();
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        while (agent.doWork() == 0);
    }

    private void offer(final ExclusivePublication publication, final int length)
    {
        if (publication.offer(buffer, 0, length) > 0)
        {
            return;
        }
        // back-pressured: the driver thread advances the publisher limit, and on a busy machine it may be waiting
        // for a CPU; the wait is measured, as it would be for a real client
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (publication.offer(buffer, 0, length) < 0)
        {
            offerRetries++;
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("offer failed on stream " + publication.streamId() + " for "
                    + WAIT_SECONDS + " s");
            }
            Thread.yield();
        }
    }

    /**
     * Polls the egress stream until {@code reports} ExecutionReports of order {@code id} came, and checks that the last
     * one says what the benchmark expects.
     */
    private void awaitReports(
        final long id, final int reports, final ExecType lastExecType, final RejectReason lastRejectReason)
    {
        reportHandler.reset(id);
        while (reportHandler.count < reports)
        {
            pollUntil(egress, reportHandler, reports - reportHandler.count);
        }
        if (reportHandler.lastExecType != lastExecType || reportHandler.lastRejectReason != lastRejectReason)
        {
            throw new IllegalStateException("order " + id + " ended " + reportHandler.lastExecType + " "
                + reportHandler.lastRejectReason);
        }
    }

    private void pollUntil(final Subscription subscription, final FragmentHandler handler, final int limit)
    {
        if (subscription.poll(handler, limit) > 0)
        {
            return;
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (subscription.poll(handler, limit) == 0)
        {
            emptyPolls++;
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("nothing arrived on stream " + subscription.streamId() + " for "
                    + WAIT_SECONDS + " s");
            }
            Thread.onSpinWait();
        }
    }

    private void awaitConnected()
    {
        SetUpWait.until(() -> ingress.isConnected() && venueIn.isConnected() && egress.isConnected() &&
            venueOut.isConnected() && loopPublication.isConnected(), 10, TimeUnit.SECONDS, "streams", "connect");
    }


    private final class VenueHandler implements FragmentHandler
    {
        long orderId;

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            final long routed = messages.routedOrderId(buffer, offset);
            if (0 != routed)
            {
                orderId = routed;
            }
        }
    }

    private final class ReportHandler implements FragmentHandler
    {
        long awaited;
        int count;
        ExecType lastExecType;
        RejectReason lastRejectReason;

        void reset(final long clOrdId)
        {
            awaited = clOrdId;
            count = 0;
            lastExecType = null;
            lastRejectReason = null;
        }

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            final ExecutionReportDecoder report = messages.report(buffer, offset);
            if (null != report && report.clOrdId() == awaited)
            {
                count++;
                lastExecType = report.execType();
                lastRejectReason = report.rejectReason();
            }
        }
    }

    private final class LoopHandler implements FragmentHandler
    {
        int count;
        long checksum;

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            checksum += messages.checksum(buffer, offset, length);
            count++;
        }
    }
}
