package io.peregrine.ops.launch;

import io.peregrine.ops.OpsConsole;
import io.peregrine.ops.OpsTargets;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code run.sh venue}: the simulated venue alone, with the ops console (its engine counters are in-process: the
 * console shows them, {@code run.sh stat} cannot), until SIGINT/SIGTERM. Flags as
 * {@link io.peregrine.sim.VenueMain}: {@code [--config file] [--port n] [--no-market-maker] [--stp]}.
 */
public final class VenueMain
{
    private VenueMain()
    {
    }

    /**
     * @param args command line flags.
     * @throws IOException          if the config file cannot be read.
     * @throws InterruptedException if interrupted while running.
     */
    public static void main(final String[] args) throws IOException, InterruptedException
    {
        final SimVenueContext context;
        try
        {
            context = io.peregrine.sim.VenueMain.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("error: " + ex.getMessage());
            System.err.println("usage: run.sh venue [--config <file>] [--port <n>] [--no-market-maker] [--stp]");
            System.exit(2);
            return;
        }
        if (null == context)
        {
            io.peregrine.sim.VenueMain.main(new String[]{"--help"});
            return;
        }

        final SimVenue venue;
        final OpsConsole ops;
        try
        {
            venue = SimVenue.start(context);
        }
        catch (final IllegalStateException | IllegalArgumentException ex)
        {
            System.err.println("error: " + ex.getMessage());
            System.exit(1);
            return;
        }
        try
        {
            ops = Launch.opsConsole(OpsTargets.none().withVenue(venue));
        }
        catch (final IllegalStateException ex)
        {
            venue.close();
            System.err.println("error: " + ex.getMessage());
            System.exit(1);
            return;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            if (null != ops)
            {
                ops.close();
            }
            venue.close();
            System.out.println("venue " + venue.compId() + " stopped");
            System.out.flush();
            stopped.countDown();
        }, "venue-shutdown"));

        System.out.println(io.peregrine.sim.VenueMain.readyLine(venue) +
            (null == ops ? "" : "; ops console " + ops.url()));
        System.out.flush();
        stopped.await();
    }
}
