package io.peregrine.ops.launch;

import io.peregrine.ops.OpsConsole;
import io.peregrine.ops.OpsTargets;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;

/**
 * {@code run.sh venue}: the simulated venue alone, with the ops console (its engine counters are in-process: the
 * console shows them, {@code run.sh stat} cannot), until SIGINT/SIGTERM. Flags, start-up and shutdown as
 * {@link io.peregrine.sim.VenueMain}: {@code [--config file] [--port n] [--no-market-maker] [--stp]}; the console
 * starts after the venue and stops before it, on {@link #OPS_PORT_DEFAULT} unless {@code peregrine.ops.port} is set
 * (in the {@code --config} file or as a system property).
 */
public final class VenueMain
{
    /**
     * Ops console port of {@code run.sh venue} unless {@code peregrine.ops.port} is set: not the 9900 of
     * {@code run.sh gateway}, which the split set-up (venue in one terminal, gateway in another) runs beside it on
     * the same machine.
     */
    public static final int OPS_PORT_DEFAULT = 9901;

    private VenueMain()
    {
    }

    /**
     * A console that refuses to start (its port in use, a bad {@code peregrine.ops.*} value) closes the venue and
     * ends with one line naming the fix and exit status 1 ({@link StartRefusal}).
     *
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
            ops = opsConsole(venue);
        }
        catch (final RuntimeException ex)
        {
            venue.close();
            StartRefusal.exitIfRefusal("venue", ex);
            throw ex;
        }
        io.peregrine.sim.VenueMain.serveUntilStopped(venue, ops, null == ops ? "" : "; ops console " + ops.url());
    }

    /**
     * @param venue the running venue.
     * @return its ops console on {@link #OPS_PORT_DEFAULT} unless {@code peregrine.ops.port} is set, or null when
     * {@code peregrine.ops.enabled=false}; the {@code peregrine.ops.*} keys are read from the venue's {@code --config}
     * file (its context's properties) under the system properties, as {@code run.sh gateway} reads its file's.
     */
    static OpsConsole opsConsole(final SimVenue venue)
    {
        return Launch.opsConsole(OpsTargets.none().withVenue(venue), OPS_PORT_DEFAULT, venue.context().properties());
    }
}
