package io.peregrine.sim.fix;

import io.peregrine.fixedge.ConnectionGuard;
import io.peregrine.fixedge.ConnectionLimits;
import io.peregrine.fixedge.RollingLogLimits;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import io.peregrine.sim.VenueInstrument;
import io.peregrine.testsupport.RawFixConnections;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The venue's acceptor has the same connection hygiene as the gateway's: oversize frames and non-FIX bytes are cut
 * off, connections that do not log on are closed at the logon timeout, pending connections per address are capped.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VenueAcceptorHygieneSystemTest
{
    @TempDir
    Path dir;

    private SimVenue venue;
    private RawFixConnections connections;

    @AfterEach
    void stop()
    {
        CloseHelper.closeAll(connections, venue);
    }

    @Test
    void cutsOffOversizeAndGarbageAndClosesIdleConnections() throws Exception
    {
        venue = SimVenue.start(new SimVenueContext()
            .port(0)
            .storeDir(dir.resolve("venue-store"))
            .fixLog("file")
            .logDir(dir.resolve("venue-log"))
            .logLimits(new RollingLogLimits(16 * 1024, 2))
            .connectionLimits(new ConnectionLimits(8 * 1024, 1_500, 3))
            .marketMakerEnabled(false)
            .instrument(VenueInstrument.of("LOTS", "10.00", "0.05", 100)));
        final ConnectionGuard guard = venue.connectionGuard();
        connections = new RawFixConnections(venue.port());

        final Socket oversize = connections.open();
        oversize.getOutputStream().write("8=FIX.4.4\u00019=9000\u0001".getBytes(StandardCharsets.US_ASCII));
        assertClosedByPeer(oversize);
        await(() -> 1 == guard.counters().oversize().get(), "oversize counted");

        final Socket garbage = connections.open();
        final OutputStream out = garbage.getOutputStream();
        out.write("\u0016\u0003\u0001 not FIX at all".getBytes(StandardCharsets.ISO_8859_1));
        assertClosedByPeer(garbage);
        await(() -> 1 == guard.counters().malformed().get(), "malformed counted");

        for (int i = 0; i < 10; i++)
        {
            connections.open();
        }
        await(() -> 7 == guard.counters().refusedPending().get(), "all but 3 refused at once");
        await(() -> 3 == guard.counters().logonTimeouts().get(), "3 closed at the logon timeout");
        for (final Socket socket : connections.sockets())
        {
            assertClosedByPeer(socket);
        }
        assertEquals(0, guard.pendingConnections());
    }

    private static void assertClosedByPeer(final Socket socket) throws IOException
    {
        RawFixConnections.assertClosedByPeer(socket, 10_000);
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
