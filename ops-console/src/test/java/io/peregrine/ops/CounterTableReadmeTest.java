package io.peregrine.ops;

import io.peregrine.ops.metrics.CounterCatalog;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The counter table in ops-console/README.md is {@link CounterCatalog}, row for row in catalog order: same type ids,
 * names, kinds, labels, owners and help texts.
 */
class CounterTableReadmeTest
{
    @Test
    void readmeTableListsEveryCounterWithItsTypeIdNameKindLabelOwnerAndHelp() throws Exception
    {
        final List<String> rows = new ArrayList<>();
        for (final String line : Files.readAllLines(Path.of("README.md")))
        {
            if (line.matches("\\| [0-9]{4} \\|.*"))
            {
                rows.add(line);
            }
        }
        final List<String> expected = new ArrayList<>();
        for (final CounterCatalog.Entry entry : CounterCatalog.entries().values())
        {
            expected.add("| " + entry.typeId() + " | `" + entry.exposedName() + "` | " +
                (entry.gauge() ? "gauge" : "counter") + " | " +
                (null == entry.labelName() ? "" : "`" + entry.labelName() + "`") + " | " +
                entry.owner() + " | " + entry.help() + " |");
        }
        assertEquals(String.join("\n", expected), String.join("\n", rows), "the README's counter table");
    }
}
