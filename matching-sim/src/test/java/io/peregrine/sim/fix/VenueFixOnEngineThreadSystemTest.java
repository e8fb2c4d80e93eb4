package io.peregrine.sim.fix;

/**
 * Every {@link VenueFixSystemTest} scenario with the requests queued to the engine thread
 * ({@code peregrine.sim.matching.thread=engine}) instead of matched on the session's QuickFIX/J thread: both
 * paths give the participants the same reports.
 */
class VenueFixOnEngineThreadSystemTest extends VenueFixSystemTest
{
    @Override
    String matchingThread()
    {
        return "engine";
    }
}
