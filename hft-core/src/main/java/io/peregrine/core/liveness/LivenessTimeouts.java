package io.peregrine.core.liveness;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.driver.Configuration;
import io.aeron.driver.MediaDriver;

import java.util.concurrent.TimeUnit;

/**
 * Aeron's liveness timeouts sized for a small shared machine (2 cores, other processes building and testing), where
 * a process can go unscheduled for many seconds. Aeron's defaults (10 s) close a client whose conductor thread was
 * starved that long (seen here: 9-39 s under load average 17-50), and with it every publication, subscription and
 * counter of the component using it.
 * <p>
 * Each key is Aeron's own system property; a value set there wins (Aeron's duration syntax, e.g. {@code 60s}).
 * Otherwise Peregrine's defaults below apply:
 * <ul>
 * <li>{@value #CLIENT_LIVENESS_TIMEOUT_PROP_NAME} (driver): {@link #CLIENT_LIVENESS_TIMEOUT_DEFAULT_NS} (30 s);
 * clients read it from the driver as their own service-interval limit.</li>
 * <li>{@value #PUBLICATION_UNBLOCK_TIMEOUT_PROP_NAME} (driver): the liveness timeout + 15 s (Aeron requires it to
 * exceed the liveness timeout).</li>
 * <li>{@value #DRIVER_TIMEOUT_PROP_NAME} (client, ms): {@link #DRIVER_TIMEOUT_DEFAULT_MS} (30,000).</li>
 * </ul>
 * The price of longer timeouts: a client that died without closing (kill -9 of another process) keeps its
 * subscriptions in the driver that much longer. Start-up only; allocates nothing worth mentioning.
 */
public final class LivenessTimeouts
{
    /** Aeron driver property: how long the driver waits for a client's keepalive. */
    public static final String CLIENT_LIVENESS_TIMEOUT_PROP_NAME = Configuration.CLIENT_LIVENESS_TIMEOUT_PROP_NAME;
    /** Aeron driver property: how long a blocked publication waits before the driver unblocks it. */
    public static final String PUBLICATION_UNBLOCK_TIMEOUT_PROP_NAME =
        Configuration.PUBLICATION_UNBLOCK_TIMEOUT_PROP_NAME;
    /** Aeron client property (ms): how long a client waits for the driver's keepalive. */
    public static final String DRIVER_TIMEOUT_PROP_NAME = CommonContext.DRIVER_TIMEOUT_PROP_NAME;

    /** Peregrine's default client liveness timeout: 30 s. */
    public static final long CLIENT_LIVENESS_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(30);
    /** Peregrine's default driver timeout of its clients: 30 s. */
    public static final long DRIVER_TIMEOUT_DEFAULT_MS = TimeUnit.SECONDS.toMillis(30);

    private static final long UNBLOCK_MARGIN_NS = TimeUnit.SECONDS.toNanos(15);

    private LivenessTimeouts()
    {
    }

    /**
     * Applies Peregrine's driver defaults where the Aeron property is not set.
     *
     * @param ctx a media driver context, before launch.
     * @return ctx.
     */
    public static MediaDriver.Context applyTo(final MediaDriver.Context ctx)
    {
        if (null == System.getProperty(CLIENT_LIVENESS_TIMEOUT_PROP_NAME))
        {
            ctx.clientLivenessTimeoutNs(CLIENT_LIVENESS_TIMEOUT_DEFAULT_NS);
        }
        if (null == System.getProperty(PUBLICATION_UNBLOCK_TIMEOUT_PROP_NAME))
        {
            ctx.publicationUnblockTimeoutNs(Math.max(
                ctx.publicationUnblockTimeoutNs(), ctx.clientLivenessTimeoutNs() + UNBLOCK_MARGIN_NS));
        }
        return ctx;
    }

    /**
     * Applies Peregrine's client default where the Aeron property is not set.
     *
     * @param ctx an Aeron client context, before connect.
     * @return ctx.
     */
    public static Aeron.Context applyTo(final Aeron.Context ctx)
    {
        if (null == System.getProperty(DRIVER_TIMEOUT_PROP_NAME))
        {
            ctx.driverTimeoutMs(DRIVER_TIMEOUT_DEFAULT_MS);
        }
        return ctx;
    }
}
