package io.peregrine.core.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotStoreTest
{
    @TempDir
    Path journal;

    @Test
    void aSnapshotOfOtherContentAtTheSameIndexKeepsTheOldOneAsideAndTheSameContentIsWrittenAgain() throws Exception
    {
        final SnapshotStore store = new SnapshotStore(journal, 2);
        final Path first = store.write(bytes("state built by entries the journal later lost"), 0x5b7e);
        assertEquals(first, store.write(bytes("state built by entries the journal later lost"), 0x5b7e));
        assertEquals(List.of(), superseded(), "a restart that journaled nothing writes the same snapshot again");

        // The journal lost its tail and new entries took the indexes: the old snapshot is the only record.
        store.write(bytes("state after the new entries"), 0x5b7e);
        final List<Path> aside = superseded();
        assertEquals(1, aside.size(), aside.toString());
        assertEquals("state built by entries the journal later lost", Files.readString(aside.get(0)));
        assertEquals("state after the new entries", Files.readString(first));
        assertEquals(List.of(first), store.snapshots(), "kept aside, never loaded");

        store.write(bytes("later"), 0x5b7f);
        store.write(bytes("later still"), 0x5b80);
        assertTrue(Files.exists(aside.get(0)), "retention does not delete what was kept aside");
    }

    private static ByteBuffer bytes(final String text)
    {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<Path> superseded() throws Exception
    {
        try (Stream<Path> files = Files.list(journal.resolve(SnapshotStore.DIRECTORY)))
        {
            return files.filter((file) -> file.toString().endsWith(SnapshotStore.SUPERSEDED_SUFFIX)).toList();
        }
    }
}
