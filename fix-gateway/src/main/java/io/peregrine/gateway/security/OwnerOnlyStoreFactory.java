package io.peregrine.gateway.security;

import io.peregrine.core.OwnerOnlyFiles;
import io.peregrine.gateway.store.ForwardingMessageStore;
import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.SessionID;

import java.io.IOException;
import java.nio.file.Path;

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

    private final class Store extends ForwardingMessageStore
    {
        Store(final MessageStore store)
        {
            super(store);
        }

        public void reset() throws IOException
        {
            super.reset();
            OwnerOnlyFiles.restrict(storeDir);   // a reset deletes and re-creates the files
        }

        public void refresh() throws IOException
        {
            super.refresh();
            OwnerOnlyFiles.restrict(storeDir);
        }
    }
}
