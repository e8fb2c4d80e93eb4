package io.peregrine.fixedge;

import quickfix.ConfigError;
import quickfix.FieldConvertError;
import quickfix.FileStoreFactory;
import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.RuntimeError;
import quickfix.SessionID;
import quickfix.SessionSettings;

import java.io.IOException;

/**
 * Makes each session's store from the same settings as QuickFIX/J's {@code FileStoreFactory} ({@code FileStorePath},
 * {@code FileStoreSync}, {@code FileStoreMaxCachedMsgs}): a {@link PositionalFileStore} over QuickFIX/J's
 * {@code FileStore}, or the plain {@code FileStore} when {@code FileStoreSync=Y} (its synchronous writes are the
 * point of that setting). Start-up and reset only; allocates.
 */
public final class PositionalFileStoreFactory implements MessageStoreFactory
{
    private final SessionSettings settings;
    private final FileStoreFactory fileStores;

    /**
     * @param settings the connector's settings.
     */
    public PositionalFileStoreFactory(final SessionSettings settings)
    {
        this.settings = settings;
        this.fileStores = new FileStoreFactory(settings);
    }

    public MessageStore create(final SessionID sessionId)
    {
        final MessageStore fileStore = fileStores.create(sessionId);
        try
        {
            if (settings.isSetting(sessionId, FileStoreFactory.SETTING_FILE_STORE_SYNC) &&
                settings.getBool(sessionId, FileStoreFactory.SETTING_FILE_STORE_SYNC))
            {
                return fileStore;
            }
            return new PositionalFileStore(fileStore,
                settings.getString(sessionId, FileStoreFactory.SETTING_FILE_STORE_PATH), sessionId);
        }
        catch (final ConfigError | FieldConvertError | IOException ex)
        {
            throw new RuntimeError(ex);
        }
    }
}
