package io.peregrine.ops.launch;

import io.peregrine.core.journal.JournalException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;

/**
 * A command that refuses to start because of what it finds ends with one line and a non-zero status, not a stack
 * trace: the product's start-up refusals already name the fix in their message (a lock another process holds, a
 * damaged or other-version journal, snapshot or risk state file, a port in use, a bad configuration value, a
 * configuration file that cannot be read). They are thrown as {@link JournalException},
 * {@link IllegalStateException}, {@link IllegalArgumentException} (the risk's {@code RiskConfigException} too),
 * {@link UncheckedIOException} or {@link IOException}. Anything else during start-up (a
 * {@link NullPointerException}, an {@link Error}) is a bug and keeps its stack trace. Launch thread, allocates.
 */
final class StartRefusal
{
    /** Exit status of a command that refused to start. */
    static final int EXIT_STATUS = 1;

    private StartRefusal()
    {
    }

    /**
     * @param ex what start-up threw.
     * @return whether it is one of the product's start-up refusals (its message names the fix).
     */
    static boolean isRefusal(final Throwable ex)
    {
        return ex instanceof JournalException || ex instanceof IllegalStateException ||
            ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException || ex instanceof IOException;
    }

    /**
     * @param ex a start-up refusal.
     * @return its message, then the message of each cause that adds something the line does not say already.
     */
    static String line(final Throwable ex)
    {
        final StringBuilder line = new StringBuilder(printable(ex.getMessage()));
        for (Throwable cause = ex.getCause(); null != cause && cause != cause.getCause(); cause = cause.getCause())
        {
            final String message = describe(cause);
            if (!"null".equals(message) && !message.isBlank() && line.indexOf(message) < 0)
            {
                line.append(": ").append(message);
            }
        }
        return line.toString();
    }

    /**
     * A file the process may not open names only the file in its message (which the line often says already): the
     * user is told it is a permission problem and what fixes it.
     */
    private static String describe(final Throwable cause)
    {
        if (cause instanceof AccessDeniedException)
        {
            return "permission denied on " + printable(((AccessDeniedException)cause).getFile()) + ": run as the " +
                "user that owns it, or give that user read and write access to it";
        }
        return printable(cause.getMessage());
    }

    /** A message read from a damaged file may hold control characters (NULs): the line stays one printable line. */
    private static String printable(final String message)
    {
        return String.valueOf(message).replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * Ends the process if {@code ex} is a start-up refusal ({@link #exit(String, String)} with {@link #line}).
     * Otherwise returns, and the caller rethrows it.
     *
     * @param command the command as the user typed it, e.g. {@code stack}.
     * @param ex      what start-up threw (after the parts started so far have been closed).
     */
    static void exitIfRefusal(final String command, final Throwable ex)
    {
        if (isRefusal(ex))
        {
            exit(command, line(ex));
        }
    }

    /**
     * Prints {@code peregrine: <command> cannot start: <line>} to standard error and exits with
     * {@link #EXIT_STATUS}.
     *
     * @param command the command as the user typed it, e.g. {@code stack}.
     * @param line    what was found and the fix.
     */
    static void exit(final String command, final String line)
    {
        exit(command, line, EXIT_STATUS);
    }

    /**
     * Like {@link #exit(String, String)} for a bad configuration value, with the exit status of bad flags and keys
     * ({@link LaunchArguments#USAGE_EXIT_STATUS}, the README's "Exit statuses").
     *
     * @param command the command as the user typed it, e.g. {@code stack}.
     * @param line    the file, the key and what its value should be.
     */
    static void exitBadConfiguration(final String command, final String line)
    {
        exit(command, line, LaunchArguments.USAGE_EXIT_STATUS);
    }

    private static void exit(final String command, final String line, final int status)
    {
        System.err.println("peregrine: " + command + " cannot start: " + line);
        System.err.flush();
        System.exit(status);
    }
}
