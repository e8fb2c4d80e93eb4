package io.peregrine.fixedge;

import org.quickfixj.CharsetSupport;
import quickfix.FileUtil;
import quickfix.MessageStore;
import quickfix.SessionID;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Calendar;
import java.util.Collection;
import java.util.Date;

/**
 * A QuickFIX/J message store that writes QuickFIX/J's own {@code FileStore} files, byte for byte, with fewer system
 * calls: a stored message is two appends (body, then its 16-byte header entry) and one positional write of the
 * sequence number, where {@code FileStore} makes five calls (it also asks the body file for its position and seeks
 * the sequence number file before writing); a received message's sequence number is one positional write instead
 * of a seek and a write. The files stay {@code FileStore}'s, so a data directory written by either is read by the
 * other: {@code FileStore} itself (the wrapped store, opened on the same files) reads them at start, answers
 * resend requests from them, resets and refreshes them, and this class only takes over the writes.
 * <p>
 * Durability is {@code FileStore}'s without {@code FileStoreSync}: every write is in the operating system's page
 * cache when the call returns, so sequence numbers and stored messages survive a crash or SIGKILL of the process
 * (not a power loss). The body is written before its header entry, so a crash between the two leaves bytes no
 * header points at, which both stores skip (new messages are appended after them). With {@code FileStoreSync=Y}
 * {@link PositionalFileStoreFactory} returns the plain {@code FileStore}.
 * <p>
 * Threads: as {@code FileStore}, called by QuickFIX/J under the session's locks; each method is synchronized so a
 * send and a receive on different threads never share a buffer. Allocates the message's bytes and their wrapper per
 * {@link #set} (as {@code FileStore} allocates the bytes) and nothing per sequence number.
 */
public final class PositionalFileStore implements MessageStore, Closeable
{
    private static final int HEADER_BYTES = 4 + 8 + 4;
    /** {@code DataOutput.writeUTF} of an int: a two-byte length, then at most 11 characters ("-2147483648"). */
    private static final int SEQ_NUM_BYTES = 2 + 11;

    private final MessageStore fileStore;
    private final String prefix;
    private final ByteBuffer header = ByteBuffer.allocateDirect(HEADER_BYTES);
    private final ByteBuffer senderSeqNum = ByteBuffer.allocateDirect(SEQ_NUM_BYTES);
    private final ByteBuffer targetSeqNum = ByteBuffer.allocateDirect(SEQ_NUM_BYTES);
    private FileChannel body;
    private FileChannel headers;
    private FileChannel senderSeqNumFile;
    private FileChannel targetSeqNumFile;
    private long bodyEnd;
    private int nextSenderMsgSeqNum;
    private int nextTargetMsgSeqNum;

    /**
     * @param fileStore QuickFIX/J's {@code FileStore} of the session, already open on {@code path}.
     * @param path      its {@code FileStorePath}.
     * @param sessionId the session.
     * @throws IOException if the files cannot be opened.
     */
    public PositionalFileStore(final MessageStore fileStore, final String path, final SessionID sessionId)
        throws IOException
    {
        this.fileStore = fileStore;
        // the names FileStore gives its files
        this.prefix = FileUtil.fileAppendPath(new File(null == path ? "." : path).getAbsolutePath(),
            FileUtil.sessionIdFileName(sessionId) + ".");
        open();
    }

