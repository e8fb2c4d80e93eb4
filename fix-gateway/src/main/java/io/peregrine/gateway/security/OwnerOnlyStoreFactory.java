package io.peregrine.gateway.security;

import io.peregrine.core.OwnerOnlyFiles;
import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.SessionID;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Calendar;
import java.util.Collection;
import java.util.Date;

/**
 * Wraps a QuickFIX/J {@link MessageStoreFactory} (the FileStore) so that the store files it creates, and re-creates
 * on a sequence reset, are made owner-only (0600) at once: the JVM cannot set a umask, and QuickFIX/J creates
 * its files with the process's. Edge code; thread-safety as the wrapped store's.
 *
 * @param delegate the factory that creates the stores.
 * @param storeDir directory its files live in ({@code FileStorePath}).
 */
public record OwnerOnlyStoreFactory(MessageStoreFactory delegate, Path storeDir) implements MessageStoreFactory
{
    public MessageStore create(final SessionID sessionId)
    {
        final MessageStore store = delegate.create(sessionId);
        OwnerOnlyFiles.restrict(storeDir);
        return new Store(store);
    }

    private final class Store implements MessageStore, Closeable
    {
        private final MessageStore store;

        Store(final MessageStore store)
        {
            this.store = store;
        }

        public boolean set(final int sequence, final String message) throws IOException
        {
            return store.set(sequence, message);
        }

        public void get(final int startSequence, final int endSequence, final Collection<String> messages)
            throws IOException
        {
            store.get(startSequence, endSequence, messages);
        }

        public int getNextSenderMsgSeqNum() throws IOException
        {
            return store.getNextSenderMsgSeqNum();
        }

        public int getNextTargetMsgSeqNum() throws IOException
        {
            return store.getNextTargetMsgSeqNum();
        }

        public void setNextSenderMsgSeqNum(final int next) throws IOException
        {
            store.setNextSenderMsgSeqNum(next);
        }

        public void setNextTargetMsgSeqNum(final int next) throws IOException
        {
            store.setNextTargetMsgSeqNum(next);
        }

        public void incrNextSenderMsgSeqNum() throws IOException
        {
            store.incrNextSenderMsgSeqNum();
        }

        public void incrNextTargetMsgSeqNum() throws IOException
        {
            store.incrNextTargetMsgSeqNum();
        }

        public Date getCreationTime() throws IOException
        {
            return store.getCreationTime();
        }

        public Calendar getCreationTimeCalendar() throws IOException
        {
            return store.getCreationTimeCalendar();
        }

        public void reset() throws IOException
        {
            store.reset();
            OwnerOnlyFiles.restrict(storeDir);   // a reset deletes and re-creates the files
        }

        public void refresh() throws IOException
        {
            store.refresh();
            OwnerOnlyFiles.restrict(storeDir);
        }

        public void close() throws IOException
        {
            if (store instanceof Closeable)
            {
                ((Closeable)store).close();
            }
        }
    }
}
