package io.peregrine.testsupport;

import io.aeron.Aeron;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A test's client outlives a driver timeout: it closes, and the JVM goes on (Aeron's default handler would end the JVM,
 * which ends this test run as a crashed fork).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestAeronClientsTest
{
    @Test
    void aDriverTimeoutClosesTheClientAndLeavesTheJvmRunning()
    {
        final Aeron client;
        try (MediaDriverFixture driver = MediaDriverFixture.launch())
        {
            assertEquals(TestAeronClients.DRIVER_TIMEOUT_MS,
                TestAeronClients.context(driver.aeronDirectoryName()).driverTimeoutMs());
            // A short timeout here only so that the test need not wait 30 s for the driver it stops to be missed.
            client = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName()).driverTimeoutMs(500));
        }
        try
        {
            Await.until("the client to notice its driver stopped", client::isClosed, 30_000);
            assertTrue(client.isClosed());
        }
        finally
        {
            client.close();
        }
    }
}
