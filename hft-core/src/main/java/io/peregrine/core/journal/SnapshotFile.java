package io.peregrine.core.journal;

import io.peregrine.sbe.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The layout of one core snapshot file (format {@value #FORMAT}), native byte order:
 * <pre>
 *   0  int   magic 'PSNP'
 *   4  int   format ({@value #FORMAT})
 *   8  int   SBE schema version of the core that wrote it
 *  12  int   state length
 *  16  long  journal identity: creation time of the journal's START entry
 *  24  long  journal index of the last entry the state includes
 *  32  long  journaled inputs the state includes (from the journal's start)
 *  40  int   fingerprint length, then the fingerprint: the configuration the logic depends on (UTF-8)
 *  ..        the state ({@link CoreSnapshot})
 *  ..  int   CRC32C of everything before it
 * </pre>
 * A snapshot is used only if every field checks: magic, format, schema version, length, checksum, the journal's
 * identity and the fingerprint (a snapshot taken under other limits, capacities, routes or access rules would not be
 * the state a replay under today's configuration gives). Stateless; encoding allocates nothing, decoding allocates
 * its result.
 */
public final class SnapshotFile
{
    /** Layout version; a snapshot of another one is ignored (recovery falls back to an older one or full replay). */
    public static final int FORMAT = 1;

    static final int MAGIC = 0x504E5350;
    private static final int FORMAT_OFFSET = 4;
    private static final int SCHEMA_OFFSET = 8;
    private static final int STATE_LENGTH_OFFSET = 12;
    private static final int JOURNAL_CREATED_OFFSET = 16;
    private static final int INDEX_OFFSET = 24;
    private static final int INPUTS_OFFSET = 32;
    private static final int FINGERPRINT_OFFSET = 40;
    private static final int CHECKSUM_LENGTH = 4;

    private SnapshotFile()
    {
    }

    /**
     * What a valid snapshot file holds.
     *
     * @param journalIndex journal index of the last entry the state includes.
     * @param inputs       journaled inputs the state includes.
     * @param buffer       the file's bytes.
     * @param stateOffset  where the state starts in {@link #buffer()}.
     * @param stateLength  length of the state.
     */
    public record Content(long journalIndex, long inputs, DirectBuffer buffer, int stateOffset, int stateLength)
    {
    }

    /**
     * Writes the header; the state follows at the returned offset, then {@link #seal} finishes the file.
     *
     * @return offset of the state.
     */
    static int writeHeader(
        final MutableDirectBuffer buffer,
        final long journalCreated,
        final long journalIndex,
        final long inputs,
        final byte[] fingerprint)
    {
        buffer.putInt(0, MAGIC);
        buffer.putInt(FORMAT_OFFSET, FORMAT);
        buffer.putInt(SCHEMA_OFFSET, MessageHeaderDecoder.SCHEMA_VERSION);
        buffer.putInt(STATE_LENGTH_OFFSET, 0);
        buffer.putLong(JOURNAL_CREATED_OFFSET, journalCreated);
        buffer.putLong(INDEX_OFFSET, journalIndex);
        buffer.putLong(INPUTS_OFFSET, inputs);
        buffer.putInt(FINGERPRINT_OFFSET, fingerprint.length);
        buffer.putBytes(FINGERPRINT_OFFSET + 4, fingerprint);
        return FINGERPRINT_OFFSET + 4 + fingerprint.length;
    }

    /**
     * Records the state's length and appends the checksum. Any thread (the snapshot writer's).
     *
     * @param buffer   holding header and state from offset 0.
     * @param stateEnd offset after the state.
     * @return length of the whole file.
     */
    static int seal(final MutableDirectBuffer buffer, final int stateEnd)
    {
        final int stateOffset = FINGERPRINT_OFFSET + 4 + buffer.getInt(FINGERPRINT_OFFSET);
        buffer.putInt(STATE_LENGTH_OFFSET, stateEnd - stateOffset);
        buffer.putInt(stateEnd, checksum(buffer, stateEnd));
        return stateEnd + CHECKSUM_LENGTH;
    }

    /**
     * @return journal index recorded in a header written by {@link #writeHeader}.
     */
    static long journalIndex(final DirectBuffer buffer)
    {
        return buffer.getLong(INDEX_OFFSET);
    }

    /**
     * Checks a snapshot file's bytes.
     *
     * @param bytes          the whole file.
     * @param journalCreated identity of the journal it must belong to.
     * @param fingerprint    the configuration it must have been taken under; null for any (a reader of its orders only,
     *                       which do not depend on the configuration).
     * @return its content.
     * @throws IllegalStateException saying why it cannot be used.
     */
    public static Content decode(final byte[] bytes, final long journalCreated, final byte[] fingerprint)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        if (bytes.length < FINGERPRINT_OFFSET + 4 + CHECKSUM_LENGTH || MAGIC != buffer.getInt(0))
        {
            throw new IllegalStateException("not a core snapshot (no 'PSNP' header)");
        }
        final int format = buffer.getInt(FORMAT_OFFSET);
        final int schema = buffer.getInt(SCHEMA_OFFSET);
        // A snapshot of an older schema version holds the same state layout (FORMAT): versions only add enum values.
        if (FORMAT != format || schema < CoreJournal.OLDEST_SCHEMA_VERSION ||
            schema > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            throw new IllegalStateException("written by another version (snapshot format " + format + ", schema " +
                schema + "; this core: format " + FORMAT + ", schema " + CoreJournal.OLDEST_SCHEMA_VERSION + " to " +
                MessageHeaderDecoder.SCHEMA_VERSION + ")");
        }
        final int fingerprintLength = buffer.getInt(FINGERPRINT_OFFSET);
        final int stateLength = buffer.getInt(STATE_LENGTH_OFFSET);
        final long stateOffset = FINGERPRINT_OFFSET + 4L + fingerprintLength;
        if (fingerprintLength < 0 || stateLength < 0 || stateOffset + stateLength + CHECKSUM_LENGTH != bytes.length)
        {
            throw new IllegalStateException("truncated or damaged: " + bytes.length + " bytes where the header " +
                "announces " + (stateOffset + stateLength + CHECKSUM_LENGTH));
        }
        final int end = (int)stateOffset + stateLength;
        if (buffer.getInt(end) != checksum(buffer, end))
        {
            throw new IllegalStateException("checksum mismatch (damaged)");
        }
        if (buffer.getLong(JOURNAL_CREATED_OFFSET) != journalCreated)
        {
            throw new IllegalStateException("taken of another journal (journal created " +
                buffer.getLong(JOURNAL_CREATED_OFFSET) + ", this one " + journalCreated + ")");
        }
        final byte[] found = new byte[fingerprintLength];
        buffer.getBytes(FINGERPRINT_OFFSET + 4, found);
        if (null != fingerprint && !java.util.Arrays.equals(found, fingerprint))
        {
            throw new IllegalStateException("taken under another configuration (order capacities, routes, access " +
                "rules or risk limits differ; snapshot: " + abbreviate(new String(found, StandardCharsets.UTF_8)) +
                ")");
        }
        return new Content(buffer.getLong(INDEX_OFFSET), buffer.getLong(INPUTS_OFFSET), buffer, (int)stateOffset,
            stateLength);
    }

    private static String abbreviate(final String text)
    {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static int checksum(final DirectBuffer buffer, final int length)
    {
        final CRC32C crc = new CRC32C();
        final ByteBuffer view;
        if (null != buffer.byteArray())
        {
            view = ByteBuffer.wrap(buffer.byteArray(), buffer.wrapAdjustment(), length);
        }
        else
        {
            view = buffer.byteBuffer().duplicate();
            view.clear();
            view.position(buffer.wrapAdjustment());
            view.limit(buffer.wrapAdjustment() + length);
        }
        crc.update(view);
        return (int)crc.getValue();
    }
}
