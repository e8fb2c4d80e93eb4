package io.peregrine.testsupport.stack;

import io.aeron.Aeron;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PeregrineKeys.Sim;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.venue.VenueClientConfig;
import io.peregrine.protocol.Prices;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import io.peregrine.sim.VenueInstrument;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.StackPorts;
import io.peregrine.testsupport.TempDirs;
import io.peregrine.testsupport.TestAeronClients;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The whole stack in one JVM for a test, as {@code run.sh stack} builds it: the core (embedded media driver), the
 * matching-sim venue and the FIX gateway, on loopback ports reserved until it closes ({@code FreePorts}: the venue's
 * restart binds its port again), with the FIX stores and journals under one temporary data directory.
 * {@link #start} returns once the gateway's venue session is logged on and the core has heard so (an order that
 * overtook that status would be refused VENUE_UNAVAILABLE).
 *
 * <p>The venue can be stopped and started again on the same port and store, as if it were another process.
 * {@link #close()} stops everything it started (broker sessions included) and deletes the Aeron directory and, if
 * the stack created it, the data directory. Used from the test thread only.
 */
public final class WholeStack implements AutoCloseable
{
    /** The gateway's CompID towards brokers and towards the venue (public default). */
    public static final String GATEWAY_COMP_ID = Gateway.BROKER_COMP_ID.defaultValue();
    /** The simulated venue's CompID (public default). */
    public static final String VENUE_COMP_ID = Sim.COMP_ID.defaultValue();
    /** Longest wait for a logon. */
    public static final long LOGON_TIMEOUT_MS = 20_000;

    /**
     * What differs between tests; every setting has a default that suits a 2-core machine.
     */
    public static final class Options
    {
        private Path dataDir;
        private String idle = "backoff";
        private boolean marketMaker;
        private boolean aaplOnly = true;
        private UnaryOperator<PeregrineContext> core = UnaryOperator.identity();
        private UnaryOperator<SimVenueContext> venue = UnaryOperator.identity();
        private Function<Aeron, UnaryOperator<SimVenueContext>> venueWithAeron;
        private UnaryOperator<GatewayContext> gateway = UnaryOperator.identity();

        /**
         * @param dataDir where stores and journals go (kept on close); default a fresh temp dir deleted on close.
         */
        public Options dataDir(final Path dataDir)
        {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * @param idle idle strategy name of the core, the venue and the gateway agents (default {@code backoff}).
         */
        public Options idle(final String idle)
        {
            this.idle = idle;
            return this;
        }

        /**
         * @param marketMaker whether the venue runs its seeded market maker (default off).
         */
        public Options marketMaker(final boolean marketMaker)
        {
            this.marketMaker = marketMaker;
            return this;
        }

        /**
         * @param aaplOnly whether the venue lists only AAPL (ref 190.00, tick 0.01, lot 1; the default) or the
         *                 whole demo universe.
         */
        public Options aaplOnly(final boolean aaplOnly)
        {
            this.aaplOnly = aaplOnly;
            return this;
        }

        /** Adjusts the core's context after the stack's settings. */
        public Options core(final UnaryOperator<PeregrineContext> core)
        {
            this.core = core;
            return this;
        }

        /** Adjusts the venue's context after the stack's settings. */
        public Options venue(final UnaryOperator<SimVenueContext> venue)
        {
            this.venue = venue;
            return this;
        }

        /**
         * Adjusts the venue's context with an Aeron client of the stack's driver (e.g. venue counters in the driver),
         * after {@link #venue(UnaryOperator)}.
         */
        public Options venueWithAeron(final Function<Aeron, UnaryOperator<SimVenueContext>> venueWithAeron)
        {
            this.venueWithAeron = venueWithAeron;
            return this;
        }

        /** Adjusts the gateway's context after the stack's settings. */
        public Options gateway(final UnaryOperator<GatewayContext> gateway)
        {
            this.gateway = gateway;
            return this;
        }
    }

    public final Path dataDir;
    public final String aeronDir;
    public final int brokerPort;
    public final int venuePort;
    private final StackPorts ports;
    public final Peregrine core;
    public final FixGateway gateway;
    /** A client of the stack's driver, or null when no option asked for one. */
    public final Aeron aeron;
    private final Options options;
    private final boolean ownsDataDir;
    private final List<FixCounterparty> brokers = new ArrayList<>();
    private SimVenue venue;

    private WholeStack(final Options options)
    {
        this.options = options;
        this.ownsDataDir = null == options.dataDir;
        this.dataDir = ownsDataDir ? TempDirs.create("peregrine-stack-") : options.dataDir;
        this.aeronDir = TempDirs.uniqueAeronDir("peregrine-stack-");
        this.ports = new StackPorts();
        this.brokerPort = ports.brokerPort();
        this.venuePort = ports.venuePort();
        Peregrine core = null;
        Aeron aeron = null;
        FixGateway gateway = null;
        try
        {
            core = Peregrine.launch(options.core.apply(new PeregrineContext()
                .aeronDirectoryName(aeronDir)
                .embeddedDriver(true)
                .idleStrategyName(options.idle)
                .deleteAeronDirOnStart(true)
                .deleteAeronDirOnShutdown(true)));
            if (null != options.venueWithAeron)
            {
                aeron = Aeron.connect(TestAeronClients.context(aeronDir));
            }
            this.aeron = aeron;
            this.core = core;
            startVenue();
            gateway = FixGateway.launch(options.gateway.apply(new GatewayContext()
                .aeronDirectoryName(aeronDir)
                .dataDir(dataDir.resolve("gateway"))
                .brokerHost("127.0.0.1")
                .brokerPort(brokerPort)
                .fixMessageLog(false)
                .idleStrategyName(options.idle)
                .venues(List.of(new VenueClientConfig(1, "127.0.0.1", venuePort, GATEWAY_COMP_ID, VENUE_COMP_ID, false)))));
            this.gateway = gateway;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(gateway, venue, aeron, core, ports);
            deleteDirs();
            throw ex;
        }
    }

    /**
     * Starts the stack and waits until the core has heard that the venue session is up.
     *
     * @param options what differs from the defaults.
     * @return the running stack.
     */
    public static WholeStack start(final Options options)
    {
        final WholeStack stack = new WholeStack(options);
        try
        {
            stack.awaitCoreSeesVenue();
        }
        catch (final RuntimeException | Error ex)
        {
            stack.close();
            throw ex;
        }
        return stack;
    }

    /**
     * Starts the stack on the defaults: backoff idle, no market maker, AAPL only, a temp data dir.
     */
    public static WholeStack start()
    {
        return start(new Options());
    }

    /**
     * Waits until the gateway's venue session is logged on and the core has received a venue-in message (a fresh
     * core's first one is the session status).
     */
    public void awaitCoreSeesVenue()
    {
        Await.until("the gateway's venue session logon", () -> gateway.isVenueLoggedOn(1), LOGON_TIMEOUT_MS);
        Await.until("the core hearing the venue is up", () -> core.counters().venueMessages().get() > 0,
            LOGON_TIMEOUT_MS);
    }

    /**
     * @return the running venue (a new object after {@link #startVenue()}).
     */
    public SimVenue venue()
    {
        return venue;
    }

    /**
     * Starts the venue on the stack's port and store (again, after {@link #stopVenue()}).
     */
    public void startVenue()
    {
        SimVenueContext context = new SimVenueContext()
            .host("127.0.0.1")
            .port(venuePort)
            .storeDir(dataDir.resolve("venue"))
            .idleStrategyName(options.idle)
            .marketMakerEnabled(options.marketMaker);
        if (options.aaplOnly)
        {
            context = context.clearInstruments()
                .instrument(new VenueInstrument("AAPL", Prices.parse("190.00"), Prices.parse("0.01"), 1));
        }
        context = options.venue.apply(context);
        if (null != options.venueWithAeron)
        {
            context = options.venueWithAeron.apply(aeron).apply(context);
        }
        venue = SimVenue.start(context);
    }

    /**
     * Stops the venue as if its process ended (the gateway sees its session drop).
     */
    public void stopVenue()
    {
        venue.close();
    }

    /**
     * @param compId a configured broker CompID (the defaults {@code BROKER1}, {@code BROKER2}).
     * @return a logged-on broker session, closed with the stack.
     */
    public FixCounterparty broker(final String compId)
    {
        try
        {
            final FixCounterparty broker = FixCounterparty.broker(brokerPort, compId, GATEWAY_COMP_ID);
            brokers.add(broker);
            broker.start();
            Await.until(compId + " logon", broker::isLoggedOn, LOGON_TIMEOUT_MS);
            return broker;
        }
        catch (final quickfix.ConfigError ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Stops the brokers, the gateway, the venue and the core, releases the ports, then deletes the directories it
     * created.
     */
    public void close()
    {
        CloseHelper.quietCloseAll(brokers);
        CloseHelper.quietCloseAll(gateway, venue, aeron, core, ports);
        deleteDirs();
    }

    private void deleteDirs()
    {
        IoUtil.delete(Path.of(aeronDir).toFile(), true);
        if (ownsDataDir)
        {
            TempDirs.delete(dataDir);
        }
    }
}
