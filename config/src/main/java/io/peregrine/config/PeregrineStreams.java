package io.peregrine.config;

/**
 * The Aeron wiring every Peregrine process shares, defined once: the directory, the channel and the four streams
 * (public defaults 1001/1002/2001/2002). The core ({@code PeregrineContext}), its clients
 * ({@code PeregrineClient.Context}) and the FIX gateway ({@code GatewayContext}) read these keys.
 */
public final class PeregrineStreams
{
    /** Aeron directory; defaults to Aeron's own default ({@code aeron.dir}, else {@code /dev/shm/aeron-<user>}). */
    public static final String AERON_DIR_PROP_NAME = "peregrine.aeron.dir";

    /** Aeron channel of all four streams. */
    public static final String CHANNEL_PROP_NAME = "peregrine.channel";
    /** Default of {@link #CHANNEL_PROP_NAME}. */
    public static final String CHANNEL_DEFAULT = "aeron:ipc";

    /** Stream clients offer orders and admin commands on. */
    public static final String INGRESS_STREAM_ID_PROP_NAME = "peregrine.ingress.stream";
    /** Default of {@link #INGRESS_STREAM_ID_PROP_NAME}. */
    public static final int INGRESS_STREAM_ID_DEFAULT = 1001;

    /** Stream the core publishes reports on. */
    public static final String EGRESS_STREAM_ID_PROP_NAME = "peregrine.egress.stream";
    /** Default of {@link #EGRESS_STREAM_ID_PROP_NAME}. */
    public static final int EGRESS_STREAM_ID_DEFAULT = 1002;

    /** Stream the core sends venue requests on (to the gateway's venue clients). */
    public static final String VENUE_OUT_STREAM_ID_PROP_NAME = "peregrine.venue.out.stream";
    /** Default of {@link #VENUE_OUT_STREAM_ID_PROP_NAME}. */
    public static final int VENUE_OUT_STREAM_ID_DEFAULT = 2001;

    /** Stream venue clients send executions and session status to the core on. */
    public static final String VENUE_IN_STREAM_ID_PROP_NAME = "peregrine.venue.in.stream";
    /** Default of {@link #VENUE_IN_STREAM_ID_PROP_NAME}. */
    public static final int VENUE_IN_STREAM_ID_DEFAULT = 2002;

    private PeregrineStreams()
    {
    }
}
