package io.peregrine.bench.cli;

/**
 * A tool's parsed command line, as {@link CommandLines#runAndExit} needs it: whether only the usage was asked for.
 */
public interface ToolOptions
{
    /** @return true if {@code -h}/{@code --help} was given (the other options are then defaults). */
    boolean help();
}
