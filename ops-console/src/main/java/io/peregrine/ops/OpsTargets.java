package io.peregrine.ops;

import io.peregrine.core.Peregrine;
import io.peregrine.gateway.FixGateway;
import io.peregrine.sim.SimVenue;

/**
 * What an ops console watches and steers in its process: any of a core, a FIX gateway and a simulated venue.
 * Counters are read from the core's media driver when there is a core (they include the gateway's, and the venue's
 * when it was given Aeron counters), else from the venue's in-process counters.
 *
 * @param core    the core, or null.
 * @param gateway the FIX gateway, or null.
 * @param venue   the simulated venue, or null.
 */
public record OpsTargets(Peregrine core, FixGateway gateway, SimVenue venue)
{
    /**
     * @return targets with nothing; add with the withers.
     */
    public static OpsTargets none()
    {
        return new OpsTargets(null, null, null);
    }

    /**
     * @param core the core.
     * @return a copy with it.
     */
    public OpsTargets withCore(final Peregrine core)
    {
        return new OpsTargets(core, gateway, venue);
    }

    /**
     * @param gateway the gateway.
     * @return a copy with it.
     */
    public OpsTargets withGateway(final FixGateway gateway)
    {
        return new OpsTargets(core, gateway, venue);
    }

    /**
     * @param venue the venue.
     * @return a copy with it.
     */
    public OpsTargets withVenue(final SimVenue venue)
    {
        return new OpsTargets(core, gateway, venue);
    }
}
