package io.peregrine.core.threading;

import io.peregrine.config.WakeableIdleStrategy;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.DynamicCompositeAgent;
import org.agrona.concurrent.IdleStrategy;

import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one thread on which, in {@link AgentThreading#SHARED} mode, the Peregrine agents of this process that use the
 * same media driver directory take turns (an Agrona {@link DynamicCompositeAgent} on an {@link AgentRunner}):
 * the core agent, the gateway's venue adapter and its broker report agent. A message one of them offers to another
 * is read in the same or the next duty cycle, without waking a thread.
 * <p>
 * Reference counted per directory: the first {@link #acquire} starts the thread (named {@value #ROLE_NAME}) with
 * the idle strategy its caller supplies, each {@link #add(Agent)} runs the agent's {@code onStart} on it, each
 * {@link #remove(Agent)} its {@code onClose}, and the last removal stops the thread. So the core and the gateway
 * can start and stop in any order. Edge code: {@code acquire}, {@code add} and {@code remove} block briefly and
 * allocate; the duty cycle itself allocates nothing.
 * <p>
 * <b>Errors.</b> What an agent's {@code doWork} throws goes to the error handler added with that agent, not to the
 * thread's (the first caller's): the gateway's agents' errors reach the gateway's handler and the core's the
 * core's, each naming its agent ({@link AgentErrorLog}); the other agents run on in that duty cycle, as each would
 * on a thread of its own. A termination request or an interrupt still stops the thread.
 */
public final class SharedAgentThread
{
    /** Thread name (and role name) of the shared agent thread. */
    public static final String ROLE_NAME = "peregrine-shared-agents";
    private static final long AGENT_CHANGE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final Map<String, SharedAgentThread> BY_DIRECTORY = new HashMap<>();

    private final String directory;
    private final DynamicCompositeAgent composite = new DynamicCompositeAgent(ROLE_NAME);
    private final IdleStrategy idleStrategy;
    private final AgentRunner runner;
    private int agents;
    private final Map<Agent, ClosingAgent> added = new IdentityHashMap<>(); // guarded by this

    private SharedAgentThread(final String directory, final IdleStrategy idleStrategy, final ErrorHandler errors)
    {
        this.directory = directory;
        this.idleStrategy = idleStrategy;
        this.runner = new AgentRunner(idleStrategy, errors, null, composite);
    }

    /**
     * Adds an agent to the shared thread of a media driver directory, starting that thread if it is the first.
     * Returns once the agent's {@code onStart} has run there.
     *
     * @param aeronDirectory the media driver directory the agent uses.
     * @param idleStrategy   the thread's idle strategy if this call starts it (not called otherwise).
     * @param errors         the handler of what the agent's {@code doWork} throws, and the thread's error handler
     *                       (what no agent threw) if this call starts it.
     * @param agent          the agent to run on it.
     * @return the shared thread; {@link #remove(Agent)} the agent when done.
     * @throws IllegalStateException if the thread did not take the agent within 10 s.
     */
    public static SharedAgentThread add(
        final String aeronDirectory,
        final Supplier<IdleStrategy> idleStrategy,
        final ErrorHandler errors,
        final Agent agent)
    {
        final String key = Path.of(aeronDirectory).toAbsolutePath().normalize().toString();
        final SharedAgentThread shared;
        synchronized (BY_DIRECTORY)
        {
            SharedAgentThread existing = BY_DIRECTORY.get(key);
            if (null == existing)
            {
                existing = new SharedAgentThread(key, idleStrategy.get(), errors);
                AgentRunner.startOnThread(existing.runner);
                BY_DIRECTORY.put(key, existing);
            }
            existing.agents++;
            shared = existing;
        }
        try
        {
            shared.change(agent, errors, true);
        }
        catch (final RuntimeException ex)
        {
            shared.release();
            throw ex;
        }
        return shared;
    }

    /**
     * Takes an agent off the shared thread once its {@code onClose} has run there; the last agent's removal stops
     * the thread.
     *
     * @param agent an agent added with {@link #add}.
     */
    public void remove(final Agent agent)
    {
        try
        {
            change(agent, null, false);
        }
        finally
        {
            release();
        }
    }

    /**
     * @return what wakes the shared thread when it is parked (a no-op unless its idle strategy is a
     *         {@link WakeableIdleStrategy}). Any thread.
     */
    public Runnable waker()
    {
        return WakeableIdleStrategy.wakerOf(idleStrategy);
    }

    /**
     * @return the shared thread, or null before it started.
     */
    public Thread thread()
    {
        return runner.thread();
    }

    private synchronized void change(final Agent agent, final ErrorHandler errors, final boolean add)
    {
        final ClosingAgent target = add ?
            added.computeIfAbsent(agent, (key) -> new ClosingAgent(key, errors)) : added.get(agent);
        if (null == target)
        {
            return; // never added, or already removed
        }
        final long deadline = System.nanoTime() + AGENT_CHANGE_TIMEOUT_NS;
        // The composite takes agents only once its own onStart has run on the new thread.
        while (DynamicCompositeAgent.Status.ACTIVE != composite.status())
        {
            awaitOrFail(deadline, agent, add);
        }
        // One pending change at a time: tryAdd/tryRemove refuse while another is in flight.
        while (!(add ? composite.tryAdd(target) : composite.tryRemove(target)))
        {
            awaitOrFail(deadline, agent, add);
        }
        waker().run();
        while (!(add ? composite.hasAddAgentCompleted() : composite.hasRemoveAgentCompleted()))
        {
            awaitOrFail(deadline, agent, add);
        }
        if (!add)
        {
            // The composite marks a removal complete before it calls the agent's onClose: wait for that too, so
            // that the caller may release what the agent used.
            while (!target.closed)
            {
                awaitOrFail(deadline, agent, false);
            }
            added.remove(agent);
        }
    }

    /**
     * An agent as the composite runs it: hands what its doWork throws to its own error handler, and records that
     * its onClose has run.
     */
    private static final class ClosingAgent implements Agent
    {
        private final Agent agent;
        private final ErrorHandler errors;
        private volatile boolean closed;

        ClosingAgent(final Agent agent, final ErrorHandler errors)
        {
            this.agent = agent;
            this.errors = errors;
        }

        public void onStart()
        {
            agent.onStart();
        }

        public int doWork() throws Exception
        {
            try
            {
                return agent.doWork();
            }
            catch (final AgentTerminationException | InterruptedException | ClosedByInterruptException ex)
            {
                throw ex; // the runner's: they stop the thread
            }
            catch (final Throwable ex)
            {
                errors.onError(ex);
                return 0;
            }
        }

        public void onClose()
        {
            try
            {
                agent.onClose();
            }
            finally
            {
                closed = true;
            }
        }

        public String roleName()
        {
            return agent.roleName();
        }
    }

    private void awaitOrFail(final long deadline, final Agent agent, final boolean add)
    {
        if (runner.isClosed() || DynamicCompositeAgent.Status.CLOSED == composite.status() ||
            System.nanoTime() - deadline > 0)
        {
            throw new IllegalStateException("the shared agent thread of " + directory + " did not " +
                (add ? "start " : "stop ") + agent.roleName() + " within 10 s");
        }
        Thread.yield();
    }

    private void release()
    {
        final boolean last;
        synchronized (BY_DIRECTORY)
        {
            last = --agents == 0;
            if (last)
            {
                BY_DIRECTORY.remove(directory);
            }
        }
        if (last)
        {
            runner.close();
        }
    }
}
