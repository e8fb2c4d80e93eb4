package io.peregrine.bench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks a tool's {@code --help} texts: what the usage it prints names ({@link #assertUsageNames}), and the texts as
 * written in its picocli annotations: picocli passes every description, heading and exit-status line through
 * {@link String#format}, and one that does not format (a bare {@code %}, as in {@code 80%}: write {@code 80%%}) makes
 * it print "Could not format ..." on standard error each time the usage is built, which every run of the tool does.
 */
public final class HelpTexts
{
    private HelpTexts()
    {
    }

    /**
     * Asserts that a tool's usage is under its name and names every one of {@code texts} (its flags, their defaults,
     * the exit statuses), whatever line picocli wrapped them on.
     *
     * @param usage the tool's usage text.
     * @param tool  the name the usage must start with ({@code Usage: <tool>}).
     * @param texts what the usage must name.
     */
    public static void assertUsageNames(final String usage, final String tool, final String... texts)
    {
        assertTrue(usage.startsWith("Usage: " + tool), usage);
        final String oneLine = usage.replaceAll("\\s+", " ");
        final List<String> missing = new ArrayList<>();
        for (final String text : texts)
        {
            if (!oneLine.contains(text))
            {
                missing.add(text);
            }
        }
        assertEquals(List.of(), missing, "not named in\n" + usage);
    }

    /**
     * @param commandClass a class annotated with {@code @Command}: fails naming every text of it, of its options and
     *                     of its mixins that picocli cannot format.
     */
    public static void assertEveryTextFormats(final Class<?> commandClass)
    {
        final Command command = commandClass.getAnnotation(Command.class);
        assertTrue(null != command, commandClass + " is a picocli command");
        final List<String> texts = new ArrayList<>();
        addCommandTexts(command, texts);
        addOptionTexts(commandClass, texts);

        final List<String> unformattable = new ArrayList<>();
        for (final String text : texts)
        {
            try
            {
                String.format(Locale.ROOT, text);
            }
            catch (final IllegalFormatException ex)
            {
                unformattable.add(text + " (" + ex + ")");
            }
        }
        assertEquals(List.of(), unformattable, "escape % as %% in picocli texts");
    }

    private static void addCommandTexts(final Command command, final List<String> texts)
    {
        texts.addAll(List.of(command.description()));
        texts.addAll(List.of(command.header()));
        texts.addAll(List.of(command.footer()));
        texts.add(command.exitCodeListHeading());
        for (final String exitCode : command.exitCodeList())
        {
            texts.add(exitCode.substring(exitCode.indexOf(':') + 1));
        }
    }

    private static void addOptionTexts(final Class<?> type, final List<String> texts)
    {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass())
        {
            for (final Field field : c.getDeclaredFields())
            {
                final Option option = field.getAnnotation(Option.class);
                final Parameters parameters = field.getAnnotation(Parameters.class);
                if (null != option)
                {
                    texts.addAll(List.of(option.description()));
                }
                if (null != parameters)
                {
                    texts.addAll(List.of(parameters.description()));
                }
                if (null != field.getAnnotation(Mixin.class))
                {
                    final Command mixin = field.getType().getAnnotation(Command.class);
                    if (null != mixin)
                    {
                        addCommandTexts(mixin, texts);
                    }
                    addOptionTexts(field.getType(), texts);
                }
            }
        }
    }
}
