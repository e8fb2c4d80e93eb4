package io.peregrine.client;

import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.ChildJvm;
import io.peregrine.testsupport.ChildLog;
import io.peregrine.testsupport.TempDirs;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's promise that an IPC client connects again when {@code stack} or {@code gateway} restarts: a stack
 * (core and media driver in one JVM) is killed with SIGKILL under an app polling a {@link PeregrineClient} in
 * another JVM, then started again. Before, Aeron's default error handler exited the app's JVM (status 255, "Media
 * Driver timeout - is it running? exiting client...") and its reconnect code never ran; now the client reports
 * {@link ClientClosedException}, the app connects a new client, and the restarted core answers it.
 * <p>
 * Waits are for states (lines the children print), bounded; the app's driver timeout is shortened so the test
 * does not wait Aeron's 10 s.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PeregrineClientRestartTest
{
    private static final long WAIT_MS = 60_000;

    private final List<Process> processes = new ArrayList<>();
    private final String aeronDir = TempDirs.uniqueAeronDir("peregrine-client-restart-");
    private final Path logs = TempDirs.create("client-restart-logs");

    @AfterEach
    void tearDown() throws InterruptedException
    {
        for (final Process process : processes)
        {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        IoUtil.delete(new File(aeronDir), true);
        IoUtil.delete(new File(aeronDir + ".lock"), true);
        TempDirs.delete(logs);
    }

    @Test
    void anAppConnectsANewClientWhenTheStackIsKilledAndStartedAgain() throws IOException, InterruptedException
    {
        final Path appLog = logs.resolve("app.log");
        Process stack = startStack("stack-1.log");
        final Process app = start(appLog, ChildJvm.command("128m",
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Daeron.driver.timeout=3000"),
            ReconnectingClientProcess.class, aeronDir, "77"));
        awaitLines(app, appLog, "ANSWERED", 1, "the app's status request answered by the first stack");

        // (Counted from here: a starved machine may have made the app reconnect once already.)
        final int closedBefore = ChildLog.countLinesStartingWith(appLog, "CLOSED");
        stack.destroyForcibly();
        assertTrue(stack.waitFor(30, TimeUnit.SECONDS), "stack killed");
        awaitLines(app, appLog, "CLOSED", closedBefore + 1, "the app told its client was closed under it");
        assertTrue(app.isAlive(), "the app runs on\n" + ChildLog.tail(appLog));

        final int answeredBefore = ChildLog.countLinesStartingWith(appLog, "ANSWERED");
        stack = startStack("stack-2.log");
        awaitLines(app, appLog, "ANSWERED", answeredBefore + 1, "the app's new client answered by the new stack");
        assertTrue(app.isAlive(), "the app runs on\n" + ChildLog.tail(appLog));
        assertTrue(ChildLog.countLinesStartingWith(appLog, "CLOSED PeregrineClient (client id 77) is closed: " +
            "Aeron closed its Aeron client") > closedBefore, ChildLog.tail(appLog));
        // The default error handler logged the driver's loss (and did not exit the JVM, as Aeron's would).
        assertTrue(java.nio.file.Files.readString(appLog).contains("closed by Aeron: " +
            "io.aeron.exceptions.DriverTimeoutException"), ChildLog.tail(appLog));
    }

    private Process startStack(final String logName) throws IOException
    {
        final Path log = logs.resolve(logName);
        final Process stack = start(log, ChildJvm.command("256m", ChildJvm.SHORT_LIVED_OPTIONS, StackProcess.class,
            aeronDir));
        awaitLines(stack, log, "READY", 1, "the stack started");
        return stack;
    }

    private Process start(final Path log, final List<String> command) throws IOException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    private static void awaitLines(
        final Process process, final Path log, final String word, final int count, final String what)
    {
        Await.until(what + " (" + word + " x" + count + "); log:\n" + ChildLog.tail(log), () ->
        {
            try
            {
                if (ChildLog.countLinesStartingWith(log, word) >= count)
                {
                    return true;
                }
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
            if (!process.isAlive())
            {
                throw new AssertionError("exited " + process.exitValue() + " before " + what + "; log:\n" +
                    ChildLog.tail(log));
            }
            return false;
        }, WAIT_MS);
    }
}
