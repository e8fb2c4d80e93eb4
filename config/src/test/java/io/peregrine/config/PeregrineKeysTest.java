package io.peregrine.config;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeregrineKeysTest
{
    private static final Pattern STYLE = Pattern.compile("peregrine(\\.[a-z0-9]+)+");

    @Test
    void everyKeyIsDeclaredOnceInTheDottedLowercaseStyle()
    {
        final List<ConfigKey<?>> keys = PeregrineKeysReadmeTest.keys();
        assertTrue(keys.size() > 60, "the catalog's keys were not found: " + keys.size());
        final Set<String> names = new HashSet<>();
        for (final ConfigKey<?> key : keys)
        {
            assertTrue(names.add(key.name()), key.name() + " is declared twice: declare it once and read it from both");
            assertTrue(STYLE.matcher(key.name()).matches(), key.name() + " is not peregrine.<dotted.lowercase>");
        }
    }

    @Test
    void everyOldNameWorksThroughTheRenamesOfItsGroup()
    {
        final Set<String> names = new HashSet<>();
        for (final ConfigKey<?> key : PeregrineKeysReadmeTest.keys())
        {
            names.add(key.name());
        }
        int renamed = 0;
        for (final ConfigKey<?> key : PeregrineKeysReadmeTest.keys())
        {
            if (!key.oldNames().isEmpty())
            {
                renamed++;
                assertTrue(key.name().startsWith("peregrine.sim."), key + ": only the simulator's keys were renamed");
                assertEquals(key.oldNames(), PeregrineKeys.Sim.RENAMES.oldKeysOf(key.name()), key.name());
                for (final String oldName : key.oldNames())
                {
                    assertFalse(names.contains(oldName), oldName + " is an old name and a current key");
                }
            }
        }
        assertEquals(28, renamed);
        assertEquals(List.of("peregrine.venue.instrument.AAPL.refPrice", "peregrine.venue.instrument.AAPL.ref.price"),
            PeregrineKeys.Sim.RENAMES.oldKeysOf("peregrine.sim.instrument.AAPL.ref.price"));
    }
}
