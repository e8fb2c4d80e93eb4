package io.peregrine.bench.ipc;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.peregrine.bench.AeronDirs;
import io.peregrine.bench.BenchCoreContext;
import io.peregrine.bench.DirectoryTree;
import io.peregrine.bench.ForkedBenchmark;
import io.peregrine.bench.RunningVenue;
import io.peregrine.bench.SetUpWait;
import io.peregrine.bench.engine.SerialOrderClient;
import io.peregrine.bench.load.IdleMode;
import io.peregrine.client.PeregrineClient;
import io.peregrine.core.Peregrine;
import io.peregrine.core.threading.AgentThreading;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Measures one order's Aeron IPC round trip through the core (client -> 1001 -> core -> 2001 -> venue that only
 * acknowledges -> 2002 -> core -> 1002 -> client, timed to the NEW report) next to the transport's own floor: a
 * raw echo of the same NewOrder bytes (client -> stream -> echo agent -> stream -> client, 2 hops), and a raw relay
 * along the core's own topology (4 hops through 2 agent threads) with no work done.
 * <p>
 * Every fork starts the same world: one embedded media driver (the core's), the core, the venue, the echo and relay
 * agents, all with the idle strategy of {@code -p idle=...} (also used by the measuring thread while it waits).
 * All three benchmarks run in that world, so their ratios are the cost Peregrine adds on top of Aeron. After each
 * measured core round trip the order is canceled outside the timing ({@link #cancelMeasuredOrder()}), so every
 * order meets the same state. Sample-time mode gives percentiles.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class IpcRoundTripBenchmark extends ForkedBenchmark
{
    /** Stream the echo agent reads; apart from Peregrine's 1001/1002/2001/2002. */
    public static final int ECHO_REQUEST_STREAM_ID = 3001;
    /** Stream the echo agent answers on. */
    public static final int ECHO_REPLY_STREAM_ID = 3002;
    /** Relay: client to the first relay agent (as client -> core). */
    public static final int RELAY_IN_STREAM_ID = 3011;
    /** Relay: first to second relay agent (as core -> venue). */
    public static final int RELAY_OUT_STREAM_ID = 3012;
    /** Relay: second back to the first relay agent (as venue -> core). */
    public static final int RELAY_BACK_STREAM_ID = 3013;
    /** Relay: first relay agent back to the client (as core -> client). */
    public static final int RELAY_REPLY_STREAM_ID = 3014;

    private static final int CLIENT_ID = 77;
    private static final int VENUE_ORDER_CAPACITY = 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /** Idle strategy of the core, venue, echo agent and the waiting benchmark thread. */
    @Param({ "backoff" })
    public String idle;

    /**
     * {@code true}: the core journals every input and output (a fresh directory per trial, deleted after); the
     * default runs the core both ways in one invocation so the journal's cost is a ratio measured in the same run.
     */
    @Param({ "false", "true" })
    public String journal;

    /**
     * {@code dedicated}: the core and the venue on a thread each, the relay on two threads (the core's side and the
     * venue's); {@code shared}: the core and the venue on the process's shared agent thread, the relay's agents on
     * one thread.
     */
    @Param({ "dedicated", "shared" })
    public String threading;

    private Path journalDir;

    private Peregrine peregrine;
    private RunningVenue venue;
    private PeregrineClient client;
    private Aeron aeron;
    private AgentRunner echoRunner;
    private AgentRunner relayCoreRunner;
    private AgentRunner relayVenueRunner;
    private ExclusivePublication echoRequests;
    private Subscription echoReplies;
    private ExclusivePublication relayRequests;
    private Subscription relayReplies;
    private IdleStrategy waitStrategy;
    private SerialOrderClient orders;
    private long measuredClOrdId;
    private long measuredOrderId;

    private final UnsafeBuffer echoBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(128));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrderEncoder = new NewOrderEncoder();
    private final EchoReplyHandler echoReplyHandler = new EchoReplyHandler();
    private int echoLength;
    private long clOrdId;
    private long echoSequence;
    private long iterationStartCoreBytes;
    private long iterationStartBenchBytes;
    private long iterationStartOps;
    private long roundTrips;

    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        try
        {
            start();
        }
        catch (final Exception ex)
        {
            tearDown(); // JMH does not tear down a trial whose set-up failed: leave no driver or directory behind
            throw ex;
        }
    }

    private void start() throws Exception
    {
        final IdleMode mode = IdleMode.fromCliName(idle);
        final String aeronDir = AeronDirs.fresh("ipc-bench");
        journalDir = Boolean.parseBoolean(journal) ? Files.createTempDirectory("peregrine-journal-bench") : null;
        final boolean shared = AgentThreading.SHARED == AgentThreading.parse(threading);
        peregrine = Peregrine.launch(BenchCoreContext.create(aeronDir)
            .idleStrategy(mode.newStrategy())
            .threading(AgentThreading.parse(threading))
            .journalDir(journalDir));
        venue = shared ?
            RunningVenue.startShared(aeronDir, AutoFillVenue.Mode.ACK_ONLY, VENUE_ORDER_CAPACITY, mode::newStrategy) :
            RunningVenue.start(aeronDir, AutoFillVenue.Mode.ACK_ONLY, VENUE_ORDER_CAPACITY, mode.newStrategy());
        client = PeregrineClient.connect(
            new PeregrineClient.Context().aeronDirectoryName(aeronDir).clientId(CLIENT_ID));
        venue.awaitConnected(10, TimeUnit.SECONDS);

        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
        final EchoAgent echo = new EchoAgent(
            aeron.addSubscription("aeron:ipc", ECHO_REQUEST_STREAM_ID),
            aeron.addExclusivePublication("aeron:ipc", ECHO_REPLY_STREAM_ID));
        echoRunner = new AgentRunner(mode.newStrategy(), Throwable::printStackTrace, null, echo);
        AgentRunner.startOnThread(echoRunner);
        echoRequests = aeron.addExclusivePublication("aeron:ipc", ECHO_REQUEST_STREAM_ID);
        echoReplies = aeron.addSubscription("aeron:ipc", ECHO_REPLY_STREAM_ID);

        // the core's topology without the core: 4 hops, 2 agent threads (one doing both legs the core does)
        final EchoAgent relayIn = new EchoAgent(aeron.addSubscription("aeron:ipc", RELAY_IN_STREAM_ID),
            aeron.addExclusivePublication("aeron:ipc", RELAY_OUT_STREAM_ID));
        final EchoAgent relayBack = new EchoAgent(aeron.addSubscription("aeron:ipc", RELAY_BACK_STREAM_ID),
            aeron.addExclusivePublication("aeron:ipc", RELAY_REPLY_STREAM_ID));
        final EchoAgent relayVenue = new EchoAgent(aeron.addSubscription("aeron:ipc", RELAY_OUT_STREAM_ID),
            aeron.addExclusivePublication("aeron:ipc", RELAY_BACK_STREAM_ID));
        if (shared)
        {
            // the shared-mode core's topology: every hop between the agents is a poll on one thread
            relayCoreRunner = new AgentRunner(mode.newStrategy(), Throwable::printStackTrace, null,
                new CompositeAgent(relayIn, relayVenue, relayBack));
        }
        else
        {
            relayCoreRunner = new AgentRunner(mode.newStrategy(), Throwable::printStackTrace, null,
                new CompositeAgent(relayIn, relayBack));
            relayVenueRunner = new AgentRunner(mode.newStrategy(), Throwable::printStackTrace, null, relayVenue);
            AgentRunner.startOnThread(relayVenueRunner);
        }
        AgentRunner.startOnThread(relayCoreRunner);
        relayRequests = aeron.addExclusivePublication("aeron:ipc", RELAY_IN_STREAM_ID);
        relayReplies = aeron.addSubscription("aeron:ipc", RELAY_REPLY_STREAM_ID);
        waitStrategy = mode.newStrategy();
        orders = new SerialOrderClient(client, waitStrategy);

        SetUpWait.until(() -> echoRequests.isConnected() && echoReplies.isConnected() && client.isConnected() &&
            relayRequests.isConnected() && relayReplies.isConnected(), 10, TimeUnit.SECONDS,
            "client, echo or relay streams", "connect");

        final NewOrderEncoder e = newOrderEncoder.wrapAndApplyHeader(echoBuffer, 0, headerEncoder)
            .clientId(CLIENT_ID)
            .clOrdId(0);
        echoBuffer.putLong(e.offset() + NewOrderEncoder.accountEncodingOffset(), SerialOrderClient.ACCOUNT,
            ByteOrder.LITTLE_ENDIAN);
        echoBuffer.putLong(e.offset() + NewOrderEncoder.symbolEncodingOffset(), SerialOrderClient.SYMBOL,
            ByteOrder.LITTLE_ENDIAN);
        e.side(Side.BUY).ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY).price(SerialOrderClient.PRICE)
            .quantity(SerialOrderClient.QUANTITY).sendingTime(0);
        echoLength = MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    @Setup(Level.Iteration)
    public void startIteration()
    {
        iterationStartCoreBytes = THREADS.getThreadAllocatedBytes(peregrine.agent().threadId());
        iterationStartBenchBytes = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        iterationStartOps = roundTrips;
    }

    @TearDown(Level.Iteration)
    public void endIteration()
    {
        // -prof gc counts every thread of the fork, JMH's sample buffers included; these are the two threads the
        // zero-allocation claim is about
        System.out.printf("[core thread: %d bytes, benchmark thread: %d bytes allocated over %d round trips]%n",
            THREADS.getThreadAllocatedBytes(peregrine.agent().threadId()) - iterationStartCoreBytes,
            THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - iterationStartBenchBytes,
            roundTrips - iterationStartOps);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        CloseHelper.quietCloseAll(echoRunner, relayCoreRunner, relayVenueRunner, echoRequests, echoReplies,
            relayRequests, relayReplies, aeron, client, venue, peregrine);
        try
        {
            DirectoryTree.delete(journalDir);
        }
        catch (final IOException ex)
        {
            System.err.println("could not delete " + journalDir + ": " + ex);
        }
    }

    /**
     * Cancels the order {@link #coreRoundTrip()} just measured, outside the timing, so every measured order meets
     * the same empty order table and the venue's ack-only book does not grow without bound.
     */
    @TearDown(Level.Invocation)
    public void cancelMeasuredOrder()
    {
        if (0 == measuredOrderId)
        {
            return;
        }
        final long orderId = measuredOrderId;
        measuredOrderId = 0;
        orders.cancel(++clOrdId, measuredClOrdId, orderId);
    }

    /** Client NewOrder -> core (decode, risk, state) -> venue ack -> core -> NEW report back at the client. */
    @Benchmark
    public long coreRoundTrip()
    {
        roundTrips++;
        final long id = ++clOrdId;
        measuredOrderId = orders.newOrder(id);
        measuredClOrdId = id;
        return id;
    }

    /** The same NewOrder bytes through a bare Aeron echo: the floor the core's round trip is compared with. */
    @Benchmark
    public long rawEchoRoundTrip()
    {
        return roundTrip(echoRequests, echoReplies);
    }

    /**
     * The same bytes along the core's topology with no work: client -> relay agent -> second relay agent -> relay
     * agent -> client (4 hops, 2 agent threads), the fair floor for {@link #coreRoundTrip()}.
     */
    @Benchmark
    public long rawRelayRoundTrip()
    {
        return roundTrip(relayRequests, relayReplies);
    }

    private long roundTrip(final ExclusivePublication requests, final Subscription replies)
    {
        roundTrips++;
        final long sequence = ++echoSequence;
        echoBuffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.clOrdIdEncodingOffset(), sequence,
            ByteOrder.LITTLE_ENDIAN);
        final IdleStrategy wait = waitStrategy;
        wait.reset();
        while (requests.offer(echoBuffer, 0, echoLength) < 0)
        {
            wait.idle();
        }
        echoReplyHandler.awaited = sequence;
        echoReplyHandler.received = false;
        wait.reset();
        while (!echoReplyHandler.received)
        {
            wait.idle(replies.poll(echoReplyHandler, 16));
        }
        return sequence;
    }


    private static final class EchoReplyHandler implements FragmentHandler
    {
        long awaited;
        boolean received;

        @Override
        public void onFragment(
            final org.agrona.DirectBuffer buffer, final int offset, final int length, final io.aeron.logbuffer.Header h)
        {
            if (buffer.getLong(offset + MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.clOrdIdEncodingOffset(),
                ByteOrder.LITTLE_ENDIAN) == awaited)
            {
                received = true;
            }
        }
    }
}
