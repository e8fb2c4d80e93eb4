package io.peregrine.bench.loop;

import io.peregrine.bench.load.IdleMode;
import io.peregrine.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildJvmLoadClientSystemTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    @SuppressWarnings("try") // the echo acceptor is held open for the test; the child reaches it over FIX
    void aLoadClientInItsOwnJvmGetsEveryReportAndEndsWhenClosed() throws Exception
    {
        final Path hlog = dir.resolve("echo.hlog");
        try (FixEchoAcceptor echo = new FixEchoAcceptor(0, FullLoopRun.BROKER_COMP_ID, dir.resolve("echo")).start())
        {
            final ChildJvmLoadClient client = ChildJvmLoadClient.start(echo.port(), dir.resolve("client"), "T1",
                IdleMode.BACKOFF, 15_000);
            try
            {
                assertTrue(ProcessHandle.current().pid() != client.pid(), "a process of its own");

                final PhaseResult first = client.run(new PhaseSpec("P1", 300, 1, 1, true, hlog, "child test"));
                final PhaseResult second = client.run(new PhaseSpec("P2", 200, 0, 1, true, null, ""));

                assertEquals(0, first.missing(), "every order, warm-up included, got its report");
                assertEquals(300, first.finalReport().getTotalCount(), "the measured orders' latencies");
                assertEquals(0, second.missing());
                assertEquals(200, second.finalReport().getTotalCount());
                assertTrue(first.clientJvmMicros() > 0, "the child's CPU per order: " + first.clientJvmMicros());
                assertTrue(first.cpu().processMicros() > 0, "this side's (the echo's) CPU per order");
                assertEquals(0, first.cpu().of(CpuTimes.CLIENT), "no client thread in this process");
                assertTrue(Files.size(hlog) > 0, "the child wrote the phase's histogram log");
            }
            finally
            {
                client.close();
            }
            assertFalse(client.isAlive(), "closed: the child JVM has ended");
        }
    }

    @Test
    @Timeout(60)
    void aChildThatCannotLogOnFailsTheStartNamingWhyAndEnds()
    {
        // nothing listens on this port, and nothing can while it is reserved: the child's logon times out and it
        // says so
        final IllegalStateException ex;
        try (FreePorts.Reservation nobody = FreePorts.reserve())
        {
            ex = assertThrows(IllegalStateException.class,
                () -> ChildJvmLoadClient.start(nobody.port(), dir.resolve("client"), "T2", IdleMode.BACKOFF, 1_000));
        }

        assertTrue(ex.getMessage().contains("the load client JVM failed") && ex.getMessage().contains("log on"),
            ex.getMessage());
    }
}
