package io.peregrine.ops.launch;

import io.aeron.CncFileDescriptor;
import io.peregrine.config.PeregrineKeys.Ops;
import io.peregrine.testsupport.AeronClientHeartbeats;
import io.peregrine.testsupport.ChildJvm;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * How {@code run.sh stack}, {@code gateway} and {@code venue} end, as a supervisor sees it, in a child JVM: a stop
 * asked for with SIGTERM or SIGINT that closes cleanly exits 0 (the JVM's own handling exits 143 or 130, which
 * systemd and scripts take as a failure); the sim venue's Aeron client in {@code stack}, timed out by the media
 * driver, stops the process with one ERROR naming the venue and exit status 3 (Aeron's default handler left it
 * running with a closed client, or ended it with 255 and no Peregrine line).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LauncherExitStatusSystemTest
{
    private static final long WAIT_MS = 90_000;

    @TempDir
    Path dir;

    @AutoClose
    private final ChildStackPorts ports = new ChildStackPorts();
    private Path configFile;
    private Path console;
    private Process child;

    @BeforeEach
    void writeConfig() throws Exception
    {
        configFile = ChildStackConfig.write(dir, ports);
    }

    @AfterEach
    void stopChild()
    {
        if (null != child)
        {
            child.destroyForcibly(); // only if a wait below failed
        }
    }

    @Test
    void aStackStoppedBySigtermExitsZero() throws Exception
    {
        start(StackMain.class, List.of(), "Peregrine stack running", "--no-market-maker", configFile.toString());
        child.destroy(); // SIGTERM
        assertExit(0);
        assertLogged("shutting down");
    }

    @Test
    void aGatewayStoppedBySigintExitsZero() throws Exception
    {
        start(GatewayMain.class, List.of(), "Peregrine core and FIX gateway running", configFile.toString());
        signal("INT");
        assertExit(0);
        assertLogged("shutting down");
    }

    @Test
    void aVenueStoppedBySigtermExitsZero() throws Exception
    {
        start(VenueMain.class, List.of("-D" + Ops.ENABLED.name() + "=false",
            "-Dperegrine.sim.fix.store.dir=" + dir.resolve("data/venue/store")), "listening on",
            "--port", "0", "--no-market-maker");
        child.destroy();
        assertExit(0);
        assertLogged("venue SIMVENUE stopped");
    }

    @Test
    void aStackWhoseVenueAeronClientIsTimedOutStopsWithOneErrorAndStatusThree() throws Exception
    {
        start(StackMain.class, List.of(), "Peregrine stack running", "--no-market-maker", configFile.toString());
        // The child's CnC file mapped by this test, not through an Aeron client: a client would unmap it when the
        // child's driver stops, under the writes below (SIGSEGV); this mapping stays until the child has ended.
        final File cncFile = dir.resolve("aeron").resolve(CncFileDescriptor.CNC_FILE).toFile();
        final MappedByteBuffer cnc = IoUtil.mapExistingFile(cncFile, CncFileDescriptor.CNC_FILE);
        try
        {
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(cnc);
            final CountersReader counters = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(cnc, metaData),
                CncFileDescriptor.createCountersValuesBuffer(cnc, metaData), StandardCharsets.US_ASCII);
            // The stack's Aeron client that is neither the core's, the gateway's nor the ops console's: the venue's.
            final int heartbeat = AeronClientHeartbeats.await(counters, (label) ->
                !label.contains("name=peregrine core") && !label.contains("name=peregrine FIX gateway") &&
                !label.contains("name=peregrine ops console"), "the venue's", WAIT_MS);
            AeronClientHeartbeats.holdAtZero(counters, heartbeat, () -> !child.isAlive(), WAIT_MS,
                () -> "the stack did not end after its venue's Aeron client was timed out; output:\n" + output());
        }
        finally
        {
            IoUtil.unmap(cnc);
        }
        assertExit(3);
        // Logged at level ERROR (the exit line is a WARN whose text may hold Aeron's "ERROR -" category).
        final List<String> errors = output().lines()
            .filter((line) -> line.matches("^\\S+ \\[[^]]+] ERROR .*") &&
                line.contains("sim venue's Aeron client was closed"))
            .toList();
        assertEquals(1, errors.size(), () -> "one ERROR naming the venue's client; output:\n" + output());
        // Which of the two Aeron says depends on the race between the driver's timeout message and the client's
        // conductor finding its heartbeat counter freed: either is the timeout of a client that was not scheduled.
        assertTrue(errors.get(0).contains("ClientTimeoutException") ||
            errors.get(0).contains("unexpected close of heartbeat timestamp counter"), errors.get(0));
    }

    /** Starts a launcher's main in a child JVM whose working directory is the test's, and waits for its ready line. */
    private void start(final Class<?> launcher, final List<String> jvmArgs, final String ready, final String... args)
        throws Exception
    {
        console = dir.resolve("console.log");
        child = new ProcessBuilder(ChildJvm.command("384m", jvmArgs, launcher, args))
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!output().contains(ready))
        {
            if (!child.isAlive() || System.nanoTime() - deadline > 0)
            {
                fail("no line '" + ready + "' from " + launcher.getSimpleName() + "; output:\n" + output());
            }
            Thread.sleep(50);
        }
    }

    private void signal(final String name) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(child.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && 0 == kill.exitValue(), "kill -" + name);
    }

    private void assertExit(final int status) throws Exception
    {
        assertTrue(child.waitFor(WAIT_MS, TimeUnit.MILLISECONDS), () -> "the child exits; output:\n" + output());
        assertEquals(status, child.exitValue(), () -> "exit status; output:\n" + output());
    }

    private void assertLogged(final String text)
    {
        final String output = output();
        assertTrue(output.contains(text), () -> "'" + text + "' in the output:\n" + output);
    }

    private String output()
    {
        try
        {
            return Files.readString(console, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
