package io.peregrine.ops;

import io.peregrine.ops.metrics.CounterCatalog;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counter table in ops-console/README.md is {@link CounterCatalog}: same type ids, names and kinds.
 */
class CounterTableReadmeTest
{
    @Test
    void readmeTableListsEveryCounterWithItsTypeIdNameAndKind() throws Exception
    {
        final Set<String> rows = new HashSet<>();
        for (final String line : Files.readAllLines(Path.of("README.md")))
        {
            if (line.matches("\\| [0-9]{4} \\|.*"))
            {
                rows.add(line);
            }
        }
        assertEquals(CounterCatalog.entries().size(), rows.size(), "rows of the counter table");
        for (final CounterCatalog.Entry entry : CounterCatalog.entries().values())
        {
            final String prefix = "| " + entry.typeId() + " | `" + entry.exposedName() + "` | " +
                (entry.gauge() ? "gauge" : "counter") + " | " +
                (null == entry.key().labelName() ? "" : "`" + entry.key().labelName() + "`") + " |";
            assertTrue(rows.stream().anyMatch((row) -> row.startsWith(prefix)), "README row starting " + prefix);
        }
    }
}
