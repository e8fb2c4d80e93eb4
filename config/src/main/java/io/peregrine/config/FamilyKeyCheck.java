package io.peregrine.config;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PeregrineKeys.Sim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Finds the keys of a {@link KeyFamily} whose id the configuration does not list: {@link KeyCatalog} knows
 * {@code peregrine.gateway.venue.3.host} as a key of this version, but with {@code peregrine.gateway.venues=1,2} no
 * context reads it, and a typo in the id (or a key of another family that happens to end like one of this family's,
 * {@code peregrine.gateway.broker.keystore.password}) would silently leave the setting at its default. A context
 * refuses such a key set in a configuration file (or in the properties given to it), and WARNs, once per process, of
 * one set only as a system property (a {@code -D} is shared with whatever else runs in the JVM, as
 * {@link KeyCatalog#warnOfUnknownSystemProperties()}).
 * <p>
 * Not thread-safe while being built; edge code (start-up), allocates.
 */
public final class FamilyKeyCheck
{
    private static final Logger LOG = LoggerFactory.getLogger(FamilyKeyCheck.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final List<Scope> scopes = new ArrayList<>();

    /**
     * @param family   a family of keys.
     * @param idsKey   the key listing the ids the family is read for (or, for ids that are not a key's, what lists
     *                 them), for messages.
     * @param ids      the ids the family's keys are read for.
     * @return this.
     */
    public FamilyKeyCheck family(final KeyFamily family, final String idsKey, final Collection<String> ids)
    {
        scopes.add(new Scope(family, idsKey, List.copyOf(ids)));
        return this;
    }

    /**
     * @param reader the gateway's configuration.
     * @return the check of {@code GatewayContext}'s families: the broker session keys for the CompIDs of
     * {@link Gateway#BROKER_SESSIONS}, the venue keys for the ids of {@link Gateway#VENUES}, read as the context reads
     * them (an entry it would refuse adds no id: the context names it first).
     */
    public static FamilyKeyCheck gateway(final PropertyReader reader)
    {
        final List<String> compIds = new ArrayList<>();
        for (final String entry : PropertyReader.split(Gateway.BROKER_SESSIONS.read(reader)))
        {
            final int colon = entry.indexOf(':');
            if (colon > 0)
            {
                compIds.add(entry.substring(0, colon).trim());
            }
        }
        final List<String> venueIds = new ArrayList<>();
        for (final String entry : PropertyReader.split(Gateway.VENUES.read(reader)))
        {
            try
            {
                venueIds.add(String.valueOf(Integer.parseInt(entry)));
            }
            catch (final NumberFormatException ex)
            {
                // The context refuses the list naming the entry; this check has no id to add.
            }
        }
        return new FamilyKeyCheck()
            .family(Gateway.BROKER_SESSION_KEYS, Gateway.BROKER_SESSIONS.name(), compIds)
            .family(Gateway.VENUE_KEYS, Gateway.VENUES.name(), venueIds);
    }

    /**
     * @param reader the simulated exchange's configuration.
     * @return the check of {@code SimVenueContext}'s families: the session keys for the CompIDs of {@link Sim#SESSIONS},
     * the instrument keys for the symbols of {@link Sim#INSTRUMENTS}, under their new and old names.
     */
    public static FamilyKeyCheck sim(final PropertyReader reader)
    {
        final PropertyReader renamed = reader.withRenames(Sim.RENAMES);
        final List<String> sessions = PropertyReader.split(Sim.SESSIONS.read(renamed));
        final List<String> instruments = PropertyReader.split(Sim.INSTRUMENTS.read(renamed));
        return new FamilyKeyCheck()
            .family(Sim.SESSION_KEYS, Sim.SESSIONS.name(), sessions)
            .family(Sim.OLD_SESSION_KEYS, Sim.SESSIONS.name(), sessions)
            .family(Sim.INSTRUMENT_KEYS, Sim.INSTRUMENTS.name(), instruments)
            .family(Sim.OLD_INSTRUMENT_KEYS, Sim.INSTRUMENTS.name(), instruments);
    }

    /**
     * @param other another check.
     * @return this, also checking {@code other}'s families.
     */
    public FamilyKeyCheck and(final FamilyKeyCheck other)
    {
        scopes.addAll(other.scopes);
        return this;
    }

    /**
     * @param keys keys as a user set them.
     * @return those that have the shape of a checked family but whose id it is not read for, sorted.
     */
    public List<String> unread(final Collection<String> keys)
    {
        final Set<String> unread = new TreeSet<>();
        for (final String key : keys)
        {
            if (null != scopeOf(key))
            {
                unread.add(key);
            }
        }
        return List.copyOf(unread);
    }

    /**
     * @param key a key {@link #unread(Collection)} answered.
     * @return one phrase naming the key, its id, the ids configured and the fix.
     */
    public String describe(final String key)
    {
        final Scope scope = scopeOf(key);
        if (null == scope)
        {
            throw new IllegalArgumentException(key + " is read");
        }
        final String what = scope.family.idName();
        return key + " is a key of " + what + " " + scope.family.idOf(key) + ", which " + scope.idsKey +
            " does not list (it lists " + (scope.ids.isEmpty() ? "none" : String.join(", ", scope.ids)) +
            "), so nothing reads it: correct the " + what + " in the key, or add the " + what + " to " + scope.idsKey;
    }

    /**
     * Refuses each unread key set outside the system properties; WARNs (once per process per key) of each set only as
     * a system property.
     *
     * @param reader the context's configuration.
     * @throws IllegalArgumentException naming each unread key set outside the system properties, with the fix.
     */
    public void refuseOrWarn(final PropertyReader reader)
    {
        refuseOrWarn(reader, message ->
        {
            if (WARNED.add(message))
            {
                LOG.warn(message);
            }
        });
    }

    /**
     * {@link #refuseOrWarn(PropertyReader)} with the WARNs given to {@code warnings} (tests).
     *
     * @param reader   the context's configuration.
     * @param warnings receives one message per unread key set only as a system property.
     * @throws IllegalArgumentException naming each unread key set outside the system properties, with the fix.
     */
    public void refuseOrWarn(final PropertyReader reader, final Consumer<String> warnings)
    {
        final Set<String> keys = new TreeSet<>();
        for (final Scope scope : scopes)
        {
            keys.addAll(reader.keysStartingWith(scope.family.prefix()));
        }
        final List<String> refused = new ArrayList<>();
        for (final String key : unread(keys))
        {
            if (reader.isSetOutsideSystemProperties(key))
            {
                refused.add(describe(key));
            }
            else
            {
                warnings.accept("system property " + describe(key) + "; it is ignored");
            }
        }
        if (!refused.isEmpty())
        {
            throw new IllegalArgumentException(String.join("; ", refused));
        }
    }

    /**
     * @return the scope whose family {@code key} has the shape of while no scope of that shape reads it; null when
     * the key is read, is no family's, or is a declared key that merely ends like one.
     */
    private Scope scopeOf(final String key)
    {
        if (KeyCatalog.peregrine().isDeclared(key))
        {
            return null;
        }
        Scope unread = null;
        for (final Scope scope : scopes)
        {
            if (scope.family.isKeyOfAny(key, scope.ids))
            {
                return null;
            }
            if (null == unread && scope.family.matches(key))
            {
                unread = scope;
            }
        }
        return unread;
    }

    private record Scope(KeyFamily family, String idsKey, List<String> ids)
    {
    }
}
