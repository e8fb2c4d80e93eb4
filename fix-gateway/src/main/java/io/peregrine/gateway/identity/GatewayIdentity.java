package io.peregrine.gateway.identity;

import io.peregrine.core.AtomicFile;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.gateway.venue.VenueClientConfig;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a gateway data directory's orders are known by outside it: the client id the core holds them under, the
 * gateway's CompID towards the brokers and each broker session's CompID and account, and each venue session's CompIDs.
 * Recorded in {@code <data dir>/identity.properties} at every start ({@link #write}: atomic, so a crash leaves the
 * old record or the new one) and compared by the next start ({@link IdentityChangeCheck}). A data directory of a
 * release before the record has none: the start records it. Immutable; start-up only; allocates.
 *
 * @param clientId       {@code peregrine.gateway.client.id}; 0 when the broker side never ran with this directory.
 * @param brokerCompId   {@code peregrine.gateway.broker.comp.id}; null when the broker side never ran.
 * @param brokerSessions broker session CompID -> its account ({@code peregrine.gateway.broker.sessions}), sorted.
 * @param venueSessions  venue id -> {@code SENDER->TARGET} of its session, sorted; empty when no venue ran.
 */
public record GatewayIdentity(
    int clientId, String brokerCompId, Map<String, String> brokerSessions, Map<Integer, String> venueSessions)
{
    /** The record's file name in the data directory. */
    public static final String FILE_NAME = "identity.properties";

    private static final String CLIENT_ID = "client.id";
    private static final String BROKER_COMP_ID = "broker.comp.id";
    private static final String BROKER_SESSION_PREFIX = "broker.session.";
    private static final String VENUE_SESSION_PREFIX = "venue.";
    private static final String SESSION_SUFFIX = ".session";

    /**
     * Copies the maps.
     */
    public GatewayIdentity
    {
        brokerSessions = Map.copyOf(new TreeMap<>(brokerSessions));
        venueSessions = Map.copyOf(new TreeMap<>(venueSessions));
    }

    /**
     * @param ctx     the configuration of this start.
     * @param earlier the identity recorded by the start before, or null.
     * @return the identity it runs with: the broker side's part only when it is enabled, the venues' only when any is
     *         configured (a side that does not start keeps what {@code earlier} recorded, so a start without it is no
     *         change of it).
     */
    public static GatewayIdentity of(final GatewayContext ctx, final GatewayIdentity earlier)
    {
        final boolean keepBroker = !ctx.brokerEnabled() && null != earlier;
        final Map<String, String> brokers = new TreeMap<>();
        if (keepBroker)
        {
            brokers.putAll(earlier.brokerSessions());
        }
        else if (ctx.brokerEnabled())
        {
            for (final BrokerSessionConfig broker : ctx.brokerSessions())
            {
                brokers.put(broker.compId(), broker.defaultAccount());
            }
        }
        final Map<Integer, String> venues = new TreeMap<>();
        if (ctx.venues().isEmpty() && null != earlier)
        {
            venues.putAll(earlier.venueSessions());
        }
        for (final VenueClientConfig venue : ctx.venues())
        {
            venues.put(venue.venueId(), venue.senderCompId() + "->" + venue.targetCompId());
        }
        return new GatewayIdentity(
            keepBroker ? earlier.clientId() : ctx.brokerEnabled() ? ctx.clientId() : 0,
            keepBroker ? earlier.brokerCompId() : ctx.brokerEnabled() ? ctx.brokerCompId() : null,
            brokers, venues);
    }

    /**
     * @param dataDir the gateway data directory.
     * @return the identity recorded there, or null when there is none (a new directory, or one of an earlier release).
     * @throws IllegalStateException naming the file and the fix when it cannot be read.
     */
    public static GatewayIdentity read(final Path dataDir)
    {
        final Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return null;
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
            final Map<String, String> brokers = new TreeMap<>();
            final Map<Integer, String> venues = new TreeMap<>();
            for (final String key : properties.stringPropertyNames())
            {
                if (key.startsWith(BROKER_SESSION_PREFIX))
                {
                    brokers.put(key.substring(BROKER_SESSION_PREFIX.length()), properties.getProperty(key).trim());
                }
                else if (key.startsWith(VENUE_SESSION_PREFIX) && key.endsWith(SESSION_SUFFIX))
                {
                    venues.put(Integer.parseInt(key.substring(VENUE_SESSION_PREFIX.length(),
                        key.length() - SESSION_SUFFIX.length())), properties.getProperty(key).trim());
                }
            }
            final String brokerCompId = properties.getProperty(BROKER_COMP_ID);
            return new GatewayIdentity(Integer.parseInt(properties.getProperty(CLIENT_ID, "0").trim()),
                null == brokerCompId ? null : brokerCompId.trim(), brokers, venues);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException("cannot read " + file.toAbsolutePath() + " (the client id and CompIDs " +
                "this gateway data directory last ran with: " + ex + "): restore it, or move it away with no order " +
                "working (the next start records it again)", ex);
        }
    }

    /**
     * Records this identity in the data directory, replacing the record whole (atomic rename after an fsync).
     *
     * @param dataDir the gateway data directory (exists).
     * @throws UncheckedIOException naming the file when it cannot be written.
     */
    public void write(final Path dataDir)
    {
        final Properties properties = new Properties();
        if (0 != clientId)
        {
            properties.setProperty(CLIENT_ID, Integer.toString(clientId));
        }
        if (null != brokerCompId)
        {
            properties.setProperty(BROKER_COMP_ID, brokerCompId);
        }
        brokerSessions.forEach((compId, account) -> properties.setProperty(BROKER_SESSION_PREFIX + compId, account));
        venueSessions.forEach((venueId, session) ->
            properties.setProperty(VENUE_SESSION_PREFIX + venueId + SESSION_SUFFIX, session));
        final StringWriter text = new StringWriter();
        try
        {
            // Properties escapes what a CompID may hold (':', '=', spaces) so that read() gets it back.
            properties.store(text, "The client id and CompIDs this gateway data directory last ran with, compared " +
                "at the next start (fix-gateway README, \"Identity of a data directory\"). Do not edit.");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex); // a StringWriter does not throw
        }
        final Path file = dataDir.resolve(FILE_NAME);
        try
        {
            AtomicFile.write(file, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file.toAbsolutePath() + " (the client id and CompIDs " +
                "this gateway data directory runs with): check peregrine.gateway.data.dir", ex);
        }
    }
}
