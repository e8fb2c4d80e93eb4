package io.peregrine.gateway;

import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.gateway.venue.VenueClientConfig;
import io.peregrine.protocol.Prices;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import io.peregrine.sim.VenueInstrument;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.StackPorts;
import io.peregrine.testsupport.TempDirs;
import org.agrona.CloseHelper;
import quickfix.ConfigError;
import quickfix.SessionSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The FIX gateway under test and what surrounds it, in one JVM on loopback (fix-gateway's tests cannot use
 * test-support's {@code WholeStack}, which depends on this module). It holds a fresh data directory, broker and
 * venue ports reserved until it closes (a restarted gateway or venue binds its port again, whoever else picks ports
 * meanwhile) and an Aeron directory served either by an embedded media driver, when the test plays the core itself
 * ({@link #withTestCore}, e.g. with an {@link SbeProbe}), or by a real core ({@link #withCore}). On top of that the
 * test starts, stops and restarts what it needs: the gateway from {@link #gatewayContext()}, a test venue
 * ({@link #fixVenue}) or the matching-sim ({@link #startSimVenue}), and brokers ({@link #broker}).
 *
 * <p>Every piece runs under one idle strategy name ({@code sleeping} unless given: cheap on 2 cores). {@link #close()}
 * stops what is still running (brokers and other {@link #own owned} things first, the core or driver last) and
 * deletes the data directory; the core and the driver delete the Aeron directory. Used from the test thread only.
 */
public final class GatewayStack implements AutoCloseable
{
    /** The gateway's CompID towards brokers and venues (public default). */
    public static final String GATEWAY_COMP_ID = "PEREGRINE";
    /** The venue's CompID (public default). */
    public static final String VENUE_COMP_ID = "SIMVENUE";
    /** The one venue's id. */
    public static final int VENUE_ID = 1;

    public final Path dataDir;
    public final String aeronDir;
    public final int brokerPort;
    public final int venuePort;
    private final StackPorts ports;
    private final long waitMs;
    private final String idle;
    private final MediaDriverFixture driver;
    private final UnaryOperator<PeregrineContext> coreSettings;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final Running<Peregrine> core = new Running<>();
    private final Running<FixGateway> gateway = new Running<>();
    private GatewayContext gatewayContext;
    private final Running<FixCounterparty> fixVenue = new Running<>();
    private final Running<SimVenue> simVenue = new Running<>();

    /**
     * The one running instance of a piece of the stack: starting one closes the one before, stopping forgets it.
     *
     * @param <T> the piece.
     */
    private static final class Running<T extends AutoCloseable> implements AutoCloseable
    {
        private T instance;

        <E extends Exception> T restart(final Start<T, E> start) throws E
        {
            close();
            instance = start.start();
            return instance;
        }

        T get()
        {
            return instance;
        }

        public void close()
        {
            CloseHelper.close(instance);
            instance = null;
        }
    }

    /** Starts a piece of the stack. */
    @FunctionalInterface
    private interface Start<T, E extends Exception>
    {
        T start() throws E;
    }

    private GatewayStack(
        final String name, final long waitMs, final String idle, final UnaryOperator<PeregrineContext> coreSettings)
    {
        this.waitMs = waitMs;
        this.idle = idle;
        this.coreSettings = coreSettings;
        this.dataDir = TempDirs.create("fixgw-" + name + "-");
        this.ports = new StackPorts();
        this.brokerPort = ports.brokerPort();
        this.venuePort = ports.venuePort();
        try
        {
            if (null == coreSettings)
            {
                driver = MediaDriverFixture.launch();
                aeronDir = driver.aeronDirectoryName();
            }
            else
            {
                driver = null;
                aeronDir = TempDirs.uniqueAeronDir("aeron-fixgw-" + name + "-");
                startCore(UnaryOperator.identity());
            }
        }
        catch (final RuntimeException | Error ex)
        {
            ports.close();
            TempDirs.delete(dataDir);
            throw ex;
        }
    }

    /**
     * A stack whose core is the test: an embedded media driver (sleeping idle) and nothing on the core's side.
     *
     * @param name   names the temp directories.
     * @param waitMs longest wait for a logon or a state of the stack.
     * @return the stack, with no gateway yet.
     */
    public static GatewayStack withTestCore(final String name, final long waitMs)
    {
        return new GatewayStack(name, waitMs, "sleeping", null);
    }

    /**
     * A stack with a real core (its own embedded driver, deleting the Aeron directory on start and shutdown).
     *
     * @param name   names the temp directories.
     * @param waitMs longest wait for a logon or a state of the stack.
     * @param idle   idle strategy name of the core, the gateway and the matching-sim.
     * @param core   adjusts the core's context (applied at every {@link #startCore} as well).
     * @return the stack with its core running, no gateway yet.
     */
    public static GatewayStack withCore(
        final String name, final long waitMs, final String idle, final UnaryOperator<PeregrineContext> core)
    {
        return new GatewayStack(name, waitMs, idle, core);
    }

    /**
     * @return a new gateway context on this stack: its Aeron directory, {@code dataDir/gateway}, the broker port,
     * the one venue at {@code 127.0.0.1:venuePort}, no FIX message log, the stack's idle strategy.
     */
    public GatewayContext gatewayContext()
    {
        return new GatewayContext()
            .aeronDirectoryName(aeronDir)
            .dataDir(dataDir.resolve("gateway"))
            .brokerPort(brokerPort)
            .venues(List.of(
                new VenueClientConfig(VENUE_ID, "127.0.0.1", venuePort, GATEWAY_COMP_ID, VENUE_COMP_ID, false)))
            .fixMessageLog(false)
            // Tests start venues before, after or never: the acceptor does not wait for them here (a test that
            // checks the wait sets it).
            .brokerStartVenueWaitMs(0)
            .idleStrategyName(idle);
    }

    /**
     * Launches the gateway (a gateway still running is closed first).
     *
     * @param context what to launch, usually from {@link #gatewayContext()}; kept for {@link #restartGateway()}.
     * @return the running gateway.
     */
    public FixGateway startGateway(final GatewayContext context)
    {
        gatewayContext = context;
        return gateway.restart(() -> FixGateway.launch(context));
    }

    /**
     * Closes the gateway and launches it again on the same context (the same data directory).
     *
     * @return the new gateway.
     */
    public FixGateway restartGateway()
    {
        return startGateway(gatewayContext);
    }

    /**
     * Closes the gateway, if one runs.
     */
    public void stopGateway()
    {
        gateway.close();
    }

    /**
     * @return the running gateway, or null.
     */
    public FixGateway gateway()
    {
        return gateway.get();
    }

    /**
     * Launches the real core (a core still running is closed first).
     *
     * @param settings adjusts the core's context after the stack's own settings and those given at creation.
     * @return the running core.
     */
    public Peregrine startCore(final UnaryOperator<PeregrineContext> settings)
    {
        return core.restart(() -> Peregrine.launch(settings.apply(coreSettings.apply(new PeregrineContext()
            .aeronDirectoryName(aeronDir)
            .idleStrategyName(idle)
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true)))));
    }

    /**
     * @return the directory of the core journal of {@link #startOnCoreJournal}: {@code dataDir/core}.
     */
    public Path coreJournalDir()
    {
        return dataDir.resolve("core");
    }

    /**
     * Launches the real core on its journal in {@link #coreJournalDir()} (a core still running is closed first).
     *
     * @param settings adjusts the core's context after the journal directory is set.
     * @return the running core.
     */
    public Peregrine startCoreOnJournal(final UnaryOperator<PeregrineContext> settings)
    {
        return startCore((context) -> settings.apply(context.journalDir(coreJournalDir())));
    }

    /**
     * The stack as {@code run.sh stack} runs it: the core on its journal ({@link #startCoreOnJournal}), the
     * matching-sim and a gateway reading its reports from that journal; returns once the core has heard the venue
     * session is up ({@link #awaitCoreSeesVenue()}).
     *
     * @param core    adjusts the core's context after the journal directory is set.
     * @param gateway adjusts the gateway's context after {@link #gatewayContext()} and its core journal directory.
     * @return the gateway's context (kept for {@link #restartGateway()}).
     */
    public GatewayContext startOnCoreJournal(
        final UnaryOperator<PeregrineContext> core, final UnaryOperator<GatewayContext> gateway)
    {
        startCoreOnJournal(core);
        startSimVenue();
        final GatewayContext context = gateway.apply(gatewayContext().coreJournalDir(coreJournalDir()));
        startGateway(context);
        awaitCoreSeesVenue();
        return context;
    }

    /**
     * Closes the real core, if one runs.
     */
    public void stopCore()
    {
        core.close();
    }

    /**
     * @return the running real core, or null.
     */
    public Peregrine core()
    {
        return core.get();
    }

    /**
     * A test venue (acceptor on the venue port, file store in {@link #venueStore()}), closed with the stack; a test
     * venue still running is closed first. Not started.
     *
     * @param extra settings applied last (e.g. TLS).
     * @return the venue; set its handler and {@code start()} it.
     */
    public FixCounterparty fixVenue(final Consumer<SessionSettings> extra) throws ConfigError
    {
        return fixVenue.restart(
            () -> FixCounterparty.venue(venuePort, VENUE_COMP_ID, GATEWAY_COMP_ID, venueStore(), extra));
    }

    /**
     * @return a started plain test venue ({@link #fixVenue} without extra settings).
     */
    public FixCounterparty startFixVenue() throws ConfigError
    {
        return fixVenue((settings) -> { }).start();
    }

    /**
     * Closes the test venue, if one runs (its store stays: a restart keeps its sequence numbers).
     */
    public void stopFixVenue()
    {
        fixVenue.close();
    }

    /**
     * @return the venue's FIX store directory (the test venue's or the matching-sim's).
     */
    public Path venueStore()
    {
        return dataDir.resolve("venue-store");
    }

    /**
     * Starts the matching-sim on the venue port and store: AAPL only (190.00, tick 0.01, lot 1), no market maker, the
     * stack's idle strategy. Started again after {@link #stopSimVenue()}, it is the venue process restarted on its
     * FIX store without its book.
     *
     * @return the running venue.
     */
    public SimVenue startSimVenue()
    {
        return simVenue.restart(() -> SimVenue.start(new SimVenueContext()
            .port(venuePort)
            .storeDir(venueStore())
            .idleStrategyName(idle)
            .marketMakerEnabled(false)
            .clearInstruments()
            .instrument(new VenueInstrument("AAPL", Prices.parse("190.00"), Prices.parse("0.01"), 1))));
    }

    /**
     * Stops the gateway and the matching-sim, deletes {@code lost} (a gateway data directory, or part of one) and the
     * venue's FIX store, starts the venue again and expects the gateway's start to be refused.
     *
     * @param context the gateway's context.
     * @param lost    what is lost.
     * @return the refusal's message.
     */
    public String gatewayRefusedAfterLosing(final GatewayContext context, final Path lost)
    {
        stopGateway();
        stopSimVenue();
        TempDirs.delete(lost);
        TempDirs.delete(venueStore());
        startSimVenue();
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
            () -> startGateway(context)).getMessage();
    }

    /**
     * Closes the matching-sim, if it runs, as if its process ended.
     */
    public void stopSimVenue()
    {
        simVenue.close();
    }

    /**
     * @return the running matching-sim, or null.
     */
    public SimVenue simVenue()
    {
        return simVenue.get();
    }

    /**
     * Waits until the matching-sim has the gateway's session logged on.
     */
    public void awaitVenueLoggedOn()
    {
        Await.until("the gateway's venue session logon", () -> simVenue.get().isLoggedOn(GATEWAY_COMP_ID), waitMs);
    }

    /**
     * Waits until the gateway's venue session is logged on and the core has heard so. The logon alone is not
     * enough: the gateway tells the core over stream 2002, and an order that overtakes that status is refused
     * VENUE_UNAVAILABLE. A fresh core's first venue-in message is that status.
     */
    public void awaitCoreSeesVenue()
    {
        awaitVenueLoggedOn();
        Await.until("the core hearing the venue session is up", () -> core.get().counters().venueMessages().get() > 0,
            waitMs);
    }

    /**
     * Waits until the real core holds this many working orders.
     */
    public void awaitWorkingOrders(final long expected)
    {
        final Peregrine running = core.get();
        Await.until(expected + " working orders in the core (it holds " +
            running.counters().workingOrders().get() + ")",
            () -> running.counters().workingOrders().get() == expected, waitMs);
    }

    /**
     * @param compId a configured broker CompID.
     * @return a started, logged-on broker (in-memory store, reconnecting every second), closed with the stack.
     */
    public FixCounterparty broker(final String compId) throws ConfigError
    {
        return BrokerLogon.loggedOn(broker(compId, (settings) -> { }), waitMs);
    }

    /**
     * @param compId a broker CompID.
     * @param extra  settings applied last (e.g. TLS, credentials-free one-attempt settings).
     * @return a broker of the gateway's acceptor, closed with the stack. Not started.
     */
    public FixCounterparty broker(final String compId, final Consumer<SessionSettings> extra) throws ConfigError
    {
        return own(FixCounterparty.broker(brokerPort, compId, GATEWAY_COMP_ID, extra));
    }

    /**
     * @param closeable something of the test's that talks to the stack (a probe, a broker).
     * @return it, to be closed with the stack before the gateway.
     */
    public <T extends AutoCloseable> T own(final T closeable)
    {
        owned.add(closeable);
        return closeable;
    }

    /**
     * Stops what runs (owned things, the gateway, the venues, the core or the driver), releases the ports and deletes
     * the data directory.
     */
    public void close()
    {
        CloseHelper.closeAll(Throwable::printStackTrace, owned);
        CloseHelper.closeAll(Throwable::printStackTrace, gateway, fixVenue, simVenue, core, driver);
        CloseHelper.closeAll(Throwable::printStackTrace, ports);
        TempDirs.delete(dataDir);
    }
}
