package io.peregrine.bench.loop;

import io.peregrine.bench.load.IdleMode;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The load client in a JVM of its own ({@link BrokerLoadProcess}), started with this JVM's {@code java}, options
 * ({@link #childOptions}) and class path, and driven over its standard input and output. The latencies are taken in
 * the child (scheduled send and report times on one clock); this side opens and closes a {@link CpuTimes} window
 * when the child says its measured orders start and end, so {@link PhaseResult#cpu()} is the stack's CPU alone and
 * {@link PhaseResult#clientJvmMicros()} the child's. The child's standard error (QuickFIX/J's log) goes to this
 * process's. Every wait is bounded; {@link #close()} ends the child (forcibly if it does not quit in time), and the
 * child also quits when this process ends (its input closes). Threads: one caller; a daemon thread reads the child's
 * output.
 */
final class ChildJvmLoadClient implements LoadClient
{
    /** Longest wait for the child's JVM to start and log on, beyond the logon timeout. */
    private static final long START_MARGIN_MILLIS = 30_000;
    /** Longest wait for a phase beyond its sending time: two drains of the load client (15 s each) and a margin. */
    private static final long PHASE_MARGIN_MILLIS = 60_000;
    private static final long QUIT_MILLIS = 20_000;
    private static final String END_OF_OUTPUT = "\u0000end of output";

    private final Process process;
    private final PrintStream commands;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    private ChildJvmLoadClient(final Process process)
    {
        this.process = process;
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        final Thread reader = new Thread(this::readOutput, "peregrine-load-client-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @see LoadClient#start
     */
    static ChildJvmLoadClient start(
        final int port,
        final Path storeDir,
        final String runId,
        final IdleMode idle,
        final long timeoutMillis)
    {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(childOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerLoadProcess.class.getName());
        command.add(Integer.toString(port));
        command.add(storeDir.toString());
        command.add(runId);
        command.add(idle.cliName());
        command.add(Long.toString(timeoutMillis));
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start the load client JVM", ex);
        }
        final ChildJvmLoadClient client = new ChildJvmLoadClient(process);
        try
        {
            client.await(BrokerLoadProcess.Said.READY, timeoutMillis + START_MARGIN_MILLIS);
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
        return client;
    }

    /**
     * The JVM options a child load client gets from this JVM's: module access ({@code --add-*}), system properties
     * (idle strategy and threading settings), heap, GC and other {@code -X} options, so it runs as the in-process
     * client would; but no agent, debugger or flight recording, which would clash with this JVM's (same port, same
     * recording file).
     *
     * @param parent this JVM's input arguments.
     * @return the child's options.
     */
    static List<String> childOptions(final List<String> parent)
    {
        final List<String> options = new ArrayList<>();
        for (final String option : parent)
        {
            final boolean excluded = option.startsWith("-agentlib") || option.startsWith("-agentpath") ||
                option.startsWith("-javaagent") || option.startsWith("-Xrunjdwp") || option.startsWith("-Xdebug") ||
                option.contains("FlightRecord") || option.startsWith("-Xlog");
            if (!excluded && (option.startsWith("--add-") || option.startsWith("-D") || option.startsWith("-X")))
            {
                options.add(option);
            }
        }
        return options;
    }

    @Override
    public PhaseResult run(final PhaseSpec spec)
    {
        final long phaseMillis = TimeUnit.SECONDS.toMillis(spec.warmupSeconds() + spec.seconds()) + PHASE_MARGIN_MILLIS;
        commands.println(BrokerLoadProcess.PHASE + spec.encode());
        await(BrokerLoadProcess.Said.MEASURING, phaseMillis);
        final CpuTimes before = CpuTimes.now();
        await(BrokerLoadProcess.Said.MEASURED, phaseMillis);
        final CpuTimes after = CpuTimes.now();
        final String done = await(BrokerLoadProcess.Said.DONE, PHASE_MARGIN_MILLIS);
        return PhaseResult.decode(done, CpuTimes.perOrder(before, after, spec.measuredOrders(),
            SameJvmLoadClient.CLIENT_THREADS, null));
    }

    /**
     * @return the text of the child's next protocol line, which must say {@code expected}.
     * @throws IllegalStateException if the child failed, ended, said something else or stayed silent too long.
     */
    private String await(final BrokerLoadProcess.Said expected, final long timeoutMillis)
    {
        final String event;
        try
        {
            event = events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the load client JVM", ex);
        }
        if (null == event)
        {
            throw new IllegalStateException("the load client JVM did not say " + expected + " within " +
                timeoutMillis + " ms");
        }
        if (END_OF_OUTPUT.equals(event))
        {
            throw new IllegalStateException("the load client JVM ended before saying " + expected + exitText());
        }
        final BrokerLoadProcess.Said said = BrokerLoadProcess.Said.of(event);
        if (said == BrokerLoadProcess.Said.FAILED)
        {
            throw new IllegalStateException("the load client JVM failed: " + BrokerLoadProcess.Said.textOf(event));
        }
        if (said != expected)
        {
            throw new IllegalStateException("the load client JVM said '" + event + "', expected " + expected);
        }
        return BrokerLoadProcess.Said.textOf(event);
    }

    private String exitText()
    {
        try
        {
            return process.waitFor(5, TimeUnit.SECONDS) ? " (exit status " + process.exitValue() + ")" : "";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void readOutput()
    {
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            for (String line = out.readLine(); null != line; line = out.readLine())
            {
                if (line.startsWith(BrokerLoadProcess.PREFIX))
                {
                    events.add(line.substring(BrokerLoadProcess.PREFIX.length()));
                }
                else
                {
                    System.err.println("[load client JVM] " + line);
                }
            }
        }
        catch (final IOException ex)
        {
            // the child ended or was destroyed: the waiting side learns it from the end marker
        }
        events.add(END_OF_OUTPUT);
    }

    /** Asks the child to log out and quit; destroys it if it has not ended in time. */
    @Override
    public void close()
    {
        try
        {
            if (process.isAlive())
            {
                commands.println(BrokerLoadProcess.QUIT);
                commands.close();
            }
            if (!process.waitFor(QUIT_MILLIS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly().waitFor(QUIT_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** @return the child's process id, for tests. */
    long pid()
    {
        return process.pid();
    }

    /** @return true while the child runs, for tests. */
    boolean isAlive()
    {
        return process.isAlive();
    }
}
