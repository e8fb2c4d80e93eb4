package io.peregrine.fixedge;

import io.peregrine.protocol.InProcessCounters;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The counts a {@link ConnectionGuard} keeps, as Agrona {@link AtomicCounter}s so that a process with an Aeron
 * client can make them Aeron counters (visible to {@code run.sh stat}) and one without can keep them in memory.
 * Counter type ids 1320-1324 (the overload range). Incremented from MINA I/O threads and the guard's timer thread.
 */
public final class ConnectionCounters implements AutoCloseable
{
    /** Type id: connections accepted. */
    public static final int ACCEPTED_TYPE_ID = 1320;
    /** Type id: connections closed at once because their address had too many pending logons. */
    public static final int REFUSED_PENDING_TYPE_ID = 1321;
    /** Type id: connections closed because they did not log on in time. */
    public static final int LOGON_TIMEOUTS_TYPE_ID = 1322;
    /** Type id: connections closed for a frame above the maximum message size. */
    public static final int OVERSIZE_TYPE_ID = 1323;
    /** Type id: connections closed for bytes that are not FIX framing. */
    public static final int MALFORMED_TYPE_ID = 1324;
    /** Type id: connections currently waiting to log on (a gauge). */
    public static final int PENDING_TYPE_ID = 1325;
    /** Type id: times a connection's reads were paused for exceeding its frames per second. */
    public static final int READ_PAUSES_TYPE_ID = 1326;

    /** Each counter: type id and label (after the prefix), registered in this order. */
    private static final List<Map.Entry<Integer, String>> COUNTERS = List.of(
        Map.entry(ACCEPTED_TYPE_ID, "connections accepted"),
        Map.entry(REFUSED_PENDING_TYPE_ID, "refused, too many pending logons"),
        Map.entry(LOGON_TIMEOUTS_TYPE_ID, "closed, no logon in time"),
        Map.entry(OVERSIZE_TYPE_ID, "closed, message above max size"),
        Map.entry(MALFORMED_TYPE_ID, "closed, not FIX framing"),
        Map.entry(PENDING_TYPE_ID, "connections waiting to log on"),
        Map.entry(READ_PAUSES_TYPE_ID, "reads paused, connection above its msgs/s"));

    /** The counters, indexed by type id minus {@link #ACCEPTED_TYPE_ID} (the ids are consecutive). */
    private final AtomicCounter[] byType = new AtomicCounter[COUNTERS.size()];

    /**
     * @param prefix  label prefix, e.g. "broker acceptor".
     * @param factory makes a counter from (type id, label), e.g. {@code aeron::addCounter}.
     */
    public ConnectionCounters(final String prefix, final BiFunction<Integer, String, AtomicCounter> factory)
    {
        for (final Map.Entry<Integer, String> counter : COUNTERS)
        {
            final int typeId = counter.getKey();
            byType[typeId - ACCEPTED_TYPE_ID] = factory.apply(typeId, prefix + ": " + counter.getValue());
        }
    }

    /**
     * @param prefix label prefix.
     * @return counters kept in a private on-heap counters buffer (for a process without Aeron).
     */
    public static ConnectionCounters inMemory(final String prefix)
    {
        final CountersManager manager = InProcessCounters.manager(16);
        return new ConnectionCounters(prefix, (typeId, label) -> manager.newCounter(label, typeId));
    }

    public AtomicCounter accepted()
    {
        return counter(ACCEPTED_TYPE_ID);
    }

    public AtomicCounter refusedPending()
    {
        return counter(REFUSED_PENDING_TYPE_ID);
    }

    public AtomicCounter logonTimeouts()
    {
        return counter(LOGON_TIMEOUTS_TYPE_ID);
    }

    public AtomicCounter oversize()
    {
        return counter(OVERSIZE_TYPE_ID);
    }

    public AtomicCounter malformed()
    {
        return counter(MALFORMED_TYPE_ID);
    }

    public AtomicCounter pending()
    {
        return counter(PENDING_TYPE_ID);
    }

    public AtomicCounter readPauses()
    {
        return counter(READ_PAUSES_TYPE_ID);
    }

    private AtomicCounter counter(final int typeId)
    {
        return byType[typeId - ACCEPTED_TYPE_ID];
    }

    /**
     * Frees the counters.
     */
    public void close()
    {
        for (final AtomicCounter counter : byType)
        {
            counter.close();
        }
    }
}
