package io.peregrine.gateway.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link RecordLog#readText} reads what {@link RecordLog#openText} would replay, and changes nothing: no file created,
 * no line journal migrated, no torn tail cut.
 */
class RecordLogReadTextTest
{
    @TempDir
    Path dir;

    @Test
    void readsEveryLineOfEveryWholeRecordAndLeavesATornTailInPlace() throws Exception
    {
        final Path file = dir.resolve("orders.log");
        try (RecordLog log = RecordLog.openText(file, "test journal", null, (line) -> { }))
        {
            log.append("N 1 7 1 IBM");
            log.append("S 2 3\nN 1 8 2 MSFT");
        }
        Files.write(file, new byte[] { 40, 0, 0, 0, 1, 2 }, java.nio.file.StandardOpenOption.APPEND); // torn
        final byte[] before = Files.readAllBytes(file);

        final List<String> lines = new ArrayList<>();
        RecordLog.readText(file, "test journal", lines::add);

        assertEquals(List.of("N 1 7 1 IBM", "S 2 3", "N 1 8 2 MSFT"), lines);
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void readsALineJournalOfAnEarlierVersionThroughItsLastNewlineWithoutMigratingIt() throws Exception
    {
        final Path file = dir.resolve("clordids.log");
        final byte[] before = "N\t1\t1\nD\t1\nN\t2\t2 cut sh".getBytes(StandardCharsets.UTF_8);
        Files.write(file, before);

        final List<String> lines = new ArrayList<>();
        RecordLog.readText(file, "test journal", lines::add);

        assertEquals(List.of("N\t1\t1", "D\t1"), lines);
        assertArrayEquals(before, Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve("clordids.log" + RecordLog.BEFORE_RECORDLOG_SUFFIX)));
    }

    @Test
    void aMissingFileReadsAsEmptyAndIsNotCreated()
    {
        final List<String> lines = new ArrayList<>();
        RecordLog.readText(dir.resolve("none.log"), "test journal", lines::add);

        assertEquals(List.of(), lines);
        assertFalse(Files.exists(dir.resolve("none.log")));
    }

    @Test
    void aLineTheReaderCannotReadIsSkippedAsTheOwnersReplaySkipsIt() throws Exception
    {
        // "N 1 1X 5": two records glued by a torn write of an earlier release's line journal; the owner's replay
        // skips it with a WARN, so a check before the start must not refuse every start over it.
        final Path file = dir.resolve("orders.log");
        try (RecordLog log = RecordLog.openText(file, "test journal", null, (line) -> { }))
        {
            log.append("S 7 100\nN 1 1X 5\nN 1 2 1 IBM");
        }

        final List<Long> orderIds = new ArrayList<>();
        RecordLog.readText(file, "test journal", (line) ->
        {
            if (line.startsWith("N "))
            {
                orderIds.add(Long.parseLong(line.split(" ")[2]));
            }
        });

        assertEquals(List.of(2L), orderIds);
    }
}
