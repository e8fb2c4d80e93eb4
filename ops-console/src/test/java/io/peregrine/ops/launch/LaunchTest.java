package io.peregrine.ops.launch;

import io.peregrine.config.PeregrineKeys.Ops;
import io.peregrine.ops.OpsConsole;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launchers start the ops console unless {@code peregrine.ops.enabled=false}, and a busy port is one message
 * naming the keys that fix it.
 */
class LaunchTest
{
    @TempDir
    Path dir;

    @AfterEach
    void clearProperties()
    {
        System.clearProperty(Ops.ENABLED.name());
        System.clearProperty(Ops.PORT.name());
        System.clearProperty(Ops.DATA_DIR.name());
    }

    private SimVenue venue() throws Exception
    {
        return SimVenue.start(new SimVenueContext().host("127.0.0.1").port(0)
            .storeDir(dir.resolve("venue")).idleStrategyName("backoff").marketMakerEnabled(false));
    }

    @Test
    void aThreadThatDiesOfAnErrorIsFatalToTheProcessAndOfAnExceptionIsNot()
    {
        final Thread agent = new Thread(() -> { }, "peregrine-shared-agents");
        assertTrue(Launch.onUncaught(agent, new InternalError("a fault occurred in a recent unsafe memory access")));
        assertTrue(Launch.onUncaught(agent, new OutOfMemoryError("Java heap space")));
        assertFalse(Launch.onUncaught(agent, new IllegalStateException("a bug in one thread")));
    }

    @Test
    void startsTheConsoleByDefaultAndNotWhenDisabled() throws Exception
    {
        try (SimVenue venue = venue())
        {
            System.setProperty(Ops.PORT.name(), "0");
            System.setProperty(Ops.DATA_DIR.name(), dir.resolve("ops").toString());
            try (OpsConsole ops = VenueMain.opsConsole(venue))
            {
                assertNotNull(ops);
                assertTrue(ops.port() > 0);
            }
            System.setProperty(Ops.ENABLED.name(), "false");
            assertNull(VenueMain.opsConsole(venue));
        }
    }

    @Test
    void aBusyPortIsOneMessageWithTheFix() throws Exception
    {
        try (SimVenue venue = venue();
            ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1")))
        {
            System.setProperty(Ops.PORT.name(), Integer.toString(busy.getLocalPort()));
            System.setProperty(Ops.DATA_DIR.name(), dir.resolve("ops").toString());
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> VenueMain.opsConsole(venue));
            assertTrue(ex.getMessage().startsWith("ops console cannot listen on 127.0.0.1:" + busy.getLocalPort()) &&
                ex.getMessage().contains("-Dperegrine.ops.port=<port>") &&
                ex.getMessage().contains("-Dperegrine.ops.enabled=false"), ex.getMessage());
        }
    }
}
