package io.peregrine.config;

import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keys with a variable part: {@code prefix + <ID> + suffix}, the id being one or more characters (a symbol may hold a
 * dot), e.g. {@code peregrine.gateway.venue.<ID>.host}. A context reads a family's keys only for the ids another key
 * lists ({@code peregrine.gateway.venues}, ...): {@link KeyCatalog} knows the family's shape, {@link FamilyKeyCheck}
 * whether the id is one the configuration has.
 * <p>
 * Immutable; any thread. Edge code (start-up), allocates.
 */
public final class KeyFamily
{
    private final String prefix;
    private final String idName;
    private final List<String> suffixes;
    private final List<ConfigKey<?>> members;

    /**
     * @param prefix   what every key of the family starts with, up to the id.
     * @param idName   what the id names, for messages ("venue", "broker session", ...).
     * @param suffixes what follows the id in each key of the family; each value is text.
     */
    public KeyFamily(final String prefix, final String idName, final String... suffixes)
    {
        this(prefix, idName, Stream.of(suffixes).map(suffix -> ConfigKey.text(suffix, null)).toArray(ConfigKey[]::new));
    }

    /**
     * @param prefix  what every key of the family starts with, up to the id.
     * @param idName  what the id names, for messages ("venue", "broker session", ...).
     * @param members the family's keys with the id left out: each one's name is what follows the id, its type and
     *                range are the family's keys' ({@link #checkValue}), its default theirs.
     */
    public KeyFamily(final String prefix, final String idName, final ConfigKey<?>... members)
    {
        this.prefix = prefix;
        this.idName = idName;
        this.members = List.of(members);
        this.suffixes = this.members.stream().map(ConfigKey::name).toList();
    }

    /**
     * Reads a key of the family as its member's type, so that a configuration file's bad value is refused where the
     * file is known ({@link KeyCatalog#checkValues}), as for a key without a variable part.
     *
     * @param reader the file's properties.
     * @param key    a key that {@link #matches(String)}.
     * @throws IllegalArgumentException naming the key when its value is not of its member's type or range.
     */
    void checkValue(final PropertyReader reader, final String key)
    {
        ConfigKey<?> longest = null;
        for (final ConfigKey<?> member : members)
        {
            if (key.length() > prefix.length() + member.name().length() && key.endsWith(member.name()) &&
                (null == longest || member.name().length() > longest.name().length()))
            {
                longest = member;
            }
        }
        if (null != longest)
        {
            longest.readAs(reader, key);
        }
    }

    /**
     * @return what every key of the family starts with.
     */
    public String prefix()
    {
        return prefix;
    }

    /**
     * @return what the id names, for messages.
     */
    public String idName()
    {
        return idName;
    }

    /**
     * @param id an id.
     * @return the family's keys for {@code id}, for messages ({@code prefix + id + suffix}, in declaration order).
     */
    public List<String> keysOf(final String id)
    {
        return suffixes.stream().map(suffix -> prefix + id + suffix).toList();
    }

    /**
     * @param key a key.
     * @return whether it has the family's shape, whatever its id.
     */
    public boolean matches(final String key)
    {
        if (!key.startsWith(prefix))
        {
            return false;
        }
        for (final String suffix : suffixes)
        {
            if (key.length() > prefix.length() + suffix.length() && key.endsWith(suffix))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param key a key.
     * @param ids the ids a context reads the family's keys for.
     * @return whether {@code key} is the family's key of one of {@code ids} (the id may end like a suffix begins, so
     * every suffix the key ends with is tried).
     */
    public boolean isKeyOfAny(final String key, final Collection<String> ids)
    {
        if (!key.startsWith(prefix))
        {
            return false;
        }
        for (final String suffix : suffixes)
        {
            if (key.length() > prefix.length() + suffix.length() && key.endsWith(suffix) &&
                ids.contains(key.substring(prefix.length(), key.length() - suffix.length())))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param key a key that {@link #matches(String)}.
     * @return its id, taking the longest suffix it ends with (for messages).
     */
    public String idOf(final String key)
    {
        String longest = "";
        for (final String suffix : suffixes)
        {
            if (key.length() > prefix.length() + suffix.length() && key.endsWith(suffix) &&
                suffix.length() > longest.length())
            {
                longest = suffix;
            }
        }
        return key.substring(prefix.length(), key.length() - longest.length());
    }

    /**
     * A misspelt family key most often keeps its variable part: the candidates take the key's first segment after the
     * prefix with each suffix.
     *
     * @param key        a key no context reads.
     * @param candidates receives the family's keys it may have meant.
     */
    void candidatesFor(final String key, final List<String> candidates)
    {
        if (!key.startsWith(prefix) || key.length() == prefix.length())
        {
            return;
        }
        final int dot = key.indexOf('.', prefix.length());
        final String part = key.substring(prefix.length(), dot < 0 ? key.length() : dot);
        candidates.addAll(keysOf(part));
    }

    public String toString()
    {
        return prefix + "<" + idName + ">" + suffixes;
    }
}
