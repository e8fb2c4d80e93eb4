package io.peregrine.client;

import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;

import java.util.concurrent.CountDownLatch;

/**
 * A core with its media driver in its own JVM, as {@code run.sh stack} runs it, for
 * {@link PeregrineClientRestartTest}: prints {@code READY} once it serves and runs until killed (SIGKILL).
 * <p>
 * Argument: the Aeron directory.
 */
public final class StackProcess
{
    private StackProcess()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Peregrine core = Peregrine.launch(new PeregrineContext()
            .embeddedDriver(true)
            .aeronDirectoryName(args[0])
            .idleStrategyName("sleeping"));
        System.out.println("READY " + core.aeronDirectoryName());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
