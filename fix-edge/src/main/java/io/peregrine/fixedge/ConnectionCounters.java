package io.peregrine.fixedge;

import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.CounterKey;
import io.peregrine.protocol.CounterSet;
import io.peregrine.protocol.InProcessCounters;
import org.agrona.concurrent.status.AtomicCounter;

import static io.peregrine.protocol.CounterDescriptor.counter;
import static io.peregrine.protocol.CounterDescriptor.gauge;

/**
 * The counts a {@link ConnectionGuard} keeps, as Agrona {@link AtomicCounter}s so that a process with an Aeron
 * client can make them Aeron counters (visible to {@code run.sh stat}) and one without can keep them in memory.
 * Each is described once by a {@link CounterDescriptor} constant here; type ids 1320-1326 (the overload range).
 * Incremented from MINA I/O threads and the guard's timer thread.
 */
public final class ConnectionCounters implements AutoCloseable
{
    // Every counter of a guarded acceptor, described once; its label follows the acceptor's prefix. The type ids are
    // consecutive.
    public static final CounterDescriptor ACCEPTED = counter(1320, CounterKey.NONE,
        "connections accepted",
        "peregrine_broker_connections_accepted",
        "connections the broker acceptor accepted");
    public static final CounterDescriptor REFUSED_PENDING = counter(1321, CounterKey.NONE,
        "refused, too many pending logons",
        "peregrine_broker_connections_refused_pending",
        "connections closed at once: too many from their address waiting to log on");
    public static final CounterDescriptor LOGON_TIMEOUTS = counter(1322, CounterKey.NONE,
        "closed, no logon in time",
        "peregrine_broker_logon_timeouts",
        "connections closed for not logging on in time");
    public static final CounterDescriptor OVERSIZE = counter(1323, CounterKey.NONE,
        "closed, message above max size",
        "peregrine_broker_oversize_frames",
        "connections closed for a frame above the maximum message size");
    public static final CounterDescriptor MALFORMED = counter(1324, CounterKey.NONE,
        "closed, not FIX framing",
        "peregrine_broker_malformed_frames",
        "connections closed for bytes that are not FIX framing");
    public static final CounterDescriptor PENDING = gauge(1325, CounterKey.NONE,
        "connections waiting to log on",
        "peregrine_broker_connections_pending",
        "connections waiting to log on");
    /** Times a connection's reads were paused for exceeding its frames per second. */
    public static final CounterDescriptor READ_PAUSES = counter(1326, CounterKey.NONE,
        "reads paused, connection above its msgs/s",
        "peregrine_broker_read_pauses",
        "reads paused: a connection above its messages per second");

    private final CounterSet counters;

    /**
     * @param prefix    label prefix, e.g. "broker acceptor".
     * @param allocator where the counters are allocated, e.g. {@code aeron::addCounter}.
     */
    public ConnectionCounters(final String prefix, final CounterSet.Allocator allocator)
    {
        counters = new CounterSet(allocator, prefix + ": ");
        counters.addUnkeyed(CounterDescriptor.declaredIn(ConnectionCounters.class));
    }

    /**
     * @param prefix label prefix.
     * @return counters kept in a private in-process counters buffer (for a process without Aeron).
     */
    public static ConnectionCounters inMemory(final String prefix)
    {
        return new ConnectionCounters(prefix, InProcessCounters.manager(16)::newCounter);
    }

    public AtomicCounter accepted()
    {
        return counters.get(ACCEPTED);
    }

    public AtomicCounter refusedPending()
    {
        return counters.get(REFUSED_PENDING);
    }

    public AtomicCounter logonTimeouts()
    {
        return counters.get(LOGON_TIMEOUTS);
    }

    public AtomicCounter oversize()
    {
        return counters.get(OVERSIZE);
    }

    public AtomicCounter malformed()
    {
        return counters.get(MALFORMED);
    }

    public AtomicCounter pending()
    {
        return counters.get(PENDING);
    }

    public AtomicCounter readPauses()
    {
        return counters.get(READ_PAUSES);
    }

    /**
     * Frees the counters.
     */
    public void close()
    {
        counters.close();
    }
}
