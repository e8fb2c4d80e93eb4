package io.peregrine.ops.launch;

import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.config.PeregrineKeys.Ops;
import io.peregrine.config.StopSignals;
import io.peregrine.core.liveness.AeronClientWatch;

import io.aeron.Aeron;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.gateway.security.MaskingPrintStream;
import io.peregrine.gateway.security.SecretMask;
import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.venue.UnconnectedVenueRoutes;
import io.peregrine.ops.OpsConsole;
import io.peregrine.ops.OpsTargets;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import io.peregrine.sim.VenueEngineCounters;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code run.sh gateway}: the core and the FIX gateway in one process against the configured venues, with the ops
 * console (unless {@code -Dperegrine.ops.enabled=false}), until SIGINT/SIGTERM.
 * <p>
 * Usage: {@code GatewayMain [config.properties]}. The optional file holds system-property style keys for the core
 * ({@code peregrine.*}), the gateway ({@code peregrine.gateway.*}) and the console ({@code peregrine.ops.*}); a key
 * given with {@code -D} wins over the file. The gateway uses the core's Aeron directory.
 */
public final class GatewayMain
{
    /** Core journal directory of {@code run.sh gateway} and {@code run.sh stack} unless configured. */
    public static final String CORE_JOURNAL_DIR_DEFAULT = "./data/core";
    /** Ops console port of {@code run.sh gateway} and {@code run.sh stack} unless {@code peregrine.ops.port} is set. */
    public static final int OPS_PORT_DEFAULT = Ops.PORT.defaultValue();

    /** What {@code run.sh gateway --help} prints. */
    static final String USAGE = String.join("\n",
        "usage: run.sh gateway [config.properties]",
        "  the core and the FIX gateway (and the ops console) against the configured venues, until SIGINT/SIGTERM",
        "  config.properties  peregrine.* keys for the core, peregrine.gateway.* for the gateway, peregrine.ops.* for",
        "                     the console; a key given with -D wins over the file",
        "  --help             this text");

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain()
    {
    }

    /**
     * A start refused because of what it found (a lock held by a running gateway or core, a damaged or
     * other-version journal, a port in use, a bad configuration value or file) ends with one line naming the fix and
     * exit status 1 ({@link StartRefusal}). {@code --help} prints {@link #USAGE} and starts nothing (exit status 0);
     * an unknown option is refused with the usage, exit status 2, starting nothing ({@link LaunchArguments}).
     *
     * @param args {@code [config.properties]}.
     */
    public static void main(final String[] args)
    {
        final LaunchArguments arguments = LaunchArguments.parseOrExit("gateway", USAGE, Set.of(), args);
        if (null == arguments)
        {
            return;
        }
        arguments.applyConfigFilesOrExit("gateway");
        serve("gateway", false, false);
    }

    /**
     * {@code run.sh gateway} and {@code run.sh stack}: checks first what the gateway would refuse without needing the
     * core ({@link FixGateway#checkBeforeStart}, its broker port, the ops console's and, for the stack, the venue's
     * port), so that such a refusal leaves the core journal, its snapshots and the venue's files untouched; then starts the core, the matching-sim venue when asked (its
     * counters in the core's media driver), the FIX gateway and the ops console, in that order, runs them until
     * SIGINT/SIGTERM or until Aeron closes the client of one of them, then closes them in reverse order and exits: 0
     * after a stop signal, 3 after a lost Aeron client, 4 after a thread died of an Error ({@link Launch}). A
     * start refused because of what it found ends, after the parts that did start are closed, with one line naming
     * the fix and exit status 1 ({@link StartRefusal}); anything else keeps its stack trace. Main thread.
     *
     * @param command     the command as the user typed it: {@code gateway} or {@code stack}.
     * @param withVenue   whether the venue runs in this process ({@code stack}).
     * @param marketMaker whether that venue's market maker runs.
     */
    static void serve(final String command, final boolean withVenue, final boolean marketMaker)
    {
        // Before anything logs: Password(554)/NewPassword(925) and the TLS store passwords never reach the console.
        final GatewayContext config = gatewayConfigOrExit();
        MaskingPrintStream.install(SecretMask.configured(config));
        // The core's settings are read from system properties here: a bad value is a refusal line too.
        final PeregrineContext coreContext;
        // What the gateway would refuse and can tell without the core: refused before the core recovers, writes to
        // its journal and publishes, and before the driver and the venue start, so the fix works on untouched files.
        try
        {
            coreContext = journaledByDefault(new PeregrineContext(), config);
            UnconnectedVenueRoutes.refuse(coreContext.defaultVenueId(), coreContext.venueRoutes(), config.venues());
            FixGateway.checkBeforeStart(Launch.brokerPortFree(gatewayContext(coreContext)));
            Launch.opsConsoleCanStart(OPS_PORT_DEFAULT);
            if (withVenue)
            {
                SimVenue.requirePortFree(new SimVenueContext());
            }
        }
        catch (final RuntimeException ex)
        {
            StartRefusal.exitIfRefusal(command, ex);
            throw ex;
        }

        try
        {
            serve(command, withVenue, marketMaker, coreContext);
        }
        finally
        {
            Launch.exitIfFatalError();
        }
        // Stopped by SIGTERM/SIGINT and closed cleanly: not a failure (the other ends exit with their own status).
        System.exit(Launch.STOPPED_EXIT_STATUS);
    }

