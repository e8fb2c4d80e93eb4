package io.peregrine.ops;

import io.aeron.CncFileDescriptor;
import io.peregrine.ops.stat.StatMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StatMainSystemTest
{
    @TempDir
    Path dir;

    private static int run(final ByteArrayOutputStream out, final ByteArrayOutputStream err, final String... args)
        throws InterruptedException
    {
        return StatMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsEveryPeregrineCounterOfARunningStackWithRates() throws Exception
    {
        try (OpsTestStack stack = new OpsTestStack(dir, true))
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(0, run(out, err, "--aeron-dir", stack.aeronDir), err.toString(StandardCharsets.UTF_8));
            final String table = out.toString(StandardCharsets.UTF_8);
            assertTrue(table.contains("Peregrine counters of driver pid " + ProcessHandle.current().pid()), table);
            for (final String label : new String[]{"peregrine: core heartbeat (duty cycles)",
                "peregrine: rejects reason=KILL_SWITCH_GLOBAL", "peregrine-gw: venue requests out venue=1",
                "peregrine-gw: venue logged on venue=1", "peregrine-venue: resting orders symbol=AAPL",
                "peregrine: orders accepted by risk and routed",
                "peregrine-gw: venue order status requests sent (reconciliation)",
                "peregrine-gw: orders the venue lost (reconciliation)",
                "peregrine: core journal entries appended (position)", "peregrine: core journal available (1 = yes)"})
            {
                assertTrue(table.contains(label), label + " missing from\n" + table);
            }
            // the heartbeat moves: its rate per second is positive
            final String heartbeat = table.lines().filter((line) -> line.contains("core heartbeat")).findFirst()
                .orElseThrow();
            final String[] columns = heartbeat.trim().split("\\s+");
            assertTrue(Double.parseDouble(columns[columns.length - 1]) > 0, heartbeat);
        }
    }

    @Test
    void saysWhatToDoWhenNoDriverRunsThere() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, run(out, err, "--aeron-dir", dir.resolve("nothing").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no media driver in " + dir.resolve("nothing") +
            " (no cnc.dat): start 'run.sh stack'"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDriverKilledMomentsAgoIsNamedStaleNotShownAsLive() throws Exception
    {
        // A copy of a live driver's CnC file (its heartbeat still fresh) naming a process that has exited.
        final Path copy = Files.createDirectories(dir.resolve("killed"));
        final Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        try (OpsTestStack stack = new OpsTestStack(dir, true))
        {
            Files.copy(Path.of(stack.aeronDir, CncFileDescriptor.CNC_FILE), copy.resolve(CncFileDescriptor.CNC_FILE));
        }
        try (FileChannel channel = FileChannel.open(copy.resolve(CncFileDescriptor.CNC_FILE), StandardOpenOption.WRITE))
        {
            final ByteBuffer pid = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(exited.pid());
            channel.write(pid.flip(), CncFileDescriptor.PID_FIELD_OFFSET);
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, run(out, err, "--aeron-dir", copy.toString()), out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not running (its cnc.dat is stale"),
            err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void refusesBadArguments() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(out, err, "--watch", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--watch needs a positive whole number"));
        assertEquals(2, run(out, err, "--bogus"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown argument '--bogus'"));
    }
}
