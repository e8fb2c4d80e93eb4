package io.peregrine.fixedge;

/**
 * The limits a {@link ConnectionGuard} enforces on an acceptor's connections. Immutable; any thread.
 *
 * @param maxMessageBytes      largest FIX frame (header, body, trailer) a connection may send, logged on or not; a
 *                             larger declared BodyLength, or bytes that are not FIX framing, close the connection.
 * @param logonTimeoutMs       a connection that has not completed a Logon this long after it was accepted is closed.
 * @param maxPendingPerAddress most connections from one remote address that may be waiting to log on at once;
 *                             further ones are closed as soon as they are accepted.
 * @param maxMessagesPerSecond most FIX frames one connection may have read per second; beyond that its socket is
 *                             not read until the next second (TCP pushes back on the sender, the process does not
 *                             spend its CPU on it). 0 = no limit.
 */
public record ConnectionLimits(int maxMessageBytes, long logonTimeoutMs, int maxPendingPerAddress,
    int maxMessagesPerSecond)
{
    /** Default largest frame: 64 KiB, far above any order message, far below a memory threat. */
    public static final int MAX_MESSAGE_BYTES_DEFAULT = 65_536;
    /** Default logon timeout: 10 s (a QuickFIX/J initiator logs on within milliseconds of connecting). */
    public static final long LOGON_TIMEOUT_MS_DEFAULT = 10_000;
    /** Default pending connections per address: 8 (a broker reconnecting has one). */
    public static final int MAX_PENDING_PER_ADDRESS_DEFAULT = 8;
    /** Default frames per second per connection: 0, no limit (acceptors set their own). */
    public static final int MAX_MESSAGES_PER_SECOND_DEFAULT = 0;

    /**
     * Limits without a read rate limit.
     *
     * @param maxMessageBytes      largest frame.
     * @param logonTimeoutMs       logon timeout.
     * @param maxPendingPerAddress pending connections per address.
     */
    public ConnectionLimits(final int maxMessageBytes, final long logonTimeoutMs, final int maxPendingPerAddress)
    {
        this(maxMessageBytes, logonTimeoutMs, maxPendingPerAddress, MAX_MESSAGES_PER_SECOND_DEFAULT);
    }

    /**
     * Validates the values.
     */
    public ConnectionLimits
    {
        if (maxMessageBytes < 64)
        {
            throw new IllegalArgumentException("max message bytes must be at least 64: " + maxMessageBytes);
        }
        if (logonTimeoutMs < 1)
        {
            throw new IllegalArgumentException("logon timeout must be at least 1 ms: " + logonTimeoutMs);
        }
        if (maxPendingPerAddress < 1)
        {
            throw new IllegalArgumentException("max pending connections per address must be at least 1: " +
                maxPendingPerAddress);
        }
        if (maxMessagesPerSecond < 0)
        {
            throw new IllegalArgumentException("max messages per second must be 0 (no limit) or more: " +
                maxMessagesPerSecond);
        }
    }

    /**
     * @return the defaults.
     */
    public static ConnectionLimits defaults()
    {
        return new ConnectionLimits(MAX_MESSAGE_BYTES_DEFAULT, LOGON_TIMEOUT_MS_DEFAULT,
            MAX_PENDING_PER_ADDRESS_DEFAULT, MAX_MESSAGES_PER_SECOND_DEFAULT);
    }
}
