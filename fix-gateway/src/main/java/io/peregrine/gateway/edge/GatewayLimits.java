package io.peregrine.gateway.edge;

import io.peregrine.config.PropertyReader;
import io.peregrine.fixedge.ConnectionLimits;
import io.peregrine.fixedge.RollingLogLimits;

import java.util.Properties;

/**
 * The gateway's overload limits: connection hygiene of the broker acceptor, the per-session order rate, the
 * per-session inbound queue, and the size of the FIX logs. Part of {@code GatewayContext}; the keys are below with
 * their defaults (documented in fix-gateway/README.md). Immutable; any thread.
 *
 * @param brokerConnections        frame size, logon timeout, pending connections per address and messages per
 *                                 second per connection of the acceptor.
 * @param brokerMaxOrdersPerSecond NewOrderSingles and replaces one broker session may send per second (a token
 *                                 bucket as deep as one second); more are rejected THROTTLED at once. 0 = no limit.
 * @param brokerQueueHighWatermark inbound messages a broker session may have waiting for its thread before the
 *                                 acceptor stops reading its socket (TCP pushes back on that session alone); 0: no
 *                                 thread per session and no queue, each message is handled on the I/O thread that
 *                                 read it.
 * @param fixLog                   size and number of files of every FIX message and event log.
 */
public record GatewayLimits(
    ConnectionLimits brokerConnections,
    int brokerMaxOrdersPerSecond,
    int brokerQueueHighWatermark,
    RollingLogLimits fixLog)
{
    /** Largest FIX frame a broker connection may send, bytes. */
    public static final String BROKER_MAX_MESSAGE_BYTES_PROP = "peregrine.gateway.broker.max.message.bytes";
    /** A broker connection not logged on this long after connecting is closed, ms. */
    public static final String BROKER_LOGON_TIMEOUT_MS_PROP = "peregrine.gateway.broker.logon.timeout.ms";
    /** Most broker connections from one address waiting to log on at once. */
    public static final String BROKER_MAX_PENDING_PER_ADDRESS_PROP = "peregrine.gateway.broker.max.pending.per.address";
    /** FIX messages per second one broker connection may send before its socket stops being read; 0: none. */
    public static final String BROKER_MAX_MESSAGES_PER_SECOND_PROP = "peregrine.gateway.broker.max.messages.per.second";
    /** Default of {@link #BROKER_MAX_MESSAGES_PER_SECOND_PROP}: 1,000, twice the default order rate. */
    public static final int BROKER_MAX_MESSAGES_PER_SECOND_DEFAULT = 1_000;
    /** Orders (new and replace) per second per broker session; 0 = no limit. */
    public static final String BROKER_MAX_ORDERS_PER_SECOND_PROP = "peregrine.gateway.broker.max.orders.per.second";
    /**
     * Default of {@link #BROKER_MAX_ORDERS_PER_SECOND_PROP}: 500, well below what the one venue session carries
     * on a 2-core machine (~10,000/s), so one flooding session cannot queue the others behind it.
     */
    public static final int BROKER_MAX_ORDERS_PER_SECOND_DEFAULT = 500;
    /**
     * Inbound messages queued per broker session before its socket stops being read; 0: no session threads, messages
     * are handled on the acceptor's I/O threads (one thread hand-off less per message).
     */
    public static final String BROKER_QUEUE_HIGH_WATERMARK_PROP = "peregrine.gateway.broker.queue.high.watermark";
    /** Default of {@link #BROKER_QUEUE_HIGH_WATERMARK_PROP}. */
    public static final int BROKER_QUEUE_HIGH_WATERMARK_DEFAULT = 1_000;
    /** Size at which a FIX message or event log file rolls, bytes. */
    public static final String FIX_LOG_MAX_FILE_BYTES_PROP = "peregrine.gateway.fix.log.max.file.bytes";
    /** Files kept per FIX log, the current one included. */
    public static final String FIX_LOG_MAX_FILES_PROP = "peregrine.gateway.fix.log.max.files";

    /**
     * Validates the values.
     */
    public GatewayLimits
    {
        if (brokerMaxOrdersPerSecond < 0)
        {
            throw new IllegalArgumentException(BROKER_MAX_ORDERS_PER_SECOND_PROP + " must be 0 (no limit) or more: " +
                brokerMaxOrdersPerSecond);
        }
        if (brokerQueueHighWatermark < 4 && brokerQueueHighWatermark != 0)
        {
            throw new IllegalArgumentException(BROKER_QUEUE_HIGH_WATERMARK_PROP + " must be 0 (no queue: messages are " +
                "handled on the I/O threads) or at least 4: " + brokerQueueHighWatermark);
        }
    }

    /**
     * @param properties the gateway context's properties.
     * @return the limits configured there, defaults for unset keys.
     */
    public static GatewayLimits from(final PropertyReader properties)
    {
        return new GatewayLimits(
            new ConnectionLimits(
                properties.intValue(BROKER_MAX_MESSAGE_BYTES_PROP, ConnectionLimits.MAX_MESSAGE_BYTES_DEFAULT),
                properties.longValue(BROKER_LOGON_TIMEOUT_MS_PROP, ConnectionLimits.LOGON_TIMEOUT_MS_DEFAULT),
                properties.intValue(BROKER_MAX_PENDING_PER_ADDRESS_PROP,
                    ConnectionLimits.MAX_PENDING_PER_ADDRESS_DEFAULT),
                properties.intValue(BROKER_MAX_MESSAGES_PER_SECOND_PROP, BROKER_MAX_MESSAGES_PER_SECOND_DEFAULT)),
            properties.intValue(BROKER_MAX_ORDERS_PER_SECOND_PROP, BROKER_MAX_ORDERS_PER_SECOND_DEFAULT),
            properties.intValue(BROKER_QUEUE_HIGH_WATERMARK_PROP, BROKER_QUEUE_HIGH_WATERMARK_DEFAULT),
            new RollingLogLimits(
                properties.longValue(FIX_LOG_MAX_FILE_BYTES_PROP, RollingLogLimits.MAX_FILE_BYTES_DEFAULT),
                properties.intValue(FIX_LOG_MAX_FILES_PROP, RollingLogLimits.MAX_FILES_DEFAULT)));
    }

    /**
     * @return the defaults.
     */
    public static GatewayLimits defaults()
    {
        return from(PropertyReader.of(new Properties()));
    }

    public GatewayLimits withBrokerConnections(final ConnectionLimits limits)
    {
        return new GatewayLimits(limits, brokerMaxOrdersPerSecond, brokerQueueHighWatermark, fixLog);
    }

    public GatewayLimits withBrokerMaxOrdersPerSecond(final int ordersPerSecond)
    {
        return new GatewayLimits(brokerConnections, ordersPerSecond, brokerQueueHighWatermark, fixLog);
    }

    public GatewayLimits withBrokerQueueHighWatermark(final int highWatermark)
    {
        return new GatewayLimits(brokerConnections, brokerMaxOrdersPerSecond, highWatermark, fixLog);
    }

    public GatewayLimits withFixLog(final RollingLogLimits limits)
    {
        return new GatewayLimits(brokerConnections, brokerMaxOrdersPerSecond, brokerQueueHighWatermark, limits);
    }
}
