package io.peregrine.core.journal;

/**
 * The core journal cannot be used as it is (wrong format or version, damaged beyond its tail, unwritable
 * directory). The message names what was found and the fix; thrown at start, never on the core thread. One kind is
 * passing: {@link JournalNotReadableException}, a read that faulted, which may work when tried again.
 */
public class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was found and how to fix it.
     */
    public JournalException(final String message)
    {
        super(message);
    }

    /**
     * @param message what was found and how to fix it.
     * @param cause   the underlying failure.
     */
    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
