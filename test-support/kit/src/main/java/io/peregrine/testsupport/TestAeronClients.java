package io.peregrine.testsupport;

import io.aeron.Aeron;

import java.util.concurrent.TimeUnit;

/**
 * The Aeron client context every test's own client starts from. Aeron's default error handler ends the JVM on a
 * driver timeout ({@code System.exit}), which surefire reports as a crashed fork naming no failing test: on a starved
 * machine (2 cores at a high load, the driver not scheduled for longer than its 10 s default) one slow test then
 * failed a whole module. Here the error is printed and the client closes, so the test that used it fails instead;
 * the 30 s driver timeout is what the product's clients ({@code PeregrineClient}) have.
 */
public final class TestAeronClients
{
    /** How long a test's client waits for the media driver's keepalive before it gives up. */
    public static final long DRIVER_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(30);

    private TestAeronClients()
    {
    }

    /**
     * @param aeronDirectoryName the media driver's directory.
     * @return a context for {@link Aeron#connect(Aeron.Context)}; callers may set more on it.
     */
    public static Aeron.Context context(final String aeronDirectoryName)
    {
        return new Aeron.Context()
            .aeronDirectoryName(aeronDirectoryName)
            .driverTimeoutMs(DRIVER_TIMEOUT_MS)
            .errorHandler(Throwable::printStackTrace);
    }
}
