package io.peregrine.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SimVenueTest
{
    @TempDir
    Path tempDir;

    private SimVenueContext context(final int port)
    {
        return new SimVenueContext().port(port).storeDir(tempDir.resolve("store")).marketMakerEnabled(false);
    }

    @Test
    void failsCleanlyWhenPortIsTakenAndCanStartAfterwards() throws Exception
    {
        final int port;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = taken.getLocalPort();
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> SimVenue.start(context(port)));
            assertTrue(ex.getMessage().contains(Integer.toString(port)), ex.getMessage());
        }

        try (SimVenue venue = SimVenue.start(context(port)))
        {
            assertEquals(port, venue.port());
            assertFalse(venue.isLoggedOn("PEREGRINE"));
        }
    }

    @Test
    void closeIsIdempotent()
    {
        final SimVenue venue = SimVenue.start(context(0));
        venue.close();
        venue.close();
    }

    @Test
    void keepsItsFixStoreAndLogsToItsOwner() throws Exception
    {
        try (SimVenue venue = SimVenue.start(context(0).fixLog("file").logDir(tempDir.resolve("log"))))
        {
            assertTrue(venue.port() > 0);
            assertEquals("rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(tempDir.resolve("store"))));
            assertEquals("rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(tempDir.resolve("log"))));
        }
    }

    @Test
    void refusesInvalidConfiguration()
    {
        assertThrows(IllegalArgumentException.class, () -> SimVenue.start(context(0).clearInstruments()));
    }
}
