package io.peregrine.bench;

import io.aeron.Aeron;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.core.threading.SharedAgentThread;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The core's {@link AutoFillVenue} on its own Aeron client and {@link AgentRunner} thread, as the benchmarks and
 * the load generator use it. Start and close are edge calls.
 */
public final class RunningVenue implements AutoCloseable
{
    private final Aeron aeron;
    private final AutoFillVenue venue;
    private final AgentRunner runner;
    private final SharedAgentThread shared;

    private RunningVenue(
        final Aeron aeron, final AutoFillVenue venue, final AgentRunner runner, final SharedAgentThread shared)
    {
        this.aeron = aeron;
        this.venue = venue;
        this.runner = runner;
        this.shared = shared;
    }

    /**
     * As {@link #start(String, AutoFillVenue.Mode, int, IdleStrategy)}, but the venue agent runs on the process's
     * {@link SharedAgentThread} of that directory (threading {@code shared}: with a shared-mode core, both on one
     * thread).
     *
     * @param aeronDirectoryName the core's media driver directory.
     * @param mode               what the venue does after acking an order.
     * @param orderCapacity      working orders the venue pre-sizes for.
     * @param idleStrategy       of the shared thread, if this call starts it.
     * @return the venue, running.
     */
    public static RunningVenue startShared(
        final String aeronDirectoryName,
        final AutoFillVenue.Mode mode,
        final int orderCapacity,
        final Supplier<IdleStrategy> idleStrategy)
    {
        return launch(aeronDirectoryName, mode, orderCapacity, (aeron, venue) -> new RunningVenue(aeron, venue, null,
            SharedAgentThread.add(aeronDirectoryName, idleStrategy, Throwable::printStackTrace, venue)));
    }

    /**
     * @param aeronDirectoryName the core's media driver directory.
     * @param mode               what the venue does after acking an order.
     * @param orderCapacity      working orders the venue pre-sizes for.
     * @param idleStrategy       of the venue thread.
     * @return the venue, running.
     */
    public static RunningVenue start(
        final String aeronDirectoryName,
        final AutoFillVenue.Mode mode,
        final int orderCapacity,
        final IdleStrategy idleStrategy)
    {
        return launch(aeronDirectoryName, mode, orderCapacity, (aeron, venue) ->
        {
            final AgentRunner runner = new AgentRunner(idleStrategy, Throwable::printStackTrace, null, venue);
            AgentRunner.startOnThread(runner);
            return new RunningVenue(aeron, venue, runner, null);
        });
    }

    /**
     * Connects to the driver and creates the venue agent, then hands both to {@code thread}, which starts the agent
     * on its thread; the Aeron client is closed again if that fails.
     */
    private static RunningVenue launch(
        final String aeronDirectoryName,
        final AutoFillVenue.Mode mode,
        final int orderCapacity,
        final BiFunction<Aeron, AutoFillVenue, RunningVenue> thread)
    {
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectoryName));
        try
        {
            return thread.apply(aeron, new AutoFillVenue(
                aeron, new AutoFillVenue.Context().mode(mode).orderCapacity(orderCapacity)));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(aeron);
            throw ex;
        }
    }

    /**
     * Waits until the core's venue-out stream and the venue's venue-in stream are both connected.
     *
     * @param timeout longest wait.
     * @param unit    of the timeout.
     * @throws IllegalStateException if they do not connect in time.
     */
    public void awaitConnected(final long timeout, final TimeUnit unit)
    {
        SetUpWait.until(venue::isConnected, timeout, unit, "venue streams", "connect");
    }

    /** @return the venue agent (its {@code mode} may be changed from any thread). */
    public AutoFillVenue venue()
    {
        return venue;
    }

    /** Stops the venue thread, then closes the venue and its Aeron client. */
    @Override
    public void close()
    {
        if (null != shared)
        {
            shared.remove(venue);
        }
        CloseHelper.closeAll(runner, venue, aeron);
    }
}
