package io.peregrine.fixedge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.FileStoreFactory;
import quickfix.MessageStore;
import quickfix.SessionID;
import quickfix.SessionSettings;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class PositionalFileStoreTest
{
    private static final SessionID SESSION = new SessionID("FIX.4.4", "PEREGRINE", "SIMVENUE");

    @TempDir
    Path dir;

    @Test
    void whatItStoresIsReadByQuickFixJsFileStore() throws IOException
    {
        final MessageStore store = positional(dir);
        assertInstanceOf(PositionalFileStore.class, store);
        for (int seq = 1; seq <= 3; seq++)
        {
            store.set(seq, message(seq));
            store.incrNextSenderMsgSeqNum();
        }
        store.incrNextTargetMsgSeqNum();
        store.incrNextTargetMsgSeqNum();
        close(store);

        final MessageStore fileStore = fileStore(dir);
        assertEquals(4, fileStore.getNextSenderMsgSeqNum());
        assertEquals(3, fileStore.getNextTargetMsgSeqNum());
        assertEquals(List.of(message(1), message(2), message(3)), messages(fileStore, 1, 3));
        close(fileStore);
    }

    @Test
    void continuesWhatQuickFixJsFileStoreWroteAndAnswersResendsFromBoth() throws IOException
    {
        final MessageStore fileStore = fileStore(dir);
        fileStore.set(1, message(1));
        fileStore.incrNextSenderMsgSeqNum();
        fileStore.set(2, message(2));
        fileStore.incrNextSenderMsgSeqNum();
        fileStore.incrNextTargetMsgSeqNum();
        close(fileStore);

        final MessageStore store = positional(dir);
        assertEquals(3, store.getNextSenderMsgSeqNum());
        assertEquals(2, store.getNextTargetMsgSeqNum());
        store.set(3, message(3));
        store.incrNextSenderMsgSeqNum();
        store.set(4, message(4));
        store.incrNextSenderMsgSeqNum();
        assertEquals(List.of(message(1), message(2), message(3), message(4)), messages(store, 1, 4));
        assertEquals(List.of(message(3)), messages(store, 3, 3));
        close(store);

        final MessageStore again = fileStore(dir);
        assertEquals(5, again.getNextSenderMsgSeqNum());
        assertEquals(List.of(message(1), message(2), message(3), message(4)), messages(again, 1, 4));
        close(again);
    }

    @Test
    void aSmallerSequenceNumberAfterALargerOneIsReadBackAsWritten() throws IOException
    {
        final MessageStore store = positional(dir);
        store.setNextSenderMsgSeqNum(1_234_567);
        store.setNextTargetMsgSeqNum(98_765);
        store.setNextSenderMsgSeqNum(7);
        close(store);

        final MessageStore fileStore = fileStore(dir);
        assertEquals(7, fileStore.getNextSenderMsgSeqNum());
        assertEquals(98_765, fileStore.getNextTargetMsgSeqNum());
        close(fileStore);
        final MessageStore reopened = positional(dir);
        assertEquals(7, reopened.getNextSenderMsgSeqNum());
        assertEquals(98_765, reopened.getNextTargetMsgSeqNum());
        close(reopened);
    }

    @Test
    void resetStartsAgainAtOneWithNoMessagesAndKeepsWriting() throws IOException
    {
        final MessageStore store = positional(dir);
        store.set(1, message(1));
        store.incrNextSenderMsgSeqNum();
        store.incrNextTargetMsgSeqNum();
        store.reset();
        assertEquals(1, store.getNextSenderMsgSeqNum());
        assertEquals(1, store.getNextTargetMsgSeqNum());
        assertEquals(List.of(), messages(store, 1, 1));
        store.set(1, message(11));
        store.incrNextSenderMsgSeqNum();
        close(store);

        final MessageStore fileStore = fileStore(dir);
        assertEquals(2, fileStore.getNextSenderMsgSeqNum());
        assertEquals(1, fileStore.getNextTargetMsgSeqNum());
        assertEquals(List.of(message(11)), messages(fileStore, 1, 1));
        close(fileStore);
    }

    @Test
    void refreshTakesWhatAnotherWriterLeftInTheFiles() throws IOException
    {
        final MessageStore store = positional(dir);
        store.setNextSenderMsgSeqNum(5);
        final MessageStore other = fileStore(dir);
        other.setNextSenderMsgSeqNum(9);
        other.set(9, message(9));
        close(other);
        store.refresh();
        assertEquals(9, store.getNextSenderMsgSeqNum());
        store.set(10, message(10));
        assertEquals(List.of(message(9), message(10)), messages(store, 9, 10));
        close(store);
    }

    @Test
    void withFileStoreSyncTheFactoryGivesQuickFixJsFileStore() throws IOException
    {
        final SessionSettings settings = settings(dir);
        settings.setBool(FileStoreFactory.SETTING_FILE_STORE_SYNC, true);
        final MessageStore store = new PositionalFileStoreFactory(settings).create(SESSION);
        assertFalse(store instanceof PositionalFileStore);
        close(store);
    }

    static MessageStore positional(final Path dir)
    {
        return new PositionalFileStoreFactory(settings(dir)).create(SESSION);
    }

    private static MessageStore fileStore(final Path dir)
    {
        return new FileStoreFactory(settings(dir)).create(SESSION);
    }

    private static SessionSettings settings(final Path dir)
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString(FileStoreFactory.SETTING_FILE_STORE_PATH, dir.toString());
        return settings;
    }

    static String message(final int seq)
    {
        return "8=FIX.4.4\u00019=20\u000135=8\u000134=" + seq + "\u000158=stored message " + seq + "\u000110=000\u0001";
    }

    static List<String> messages(final MessageStore store, final int from, final int to) throws IOException
    {
        final List<String> messages = new ArrayList<>();
        store.get(from, to, messages);
        return messages;
    }

    static void close(final MessageStore store) throws IOException
    {
        ((Closeable)store).close();
    }
}
