package io.peregrine.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The one way every Peregrine {@code Context} reads its keys: layered {@link Properties} (for example a config file
 * over the system properties), typed values whose errors name the key, the value and what was expected, and renamed
 * keys that keep working with a deprecation WARN naming the new key.
 * <p>
 * Number values may group digits with {@code _} ({@code 100_000}). Booleans are {@code true/false}, {@code yes/no} or
 * {@code y/n} in any case; anything else is an error rather than a silent {@code false}.
 * <p>
 * Edge code: used on the thread that builds a context, allocation is fine. The deprecation WARN is logged once per
 * old key per process.
 */
public final class PropertyReader
{
    private static final Logger LOG = LoggerFactory.getLogger(PropertyReader.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final Consumer<String> LOG_ONCE = message ->
    {
        if (WARNED.add(message))
        {
            LOG.warn(message);
        }
    };

    private final List<Properties> layers;
    private final KeyRenames renames;
    private final Consumer<String> deprecationWarnings;

    private PropertyReader(
        final List<Properties> layers, final KeyRenames renames, final Consumer<String> deprecationWarnings)
    {
        this.layers = layers;
        this.renames = renames;
        this.deprecationWarnings = deprecationWarnings;
    }

    /**
     * @return a reader of the system properties.
     */
    public static PropertyReader system()
    {
        return layered(new Properties());
    }

    /**
     * @param first properties that win over the system properties (e.g. a config file); may be empty.
     * @return a reader of {@code first}, then the system properties.
     */
    public static PropertyReader layered(final Properties first)
    {
        final List<Properties> layers = new ArrayList<>();
        layers.add(first);
        layers.add(System.getProperties());
        return new PropertyReader(Collections.unmodifiableList(layers), KeyRenames.NONE, LOG_ONCE);
    }

    /**
     * @param only the only properties read (tests, or a caller that merged its layers already).
     * @return a reader of {@code only}.
     */
    public static PropertyReader of(final Properties only)
    {
        return new PropertyReader(List.of(only), KeyRenames.NONE, LOG_ONCE);
    }

    /**
     * Reads a {@code .properties} file (UTF-8) of Peregrine's keys. A {@code peregrine.*} key set twice, or one this
     * version does not read ({@link KeyCatalog}: a typo, or a key of another version), is refused: either would leave a
     * setting other than the one the file seems to say, silently. Keys outside {@code peregrine.*} are kept as they are.
     *
     * @param file to read.
     * @return its properties.
     * @throws IOException              if it cannot be read.
     * @throws IllegalArgumentException naming the file, each such key and the fix.
     */
    public static Properties load(final Path file) throws IOException
    {
        final KeysOnce properties = read(file, KeyCatalog.NAMESPACE);
        final List<String> problems = setTwice(properties);
        final KeyCatalog catalog = KeyCatalog.peregrine();
        for (final String key : catalog.unknown(properties.stringPropertyNames()))
        {
            problems.add(catalog.describeUnknown(key) + ": correct or remove it");
        }
        if (!problems.isEmpty())
        {
            throw new IllegalArgumentException("configuration file " + file + ": " + String.join("; ", problems) +
                " (the keys are in the README's Configuration tables)");
        }
        final Properties result = new Properties();
        result.putAll(properties);
        return result;
    }

    /**
     * Reads a {@code .properties} file (UTF-8) of other keys than Peregrine's (the risk limits file): a key set twice
     * is refused, as {@link #load(Path)} refuses a {@code peregrine.*} key set twice, since the last value would win
     * silently.
     *
     * @param file to read.
     * @return its properties.
     * @throws IOException              if it cannot be read.
     * @throws IllegalArgumentException naming the file and each key set twice.
     */
    public static Properties loadEachKeyOnce(final Path file) throws IOException
    {
        final KeysOnce properties = read(file, "");
        final List<String> problems = setTwice(properties);
        if (!problems.isEmpty())
        {
            throw new IllegalArgumentException("configuration file " + file + ": " + String.join("; ", problems));
        }
        final Properties result = new Properties();
        result.putAll(properties);
        return result;
    }

    private static KeysOnce read(final Path file, final String checkedPrefix) throws IOException
    {
        final KeysOnce properties = new KeysOnce(checkedPrefix);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF"))
        {
            // A byte order mark (editors on Windows write one) would become part of the first key, silently unset.
            text = text.substring(1);
        }
        properties.load(new StringReader(text));
        return properties;
    }

    private static List<String> setTwice(final KeysOnce properties)
    {
        final List<String> problems = new ArrayList<>();
        for (final String key : properties.setTwice)
        {
            problems.add(key + " is set twice (the last value would win): keep one");
        }
        return problems;
    }

    /**
     * @param renames keys renamed since earlier versions: an old key is read when its new key is unset.
     * @return a reader like this one that also honours {@code renames}.
     */
    public PropertyReader withRenames(final KeyRenames renames)
    {
        return new PropertyReader(layers, this.renames.and(renames), deprecationWarnings);
    }

    /**
     * @param sink receives each deprecation message instead of the log (tests).
     * @return a reader like this one that reports deprecated keys to {@code sink}.
     */
    public PropertyReader withDeprecationWarnings(final Consumer<String> sink)
    {
        return new PropertyReader(layers, renames, sink);
    }

    /**
     * @param key a key.
     * @return the trimmed value of {@code key} (or of an old name of it, with a WARN), or null when unset.
     */
    public String raw(final String key)
    {
        final String value = lookup(key);
        if (null != value)
        {
            for (final String oldKey : renames.oldKeysOf(key))
            {
                if (null != lookup(oldKey))
                {
                    deprecationWarnings.accept("configuration key " + oldKey + " is deprecated and ignored because " +
                        key + " is set; remove " + oldKey);
                }
            }
            return value.trim();
        }
        for (final String oldKey : renames.oldKeysOf(key))
        {
            final String oldValue = lookup(oldKey);
            if (null != oldValue)
            {
                deprecationWarnings.accept(
                    "configuration key " + oldKey + " is deprecated: use " + key + " (the old key still works)");
                return oldValue.trim();
            }
        }
        return null;
    }

    /**
     * @param key a key.
     * @return whether it (or an old name of it) is set.
     */
    public boolean isSet(final String key)
    {
        return null != raw(key);
    }

    /**
     * @param key a key.
     * @return whether a layer other than the system properties sets it (a configuration file, or properties a caller
     * gave a context): a problem with it is refused, while a system property's is only WARNed of.
     */
    public boolean isSetOutsideSystemProperties(final String key)
    {
        for (final Properties layer : layers)
        {
            if (layer != System.getProperties() && null != layer.getProperty(key))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param key          a key.
     * @param defaultValue when unset.
     * @return the trimmed value, or {@code defaultValue}.
     */
    public String string(final String key, final String defaultValue)
    {
        final String value = raw(key);
        return null != value ? value : defaultValue;
    }

    /**
     * @param key          a key.
     * @param defaultValue when unset or blank.
     * @return the value as an int.
     * @throws IllegalArgumentException naming the key when it is not a whole number in int range.
     */
    public int intValue(final String key, final int defaultValue)
    {
        final long value = longValue(key, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException(key + " must be a whole number from " + Integer.MIN_VALUE + " to " +
                Integer.MAX_VALUE + ", got " + value);
        }
        return (int)value;
    }

    /**
     * @param key          a key.
     * @param defaultValue when unset or blank.
     * @return the value as a long ({@code _} between digits allowed).
     * @throws IllegalArgumentException naming the key when it is not a whole number.
     */
    public long longValue(final String key, final long defaultValue)
    {
        final String value = raw(key);
        return null == value || value.isEmpty() ? defaultValue : parseLong(key, value);
    }

    /**
     * @param key          a key.
     * @param defaultValue when unset or blank.
     * @return the value as a boolean.
     * @throws IllegalArgumentException naming the key when it is not true/false, yes/no or y/n.
     */
    public boolean booleanValue(final String key, final boolean defaultValue)
    {
        final String value = raw(key);
        if (null == value || value.isEmpty())
        {
            return defaultValue;
        }
        switch (value.toLowerCase(Locale.ROOT))
        {
            case "true":
            case "yes":
            case "y":
                return true;
            case "false":
            case "no":
            case "n":
                return false;
            default:
                throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
        }
    }

    /**
     * @param key a key.
     * @return the value as a path, or null when unset or blank.
     */
    public Path path(final String key)
    {
        final String value = raw(key);
        return null == value || value.isEmpty() ? null : Path.of(value);
    }

    /**
     * @param key          a key.
     * @param defaultValue when unset or blank.
     * @return the value as a path.
     */
    public Path path(final String key, final String defaultValue)
    {
        final Path value = path(key);
        return null != value ? value : Path.of(defaultValue);
    }

    /**
     * @param key          a key holding a comma separated list.
     * @param defaultValue when unset.
     * @return the non-blank trimmed items, in order.
     */
    public List<String> list(final String key, final String defaultValue)
    {
        return split(string(key, defaultValue));
    }

    /**
     * @param prefix start of the keys wanted.
     * @return every key of every layer that starts with {@code prefix}, sorted (old key names are not translated).
     */
    public Set<String> keysStartingWith(final String prefix)
    {
        final Set<String> keys = new TreeSet<>();
        for (final Properties layer : layers)
        {
            for (final String key : layer.stringPropertyNames())
            {
                if (key.startsWith(prefix))
                {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /**
     * @param text a comma separated list, or null.
     * @return its non-blank trimmed items, in order.
     */
    public static List<String> split(final String text)
    {
        final List<String> items = new ArrayList<>();
        if (null != text)
        {
            for (final String item : text.split(","))
            {
                if (!item.isBlank())
                {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }

    /**
     * @param key   for the message.
     * @param value text of a whole number, {@code _} allowed between digits.
     * @return the number.
     * @throws IllegalArgumentException naming the key and the value.
     */
    public static long parseLong(final String key, final String value)
    {
        try
        {
            return Long.parseLong(value.trim().replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'", ex);
        }
    }

    private String lookup(final String key)
    {
        for (final Properties layer : layers)
        {
            final String value = layer.getProperty(key);
            if (null != value)
            {
                return value;
            }
        }
        return null;
    }

    /**
     * Remembers the keys under a prefix ({@code peregrine.*}, or every key for "") a file sets more than once
     * ({@link Properties#load} calls {@code put} for each line).
     */
    private static final class KeysOnce extends Properties
    {
        private static final long serialVersionUID = 1L;

        private final transient Set<String> setTwice = new TreeSet<>();
        private final transient String checkedPrefix;

        KeysOnce(final String checkedPrefix)
        {
            this.checkedPrefix = checkedPrefix;
        }

        @Override
        public synchronized Object put(final Object key, final Object value)
        {
            final Object previous = super.put(key, value);
            if (null != previous && String.valueOf(key).startsWith(checkedPrefix))
            {
                setTwice.add(String.valueOf(key));
            }
            return previous;
        }
    }
}
