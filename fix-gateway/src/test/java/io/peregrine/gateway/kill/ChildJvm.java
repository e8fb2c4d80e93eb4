package io.peregrine.gateway.kill;

import io.peregrine.testsupport.ChildLog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test class path in a child JVM (the test JVM's module flags and system properties), its
 * output appended to a log file, started until a line starting with a ready word appears, killed with SIGKILL or
 * stopped with SIGTERM. Test thread only.
 */
final class ChildJvm implements AutoCloseable
{
    private static final long START_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private final Path log;
    private Process process;

    private ChildJvm(final Path log)
    {
        this.log = log;
    }

    /**
     * Starts the main class and waits for one more line starting with {@code readyWord} in the log.
     */
    static ChildJvm start(final Path log, final String readyWord, final List<String> jvmArgs,
        final Class<?> mainClass, final String... args) throws Exception
    {
        final ChildJvm child = new ChildJvm(log);
        child.launch(readyWord, jvmArgs, mainClass, args);
        return child;
    }

    /** Starts it again (after a kill) with the same log, waiting for the next ready line. */
    void restart(final String readyWord, final List<String> jvmArgs, final Class<?> mainClass,
        final String... args) throws Exception
    {
        launch(readyWord, jvmArgs, mainClass, args);
    }

    private void launch(final String readyWord, final List<String> jvmArgs, final Class<?> mainClass,
        final String... args) throws Exception
    {
        // Small and quick to start: these children live for a second or two.
        final List<String> options = new ArrayList<>(io.peregrine.testsupport.ChildJvm.SHORT_LIVED_OPTIONS);
        options.addAll(jvmArgs);
        final List<String> command = io.peregrine.testsupport.ChildJvm.command("256m", options, mainClass, args);
        final int readyLines = count(readyWord);
        process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        final long deadline = System.nanoTime() + START_TIMEOUT_NS;
        while (count(readyWord) <= readyLines)
        {
            if (!process.isAlive() || System.nanoTime() - deadline > 0)
            {
                process.destroyForcibly();
                throw new AssertionError(mainClass.getSimpleName() + " did not start: " + tail());
            }
            Thread.sleep(5);
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            throw new AssertionError("killed child still running");
        }
    }

    /** SIGTERM (a clean close through the child's shutdown hook), then SIGKILL if it does not stop in time. */
    public void close()
    {
        if (null != process && process.isAlive())
        {
            process.destroy();
            try
            {
                if (!process.waitFor(20, TimeUnit.SECONDS))
                {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isAlive()
    {
        return null != process && process.isAlive();
    }

    /** The last lines of the log, for failure messages. */
    String tail()
    {
        return ChildLog.tail(log);
    }

    private int count(final String word) throws Exception
    {
        return ChildLog.countLinesStartingWith(log, word);
    }
}
