package io.peregrine.core.journal;

import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;

/**
 * For {@link SnapshotWriteKillTest}: writes large snapshot files through {@link SnapshotStore} as fast as it can,
 * printing {@code WROTE <n>} after each one is in place, until it is killed. Snapshot {@code n} records {@code n}
 * as its input count and carries {@code n} in every state word, so the test can tell which one it found.
 * <p>
 * Arguments: journal directory, journal creation time, journal index to claim, fingerprint, state bytes.
 */
public final class SnapshotWritingProcess
{
    private SnapshotWritingProcess()
    {
    }

    public static void main(final String[] args)
    {
        final SnapshotStore store = new SnapshotStore(Paths.get(args[0]), 2);
        final long created = Long.parseLong(args[1]);
        final long index = Long.parseLong(args[2]);
        final byte[] fingerprint = args[3].getBytes(StandardCharsets.UTF_8);
        final int stateBytes = Integer.parseInt(args[4]);
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(stateBytes + 1024);
        for (long n = 1; ; n++)
        {
            final int stateOffset = SnapshotFile.writeHeader(buffer, created, index, n, fingerprint);
            for (int i = 0; i < stateBytes; i += 8)
            {
                buffer.putLong(stateOffset + i, n);
            }
            final int length = SnapshotFile.seal(buffer, stateOffset + stateBytes);
            final ByteBuffer bytes = buffer.byteBuffer().duplicate();
            bytes.clear().limit(length);
            store.write(bytes, index);
            System.out.println("WROTE " + n);
            System.out.flush();
        }
    }
}
