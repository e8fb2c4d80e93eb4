package io.peregrine.ops.health;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code venue N} part of {@code /health} for a logged-on venue, by its circuit breaker (gauge 1223): a half-open
 * breaker has not seen the venue answer since it opened, so it is not ready either; read as UP it made {@code /health}
 * flap 503, 200, 503 every cool-down while the venue stayed frozen.
 */
class VenueCircuitHealthTest
{
    @Test
    void aHalfOpenCircuitIsDownLikeAnOpenOneAndOnlyAClosedOneIsUp()
    {
        final HealthCheck.Part closed = HealthCheck.loggedOn("venue 1", 0);
        assertTrue(closed.up(), closed.toString());
        assertEquals("logged on", closed.detail());

        final HealthCheck.Part open = HealthCheck.loggedOn("venue 1", 1);
        assertFalse(open.up(), open.toString());
        assertTrue(open.detail().startsWith("venue 1 circuit breaker open"), open.detail());

        final HealthCheck.Part halfOpen = HealthCheck.loggedOn("venue 1", 2);
        assertFalse(halfOpen.up(), "half open after failures is not ready: " + halfOpen);
        assertTrue(halfOpen.detail().startsWith("venue 1 circuit breaker half open") &&
            halfOpen.detail().contains("has not answered since"), halfOpen.detail());
    }
}
