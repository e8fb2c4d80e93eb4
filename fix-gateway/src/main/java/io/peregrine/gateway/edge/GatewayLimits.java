package io.peregrine.gateway.edge;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PropertyReader;
import io.peregrine.fixedge.ConnectionLimits;
import io.peregrine.fixedge.RollingLogLimits;

import java.util.Properties;

/**
 * The gateway's overload limits: connection hygiene of the broker acceptor, the per-session order rate, the
 * per-session inbound queue, the size of the FIX logs, and the largest frame a venue session receives. Part of
 * {@code GatewayContext}; the keys are declared in {@link Gateway} (documented in fix-gateway/README.md), the
 * defaults of the connection and log limits in fix-edge's {@link ConnectionLimits} and {@link RollingLogLimits}.
 * Immutable; any thread.
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
 * @param venueMaxMessageBytes     largest FIX frame a venue session may receive; a larger one closes its connection
 *                                 before QuickFIX/J buffers it (the session reconnects).
 */
public record GatewayLimits(
    ConnectionLimits brokerConnections,
    int brokerMaxOrdersPerSecond,
    int brokerQueueHighWatermark,
    RollingLogLimits fixLog,
    int venueMaxMessageBytes)
{
    /**
     * Validates the values.
     */
    public GatewayLimits
    {
        if (brokerMaxOrdersPerSecond < 0)
        {
            throw new IllegalArgumentException(Gateway.BROKER_MAX_ORDERS_PER_SECOND.name() +
                " must be 0 (no limit) or more: " + brokerMaxOrdersPerSecond);
        }
        if (brokerQueueHighWatermark < 4 && brokerQueueHighWatermark != 0)
        {
            throw new IllegalArgumentException(Gateway.BROKER_QUEUE_HIGH_WATERMARK.name() + " must be 0 (no queue: " +
                "messages are handled on the I/O threads) or at least 4: " + brokerQueueHighWatermark);
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
                Gateway.BROKER_MAX_MESSAGE_BYTES.read(properties, ConnectionLimits.MAX_MESSAGE_BYTES_DEFAULT),
                Gateway.BROKER_LOGON_TIMEOUT_MS.read(properties, ConnectionLimits.LOGON_TIMEOUT_MS_DEFAULT),
                Gateway.BROKER_MAX_PENDING_PER_ADDRESS.read(
                    properties, ConnectionLimits.MAX_PENDING_PER_ADDRESS_DEFAULT),
                Gateway.BROKER_MAX_MESSAGES_PER_SECOND.read(properties)),
            Gateway.BROKER_MAX_ORDERS_PER_SECOND.read(properties),
            Gateway.BROKER_QUEUE_HIGH_WATERMARK.read(properties),
            new RollingLogLimits(
                Gateway.FIX_LOG_MAX_FILE_BYTES.read(properties, RollingLogLimits.MAX_FILE_BYTES_DEFAULT),
                Gateway.FIX_LOG_MAX_FILES.read(properties, RollingLogLimits.MAX_FILES_DEFAULT)),
            Gateway.VENUE_MAX_MESSAGE_BYTES.read(properties, ConnectionLimits.MAX_MESSAGE_BYTES_DEFAULT));
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
        return new GatewayLimits(limits, brokerMaxOrdersPerSecond, brokerQueueHighWatermark, fixLog,
            venueMaxMessageBytes);
    }

    public GatewayLimits withBrokerMaxOrdersPerSecond(final int ordersPerSecond)
    {
        return new GatewayLimits(brokerConnections, ordersPerSecond, brokerQueueHighWatermark, fixLog,
            venueMaxMessageBytes);
    }

    public GatewayLimits withBrokerQueueHighWatermark(final int highWatermark)
    {
        return new GatewayLimits(brokerConnections, brokerMaxOrdersPerSecond, highWatermark, fixLog,
            venueMaxMessageBytes);
    }

    public GatewayLimits withFixLog(final RollingLogLimits limits)
    {
        return new GatewayLimits(brokerConnections, brokerMaxOrdersPerSecond, brokerQueueHighWatermark, limits,
            venueMaxMessageBytes);
    }
}
