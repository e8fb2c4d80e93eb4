package io.peregrine.testsupport;

import io.aeron.Aeron;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AeronClientHeartbeatsTest
{
    private static final long WAIT_MS = 30_000;

    @Test
    void findsAClientsHeartbeatByItsNameAndHeldAtZeroTheDriverTimesTheClientOut()
    {
        try (MediaDriverFixture driver = MediaDriverFixture.launch();
            Aeron watched = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName())
                .clientName("watched client").errorHandler((ex) -> { }));
            Aeron probe = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName())
                .clientName("probe")))
        {
            // The driver allocates a client's heartbeat counter with the client's first command.
            watched.addPublication("aeron:ipc", 1001);
            final CountersReader counters = probe.countersReader();
            final int heartbeat = AeronClientHeartbeats.await(
                counters, (label) -> label.contains("name=watched client"), "the watched", WAIT_MS);
            assertTrue(counters.getCounterLabel(heartbeat).contains("name=watched client"));
            assertEquals(watched.clientId(), counters.getCounterRegistrationId(heartbeat));

            AeronClientHeartbeats.holdAtZero(counters, heartbeat, watched::isClosed, WAIT_MS,
                () -> "the driver did not time the watched client out");
            assertTrue(watched.isClosed());
        }
    }

    @Test
    void noClientOfThatNameIsAFailureNamingIt()
    {
        try (MediaDriverFixture driver = MediaDriverFixture.launch();
            Aeron probe = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName())))
        {
            final AssertionError error = assertThrows(AssertionError.class, () -> AeronClientHeartbeats.await(
                probe.countersReader(), (label) -> label.contains("name=nobody"), "nobody's", 50));
            assertEquals("no heartbeat counter of nobody's Aeron client", error.getMessage());
        }
    }
}
