package io.peregrine.ops.launch;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.core.liveness.AeronClientWatch;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.peregrine.config.ListenPort;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.ops.OpsConsole;
import io.peregrine.ops.OpsContext;
import io.peregrine.ops.OpsTargets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the launchers share: config files into system properties, and starting the ops console unless
 * {@code peregrine.ops.enabled=false}. Launch thread.
 */
final class Launch
{
    private static final Logger LOG = LoggerFactory.getLogger(Launch.class);

    private Launch()
    {
    }

    /**
     * Copies a properties file into the system properties, keeping any already set (e.g. with {@code -D}).
     *
     * @param file properties file.
     * @throws IOException if it cannot be read.
     */
    static void applyConfigFile(final Path file) throws IOException
    {
        final Properties properties = GatewayContext.loadProperties(file);
        for (final String key : properties.stringPropertyNames())
        {
            if (null == System.getProperty(key))
            {
                System.setProperty(key, properties.getProperty(key).trim());
            }
        }
    }

    /**
     * {@link #applyConfigFile} for a launcher's {@code main}: a file it cannot read ends the process with one line
     * ({@link StartRefusal}).
     *
     * @param command the command as the user typed it, e.g. {@code stack}.
     * @param file    properties file.
     */
    static void applyConfigFileOrExit(final String command, final Path file)
    {
        try
        {
            applyConfigFile(file);
        }
        catch (final IOException ex)
        {
            StartRefusal.exit(command, "cannot read the configuration file " + file + ": " + ex);
        }
    }

    /** Exit status of a process whose core or gateway stopped because Aeron closed its client. */
    static final int AERON_CLIENT_LOST_EXIT_STATUS = 3;

    /**
     * Ends the main's wait when Aeron closes the core's or the gateway's client: that part has stopped already (see
     * {@code AeronClientWatch}), a process left half alive would hold its ports and answer nothing.
     *
     * @param barrier what the main waits on.
     * @param watches the Aeron clients of the parts running here.
     */
    static void stopOnAeronClientLoss(final ShutdownSignalBarrier barrier, final AeronClientWatch... watches)
    {
        for (final AeronClientWatch watch : watches)
        {
            watch.addLossListener(barrier::signal);
        }
    }

    /**
     * After the main has closed everything: exits with {@link #AERON_CLIENT_LOST_EXIT_STATUS} if a part stopped
     * because Aeron closed its client (the ERROR logged then says why and what to do), so a supervisor restarts it.
     *
     * @param watches the Aeron clients of the parts that ran here.
     */
    static void exitIfAeronClientLost(final AeronClientWatch... watches)
    {
        for (final AeronClientWatch watch : watches)
        {
            if (watch.isLost())
            {
                LOG.warn("exiting with status {}: {}", AERON_CLIENT_LOST_EXIT_STATUS, watch.lossReason());
                System.exit(AERON_CLIENT_LOST_EXIT_STATUS);
            }
        }
    }

    /**
     * Refuses a broker port in use before the gateway starts: QuickFIX/J would log the bind failure with a stack
     * trace before its start fails ({@link ListenPort}).
     *
     * @param ctx the gateway's configuration.
     * @return ctx.
     * @throws IllegalStateException naming the key that moves the port when something listens there already.
     */
    static GatewayContext brokerPortFree(final GatewayContext ctx)
    {
        ListenPort.requireFree("the gateway's broker acceptor", ctx.brokerHost(), ctx.brokerPort(),
            Gateway.BROKER_PORT.name());
        return ctx;
    }

    /**
     * @param targets       what runs in this process.
     * @param portUnlessSet the console's port when {@code peregrine.ops.port} is not set: each launcher has its own
     *                      ({@link GatewayMain#OPS_PORT_DEFAULT}, {@link VenueMain#OPS_PORT_DEFAULT}).
     * @return the running console, or null when disabled (try-with-resources accepts null).
     */
    static OpsConsole opsConsole(final OpsTargets targets, final int portUnlessSet)
    {
        final OpsContext ctx = opsContext(portUnlessSet);
        return ctx.enabled() ? OpsConsole.launch(ctx, targets) : null;
    }

    /**
     * @param portUnlessSet the console's port when {@code peregrine.ops.port} is not set.
     * @return the console's configuration from the system properties, on that port unless the key says otherwise.
     */
    static OpsContext opsContext(final int portUnlessSet)
    {
        return new OpsContext().portUnlessSet(portUnlessSet);
    }
}
