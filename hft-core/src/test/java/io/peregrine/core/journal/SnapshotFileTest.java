package io.peregrine.core.journal;

import io.peregrine.sbe.MessageHeaderDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schema version a snapshot file carries: a snapshot written by a core of an older schema version that this core
 * still replays journals of (versions only add messages and enum values, the state layout is the format's) is used;
 * one of a version it does not read, older or newer, is refused with the versions in the message.
 */
class SnapshotFileTest
{
    private static final long JOURNAL_CREATED = 1_700_000_000_000_000_000L;
    private static final byte[] FINGERPRINT = "limits=demo".getBytes(StandardCharsets.UTF_8);
    private static final int SCHEMA_OFFSET = 8; // the header's layout, as SnapshotFile's Javadoc draws it

    @Test
    void aSnapshotOfEveryReadableSchemaVersionIsUsed()
    {
        for (int version = CoreJournal.OLDEST_SCHEMA_VERSION; version <= MessageHeaderDecoder.SCHEMA_VERSION; version++)
        {
            final SnapshotFile.Content content =
                SnapshotFile.decode(snapshot(version), JOURNAL_CREATED, FINGERPRINT);
            assertEquals(42, content.journalIndex(), "version " + version);
            assertEquals(7, content.inputs());
            assertEquals(16, content.stateLength());
            assertEquals(0x0102_0304_0506_0708L, content.buffer().getLong(content.stateOffset()));
        }
    }

    @Test
    void aSnapshotOfASchemaVersionThisCoreDoesNotReadIsRefused()
    {
        for (final int version : new int[]{ CoreJournal.OLDEST_SCHEMA_VERSION - 1,
            MessageHeaderDecoder.SCHEMA_VERSION + 1 })
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> SnapshotFile.decode(snapshot(version), JOURNAL_CREATED, FINGERPRINT));
            assertTrue(ex.getMessage().contains("schema " + version), ex.getMessage());
        }
    }

    /** A sealed snapshot file of 16 bytes of state, written as by a core of that schema version. */
    private static byte[] snapshot(final int schemaVersion)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int stateOffset = SnapshotFile.writeHeader(buffer, JOURNAL_CREATED, 42, 7, FINGERPRINT);
        buffer.putInt(SCHEMA_OFFSET, schemaVersion);
        buffer.putLong(stateOffset, 0x0102_0304_0506_0708L);
        buffer.putLong(stateOffset + 8, 9);
        final int length = SnapshotFile.seal(buffer, stateOffset + 16);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
