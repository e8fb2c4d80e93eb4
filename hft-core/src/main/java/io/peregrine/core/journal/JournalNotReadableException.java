package io.peregrine.core.journal;

import java.nio.file.Path;

/**
 * Reading the core journal faulted in its memory map: the JVM turns the SIGBUS of a page the OS cannot provide (a
 * hole of a sparse cycle file on a full tmpfs, where even a read allocates; a file truncated under the map) into an
 * {@link InternalError}, which {@link JournalReader} raises as this. Nothing is known to be wrong with the entries:
 * the same read may work once space is freed. A reader that runs on (a report agent) says so and tries again later,
 * from where it was ({@link JournalReader} repositions itself); one that checks at start refuses with this message.
 */
public final class JournalNotReadableException extends JournalException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be read, and the fix.
     * @param cause   the JVM's error for the fault.
     */
    public JournalNotReadableException(final String message, final Throwable cause)
    {
        super(message, cause);
    }

    /**
     * @param directory the journal directory being opened or read.
     * @param fault     the JVM's error for the fault.
     * @return the exception that says the journal there cannot be read now, and the fix.
     */
    public static JournalNotReadableException in(final Path directory, final Throwable fault)
    {
        return new JournalNotReadableException("the core journal in " + directory.toAbsolutePath() + " cannot be " +
            "read now: its memory map faulted (" + fault.getMessage() + "), which is what a full disk (tmpfs) or a " +
            "cycle file cut short does to a mapped file. Free space in the journal's file system (df " +
            directory.toAbsolutePath() + ") and start again", fault);
    }
}
