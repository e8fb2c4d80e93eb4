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
     * @return the file's properties.
     * @throws IOException if it cannot be read.
     */
    static Properties applyConfigFile(final Path file) throws IOException
    {
        final Properties properties = GatewayContext.loadProperties(file);
        for (final String key : properties.stringPropertyNames())
        {
            if (null == System.getProperty(key))
            {
                System.setProperty(key, properties.getProperty(key).trim());
            }
        }
        return properties;
    }

    /**
     * {@link #applyConfigFile} for a launcher's {@code main}: a file it cannot read, or whose keys it refuses (a key
     * set twice, a key this version does not read), ends the process with one line ({@link StartRefusal}).
     *
     * @param command the command as the user typed it, e.g. {@code stack}.
     * @param file    properties file.
     * @return the file's properties (the process exits instead of returning on a refusal).
     */
    static Properties applyConfigFileOrExit(final String command, final Path file)
    {
        try
        {
            return applyConfigFile(file);
        }
        catch (final IOException ex)
        {
            StartRefusal.exit(command, "cannot read the configuration file " + file + ": " + ex);
        }
        catch (final IllegalArgumentException ex)
        {
            StartRefusal.exit(command, ex.getMessage());
        }
        return new Properties();
    }

    /**
     * Exit status of {@code stack} and {@code gateway} stopped by SIGTERM or SIGINT once everything closed cleanly
     * ({@link io.peregrine.config.StopSignals}; {@code venue} too).
     */
    static final int STOPPED_EXIT_STATUS = 0;

    /** Exit status of a process whose core, gateway, ops console or sim venue stopped because Aeron closed its client. */
    static final int AERON_CLIENT_LOST_EXIT_STATUS = 3;

    /** Exit status of a process one of whose threads died of an {@link Error} (out of memory, a fault...). */
    static final int FATAL_ERROR_EXIT_STATUS = 4;

    private static volatile Throwable fatal;

    /**
     * Ends the main's wait when any thread dies of an {@link Error}: an agent thread (the core, the venue adapter, the
     * broker report agent) that died leaves a process that still accepts FIX logons and orders it will never answer.
     * The stack is then closed in order and the process exits with {@link #FATAL_ERROR_EXIT_STATUS}
     * ({@link #exitIfFatalError()}), so that a supervisor restarts it and the journal restores its state. Other
     * uncaught exceptions are only logged.
     *
     * @param barrier what the main waits on.
     */
    static void stopOnFatalError(final ShutdownSignalBarrier barrier)
    {
        Thread.setDefaultUncaughtExceptionHandler((thread, ex) ->
        {
            if (onUncaught(thread, ex))
            {
                fatal = ex;
                barrier.signal();
            }
        });
    }

    /**
     * Logs a thread's death.
     *
     * @param thread the thread that died.
     * @param ex     what killed it.
     * @return whether it is fatal to the process (an {@link Error}).
     */
    static boolean onUncaught(final Thread thread, final Throwable ex)
    {
        if (ex instanceof Error)
        {
            LOG.error("FATAL: thread {} died of {}; stopping, then exiting with status {} so that a supervisor " +
                "restarts the process (the journal restores its state)", thread.getName(), ex, FATAL_ERROR_EXIT_STATUS,
                ex);
            return true;
        }
        LOG.error("thread {} died of an uncaught exception", thread.getName(), ex);
        return false;
    }

    /**
     * @return the Error a thread died of since {@link #stopOnFatalError}, or null.
     */
    static Throwable fatalError()
    {
        return fatal;
    }

    /**
     * After the main has closed everything (or failed to): exits with {@link #FATAL_ERROR_EXIT_STATUS} if a thread
     * died of an {@link Error}.
     */
    static void exitIfFatalError()
    {
        if (null != fatal)
        {
            LOG.warn("exiting with status {}: a thread died of {}", FATAL_ERROR_EXIT_STATUS, fatal.toString());
            System.exit(FATAL_ERROR_EXIT_STATUS);
        }
    }

    /**
     * Refuses, before anything starts, an ops console that could not start after the core did: a data directory it
     * cannot write (the admin token and audit log live there) or a port in use.
     *
     * @param portUnlessSet the console's port when {@code peregrine.ops.port} is not set.
     * @throws IllegalStateException naming the key that fixes it.
     */
    static void opsConsoleCanStart(final int portUnlessSet)
    {
        final OpsContext ctx = opsContext(portUnlessSet);
        if (!ctx.enabled())
        {
            return;
        }
        final Path dir = ctx.dataDir().toAbsolutePath();
        Path existing = dir;
        while (null != existing && !java.nio.file.Files.exists(existing))
        {
            existing = existing.getParent();
        }
        if (null == existing || !java.nio.file.Files.isDirectory(existing) ||
            !java.nio.file.Files.isWritable(existing))
        {
            throw new IllegalStateException("the ops console cannot write its data directory " + dir + " (" +
                (null == existing ? "no parent exists" : existing + (java.nio.file.Files.isDirectory(existing) ?
                " is not writable" : " is not a directory")) + "): make it writable, or set " +
                "peregrine.ops.data.dir, or peregrine.ops.enabled=false");
        }
        OpsConsole.requirePortFree(ctx);
    }

    /**
     * Ends the main's wait when Aeron closes the core's, the gateway's or the ops console's client: that part has
     * stopped already (see {@code AeronClientWatch}), a process left half alive would hold its ports and answer nothing.
     *
     * @param barrier what the main waits on.
     * @param watches the Aeron clients of the parts running here (null: a part not running).
     */
    static void stopOnAeronClientLoss(final ShutdownSignalBarrier barrier, final AeronClientWatch... watches)
    {
        for (final AeronClientWatch watch : watches)
        {
            if (null != watch) // (a part not running here, e.g. a disabled ops console)
            {
                watch.addLossListener(barrier::signal);
            }
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
            if (null != watch && watch.isLost())
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
        return opsConsole(targets, portUnlessSet, new Properties());
    }

    /**
     * @param targets       what runs in this process.
     * @param portUnlessSet the console's port when {@code peregrine.ops.port} is not set.
     * @param file          a configuration file's properties, read under the system properties.
     * @return the running console, or null when disabled.
     */
    static OpsConsole opsConsole(final OpsTargets targets, final int portUnlessSet, final Properties file)
    {
        final OpsContext ctx = opsContext(portUnlessSet, file);
        return ctx.enabled() ? OpsConsole.launch(ctx, targets) : null;
    }

    /**
     * @param portUnlessSet the console's port when {@code peregrine.ops.port} is not set.
     * @return the console's configuration from the system properties, on that port unless the key says otherwise.
     */
    static OpsContext opsContext(final int portUnlessSet)
    {
        return opsContext(portUnlessSet, new Properties());
    }

    /**
     * @param portUnlessSet the console's port when {@code peregrine.ops.port} is set neither in the file nor as a
     *                      system property.
     * @param file          a configuration file's properties, read under the system properties (a {@code -D} wins,
     *                      as with {@link #applyConfigFile}).
     * @return the console's configuration.
     */
    static OpsContext opsContext(final int portUnlessSet, final Properties file)
    {
        final Properties layered = new Properties();
        layered.putAll(file);
        layered.putAll(System.getProperties());
        return new OpsContext(layered).portUnlessSet(portUnlessSet);
    }
}
