package io.peregrine.gateway;

import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.gateway.security.MaskingPrintStream;
import io.peregrine.gateway.security.SecretMask;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.VenueContext;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs the whole demo stack in one process: the matching-sim venue (FIX acceptor on 127.0.0.1:9890), the core, and
 * the FIX gateway (broker acceptor on 127.0.0.1:9880, venue initiator to the sim), until SIGINT/SIGTERM, then
 * stops them in reverse order (gateway sessions log out first).
 * <p>
 * Usage: {@code StackMain [--no-market-maker] [config.properties]}.
 */
public final class StackMain
{
    private static final Logger LOG = LoggerFactory.getLogger(StackMain.class);

    private StackMain()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        boolean marketMaker = true;
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
                GatewayMain.applyConfigFile(Path.of(arg));
            }
        }

        // Before anything logs: Password(554)/NewPassword(925) and the TLS store passwords never reach the console.
        MaskingPrintStream.install(SecretMask.configured(GatewayMain.gatewayConfigOrExit()));

        // The barrier is closed last: its shutdown hook holds the JVM until the stack has stopped cleanly.
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            SimVenue venue = SimVenue.start(new VenueContext().marketMakerEnabled(marketMaker));
            Peregrine core = Peregrine.launch(new PeregrineContext());
            FixGateway gateway = FixGateway.launch(
                new GatewayContext().aeronDirectoryName(core.context().aeronDirectoryName())))
        {
            LOG.info("Peregrine stack running: venue {}:{} (market maker {}), brokers connect to {}:{}; stop with " +
                "Ctrl-C", venue.host(), venue.port(), marketMaker ? "on" : "off", gateway.context().brokerHost(),
                gateway.context().brokerPort());
            barrier.await();
            LOG.info("shutting down");
        }
    }
}