    /** Opens the files FileStore has opened (and so created) and takes its sequence numbers. */
    private void open() throws IOException
    {
        closeFiles();
        body = FileChannel.open(file("body"), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        headers = FileChannel.open(file("header"), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        senderSeqNumFile = FileChannel.open(file("senderseqnums"), StandardOpenOption.WRITE);
        targetSeqNumFile = FileChannel.open(file("targetseqnums"), StandardOpenOption.WRITE);
        bodyEnd = body.size();
        nextSenderMsgSeqNum = fileStore.getNextSenderMsgSeqNum();
        nextTargetMsgSeqNum = fileStore.getNextTargetMsgSeqNum();
    }

    private Path file(final String suffix)
    {
        return Path.of(prefix + suffix);
    }

    public synchronized boolean set(final int sequence, final String message) throws IOException
    {
        final byte[] bytes = message.getBytes(CharsetSupport.getCharset());
        final long offset = bodyEnd;
        writeFully(body, ByteBuffer.wrap(bytes));
        bodyEnd = offset + bytes.length;
        header.clear();
        header.putInt(sequence).putLong(offset).putInt(bytes.length).flip();
        writeFully(headers, header);
        return true;
    }

    public synchronized void get(final int startSequence, final int endSequence, final Collection<String> messages)
        throws IOException
    {
        // FileStore finds what it has not indexed itself by reading the header file: everything written here
        fileStore.get(startSequence, endSequence, messages);
    }

    public synchronized int getNextSenderMsgSeqNum()
    {
        return nextSenderMsgSeqNum;
    }

    public synchronized int getNextTargetMsgSeqNum()
    {
        return nextTargetMsgSeqNum;
    }

    public synchronized void setNextSenderMsgSeqNum(final int next) throws IOException
    {
        nextSenderMsgSeqNum = next;
        storeSeqNum(senderSeqNumFile, senderSeqNum, next);
    }

    public synchronized void setNextTargetMsgSeqNum(final int next) throws IOException
    {
        nextTargetMsgSeqNum = next;
        storeSeqNum(targetSeqNumFile, targetSeqNum, next);
    }

    public synchronized void incrNextSenderMsgSeqNum() throws IOException
    {
        setNextSenderMsgSeqNum(nextSenderMsgSeqNum + 1);
    }

    public synchronized void incrNextTargetMsgSeqNum() throws IOException
    {
        setNextTargetMsgSeqNum(nextTargetMsgSeqNum + 1);
    }

    public synchronized Date getCreationTime() throws IOException
    {
        return fileStore.getCreationTime();
    }

    public synchronized Calendar getCreationTimeCalendar() throws IOException
    {
        return fileStore.getCreationTimeCalendar();
    }

    /** FileStore deletes and re-creates its files (sequence numbers back to 1, new creation time): reopen them. */
    public synchronized void reset() throws IOException
    {
        fileStore.reset();
        open();
    }

    /** FileStore reads its files again: reopen them and take what it read. */
    public synchronized void refresh() throws IOException
    {
        fileStore.refresh();
        open();
    }

    public synchronized void close() throws IOException
    {
        closeFiles();
        if (fileStore instanceof Closeable)
        {
            ((Closeable)fileStore).close();
        }
    }

    private void closeFiles() throws IOException
    {
        for (final FileChannel channel : new FileChannel[]{body, headers, senderSeqNumFile, targetSeqNumFile})
        {
            if (null != channel)
            {
                channel.close();
            }
        }
    }

    /**
     * Writes {@code value} at the start of the file as {@code DataOutput.writeUTF(Integer.toString(value))} does
     * (FileStore's format; it never truncates the file either, so a shorter number leaves old bytes after it,
     * which the two-byte length excludes).
     */
    private static void storeSeqNum(final FileChannel file, final ByteBuffer buffer, final int value)
        throws IOException
    {
        buffer.clear();
        buffer.putShort((short)0);
        long rest = value;
        if (rest < 0)
        {
            buffer.put((byte)'-');
            rest = -rest;
        }
        long divisor = 1;
        while (divisor * 10 <= rest)
        {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10)
        {
            buffer.put((byte)('0' + (rest / divisor) % 10));
        }
        buffer.putShort(0, (short)(buffer.position() - 2)).flip();
        while (buffer.hasRemaining())
        {
            file.write(buffer, buffer.position());
        }
    }

    private static void writeFully(final FileChannel channel, final ByteBuffer buffer) throws IOException
    {
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
    }
}
