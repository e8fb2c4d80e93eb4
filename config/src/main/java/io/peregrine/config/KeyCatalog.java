package io.peregrine.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every {@code peregrine.*} key this version reads, so that a misspelt, obsolete or invented key is named (with the
 * nearest real key) instead of silently ignored: an ignored key leaves its setting at the default, and a default risk
 * limits file or journal directory nobody chose is worse than a refusal to start.
 * <p>
 * Known are: every {@link ConfigKey} of {@link PeregrineKeys} and its old names, the old names of
 * {@link PeregrineKeys.Sim#RENAMES}, the process-wide idle and threading keys, and the key families with a variable
 * part ({@code peregrine.gateway.venue.<ID>.host}, ...). Keys outside {@code peregrine.*} are never judged: they belong
 * to Aeron, Agrona, the JVM or the user's application.
 * <p>
 * Immutable; any thread. Edge code (start-up), allocates.
 */
public final class KeyCatalog
{
    private static final Logger LOG = LoggerFactory.getLogger(KeyCatalog.class);

    /** The namespace this catalog judges. */
    public static final String NAMESPACE = "peregrine.";

    /**
     * Keys read outside {@link PeregrineKeys}: {@code peregrine.threading} is hft-core's {@code AgentThreading}
     * ({@code AgentThreadingKeyTest} checks it is here), {@code peregrine.source.dir} latency-bench's (set by
     * {@code run.sh bench}).
     */
    private static final List<String> PROCESS_WIDE_KEYS = List.of(
        IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME,
        IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME,
        WakeableIdleStrategy.WAKE_PROP_NAME,
        "peregrine.threading",
        "peregrine.source.dir");

    /**
     * Keys with a variable part (an account, a CompID, a venue id, a symbol); the suffixes are the ones the contexts
     * read (fix-gateway's {@code GatewayContext}, matching-sim's {@code SimVenueContext}) and the READMEs document.
     * Whether a key's id is one the configuration lists is {@link FamilyKeyCheck}'s to judge.
     */
    private static final List<KeyFamily> FAMILIES = List.of(
        PeregrineKeys.Core.ACCOUNT_KEYS,
        PeregrineKeys.Gateway.BROKER_SESSION_KEYS,
        PeregrineKeys.Gateway.VENUE_KEYS,
        PeregrineKeys.Sim.SESSION_KEYS,
        PeregrineKeys.Sim.INSTRUMENT_KEYS);

    private static final KeyCatalog PEREGRINE = new KeyCatalog();

    private final Set<String> names = new TreeSet<>();

    private KeyCatalog()
    {
        for (final ConfigKey<?> key : PeregrineKeys.all())
        {
            names.add(key.name());
            names.addAll(key.oldNames());
        }
        names.addAll(PROCESS_WIDE_KEYS);
    }

    /**
     * @return the catalog of this version's keys.
     */
    public static KeyCatalog peregrine()
    {
        return PEREGRINE;
    }

    /**
     * @param key a key as a user set it.
     * @return whether this version reads it (an old name counts: it still works, with a deprecation WARN), or it is
     * outside {@link #NAMESPACE}.
     */
    public boolean isKnown(final String key)
    {
        if (!key.startsWith(NAMESPACE) || names.contains(key) || PeregrineKeys.Sim.RENAMES.isOldKey(key))
        {
            return true;
        }
        for (final KeyFamily family : FAMILIES)
        {
            if (family.matches(key))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param key a key.
     * @return whether it is one of this version's keys without a variable part (or an old name of one).
     */
    boolean isDeclared(final String key)
    {
        return names.contains(key);
    }

    /**
     * Reads each of this version's keys that a configuration file sets as its type (number, flag, path...) and range
     * ({@link ConfigKey#within}), so that a bad value is refused where the file is known, naming it, rather than
     * later by a context that reads the system properties the file was copied into (its message names the key only).
     * Keys with a variable part are read as their family's member ({@link KeyFamily}; {@link FamilyKeyCheck} judges
     * their ids). What depends on two keys (an account capacity above the order capacity) is the contexts'
     * {@code conclude()}s'.
     *
     * @param file the file's properties.
     * @throws IllegalArgumentException naming the first key, in key order, whose value is not of its type or range.
     */
    public void checkValues(final Properties file)
    {
        final PropertyReader reader = PropertyReader.of(file);
        final Map<String, ConfigKey<?>> declared = new TreeMap<>();
        for (final ConfigKey<?> key : PeregrineKeys.all())
        {
            declared.put(key.name(), key);
        }
        for (final String name : new TreeSet<>(file.stringPropertyNames()))
        {
            final ConfigKey<?> key = declared.get(name);
            if (null != key)
            {
                key.read(reader);
                continue;
            }
            if (checkProcessWideValue(reader, name))
            {
                continue;
            }
            for (final KeyFamily family : FAMILIES)
            {
                if (family.matches(name))
                {
                    family.checkValue(reader, name);
                    break;
                }
            }
        }
    }

    /**
     * The process-wide idle keys are read by every context from the system properties: their types and ranges are
     * checked here as the declared keys'.
     *
     * @return whether {@code key} is one of them.
     */
    private static boolean checkProcessWideValue(final PropertyReader reader, final String key)
    {
        switch (key)
        {
            case IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME:
                IdleStrategies.backoffMaxParkNs(reader, null);
                return true;
            case IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME:
                IdleStrategies.backoffMinParkNs(reader);
                return true;
            case WakeableIdleStrategy.WAKE_PROP_NAME:
                reader.booleanValue(key, WakeableIdleStrategy.WAKE_DEFAULT);
                return true;
            default:
                return false;
        }
    }

    /**
     * @param keys keys as a user set them (a config file's, the system properties').
     * @return the unknown ones, sorted.
     */
    public List<String> unknown(final Collection<String> keys)
    {
        final Set<String> unknown = new TreeSet<>();
        for (final String key : keys)
        {
            if (!isKnown(key))
            {
                unknown.add(key);
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(unknown));
    }

    /**
     * WARNs of each {@code peregrine.*} system property this version does not read, once per launcher start. Only a
     * WARN, not a refusal like a configuration file's ({@link PropertyReader#load}): system properties are shared with
     * whatever else runs in the JVM, and a wrapper script may pass one to every version it starts.
     */
    public void warnOfUnknownSystemProperties()
    {
        for (final String key : unknown(System.getProperties().stringPropertyNames()))
        {
            LOG.warn("system property {}, so it is ignored", describeUnknown(key));
        }
    }

    /**
     * @param key an unknown key.
     * @return the known key (a family's with the same variable part) nearest to it in spelling, or null when none is
     * near enough to be a likely typo.
     */
    public String nearest(final String key)
    {
        String best = null;
        int bestDistance = Math.max(2, key.length() / 8) + 1;
        for (final String name : candidates(key))
        {
            final int distance = editDistance(key, name, bestDistance);
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }
        return best;
    }

    /**
     * @param key an unknown key.
     * @return one phrase naming it and, when one is near, the key that was probably meant.
     */
    public String describeUnknown(final String key)
    {
        final String nearest = nearest(key);
        return key + (null == nearest ? " is not a key of this version" : " is not a key (did you mean " + nearest + "?)");
    }

    private List<String> candidates(final String key)
    {
        final List<String> candidates = new ArrayList<>(names);
        for (final KeyFamily family : FAMILIES)
        {
            family.candidatesFor(key, candidates);
        }
        return candidates;
    }

    /**
     * Levenshtein distance, or {@code limit} as soon as it is at least that (keys are short, the catalog ~200 names).
     */
    static int editDistance(final String a, final String b, final int limit)
    {
        if (Math.abs(a.length() - b.length()) >= limit)
        {
            return limit;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= limit)
            {
                return limit;
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], limit);
    }
}
