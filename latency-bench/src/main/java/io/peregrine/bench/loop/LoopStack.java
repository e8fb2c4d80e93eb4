package io.peregrine.bench.loop;

import io.peregrine.bench.BenchCoreContext;
import io.peregrine.bench.RunningVenue;
import io.peregrine.bench.SetUpWait;
import io.peregrine.bench.load.IdleMode;
import io.peregrine.client.PeregrineClient;
import io.peregrine.client.ReportListener;
import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PeregrineKeys.Sim;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.fixedge.ConnectionLimits;
import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.edge.GatewayLimits;
import io.peregrine.gateway.venue.VenueClientConfig;
import io.peregrine.sbe.VenueSessionStatusDecoder;
import io.peregrine.sbe.VenueStatus;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The whole Peregrine loop in this process: the matching-sim venue (FIX acceptor, optional market maker), the core
 * with its embedded media driver, and the FIX gateway (broker acceptor, venue initiator), all on 127.0.0.1, on one
 * idle strategy, with their files under one data directory.
 * <p>
 * {@link #start} starts them in that order and waits until the gateway's venue session is logged on both ends;
 * {@link #close()} stops them in reverse order (gateway, core and its driver, venue). {@link #startWithAutoFillVenue}
 * replaces the FIX venue with the core's Aeron auto-fill venue. Edge code: call from one thread.
 */
public final class LoopStack implements AutoCloseable
{
    /** CompID of the gateway's venue session. */
    public static final String GATEWAY_VENUE_COMP_ID = Gateway.VENUE_SENDER_COMP_ID_DEFAULT;
    /** CompID of the simulated venue. */
    public static final String VENUE_COMP_ID = Sim.COMP_ID.defaultValue();
    /** Default venue id of the core. */
    public static final int VENUE_ID = Core.DEFAULT_VENUE_ID.defaultValue();

    private SimVenue venue;
    private RunningVenue autoFillVenue;
    private IdleStrategy autoFillVenueIdle;
    private Peregrine core;
    private FixGateway gateway;

    private LoopStack()
    {
    }

    /**
     * Starts the venue, the core and the gateway, and waits for the gateway's venue session.
     *
     * @param aeronDir      a fresh media driver directory (deleted on start and at close).
     * @param dataDir       FIX stores and journals go under it ({@code venue/}, {@code gateway/}).
     * @param idle          idle strategy name of the driver and the venue engine (and of the core and gateway
     *                      agents when {@code agentIdle} is null).
     * @param agentIdle     new idle strategy instances for the core agent and the two gateway agents, or null (the
     *                      media driver and the venue engine take only names, so they keep {@code idle}).
     * @param brokerPort    preferred port of the gateway's broker acceptor (an ephemeral one when it is taken), 0
     *                      for an ephemeral one: see {@link LoopPorts#listen}; {@link #brokerPort()} tells which.
     * @param venuePort     the same for the venue's acceptor; {@link #venuePort()} tells which.
     * @param marketMaker   whether the venue runs its market maker.
     * @param timeoutMillis longest wait for the venue session to log on.
     * @param journalDir    the core journal's directory (a fresh one: the main job's orders start from 1), or null
     *                      for the core's default ({@code peregrine.journal.dir}, unset = no journal).
     * @return the running stack.
     */
    public static LoopStack start(
        final String aeronDir,
        final Path dataDir,
        final String idle,
        final Supplier<IdleStrategy> agentIdle,
        final int brokerPort,
        final int venuePort,
        final boolean marketMaker,
        final long timeoutMillis,
        final Path journalDir)
    {
        final LoopStack stack = new LoopStack();
        try
        {
            stack.venue = LoopPorts.listen(venuePort, (port) -> SimVenue.start(new SimVenueContext()
                .host("127.0.0.1")
                .port(port)
                .storeDir(dataDir.resolve("venue"))
                .idleStrategyName(idle)
                .marketMakerEnabled(marketMaker)));
            final PeregrineContext coreContext = BenchCoreContext.create(aeronDir).idleStrategyName(idle);
            if (null != agentIdle)
            {
                coreContext.idleStrategy(agentIdle.get());
            }
            if (null != journalDir)
            {
                coreContext.journalDir(journalDir);
            }
            stack.core = Peregrine.launch(coreContext);
            final List<VenueClientConfig> venues = List.of(new VenueClientConfig(VENUE_ID, "127.0.0.1",
                stack.venue.port(), GATEWAY_VENUE_COMP_ID, VENUE_COMP_ID, false));
            // Subscribed before the gateway starts, so that it sees the venue session's CONNECTED status.
            try (PeregrineClient watcher = PeregrineClient.connect(
                new PeregrineClient.Context().aeronDirectoryName(stack.core.aeronDirectoryName())))
            {
                SetUpWait.until(watcher::isConnected, timeoutMillis, TimeUnit.MILLISECONDS, "the core's egress",
                    "connect");
                stack.gateway = LoopPorts.listen(brokerPort, (port) -> FixGateway.launch(
                    gatewayContext(aeronDir, dataDir, idle, port).idleStrategySupplier(agentIdle).venues(venues)));
                stack.awaitVenueSession(watcher, timeoutMillis);
            }
            return stack;
        }
        catch (final RuntimeException ex)
        {
            stack.close();
            throw ex;
        }
    }

    /**
     * The gateway's broker side and the core without any FIX venue: the core's {@link AutoFillVenue} acks and fills
     * every order over Aeron, so a broker session's load meets only the gateway and the core. For finding what the
     * broker side sustains on its own.
     *
     * @param aeronDir      a fresh media driver directory.
     * @param dataDir       the gateway's files go under {@code gateway/}.
     * @param idle          idle strategy name of every agent.
     * @param brokerPort    preferred port of the broker acceptor, 0 for an ephemeral one (see {@link #start}).
     * @param timeoutMillis longest wait for the venue streams to connect.
     * @return the running stack.
     */
    public static LoopStack startWithAutoFillVenue(
        final String aeronDir, final Path dataDir, final String idle, final int brokerPort, final long timeoutMillis)
    {
        final LoopStack stack = new LoopStack();
        try
        {
            stack.core = Peregrine.launch(BenchCoreContext.create(aeronDir).idleStrategyName(idle));
            stack.autoFillVenueIdle = IdleMode.fromCliName(idle).newStrategy();
            stack.autoFillVenue = RunningVenue.start(aeronDir, AutoFillVenue.Mode.FILL, 1 << 16,
                stack.autoFillVenueIdle);
            stack.autoFillVenue.awaitConnected(timeoutMillis, TimeUnit.MILLISECONDS);
            stack.gateway = LoopPorts.listen(brokerPort,
                (port) -> FixGateway.launch(gatewayContext(aeronDir, dataDir, idle, port).venues(List.of())));
            return stack;
        }
        catch (final RuntimeException ex)
        {
            stack.close();
            throw ex;
        }
    }

    /** The gateway of both stacks: broker acceptor on loopback, files under {@code gateway/}, no session limits. */
    static GatewayContext gatewayContext(
        final String aeronDir, final Path dataDir, final String idle, final int brokerPort)
    {
        final GatewayContext ctx = new GatewayContext();
        return ctx
            .aeronDirectoryName(aeronDir)
            .dataDir(dataDir.resolve("gateway"))
            .brokerHost("127.0.0.1")
            .brokerPort(brokerPort)
            .fixMessageLog(messageLog())
            // The loop measures the path at the offered rate: the per-session order and read limits would cap it.
            .limits(unlimitedSessions(ctx.limits()))
            .idleStrategyName(idle);
    }

    /**
     * Waits until orders can go to the venue: the gateway's venue client routes orders only once it has taken the
     * session's CONNECTED status, and passes that status on to the core after taking it; the core, once it has it
     * too, passes it on to every client. So the status reaching {@code watcher} means both are ready; a fixed pause
     * after the logon (what this was) can end before, on a loaded machine, and the first orders are then rejected
     * VENUE_UNAVAILABLE.
     */
    private void awaitVenueSession(final PeregrineClient watcher, final long timeoutMillis)
    {
        final boolean[] connected = { false };
        final ReportListener listener = new ReportListener()
        {
            public void onVenueSessionStatus(final VenueSessionStatusDecoder status)
            {
                connected[0] |= VENUE_ID == status.venueId() && VenueStatus.CONNECTED == status.status();
            }
        };
        SetUpWait.until(() ->
            {
                watcher.poll(listener, 16);
                return connected[0];
            },
            timeoutMillis, TimeUnit.MILLISECONDS, "the gateway's venue session (venue port " + venue.port() + ")",
            "log on and reach the core");
    }

    /**
     * @return one line per thread group of the stack with the idle strategy it really runs with, as built (every
     *         setting: spins, yields, first and longest park), for a report's configuration lines. They differ: the
     *         venue engine and the embedded driver have longer default parks than the core and gateway agents.
     */
    public List<String> idleLines()
    {
        final List<String> lines = new ArrayList<>();
        lines.add("core agent     " + core.context().idleStrategy());
        lines.add("gateway agents " + gateway.context().idleStrategySupplier().get());
        lines.add(null == venue ? "venue          the core's auto-fill venue, on " + autoFillVenueIdle :
            "venue engine   " + venue.context().idleStrategy());
        lines.add("media driver   " + core.context().driverThreadingMode() + ", the core's " +
            core.context().idleStrategyName() + " (with backoff on an IPC channel its longest park is at least 1 ms: " +
            "it is off the message path)");
        return lines;
    }

    /** @return the media driver directory clients connect to. */
    public String aeronDirectoryName()
    {
        return core.aeronDirectoryName();
    }

    /** @return the venue's bound port, or -1 with the auto-fill venue. */
    public int venuePort()
    {
        return null == venue ? -1 : venue.port();
    }

    /** @return the port the gateway's broker acceptor is bound to. */
    public int brokerPort()
    {
        return gateway.brokerPort();
    }

    public Peregrine core()
    {
        return core;
    }

    public FixGateway gateway()
    {
        return gateway;
    }

    public SimVenue venue()
    {
        return venue;
    }

    /**
     * Stops the gateway (its sessions log out), the core and its media driver, then the venue. Idempotent.
     */
    public void close()
    {
        CloseHelper.quietClose(gateway);
        gateway = null;
        CloseHelper.quietClose(autoFillVenue);
        autoFillVenue = null;
        CloseHelper.quietClose(core);
        core = null;
        CloseHelper.quietClose(venue);
        venue = null;
    }

    /**
     * @return the gateway's FIX message log: off unless {@code -Dperegrine.gateway.fix.message.log=true} (to
     *         measure what the log costs in the latency path).
     */
    private static boolean messageLog()
    {
        return Boolean.parseBoolean(System.getProperty(Gateway.FIX_MESSAGE_LOG.name(), "false"));
    }

    /**
     * @param configured the limits the gateway's properties set (so {@code -Dperegrine.gateway.*} keys, e.g.
     *                   {@code broker.queue.high.watermark=0}, reach the loop's gateway as they reach the echo's).
     * @return those limits without the per-session order and message rate caps.
     */
    private static GatewayLimits unlimitedSessions(final GatewayLimits configured)
    {
        final ConnectionLimits connections = configured.brokerConnections();
        return configured.withBrokerMaxOrdersPerSecond(0).withBrokerConnections(new ConnectionLimits(
            connections.maxMessageBytes(), connections.logonTimeoutMs(), connections.maxPendingPerAddress(), 0));
    }
}
