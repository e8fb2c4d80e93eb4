package io.peregrine.gateway.store;

import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.SessionID;

import java.io.IOException;

/**
 * Wraps a QuickFIX/J {@link MessageStoreFactory} so that a sender can tell whether the store failed while it sent.
 * QuickFIX/J's {@code Session.send} returns false both when its store could not persist the message (a full or
 * read-only disk: the error is logged, nothing is sent) and when it stored the message for a logged-out session
 * (resent on the next logon): only the first loses the message. The store is called on the sending thread, inside
 * {@code send}, so each store failure is recorded for the thread that met it: {@link #begin()} before a send and
 * {@link #failed()} after it say whether that send's store write failed.
 * <p>
 * Edge code; the stores' thread-safety is the wrapped stores'; the record is per thread.
 *
 * @param delegate the factory that creates the stores.
 */
public record StoreWriteWatch(MessageStoreFactory delegate) implements MessageStoreFactory
{
    /** Per thread: whether a write failed, whether a message was stored, since the last {@link #begin()}. */
    private static final ThreadLocal<boolean[]> WRITES = ThreadLocal.withInitial(() -> new boolean[2]);
    private static final int FAILED = 0;
    private static final int STORED = 1;

    /**
     * Forgets the calling thread's earlier store writes: call it before the send to watch.
     */
    public static void begin()
    {
        final boolean[] writes = WRITES.get();
        writes[FAILED] = false;
        writes[STORED] = false;
    }

    /**
     * @return true when a store of this factory failed on the calling thread since its last {@link #begin()}.
     */
    public static boolean failed()
    {
        return WRITES.get()[FAILED];
    }

    /**
     * For a sender whose send was cut short by an error: QuickFIX/J stores a message before it writes it to the
     * connection, so one not stored was not sent either.
     *
     * @return true when a store of this factory stored a message on the calling thread since its last
     * {@link #begin()}.
     */
    public static boolean stored()
    {
        return WRITES.get()[STORED];
    }

    public MessageStore create(final SessionID sessionId)
    {
        return new Store(delegate.create(sessionId));
    }

    private static IOException recorded(final IOException ex)
    {
        WRITES.get()[FAILED] = true;
        return ex;
    }

    /** Records the failures of the writes a send makes: the message, and the next sender sequence number. */
    private static final class Store extends ForwardingMessageStore
    {
        Store(final MessageStore store)
        {
            super(store);
        }

        public boolean set(final int sequence, final String message) throws IOException
        {
            try
            {
                final boolean set = super.set(sequence, message);
                WRITES.get()[STORED] = true;
                return set;
            }
            catch (final IOException ex)
            {
                throw recorded(ex);
            }
        }

        public void setNextSenderMsgSeqNum(final int next) throws IOException
        {
            try
            {
                super.setNextSenderMsgSeqNum(next);
            }
            catch (final IOException ex)
            {
                throw recorded(ex);
            }
        }

        public void incrNextSenderMsgSeqNum() throws IOException
        {
            try
            {
                super.incrNextSenderMsgSeqNum();
            }
            catch (final IOException ex)
            {
                throw recorded(ex);
            }
        }
    }
}
