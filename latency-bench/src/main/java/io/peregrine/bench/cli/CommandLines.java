package io.peregrine.bench.cli;

import io.peregrine.config.CommandLineFlags;
import picocli.CommandLine;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How every tool of latency-bench reads its command line: {@link CommandLineFlags} (picocli over an {@code @Command}
 * object, as every Peregrine command), with the same rules everywhere ({@code --name value} or {@code --name=value},
 * {@code -h}/{@code --help}, numbers that may be grouped with {@code _} or {@code ,}), errors as an {@link IllegalArgumentException} that names the argument, and
 * exit status 2 for bad arguments. Runs on the caller's thread, once at start-up.
 */
public final class CommandLines
{
    /** Exit status of every tool on bad arguments. */
    public static final int EXIT_BAD_ARGUMENTS = 2;

    private CommandLines()
    {
    }

    /**
     * Fills the {@code @Option} fields of {@code command} from {@code args}.
     *
     * @param command an object annotated with {@code @Command}.
     * @param args    the command line.
     * @return true if {@code --help} was asked for (other checks are then skipped by the caller).
     * @throws IllegalArgumentException with picocli's message naming the bad argument.
     */
    public static boolean parse(final Object command, final String... args)
    {
        return CommandLineFlags.parse(commandLine(command), args);
    }

    /**
     * A tool's whole {@code main}: parses the command line; on {@code --help} prints the usage to standard output and
     * returns; on a bad argument prints one line naming it and the usage to standard error and exits
     * {@value #EXIT_BAD_ARGUMENTS}; otherwise runs the tool and exits 0 when {@code run} answers true (every order
     * got its final report), 1 when not.
     *
     * @param tool   the tool's name, first word of the error line.
     * @param usage  the usage text.
     * @param parser the tool's parser, throwing {@link IllegalArgumentException} on a bad argument.
     * @param args   the command line.
     * @param run    runs the tool with the options; true when the run was complete.
     * @param <T>    the tool's options.
     */
    public static <T extends ToolOptions> void runAndExit(
        final String tool,
        final String usage,
        final Function<String[], T> parser,
        final String[] args,
        final Predicate<T> run)
    {
        final T options;
        try
        {
            options = parser.apply(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(tool + ": " + ex.getMessage());
            System.err.println(usage);
            System.exit(EXIT_BAD_ARGUMENTS);
            throw ex;
        }
        if (options.help())
        {
            System.out.println(usage);
            return;
        }
        System.exit(run.test(options) ? 0 : 1);
    }

    /**
     * @param command an object annotated with {@code @Command}.
     * @return its usage text, as {@code --help} prints it.
     */
    public static String usage(final Object command)
    {
        return CommandLineFlags.usage(commandLine(command));
    }

    /**
     * @param command     an object annotated with {@code @Command}.
     * @param name        the tool name to show instead of the annotated one (a second tool with the same options).
     * @param description what that tool does.
     * @return its usage text under that name.
     */
    public static String usage(final Object command, final String name, final String... description)
    {
        final CommandLine commandLine = commandLine(command);
        commandLine.getCommandSpec().name(name);
        commandLine.getCommandSpec().usageMessage().description(description);
        return CommandLineFlags.usage(commandLine);
    }

    /**
     * @param command an object annotated with {@code @Command}.
     * @return picocli over it, reading every {@code long} option as a {@link WholeNumber}.
     */
    private static CommandLine commandLine(final Object command)
    {
        final WholeNumber wholeNumber = new WholeNumber();
        return new CommandLine(command)
            .registerConverter(Long.class, wholeNumber)
            .registerConverter(long.class, wholeNumber);
    }

    /** Reads a whole number that may be grouped with {@code _} or {@code ,}: {@code 1_000_000}, {@code 250,000}. */
    private static final class WholeNumber implements CommandLine.ITypeConverter<Long>
    {
        @Override
        public Long convert(final String value)
        {
            try
            {
                return Long.parseLong(value.trim().replace("_", "").replace(",", ""));
            }
            catch (final NumberFormatException ex)
            {
                throw new CommandLine.TypeConversionException("needs a whole number, got '" + value + "'");
            }
        }
    }
}
