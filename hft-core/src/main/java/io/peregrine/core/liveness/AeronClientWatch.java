package io.peregrine.core.liveness;

import io.aeron.Aeron;
import io.aeron.exceptions.AeronException;
import io.aeron.exceptions.ClientTimeoutException;
import io.aeron.exceptions.ConductorServiceTimeoutException;
import io.aeron.exceptions.DriverTimeoutException;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentTerminationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The error handler of one component's Aeron client (core, gateway), which notices when Aeron has closed that client
 * under it and stops the component loudly instead of leaving it half alive.
 * <p>
 * Aeron closes a client, with everything it holds, when its conductor thread was not serviced within the client
 * liveness timeout ({@link ConductorServiceTimeoutException}), when the driver timed the client out
 * ({@link ClientTimeoutException}) or when the driver's keepalive stopped ({@link DriverTimeoutException}). A
 * starved machine does this. Left alone, the component's agents then poll closed subscriptions forever (requests
 * the core already published are never read, the orders stay working), and write counters into the client's
 * mapped file after the conductor unmaps it (SIGSEGV).
 * <p>
 * On the first such error this handler, on the Aeron conductor thread and <em>before</em> that thread unmaps the
 * client's buffers (Aeron calls the error handler first): logs ONE error naming the cause and the fix, runs the
 * component's stop action (stops every thread that uses the client's publications, subscriptions and counters),
 * marks the client lost ({@link #isLost()}, {@link #lossReason()}: health reports it) and runs the loss listeners
 * (a process main exits non-zero). Other errors go to the component's own handler.
 * <p>
 * Thread safe; allocates only on an error.
 */
public final class AeronClientWatch implements ErrorHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(AeronClientWatch.class);
    private static final long MINUTE_MS = 60_000;
    /** How close to a whole number of minutes a keepalive age must be to look like a clock step. */
    private static final long ROUND_MS = 2_000;

    private final String component;
    private final ErrorHandler otherErrors;
    private final List<Runnable> lossListeners = new CopyOnWriteArrayList<>();
    private volatile Runnable stopAction = () -> { };
    private volatile String lossReason;
    private volatile Aeron.Context context;
    private volatile boolean stopped;

    /**
     * @param component   what uses the client, for the log ("FIX gateway", "core").
     * @param otherErrors where errors that do not close the client go.
     */
    public AeronClientWatch(final String component, final ErrorHandler otherErrors)
    {
        this.component = component;
        this.otherErrors = otherErrors;
    }

    /**
     * Installs this watch as the context's error handler, with Peregrine's liveness defaults.
     *
     * @param ctx an Aeron client context, before connect.
     * @return ctx.
     */
    public Aeron.Context applyTo(final Aeron.Context ctx)
    {
        context = ctx;
        return LivenessTimeouts.applyTo(ctx).errorHandler(this).clientName("peregrine " + component);
    }

    /**
     * @param action stops every thread of the component that uses the client (agents, samplers, FIX threads that
     *               offer or count), without closing the client; runs once, on the Aeron conductor thread, bounded.
     */
    public void stopAction(final Runnable action)
    {
        this.stopAction = action;
    }

    /**
     * @param listener run once after the component has stopped because its client was closed (e.g. a main's
     *                 shutdown signal); runs on the Aeron conductor thread, must not block long.
     */
    public void addLossListener(final Runnable listener)
    {
        lossListeners.add(listener);
        if (isLost())
        {
            listener.run();
        }
    }

    /**
     * @return true once Aeron has closed the client; any thread.
     */
    public boolean isLost()
    {
        return null != lossReason;
    }

    /**
     * @return true once the component has stopped after its client was lost (its stop action has returned); any
     * thread.
     */
    public boolean isStopped()
    {
        return stopped;
    }

    /**
     * @return why the client was closed and what to do, or null while it is open; any thread.
     */
    public String lossReason()
    {
        return lossReason;
    }

    public void onError(final Throwable throwable)
    {
        if (!closesClient(throwable))
        {
            if (!(isLost() && throwable instanceof AgentTerminationException))
            {
                otherErrors.onError(throwable); // (the conductor's own end after a loss is no news)
            }
            return;
        }
        synchronized (this)
        {
            if (null != lossReason)
            {
                return;
            }
            lossReason = "the " + component + "'s Aeron client was closed by Aeron (" +
                throwable.getClass().getSimpleName() + ": " + throwable.getMessage() + ")";
        }
        if (throwable instanceof DriverTimeoutException && String.valueOf(throwable.getMessage()).contains("shutdown"))
        {
            LOG.error("{}: the {} stops and no longer trades. Cause: the media driver was shut down while the {} " +
                "was running; stop the {} before its driver, or restart both.", lossReason, component, component,
                component);
        }
        else
        {
            logStarved(throwable);
        }
        try
        {
            stopAction.run();
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("stopping the {} after its Aeron client closed failed", component, ex);
        }
        stopped = true;
        for (final Runnable listener : lossListeners)
        {
            try
            {
                listener.run();
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("Aeron client loss listener of the {} failed", component, ex);
            }
        }
    }

    private void logStarved(final Throwable throwable)
    {
        LOG.error("{}: the {} stops (it no longer trades or serves); restart it. {}", lossReason, component,
            causeAndFix(throwable, clientLivenessTimeoutNs(), driverTimeoutNs()));
    }

    /**
     * @return what closes a client this way and what to do: a starved process, or (Aeron's driver keepalive is an
     *         epoch-millisecond timestamp) a wall clock stepped forward, named first when the age Aeron reports is
     *         close to a whole number of minutes, which a scheduling stall hardly ever is and a clock step often is.
     */
    static String causeAndFix(final Throwable throwable, final long clientLivenessTimeoutNs, final long driverTimeoutNs)
    {
        final String timeouts = "the Aeron liveness timeouts (client liveness " + seconds(clientLivenessTimeoutNs) +
            " s, property " + LivenessTimeouts.CLIENT_LIVENESS_TIMEOUT_PROP_NAME + "; driver timeout " +
            seconds(driverTimeoutNs) + " s, property " + LivenessTimeouts.DRIVER_TIMEOUT_PROP_NAME + ")";
        final String raise = "raise both timeouts (e.g. -D" + LivenessTimeouts.CLIENT_LIVENESS_TIMEOUT_PROP_NAME +
            "=60s -D" + LivenessTimeouts.DRIVER_TIMEOUT_PROP_NAME + "=60000).";
        final String clockStep = "the wall clock was stepped forward (NTP, a restored VM, an operator: the media " +
            "driver's keepalive timestamps are epoch milliseconds)";
        final long ageMs = keepaliveAgeMs(throwable);
        if (ageMs >= MINUTE_MS && Math.abs(ageMs - Math.round(ageMs / (double)MINUTE_MS) * MINUTE_MS) <= ROUND_MS)
        {
            return "Cause: most likely " + clockStep + ": the driver's keepalive looked " + ageMs / 1000 + " s old, " +
                "close to a whole number of minutes, which a clock step is and a scheduling stall hardly ever is " +
                "(else this process was not scheduled for longer than " + timeouts + "). Fix: keep the clock " +
                "synchronised without steps (NTP slewing); if the process was starved, give the machine more CPU, " +
                "or " + raise;
        }
        return "Cause: this process was not scheduled for longer than " + timeouts + ", or " + clockStep + ". " +
            "Fix: give the machine more CPU (fewer processes, no CPU burners), or " + raise + " A clock step: keep " +
            "the clock synchronised without steps (NTP slewing).";
    }

    /**
     * @return the age of the driver's keepalive a {@link DriverTimeoutException} reports ("age=NNNms"), or -1.
     */
    private static long keepaliveAgeMs(final Throwable throwable)
    {
        final String message = throwable instanceof DriverTimeoutException ? throwable.getMessage() : null;
        final int at = null == message ? -1 : message.indexOf("age=");
        if (at < 0)
        {
            return -1;
        }
        int end = at + 4;
        while (end < message.length() && Character.isDigit(message.charAt(end)))
        {
            end++;
        }
        return end == at + 4 ? -1 : Long.parseLong(message.substring(at + 4, Math.min(end, at + 22)));
    }

    /**
     * @param throwable an error from an Aeron client.
     * @return true if Aeron closes the client after it (it is terminating).
     */
    public static boolean closesClient(final Throwable throwable)
    {
        return throwable instanceof ConductorServiceTimeoutException ||
            throwable instanceof ClientTimeoutException ||
            throwable instanceof DriverTimeoutException ||
            (throwable instanceof AeronException && null != throwable.getMessage() &&
            throwable.getMessage().contains("unexpected close of heartbeat timestamp counter"));
    }

    private long clientLivenessTimeoutNs()
    {
        // The client's service-interval limit is the driver's client liveness timeout (read from the CnC file).
        final Aeron.Context ctx = context;
        return null == ctx ? LivenessTimeouts.CLIENT_LIVENESS_TIMEOUT_DEFAULT_NS : ctx.interServiceTimeoutNs();
    }

    private long driverTimeoutNs()
    {
        final Aeron.Context ctx = context;
        return TimeUnit.MILLISECONDS.toNanos(
            null == ctx ? LivenessTimeouts.DRIVER_TIMEOUT_DEFAULT_MS : ctx.driverTimeoutMs());
    }

    private static String seconds(final long nanos)
    {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
