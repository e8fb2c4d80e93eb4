package io.peregrine.config;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * How a Peregrine command reads its flags: picocli over an {@code @Command} object ({@code --name value} or
 * {@code --name=value}, {@code -h}/{@code --help}), a bad argument as an {@link IllegalArgumentException} whose
 * message names it, and the usage text as {@code --help} prints it. The command decides what it prints and its exit
 * status. Runs on the caller's thread, once at start-up; allocates.
 */
public final class CommandLineFlags
{
    private CommandLineFlags()
    {
    }

    /**
     * Fills the {@code @Option} fields of the command's object from {@code args}.
     *
     * @param commandLine picocli over the command's {@code @Command} object (with the command's own converters and
     *                    parser settings).
     * @param args        the command line.
     * @return true if {@code -h}/{@code --help} was given (the caller then prints the usage and skips other checks).
     * @throws IllegalArgumentException with picocli's message naming the bad argument.
     */
    public static boolean parse(final CommandLine commandLine, final String... args)
    {
        try
        {
            commandLine.parseArgs(args);
        }
        catch (final CommandLine.ParameterException ex)
        {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
        return commandLine.isUsageHelpRequested();
    }

    /**
     * @param commandLine picocli over the command's {@code @Command} object.
     * @return its usage text, as {@code --help} prints it, without the trailing line break.
     */
    public static String usage(final CommandLine commandLine)
    {
        final StringWriter text = new StringWriter();
        commandLine.usage(new PrintWriter(text, true));
        return text.toString().stripTrailing();
    }
}
