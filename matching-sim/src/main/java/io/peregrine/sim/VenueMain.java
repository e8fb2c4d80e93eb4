package io.peregrine.sim;

import io.peregrine.config.CommandLineFlags;
import io.peregrine.config.KeyCatalog;
import io.peregrine.config.StopSignals;
import org.agrona.CloseHelper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the simulated venue alone until SIGINT/SIGTERM, which log out the sessions, close the FIX stores and stop
 * the engine; then the process exits with status 0 ({@link StopSignals}).
 * <pre>
 * java io.peregrine.sim.VenueMain [--config file] [--port n] [--no-market-maker] [--stp]
 * </pre>
 * Flags are read by {@link CommandLineFlags} (picocli, as every Peregrine command: {@code --port=n} works too).
 * Defaults: {@link SimVenueContext} (127.0.0.1:9890, CompID SIMVENUE, AAPL and MSFT, market maker on, STP off).
 * Prints one line when ready: {@code venue SIMVENUE listening on 127.0.0.1:9890 ...}.
 */
public final class VenueMain
{
    private VenueMain()
    {
    }

    /**
     * @param args command line flags, see the class comment.
     * @throws InterruptedException if interrupted while running.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final SimVenueContext context = contextOrExit("VenueMain", args);
        if (null != context)
        {
            serveUntilStopped(startOrExit(context), null, "");
        }
    }

    /**
     * The start of a launcher's {@code main} (this one's and the ops console's {@code run.sh venue}): the context of
     * the command line. On {@code --help} prints the usage and answers null; on a bad flag prints the error and the
     * usage to standard error and exits 2; on a configuration file it cannot read prints one line and exits 2.
     *
     * @param command how the usage names the command, e.g. {@code run.sh venue}.
     * @param args    command line flags, see the class comment.
     * @return the context, or null when only the usage was asked for.
     */
    public static SimVenueContext contextOrExit(final String command, final String[] args)
    {
        KeyCatalog.peregrine().warnOfUnknownSystemProperties();
        final SimVenueContext context;
        try
        {
            context = parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("error: " + ex.getMessage());
            System.err.println(usage(command));
            System.exit(2);
            return null;
        }
        catch (final IOException ex)
        {
            // A missing or unreadable --config file: the user's to fix, one line (the exception names the file).
            System.err.println("error: cannot read the configuration file: " + ex);
            System.exit(2);
            return null;
        }
        if (null == context)
        {
            System.out.println(usage(command));
        }
        return context;
    }

    /**
     * Starts the venue, or prints why it cannot start and exits 1.
     *
     * @param context the venue's context.
     * @return the running venue (the JVM exits instead of returning on failure).
     */
    public static SimVenue startOrExit(final SimVenueContext context)
    {
        try
        {
            return SimVenue.start(context);
        }
        catch (final IllegalStateException | IllegalArgumentException ex)
        {
            System.err.println("error: " + ex.getMessage());
            System.exit(1);
            return null;
        }
    }

    /**
     * Prints the ready line, then blocks the calling (main) thread until SIGINT/SIGTERM; then closes the companion (if
     * any), then the venue (sessions logged out, FIX stores closed, engine stopped), prints that it stopped and exits
     * the JVM with status 0 ({@link StopSignals}: a clean stop on request is not a failure). Any other end of the JVM
     * (a {@code System.exit}, or the JVM's own signal handling where {@link StopSignals} could not be installed) stops
     * them the same way in a shutdown hook.
     *
     * @param venue       the running venue.
     * @param companion   what runs beside the venue and stops first (e.g. the ops console), or null.
     * @param readySuffix appended to the ready line (e.g. where the companion listens), or empty.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static void serveUntilStopped(final SimVenue venue, final AutoCloseable companion, final String readySuffix)
        throws InterruptedException
    {
        final CountDownLatch stopRequested = new CountDownLatch(1);
        final AtomicBoolean stopped = new AtomicBoolean();
        final Runnable stop = () ->
        {
            if (stopped.compareAndSet(false, true))
            {
                CloseHelper.close(companion);
                venue.close();
                System.out.println("venue " + venue.compId() + " stopped");
                System.out.flush();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "venue-shutdown"));
        StopSignals.install(stopRequested::countDown);

        System.out.println(readyLine(venue) + readySuffix);
        System.out.flush();
        stopRequested.await();
        stop.run();
        System.exit(0);
    }

    /**
     * Builds the context from the command line: the {@code --config} file's (else the defaults), then the flags over
     * it, whatever their order.
     *
     * @param args flags.
     * @return the context, or null if help was asked for.
     * @throws IOException              if the config file cannot be read.
     * @throws IllegalArgumentException on an unknown or incomplete flag, naming it.
     */
    public static SimVenueContext parse(final String[] args) throws IOException
    {
        final Flags flags = new Flags();
        if (CommandLineFlags.parse(commandLine(flags, "VenueMain"), args))
        {
            return null;
        }
        final SimVenueContext context =
            null == flags.config ? new SimVenueContext() : SimVenueContext.load(flags.config);
        if (null != flags.port)
        {
            context.port(flags.port);
        }
        if (flags.noMarketMaker)
        {
            context.marketMakerEnabled(false);
        }
        if (flags.stp)
        {
            context.selfTradePrevention(true);
        }
        return context;
    }

    /**
     * @param venue a running venue.
     * @return the line printed when it is ready: CompID, address, sessions, instruments, maker, STP, store.
     */
    public static String readyLine(final SimVenue venue)
    {
        final SimVenueContext context = venue.context();
        return "venue " + venue.compId() + " listening on " + venue.host() + ":" + venue.port() +
            " (FIX 4.4, sessions " + String.join(",", context.sessionAccounts().keySet()) +
            ", instruments " + String.join(",", context.instruments().keySet()) +
            ", market maker " + (context.marketMakerEnabled() ? "on" : "off") +
            ", stp " + (context.selfTradePrevention() ? "on" : "off") +
            ", store " + context.storeDir() + ")";
    }

    /**
     * @param command how the usage names the command, e.g. {@code run.sh venue}.
     * @return the usage text, as {@code --help} prints it.
     */
    static String usage(final String command)
    {
        return CommandLineFlags.usage(commandLine(new Flags(), command));
    }

    private static CommandLine commandLine(final Flags flags, final String command)
    {
        // A flag given twice counts once, the last (as scripts that append a flag expect).
        final CommandLine commandLine = new CommandLine(flags).setOverwrittenOptionsAllowed(true);
        commandLine.getCommandSpec().name(command);
        return commandLine;
    }

    /** The command line as picocli fills it; turned into a {@link SimVenueContext} by {@link #parse}. */
    @Command(
        name = "VenueMain",
        sortOptions = false,
        description = "The matching-sim venue alone (FIX 4.4 acceptor, price-time order books) until SIGINT/SIGTERM.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:stopped by SIGINT/SIGTERM, or --help",
            "1:the venue could not start",
            "2:bad arguments, or a configuration file it cannot read" })
    static final class Flags
    {
        @Option(names = "--config", paramLabel = "<file>",
            description = "Properties file (keys peregrine.sim.*, see matching-sim/README.md).")
        Path config;

        @Option(names = "--port", paramLabel = "<n>",
            description = "FIX acceptor port (default 9890, or the file's peregrine.sim.port; 0 = any free port).")
        Integer port;

        @Option(names = "--no-market-maker", description = "Start with an empty book.")
        boolean noMarketMaker;

        @Option(names = "--stp", description = "Self-trade prevention on (default off).")
        boolean stp;

        @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
        boolean help;
    }
}
