package io.peregrine.ops.launch;

import io.peregrine.ops.OpsConsole;
import io.peregrine.ops.OpsTargets;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;

/**
 * {@code run.sh venue}: the simulated venue alone, with the ops console (its engine counters are in-process: the
 * console shows them, {@code run.sh stat} cannot), until SIGINT/SIGTERM. Flags, start-up and shutdown as
 * {@link io.peregrine.sim.VenueMain}: {@code [--config file] [--port n] [--no-market-maker] [--stp]}; the console
 * starts after the venue and stops before it.
 */
public final class VenueMain
{
    private VenueMain()
    {
    }

    /**
     * @param args command line flags.
     * @throws InterruptedException if interrupted while running.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final SimVenueContext context = io.peregrine.sim.VenueMain.contextOrExit("run.sh venue", args);
        if (null == context)
        {
            return;
        }

        final SimVenue venue = io.peregrine.sim.VenueMain.startOrExit(context);
        final OpsConsole ops;
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
        io.peregrine.sim.VenueMain.serveUntilStopped(venue, ops, null == ops ? "" : "; ops console " + ops.url());
    }
}
