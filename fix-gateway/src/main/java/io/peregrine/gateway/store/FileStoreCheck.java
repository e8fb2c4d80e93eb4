package io.peregrine.gateway.store;

import quickfix.FileUtil;
import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.RuntimeError;
import quickfix.SessionID;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks a session's QuickFIX/J FileStore files before QuickFIX/J opens them, for the damage QuickFIX/J itself takes
 * as valid: an emptied {@code .senderseqnums} (it would log on again at MsgSeqNum 1 without a reset, which the
 * counterparty refuses or, worse, takes), a sender sequence number below the last message stored (a file restored
 * from an older copy) or above the one after it (messages sent and no longer stored: the gateway stores all it sends,
 * {@code PersistMessages=Y}), a {@code .header} cut mid-record or out of order, and a {@code .body} shorter than the
 * messages its header names (a ResendRequest for them would go unanswered). Edge code, at session creation; reads the
 * header once.
 * <p>
 * QuickFIX/J's own crash windows are not damage: it writes a message's header record before its body, and the
 * sender sequence number after both, so a process killed in between leaves a last record whose body is missing, of
 * a sequence number not counted as sent (the message never left), which the next message then takes.
 *
 * @param delegate the factory that creates the stores (QuickFIX/J's {@code FileStoreFactory}).
 * @param storeDir the directory its files live in ({@code FileStorePath}).
 */
public record FileStoreCheck(MessageStoreFactory delegate, Path storeDir) implements MessageStoreFactory
{
    /** A header record: MsgSeqNum (int32), offset in the body (int64), length (int32), big-endian. */
    static final int HEADER_RECORD_LENGTH = 16;

    /**
     * @throws RuntimeError wrapping an {@link IOException} that names the damaged file and what is wrong with it (the
     *                      way QuickFIX/J reports a store it cannot read).
     */
    public MessageStore create(final SessionID sessionId)
    {
        try
        {
            verify(storeDir, sessionId);
        }
        catch (final IOException ex)
        {
            throw new RuntimeError(ex);
        }
        return delegate.create(sessionId);
    }

    /**
     * Checks one session's store files; missing files are a session that never stored anything.
     *
     * @param storeDir  the store directory.
     * @param sessionId the session.
     * @throws IOException naming the file and the damage.
     */
    public static void verify(final Path storeDir, final SessionID sessionId) throws IOException
    {
        final String prefix = FileUtil.sessionIdFileName(sessionId) + ".";
        final Path header = storeDir.resolve(prefix + "header");
        final Path body = storeDir.resolve(prefix + "body");
        final Path senderSeqNums = storeDir.resolve(prefix + "senderseqnums");
        final long headerLength = sizeOf(header);
        if (0 != headerLength % HEADER_RECORD_LENGTH)
        {
            throw damaged(header, "is " + headerLength + " bytes long, not a whole number of " +
                HEADER_RECORD_LENGTH + "-byte records: it was cut short");
        }
        final int nextSender = nextSequenceNumber(senderSeqNums);
        final long bodyLength = sizeOf(body);
        int lastSeq = 0;
        if (headerLength > 0)
        {
            try (DataInputStream records = new DataInputStream(new BufferedInputStream(Files.newInputStream(header))))
            {
                long pendingEnd = -1;
                int pendingSeq = 0;
                for (long read = 0; read < headerLength; read += HEADER_RECORD_LENGTH)
                {
                    final int seq = records.readInt();
                    final long offset = records.readLong();
                    final int size = records.readInt();
                    if (seq <= 0 || offset < 0 || size < 0)
                    {
                        throw damaged(header, "holds a record that cannot be (MsgSeqNum " + seq + ", offset " +
                            offset + ", length " + size + ") at byte " + read);
                    }
                    if (seq < pendingSeq)
                    {
                        throw damaged(header, "holds MsgSeqNum " + seq + " after " + pendingSeq + " at byte " + read +
                            ": QuickFIX/J only stores increasing numbers (a reset deletes the files)");
                    }
                    // A record is checked once the next one shows it was not taken over (the same MsgSeqNum follows
                    // only a message that never left: QuickFIX/J's crash window).
                    if (pendingSeq > 0 && seq > pendingSeq && pendingEnd > bodyLength)
                    {
                        throw truncatedBody(body, bodyLength, pendingSeq, pendingEnd);
                    }
                    pendingSeq = seq;
                    pendingEnd = offset + size;
                }
                lastSeq = pendingSeq;
                final boolean neverSent = -1 == nextSender ? 1 == lastSeq : lastSeq >= nextSender;
                if (pendingEnd > bodyLength && !neverSent)
                {
                    throw truncatedBody(body, bodyLength, lastSeq, pendingEnd);
                }
            }
        }
        if (-1 == nextSender && lastSeq >= 2)
        {
            throw damaged(senderSeqNums, "is empty or missing while the store holds messages up to MsgSeqNum " +
                lastSeq + ": QuickFIX/J would log on again at MsgSeqNum 1 without a reset");
        }
        if (lastSeq > 0 && nextSender > lastSeq + 1)
        {
            // The gateway stores every message it sends (PersistMessages=Y): each number below the next is stored.
            throw damaged(header, "ends at MsgSeqNum " + lastSeq + " but the session has sent up to MsgSeqNum " +
                (nextSender - 1) + " (" + senderSeqNums.getFileName() + "): the messages after it are gone, and a " +
                "ResendRequest for them would be answered with a gap fill, losing them (a store rolled back, e.g. " +
                "by a power loss without peregrine.gateway.fix.store.sync)");
        }
        if (-1 != nextSender && nextSender < lastSeq)
        {
            throw damaged(senderSeqNums, "says the next message is MsgSeqNum " + nextSender + " but the store " +
                "already holds MsgSeqNum " + lastSeq + ": it is older than the other store files (restored from an " +
                "older copy?)");
        }
    }

    private static IOException truncatedBody(final Path body, final long length, final int seq, final long end)
    {
        return damaged(body, "is " + length + " bytes long but message MsgSeqNum " + seq + " ends at byte " + end +
            ": it was cut short, and a ResendRequest for that message could not be answered");
    }

    private static IOException damaged(final Path file, final String what)
    {
        return new IOException(file.toAbsolutePath() + " " + what);
    }

    private static long sizeOf(final Path file) throws IOException
    {
        try
        {
            return Files.size(file);
        }
        catch (final NoSuchFileException ex)
        {
            return 0;
        }
    }

    /** @return the number QuickFIX/J wrote ({@code DataOutput.writeUTF}), or -1 if the file is missing or empty. */
    private static int nextSequenceNumber(final Path file) throws IOException
    {
        if (0 == sizeOf(file))
        {
            return -1;
        }
        try (InputStream in = Files.newInputStream(file))
        {
            final String text = new DataInputStream(in).readUTF();
            final int next = Integer.parseInt(text);
            if (next < 1)
            {
                throw damaged(file, "holds " + next + ", not a sequence number");
            }
            return next;
        }
        catch (final EOFException | NumberFormatException | java.io.UTFDataFormatException ex)
        {
            throw damaged(file, "does not hold a sequence number (" + ex.getClass().getSimpleName() + ")");
        }
    }
}
