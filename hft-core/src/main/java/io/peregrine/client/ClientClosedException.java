package io.peregrine.client;

/**
 * Thrown by {@link PeregrineClient#poll} and its offers once the client can no longer reach the core: Aeron closed
 * its Aeron client under it (the media driver stopped answering: the {@code stack} or {@code gateway} process that
 * runs it stopped, was killed or restarted), or the app closed it. Final: the client never works again. Close it and
 * connect a new one ({@link PeregrineClient#connect}, which throws until a driver runs again), then ask the state of
 * the orders it had working (see the class comment of {@link PeregrineClient}).
 */
public final class ClientClosedException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what closed the client and what to do.
     * @param cause   the Aeron error that closed it, or null.
     */
    public ClientClosedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
