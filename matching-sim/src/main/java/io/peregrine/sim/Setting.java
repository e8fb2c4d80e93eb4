package io.peregrine.sim;

import io.peregrine.config.PropertyReader;

import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;

/**
 * One configuration key read into a context: the key, its default and the setter that receives the typed value, so
 * a context lists its single-value keys as one table (a row each) instead of one read statement each. Values are
 * read through {@link PropertyReader}, so errors name the key and old key names keep working.
 * <p>
 * Edge code: used on the thread that builds a context; allocation is fine.
 *
 * @param <C> the context the value is set on.
 */
final class Setting<C>
{
    private final BiConsumer<PropertyReader, C> read;

    private Setting(final BiConsumer<PropertyReader, C> read)
    {
        this.read = read;
    }

    /**
     * @param key          the key.
     * @param defaultValue when unset.
     * @param setter       receives the trimmed text.
     * @param <C>          the context.
     * @return the setting.
     */
    static <C> Setting<C> text(final String key, final String defaultValue, final BiConsumer<C, String> setter)
    {
        return new Setting<>((p, context) -> setter.accept(context, p.string(key, defaultValue)));
    }

    /**
     * @param key          the key.
     * @param defaultValue when unset or blank.
     * @param setter       receives the value as an int.
     * @param <C>          the context.
     * @return the setting.
     */
    static <C> Setting<C> wholeNumber(final String key, final int defaultValue, final ObjIntConsumer<C> setter)
    {
        return new Setting<>((p, context) -> setter.accept(context, p.intValue(key, defaultValue)));
    }

    /**
     * @param key          the key.
     * @param defaultValue when unset or blank.
     * @param setter       receives true or false.
     * @param <C>          the context.
     * @return the setting.
     */
    static <C> Setting<C> flag(final String key, final boolean defaultValue, final BiConsumer<C, Boolean> setter)
    {
        return new Setting<>((p, context) -> setter.accept(context, p.booleanValue(key, defaultValue)));
    }

    /**
     * @param key          the key.
     * @param defaultValue when unset or blank.
     * @param setter       receives the path.
     * @param <C>          the context.
     * @return the setting.
     */
    static <C> Setting<C> path(final String key, final String defaultValue, final BiConsumer<C, Path> setter)
    {
        return new Setting<>((p, context) -> setter.accept(context, p.path(key, defaultValue)));
    }

    /**
     * Reads the key and sets the value.
     *
     * @param properties to read.
     * @param context    to set.
     * @throws IllegalArgumentException naming the key when the value is malformed.
     */
    void read(final PropertyReader properties, final C context)
    {
        read.accept(properties, context);
    }
}
