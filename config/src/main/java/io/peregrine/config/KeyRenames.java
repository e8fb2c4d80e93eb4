package io.peregrine.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Configuration keys that were renamed: each old key keeps working, with a deprecation WARN naming its new key
 * (the keys are public contract, see the README's migration note).
 * <p>
 * A rename is exact ({@code peregrine.venue.compId -> peregrine.sim.comp.id}) or has one {@code *} standing for one
 * variable part, the same in both keys ({@code peregrine.venue.instrument.*.refPrice ->
 * peregrine.sim.instrument.*.ref.price}). Immutable once built; edge code, allocation is fine.
 */
public final class KeyRenames
{
    /** No renames. */
    public static final KeyRenames NONE = new KeyRenames(Collections.emptyList());

    private final List<Rename> renames;

    private KeyRenames(final List<Rename> renames)
    {
        this.renames = renames;
    }

    /**
     * @param oldAndNew pairs: old key, new key, old key, new key, ... (each may hold one {@code *}).
     * @return the renames.
     * @throws IllegalArgumentException on an odd count or patterns whose {@code *} do not match up.
     */
    public static KeyRenames of(final String... oldAndNew)
    {
        if (oldAndNew.length % 2 != 0)
        {
            throw new IllegalArgumentException("key renames come in pairs (old, new): " + oldAndNew.length);
        }
        final List<Rename> renames = new ArrayList<>();
        for (int i = 0; i < oldAndNew.length; i += 2)
        {
            renames.add(new Rename(oldAndNew[i], oldAndNew[i + 1]));
        }
        return new KeyRenames(Collections.unmodifiableList(renames));
    }

    /**
     * @param keys     keys declared with their old names ({@link ConfigKey#renamedFrom(String...)}).
     * @param patterns renames of keys with a variable part, which no single {@link ConfigKey} declares.
     * @return every old name of {@code keys} renamed to its key, then {@code patterns}.
     */
    public static KeyRenames of(final List<ConfigKey<?>> keys, final KeyRenames patterns)
    {
        final List<Rename> renames = new ArrayList<>();
        for (final ConfigKey<?> key : keys)
        {
            for (final String oldName : key.oldNames())
            {
                renames.add(new Rename(oldName, key.name()));
            }
        }
        renames.addAll(patterns.renames);
        return new KeyRenames(Collections.unmodifiableList(renames));
    }

    /**
     * @param other more renames.
     * @return these renames followed by {@code other}'s.
     */
    public KeyRenames and(final KeyRenames other)
    {
        final List<Rename> all = new ArrayList<>(renames);
        all.addAll(other.renames);
        return new KeyRenames(Collections.unmodifiableList(all));
    }

    /**
     * @param newKey a key as read today.
     * @return the old keys that mean the same, oldest rename first; empty when it was never renamed.
     */
    public List<String> oldKeysOf(final String newKey)
    {
        List<String> result = Collections.emptyList();
        for (final Rename rename : renames)
        {
            final String oldKey = rename.oldKeyOf(newKey);
            if (null != oldKey)
            {
                if (result.isEmpty())
                {
                    result = new ArrayList<>();
                }
                result.add(oldKey);
            }
        }
        return result;
    }

    /**
     * @param key a key as a user may have set it.
     * @return whether it is an old name of a key (it still works, with a WARN).
     */
    public boolean isOldKey(final String key)
    {
        for (final Rename rename : renames)
        {
            if (rename.matchesOld(key))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return every rename as {@code old -> new}, for the README and error messages.
     */
    public List<String> describe()
    {
        final List<String> lines = new ArrayList<>();
        for (final Rename rename : renames)
        {
            lines.add(rename.oldPattern + " -> " + rename.newPattern);
        }
        return lines;
    }

    private static final class Rename
    {
        private final String oldPattern;
        private final String newPattern;
        private final int newStar;

        Rename(final String oldPattern, final String newPattern)
        {
            final int oldStars = oldPattern.length() - oldPattern.replace("*", "").length();
            final int newStars = newPattern.length() - newPattern.replace("*", "").length();
            if (oldStars > 1 || oldStars != newStars)
            {
                throw new IllegalArgumentException("a key rename holds at most one '*', the same in both keys: " +
                    oldPattern + " -> " + newPattern);
            }
            this.oldPattern = oldPattern;
            this.newPattern = newPattern;
            this.newStar = newPattern.indexOf('*');
        }

        String oldKeyOf(final String key)
        {
            if (newStar < 0)
            {
                return newPattern.equals(key) ? oldPattern : null;
            }
            final String prefix = newPattern.substring(0, newStar);
            final String suffix = newPattern.substring(newStar + 1);
            if (key.length() > prefix.length() + suffix.length() && key.startsWith(prefix) && key.endsWith(suffix))
            {
                final String part = key.substring(prefix.length(), key.length() - suffix.length());
                return oldPattern.replace("*", part);
            }
            return null;
        }

        boolean matchesOld(final String key)
        {
            final int oldStar = oldPattern.indexOf('*');
            if (oldStar < 0)
            {
                return oldPattern.equals(key);
            }
            final String prefix = oldPattern.substring(0, oldStar);
            final String suffix = oldPattern.substring(oldStar + 1);
            return key.length() > prefix.length() + suffix.length() && key.startsWith(prefix) && key.endsWith(suffix);
        }
    }
}
