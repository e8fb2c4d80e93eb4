package io.peregrine.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One public configuration key: its name, its default, its type and the names it had in earlier versions, in one
 * declaration. Read through {@link PropertyReader}, so a bad value fails naming the key; a context's reader honours the
 * old names ({@link KeyRenames#of(List, KeyRenames)}), each working with a deprecation WARN naming this key. The
 * product's keys are declared in {@link PeregrineKeys}; a context reads each with {@link #read(PropertyReader)}.
 * <p>
 * Immutable; any thread. Edge code: reading allocates (boxed values), call it where a context is built.
 *
 * @param <T> the value's type.
 */
public final class ConfigKey<T>
{
    private final String name;
    private final T defaultValue;
    private final Parser<T> parser;
    private final List<String> oldNames;
    private final Range range;

    private ConfigKey(
        final String name, final T defaultValue, final Parser<T> parser, final List<String> oldNames, final Range range)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.oldNames = oldNames;
        this.range = range;
    }

    private ConfigKey(final String name, final T defaultValue, final Parser<T> parser)
    {
        this(name, defaultValue, parser, List.of(), null);
    }

    /**
     * @param names the names this key had in earlier versions, oldest first; each keeps working with a WARN.
     * @return this key, also known by {@code names}.
     */
    public ConfigKey<T> renamedFrom(final String... names)
    {
        return new ConfigKey<>(name, defaultValue, parser, List.of(names), range);
    }

    /**
     * Declares the values a number key accepts, so that a value outside them is refused where it is read
     * ({@link #read(PropertyReader)}, hence a configuration file's by {@link KeyCatalog#checkValues}, naming the file)
     * and where a context checks a value set in code ({@link #check(long)}), with one message.
     *
     * @param min     the smallest value accepted.
     * @param max     the largest value accepted.
     * @param allowed the accepted values in words for the message, e.g. {@code "1..16777216"} or
     *                {@code "0 (no limit) or more"}.
     * @return this key, accepting only {@code min..max}.
     * @throws IllegalArgumentException if this key's default is outside the range, or it is not a number key.
     */
    public ConfigKey<T> within(final long min, final long max, final String allowed)
    {
        return ranged(new Range(min, max, false, false, allowed));
    }

    /**
     * Like {@link #within(long, long, String)} for a key whose 0 means "off" below a least useful value.
     *
     * @param min     the smallest value accepted other than 0.
     * @param max     the largest value accepted.
     * @param allowed the accepted values in words for the message.
     * @return this key, accepting only 0 and {@code min..max}.
     */
    public ConfigKey<T> withinOrZero(final long min, final long max, final String allowed)
    {
        return ranged(new Range(min, max, true, false, allowed));
    }

    /**
     * Like {@link #within(long, long, String)} for a key whose value must also be a power of two (a ring buffer's
     * capacity).
     *
     * @param min     the smallest value accepted (a power of two).
     * @param max     the largest value accepted (a power of two).
     * @param allowed the accepted values in words for the message.
     * @return this key, accepting only the powers of two in {@code min..max}.
     */
    public ConfigKey<T> powerOfTwoWithin(final long min, final long max, final String allowed)
    {
        return ranged(new Range(min, max, false, true, allowed));
    }

    private ConfigKey<T> ranged(final Range range)
    {
        final ConfigKey<T> ranged = new ConfigKey<>(name, defaultValue, parser, oldNames, range);
        if (null != defaultValue)
        {
            if (!(defaultValue instanceof Number))
            {
                throw new IllegalArgumentException(name + " is not a number key");
            }
            ranged.check(((Number)defaultValue).longValue());
        }
        return ranged;
    }

    /**
     * @param min the smallest value accepted.
     * @return this key, accepting {@code min} or more ({@link #within(long, long, String)}).
     */
    public ConfigKey<T> atLeast(final long min)
    {
        return within(min, Long.MAX_VALUE, min + " or more");
    }

    /**
     * @param value a value of this key, read or set in code.
     * @return {@code value}.
     * @throws IllegalArgumentException naming this key and the values it accepts, when {@code value} is not one.
     */
    public long check(final long value)
    {
        if (null != range && !inRange(value))
        {
            throw new IllegalArgumentException(name + " must be " + range.allowed + ", got " + value);
        }
        return value;
    }

    /**
     * @param value a value of this key, read or set in code.
     * @return {@code value}.
     * @throws IllegalArgumentException naming this key and the values it accepts, when {@code value} is not one.
     */
    public int check(final int value)
    {
        check((long)value);
        return value;
    }

    /**
     * @return the values this key accepts in words ({@link #within}), or null when any value of its type is.
     */
    String allowed()
    {
        return null == range ? null : range.allowed;
    }

    /**
     * @return the smallest value this key accepts ({@link #within}; 0 for {@link #withinOrZero});
     *         {@link Long#MIN_VALUE} when it has no range.
     */
    long min()
    {
        return null == range ? Long.MIN_VALUE : range.zeroAllowed ? Math.min(0, range.min) : range.min;
    }

    /**
     * @param name         the key.
     * @param defaultValue when unset; null for none.
     * @return a key whose value is the trimmed text.
     */
    public static ConfigKey<String> text(final String name, final String defaultValue)
    {
        return new ConfigKey<>(name, defaultValue, PropertyReader::string);
    }

    /**
     * @param name         the key.
     * @param defaultValue when unset or blank.
     * @return a key whose value is an int ({@code _} between digits allowed).
     */
    public static ConfigKey<Integer> wholeNumber(final String name, final int defaultValue)
    {
        return new ConfigKey<>(name, defaultValue, PropertyReader::intValue);
    }

    /**
     * @param name         the key.
     * @param defaultValue when unset or blank.
     * @return a key whose value is a long ({@code _} between digits allowed).
     */
    public static ConfigKey<Long> longNumber(final String name, final long defaultValue)
    {
        return new ConfigKey<>(name, defaultValue, PropertyReader::longValue);
    }

    /**
     * @param name the key of a value whose default lives with the code that uses it (e.g. fix-edge's
     *             {@code ConnectionLimits}, which this module does not see): read it with
     *             {@link #read(PropertyReader, Object)}.
     * @return a key whose value is an int, without a default of its own.
     */
    public static ConfigKey<Integer> wholeNumber(final String name)
    {
        // Unboxes the fallback only when it is used: read(reader) of a set value (KeyCatalog.checkValues) has none.
        return new ConfigKey<>(name, null, (reader, key, whenUnset) ->
            isBlank(reader, key) ? whenUnset : Integer.valueOf(reader.intValue(key, 0)));
    }

    /**
     * @param name the key of a value whose default lives with the code that uses it: read it with
     *             {@link #read(PropertyReader, Object)}.
     * @return a key whose value is a long, without a default of its own.
     */
    public static ConfigKey<Long> longNumber(final String name)
    {
        return new ConfigKey<>(name, null, (reader, key, whenUnset) ->
            isBlank(reader, key) ? whenUnset : Long.valueOf(reader.longValue(key, 0)));
    }

    private static boolean isBlank(final PropertyReader reader, final String key)
    {
        return reader.string(key, "").isEmpty();
    }

    /**
     * @param name         the key.
     * @param defaultValue when unset or blank.
     * @return a key whose value is true/false, yes/no or y/n.
     */
    public static ConfigKey<Boolean> flag(final String name, final boolean defaultValue)
    {
        return new ConfigKey<>(name, defaultValue, PropertyReader::booleanValue);
    }

    /**
     * @param name         the key.
     * @param defaultValue when unset or blank; null for none (the value is then null).
     * @return a key whose value is a path.
     */
    public static ConfigKey<Path> path(final String name, final String defaultValue)
    {
        return new ConfigKey<>(
            name, null == defaultValue ? null : Path.of(defaultValue), (reader, key, whenUnset) ->
            {
                final Path value = reader.path(key);
                return null != value ? value : whenUnset;
            });
    }

    /**
     * @return the key, e.g. {@code peregrine.order.capacity}.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the names this key had in earlier versions, oldest first; empty when it was never renamed.
     */
    public List<String> oldNames()
    {
        return oldNames;
    }

    /**
     * @return the value when the key is unset; null when it has none.
     */
    public T defaultValue()
    {
        return defaultValue;
    }

    /**
     * @param reader the context's properties.
     * @return the value of this key in {@code reader}, or {@link #defaultValue()} when unset.
     * @throws IllegalArgumentException naming the key when the value is not of this key's type or outside its range
     *                                  ({@link #within}).
     */
    public T read(final PropertyReader reader)
    {
        return checked(parser.read(reader, name, defaultValue));
    }

    /**
     * @param reader    the context's properties.
     * @param whenUnset the value when the key is unset (e.g. another key this one falls back to).
     * @return the value of this key in {@code reader}, or {@code whenUnset}.
     * @throws IllegalArgumentException naming the key when the value is not of this key's type or outside its range
     *                                  ({@link #within}).
     */
    public T read(final PropertyReader reader, final T whenUnset)
    {
        return checked(parser.read(reader, name, whenUnset));
    }

    /**
     * Reads another key as this one: a key family's member ({@link KeyFamily}) reads the family's key of one id.
     *
     * @param reader the properties.
     * @param key    the key to read, e.g. {@code peregrine.gateway.venue.1.port} for the member {@code .port}.
     * @return its value, or {@link #defaultValue()} when unset.
     * @throws IllegalArgumentException naming {@code key} when the value is not of this key's type or range.
     */
    public T readAs(final PropertyReader reader, final String key)
    {
        final T value = parser.read(reader, key, defaultValue);
        if (null != range && null != value && !inRange(((Number)value).longValue()))
        {
            throw new IllegalArgumentException(key + " must be " + range.allowed + ", got " + value);
        }
        return value;
    }

    private boolean inRange(final long value)
    {
        return value >= range.min && value <= range.max && (!range.powerOfTwo || 1 == Long.bitCount(value)) ||
            range.zeroAllowed && 0 == value;
    }

    private T checked(final T value)
    {
        if (null != range && null != value)
        {
            check(((Number)value).longValue());
        }
        return value;
    }

    /**
     * @param reader the context's properties.
     * @return whether the key (or an old name of it) is set there to a value that is not blank: a blank value reads
     *         as the default ({@link #read(PropertyReader)}), so it is no choice either ({@code -Dperegrine.ops.port=}
     *         leaves a launcher its own port).
     */
    public boolean isSetIn(final PropertyReader reader)
    {
        return !reader.string(name, "").isEmpty();
    }

    public String toString()
    {
        return name + "=" + defaultValue;
    }

    private record Range(long min, long max, boolean zeroAllowed, boolean powerOfTwo, String allowed)
    {
    }

    @FunctionalInterface
    private interface Parser<T>
    {
        T read(PropertyReader reader, String key, T whenUnset);
    }
}
