package io.peregrine.gateway.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.FileStoreFactory;
import quickfix.MessageStore;
import quickfix.RuntimeError;
import quickfix.SessionID;
import quickfix.SessionSettings;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A QuickFIX/J FileStore written by QuickFIX/J itself, then damaged the ways QuickFIX/J does not notice, and left
 * in the state its own crash windows leave (which must still open).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FileStoreCheckTest
{
    private static final SessionID SESSION = new SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
    private static final String PREFIX = "FIX.4.4-PEREGRINE-BROKER1.";
    private static final String MESSAGE = "8=FIX.4.4\u00019=5\u000135=0\u000110=000\u0001";

    @TempDir
    Path dir;

    private FileStoreFactory factory;

    @BeforeEach
    void fiveMessagesSent() throws Exception
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString(SESSION, FileStoreFactory.SETTING_FILE_STORE_PATH, dir.toString());
        factory = new FileStoreFactory(settings);
        final MessageStore store = factory.create(SESSION);
        for (int seq = 1; seq <= 5; seq++)
        {
            store.set(seq, MESSAGE);
            store.incrNextSenderMsgSeqNum();
        }
        store.incrNextTargetMsgSeqNum();
        close(store);
    }

    @Test
    void anIntactStoreOpensWithItsSequenceNumbers() throws Exception
    {
        FileStoreCheck.verify(dir, SESSION);
        final MessageStore store = new FileStoreCheck(factory, dir).create(SESSION);
        assertEquals(6, store.getNextSenderMsgSeqNum());
        close(store);
    }

    @Test
    void anEmptiedSenderSequenceNumberFileIsRefusedNotLoggedOnAtOne() throws Exception
    {
        Files.write(dir.resolve(PREFIX + "senderseqnums"), new byte[0]);

        final RuntimeError refused = assertThrows(RuntimeError.class, () -> new FileStoreCheck(factory, dir).create(SESSION));
        final String message = refused.getCause().getMessage();
        assertTrue(message.startsWith(dir.resolve(PREFIX + "senderseqnums").toAbsolutePath() +
            " is empty or missing while the store holds messages up to MsgSeqNum 5"), message);
    }

    @Test
    void aSenderSequenceNumberBelowTheLastMessageStoredIsRefused() throws Exception
    {
        writeSenderSeqNum(3);

        final IOException refused = assertThrows(IOException.class, () -> FileStoreCheck.verify(dir, SESSION));
        assertTrue(refused.getMessage().contains("says the next message is MsgSeqNum 3 but the store already " +
            "holds MsgSeqNum 5"), refused.getMessage());
    }

    @Test
    void aBodyCutShortIsRefusedNamingTheMessage() throws Exception
    {
        final Path body = dir.resolve(PREFIX + "body");
        truncate(body, Files.size(body) - 10);

        final IOException refused = assertThrows(IOException.class, () -> FileStoreCheck.verify(dir, SESSION));
        assertTrue(refused.getMessage().contains("body is " + (5 * MESSAGE.length() - 10) + " bytes long but " +
            "message MsgSeqNum 5 ends at byte " + 5 * MESSAGE.length()), refused.getMessage());
    }

    @Test
    void aHeaderCutMidRecordIsRefused() throws Exception
    {
        final Path header = dir.resolve(PREFIX + "header");
        truncate(header, Files.size(header) - 3);

        final IOException refused = assertThrows(IOException.class, () -> FileStoreCheck.verify(dir, SESSION));
        assertTrue(refused.getMessage().contains("header is 77 bytes long, not a whole number of 16-byte records"),
            refused.getMessage());
    }

    @Test
    void aProcessKilledBetweenTheHeaderAndTheBodyOfAMessageItNeverSentStillOpens() throws Exception
    {
        // QuickFIX/J's own crash window: the header record of MsgSeqNum 6 is written, its body and the sequence
        // number are not; the message never left, and the next one takes MsgSeqNum 6.
        appendHeaderRecord(6, Files.size(dir.resolve(PREFIX + "body")), MESSAGE.length());
        FileStoreCheck.verify(dir, SESSION);
        final MessageStore store = new FileStoreCheck(factory, dir).create(SESSION);
        assertEquals(6, store.getNextSenderMsgSeqNum());
        store.set(6, MESSAGE);
        store.incrNextSenderMsgSeqNum();
        close(store);
        FileStoreCheck.verify(dir, SESSION); // the torn record is taken over by the message that did leave
    }

    @Test
    void aMissingBodyOfAMessageCountedAsSentIsRefused() throws Exception
    {
        appendHeaderRecord(6, Files.size(dir.resolve(PREFIX + "body")), MESSAGE.length());
        writeSenderSeqNum(7);

        final IOException refused = assertThrows(IOException.class, () -> FileStoreCheck.verify(dir, SESSION));
        assertTrue(refused.getMessage().contains("message MsgSeqNum 6 ends at byte"), refused.getMessage());
    }

    @Test
    void aStoreRolledBackBehindItsSequenceNumberIsRefused() throws Exception
    {
        // A power loss kept the sequence number file's last write but not the header's and body's last records.
        final Path header = dir.resolve(PREFIX + "header");
        truncate(header, Files.size(header) - 2 * FileStoreCheck.HEADER_RECORD_LENGTH);

        final IOException refused = assertThrows(IOException.class, () -> FileStoreCheck.verify(dir, SESSION));
        assertTrue(refused.getMessage().contains("header ends at MsgSeqNum 3 but the session has sent up to " +
            "MsgSeqNum 5"), refused.getMessage());
    }

    @Test
    void aHeaderRecordOutOfOrderIsRefused() throws Exception
    {
        appendHeaderRecord(2, 0, MESSAGE.length());

        final IOException refused = assertThrows(IOException.class, () -> FileStoreCheck.verify(dir, SESSION));
        assertTrue(refused.getMessage().contains("holds MsgSeqNum 2 after 5"), refused.getMessage());
    }

    @Test
    void aSessionThatNeverStoredAnythingIsFine() throws Exception
    {
        FileStoreCheck.verify(dir, new SessionID("FIX.4.4", "PEREGRINE", "BROKER2"));
    }

    private void appendHeaderRecord(final int seq, final long offset, final int size) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeInt(seq);
            out.writeLong(offset);
            out.writeInt(size);
        }
        Files.write(dir.resolve(PREFIX + "header"), bytes.toByteArray(), StandardOpenOption.APPEND);
    }

    private void writeSenderSeqNum(final int next) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeUTF(Integer.toString(next));
        }
        Files.write(dir.resolve(PREFIX + "senderseqnums"), bytes.toByteArray());
    }

    private static void truncate(final Path file, final long length) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(length);
        }
    }

    private static void close(final MessageStore store) throws IOException
    {
        ((java.io.Closeable)store).close();
    }
}