    private static void serve(
        final String command, final boolean withVenue, final boolean marketMaker, final PeregrineContext coreContext)
    {
        AeronClientWatch[] lost = {};
        boolean started = false;
        // The venue's counters live in the core's media driver, through this client: Aeron's own error handler would
        // end the JVM with status 255 and no word of Peregrine's when the client times out (a starved machine, a clock
        // step). Watched as the other parts' clients are: the venue stops before Aeron unmaps the counters it writes.
        final AeronClientWatch venueClient = withVenue ? new AeronClientWatch("sim venue",
            (throwable) -> LOG.error("sim venue Aeron client error", throwable)) : null;
        // SIGTERM/SIGINT end the wait below instead of starting the JVM's shutdown, so that a clean stop exits 0. The
        // barrier is closed last: its shutdown hook holds the JVM until the stack has stopped cleanly when something
        // else ends it. A null resource (no venue) is skipped.
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        StopSignals.install(barrier::signal);
        try (barrier;
            Peregrine core = Peregrine.launch(coreContext);
            Aeron venueAeron = withVenue ? Aeron.connect(venueClient.applyTo(
                new Aeron.Context().aeronDirectoryName(core.aeronDirectoryName()))) : null;
            SimVenue venue = withVenue ? SimVenue.start(new SimVenueContext().marketMakerEnabled(marketMaker)
                .counterFactory(new VenueEngineCounters.Factory(venueAeron::addCounter, venueAeron.countersReader())))
                : null;
            FixGateway gateway = FixGateway.launch(Launch.brokerPortFree(gatewayContext(core.context())));
            OpsConsole ops = opsConsole(OpsTargets.none().withCore(core).withGateway(gateway).withVenue(venue)))
        {
            started = true;
            BrokerAccountsWithoutLimits.warnings(gateway.context().brokerEnabled() ?
                gateway.context().brokerSessions() : List.of(), core.context().riskLimits()).forEach(LOG::warn);
            if (null != venue)
            {
                venueClient.stopAction(venue::close);
            }
            Launch.stopOnFatalError(barrier);
            final String console = null == ops ? "off" : ops.url();
            if (null == venue)
            {
                LOG.info("Peregrine core and FIX gateway running; brokers connect to {}:{}; ops console {}; stop " +
                    "with Ctrl-C", gateway.context().brokerHost(), gateway.context().brokerPort(), console);
            }
            else
            {
                LOG.info("Peregrine stack running: venue {}:{} (market maker {}), brokers connect to {}:{}, ops " +
                    "console {}; stop with Ctrl-C", venue.host(), venue.port(), marketMaker ? "on" : "off",
                    gateway.context().brokerHost(), gateway.context().brokerPort(), console);
            }
            final AeronClientWatch opsClient = null == ops ? null : ops.aeronClient();
            Launch.stopOnAeronClientLoss(barrier, core.aeronClient(), gateway.aeronClient(), opsClient, venueClient);
            barrier.await();
            LOG.info("shutting down");
            lost = new AeronClientWatch[]{core.aeronClient(), gateway.aeronClient(), opsClient, venueClient};
        }
        catch (final Exception ex) // not only RuntimeException: libraries throw checked I/O exceptions unchecked
        {
            if (!started)
            {
                StartRefusal.exitIfRefusal(command, ex);
            }
            throw ex;
        }
        Launch.exitIfAeronClientLost(lost);
    }

