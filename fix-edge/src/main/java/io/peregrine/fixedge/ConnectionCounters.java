package io.peregrine.fixedge;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;
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

    private final AtomicCounter accepted;
    private final AtomicCounter refusedPending;
    private final AtomicCounter logonTimeouts;
    private final AtomicCounter oversize;
    private final AtomicCounter malformed;
    private final AtomicCounter pending;
    private final AtomicCounter readPauses;

    /**
     * @param prefix  label prefix, e.g. "broker acceptor".
     * @param factory makes a counter from (type id, label), e.g. {@code aeron::addCounter}.
     */
    public ConnectionCounters(final String prefix, final BiFunction<Integer, String, AtomicCounter> factory)
    {
        accepted = factory.apply(ACCEPTED_TYPE_ID, prefix + ": connections accepted");
        refusedPending = factory.apply(REFUSED_PENDING_TYPE_ID, prefix + ": refused, too many pending logons");
        logonTimeouts = factory.apply(LOGON_TIMEOUTS_TYPE_ID, prefix + ": closed, no logon in time");
        oversize = factory.apply(OVERSIZE_TYPE_ID, prefix + ": closed, message above max size");
        malformed = factory.apply(MALFORMED_TYPE_ID, prefix + ": closed, not FIX framing");
        pending = factory.apply(PENDING_TYPE_ID, prefix + ": connections waiting to log on");
        readPauses = factory.apply(READ_PAUSES_TYPE_ID, prefix + ": reads paused, connection above its msgs/s");
    }

    /**
     * @param prefix label prefix.
     * @return counters kept in a private on-heap counters buffer (for a process without Aeron).
     */
    public static ConnectionCounters inMemory(final String prefix)
    {
        final CountersManager manager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(16 * CountersManager.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(16 * CountersManager.COUNTER_LENGTH)));
        return new ConnectionCounters(prefix, (typeId, label) -> manager.newCounter(label, typeId));
    }

    public AtomicCounter accepted()
    {
        return accepted;
    }

    public AtomicCounter refusedPending()
    {
        return refusedPending;
    }

    public AtomicCounter logonTimeouts()
    {
        return logonTimeouts;
    }

    public AtomicCounter oversize()
    {
        return oversize;
    }

    public AtomicCounter malformed()
    {
        return malformed;
    }

    public AtomicCounter pending()
    {
        return pending;
    }

    public AtomicCounter readPauses()
    {
        return readPauses;
    }

    /**
     * Frees the counters.
     */
    public void close()
    {
        accepted.close();
        refusedPending.close();
        logonTimeouts.close();
        oversize.close();
        malformed.close();
        pending.close();
        readPauses.close();
    }
}
