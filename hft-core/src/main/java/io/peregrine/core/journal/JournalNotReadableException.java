package io.peregrine.core.journal;

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
}
