package io.peregrine.ops.launch;

import io.peregrine.core.liveness.AeronClientWatch;
import io.peregrine.core.liveness.LivenessTimeouts;

import io.aeron.Aeron;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.gateway.security.MaskingPrintStream;
import io.peregrine.gateway.security.SecretMask;
import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.ops.OpsConsole;
import io.peregrine.ops.OpsTargets;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code run.sh stack}: the whole demo stack in one process: the core (embedded media driver), the matching-sim
 * venue (FIX acceptor on 127.0.0.1:9890, its counters in the driver's CnC file), the FIX gateway (broker acceptor
 * on 127.0.0.1:9880, venue initiator to the sim) and the ops console (127.0.0.1:9900), until SIGINT/SIGTERM, then
 * stops them in reverse order (console first, then gateway sessions log out).
 * <p>
 * Usage: {@code StackMain [--no-market-maker] [config.properties]}.
 */
public final class StackMain
{
    private static final Logger LOG = LoggerFactory.getLogger(StackMain.class);

    private StackMain()
    {
    }

    /**
     * A start refused because of what it found (a lock held by a running stack, a damaged or other-version journal,
     * a port in use, a bad configuration value) ends with one line naming the fix and exit status 1
     * ({@link StartRefusal}).
     *
     * @param args {@code [--no-market-maker] [config.properties]}.
     * @throws IOException never: a configuration file that cannot be read is a refusal.
     */
    public static void main(final String[] args) throws IOException
    {
        boolean marketMaker = true;
        try
        {
            for (final String arg : args)
            {
                if ("--no-market-maker".equals(arg))
                {
                    marketMaker = false;
                }
                else if (arg.startsWith("--"))
                {
                    throw new IllegalArgumentException("unknown option " + arg + "; usage: [--no-market-maker] [file]");
                }
                else
                {
                    Launch.applyConfigFile(Path.of(arg));
                }
            }
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            StartRefusal.exitIfRefusal("stack", ex);
            throw ex;
        }

        // Before anything logs: Password(554)/NewPassword(925) and the TLS store passwords never reach the console.
        MaskingPrintStream.install(SecretMask.configured(GatewayMain.gatewayConfigOrExit()));

        AeronClientWatch[] lost = {};
        boolean started = false;
        // The barrier is closed last: its shutdown hook holds the JVM until the stack has stopped cleanly.
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            Peregrine core = Peregrine.launch(GatewayMain.journaledByDefault(new PeregrineContext()));
            Aeron venueAeron = Aeron.connect(LivenessTimeouts.applyTo(
                new Aeron.Context().aeronDirectoryName(core.aeronDirectoryName())));
            SimVenue venue = SimVenue.start(new SimVenueContext().marketMakerEnabled(marketMaker)
                .counterFactory(new AeronVenueCounters(venueAeron)));
            FixGateway gateway = FixGateway.launch(Launch.brokerPortFree(new GatewayContext()
                .aeronDirectoryName(core.context().aeronDirectoryName())
                .coreJournalDir(core.context().journalOn() ? core.context().journalDir() : null)));
            OpsConsole ops = Launch.opsConsole(OpsTargets.none().withCore(core).withGateway(gateway).withVenue(venue)))
        {
            started = true;
            LOG.info("Peregrine stack running: venue {}:{} (market maker {}), brokers connect to {}:{}, ops console " +
                "{}; stop with Ctrl-C", venue.host(), venue.port(), marketMaker ? "on" : "off",
                gateway.context().brokerHost(), gateway.context().brokerPort(), null == ops ? "off" : ops.url());
            Launch.stopOnAeronClientLoss(barrier, core.aeronClient(), gateway.aeronClient());
            barrier.await();
            LOG.info("shutting down");
            lost = new AeronClientWatch[]{core.aeronClient(), gateway.aeronClient()};
        }
        catch (final RuntimeException ex)
        {
            // Reached after the parts that did start are closed again (try-with-resources).
            if (!started)
            {
                StartRefusal.exitIfRefusal("stack", ex);
            }
            throw ex;
        }
        Launch.exitIfAeronClientLost(lost);
    }
}