    /**
     * @param core the core's context; before its launch its Aeron directory may not be resolved yet (the checks of
     *             {@link FixGateway#checkBeforeStart} do not use it).
     * @return the gateway's configuration from the system properties, on the core's Aeron directory and reading the
     * core's journal (none when the core runs without one).
     */
    static GatewayContext gatewayContext(final PeregrineContext core)
    {
        return new GatewayContext().aeronDirectoryName(core.aeronDirectoryName())
            .coreJournalDir(core.journalOn() ? core.journalDir() : null);
    }

    /**
     * @param targets what runs in this process.
     * @return its ops console on {@link #OPS_PORT_DEFAULT} unless {@code peregrine.ops.port} is set, or null when
     * {@code peregrine.ops.enabled=false}.
     */
    static OpsConsole opsConsole(final OpsTargets targets)
    {
        return Launch.opsConsole(targets, OPS_PORT_DEFAULT);
    }

    /**
     * The core of {@code run.sh gateway} and {@code run.sh stack} journals under {@link #CORE_JOURNAL_DIR_DEFAULT}
     * unless {@code peregrine.journal.dir} says where ({@code peregrine.journal.enabled=false} turns it off). A
     * configuration that keeps risk state in {@code peregrine.risk.state.dir} instead (the way before the journal) is
     * refused: without the journal a restart after a crash issues order ids and ExecIDs again from 1 in the same FIX
     * sessions and forgets the orders resting at the venue, which then never get a cancel (and both together would
     * count fills twice). The gateway in this process reads its
     * broker reports from the journal: unless {@code peregrine.journal.retain.reader.positions} names readers,
     * retention ({@code peregrine.journal.retain.cycles}) keeps the journal files the gateway has not read yet.
     *
     * @param ctx     the core's context.
     * @param gateway the gateway's configuration (its data directory).
     * @return ctx.
     * @throws IllegalArgumentException naming the journal key when only {@code peregrine.risk.state.dir} is set.
     */
    static PeregrineContext journaledByDefault(final PeregrineContext ctx, final GatewayContext gateway)
    {
        if (null == ctx.journalDir() && null == ctx.riskStateDir())
        {
            ctx.journalDir(Path.of(CORE_JOURNAL_DIR_DEFAULT));
        }
        else if (null == ctx.journalDir() && ctx.journalEnabled())
        {
            throw new IllegalArgumentException(Core.RISK_STATE_DIR.name() + " is set without " +
                Core.JOURNAL_DIR.name() + ": a core without its journal issues order ids and ExecIDs again from 1 " +
                "after a crash and loses track of the orders resting at the venue. Unset " +
                Core.RISK_STATE_DIR.name() + " to journal under " + CORE_JOURNAL_DIR_DEFAULT + " (or where " +
                Core.JOURNAL_DIR.name() + " says): the journal keeps the risk state too (see README \"Migration\")");
        }
        if (null != ctx.journalDir() && ctx.journalRetainReaderPositions().isEmpty())
        {
            ctx.journalRetainReaderPositions(gateway.reportPositionFile());
        }
        return ctx;
    }

    /**
     * Reads the gateway configuration from the system properties; a configuration error (a plain-text password, a
     * malformed key) ends the process with one line naming the key to fix, not a stack trace.
     *
     * @return the configuration.
     */
    static GatewayContext gatewayConfigOrExit()
    {
        try
        {
            return new GatewayContext();
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("peregrine: configuration error: " + ex.getMessage());
            System.exit(2);
            throw ex;
        }
    }
}
