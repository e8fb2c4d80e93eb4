package io.peregrine.sim.fix;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;

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

    @Test
    void theInheritedScenariosRunWithMatchingOnTheEngineThread()
    {
        assertFalse(venue().context().matchingOnSessionThread(),
            "the venue must queue requests to its engine thread, or this class repeats the session-thread runs");
    }
}
