package io.peregrine.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigKeyTest
{
    private static PropertyReader reader(final String... keyValues)
    {
        final Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2)
        {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return PropertyReader.of(p);
    }

    @Test
    void readsTheTypedValueOrTheDeclaredDefault()
    {
        final ConfigKey<Integer> capacity = ConfigKey.wholeNumber("t.capacity", 65_536);
        final ConfigKey<Long> timeout = ConfigKey.longNumber("t.timeout.ms", 100);
        final ConfigKey<Boolean> enabled = ConfigKey.flag("t.enabled", true);
        final ConfigKey<String> host = ConfigKey.text("t.host", "127.0.0.1");
        final ConfigKey<Path> dir = ConfigKey.path("t.dir", "./data/t");
        final PropertyReader set = reader("t.capacity", "1_024", "t.timeout.ms", "5", "t.enabled", "no",
            "t.host", " 10.0.0.1 ", "t.dir", "/tmp/t");

        assertEquals(1_024, capacity.read(set));
        assertEquals(5L, timeout.read(set));
        assertFalse(enabled.read(set));
        assertEquals("10.0.0.1", host.read(set));
        assertEquals(Path.of("/tmp/t"), dir.read(set));

        final PropertyReader empty = reader();
        assertEquals(65_536, capacity.read(empty));
        assertEquals(100L, timeout.read(empty));
        assertTrue(enabled.read(empty));
        assertEquals("127.0.0.1", host.read(empty));
        assertEquals(Path.of("./data/t"), dir.read(empty));
        assertEquals("./data/t", dir.defaultValue().toString());
    }

    @Test
    void aKeyWithoutDefaultReadsNullWhenUnset()
    {
        assertNull(ConfigKey.path("t.file", null).read(reader()));
        assertNull(ConfigKey.text("t.dir", null).read(reader()));
    }

    @Test
    void fallsBackToTheGivenValueWhenUnset()
    {
        final ConfigKey<Integer> own = ConfigKey.wholeNumber("t.gateway.stream", 1001);
        final ConfigKey<Integer> shared = ConfigKey.wholeNumber("t.stream", 1001);

        assertEquals(7, own.read(reader("t.stream", "7"), shared.read(reader("t.stream", "7"))));
        assertEquals(8, own.read(reader("t.stream", "7", "t.gateway.stream", "8"), 7));
        assertTrue(own.isSetIn(reader("t.gateway.stream", "8")));
        assertFalse(own.isSetIn(reader("t.stream", "7")));
        assertEquals(1001, own.read(reader("t.gateway.stream", " ")), "blank reads as the default");
        assertFalse(own.isSetIn(reader("t.gateway.stream", " ")), "so it is not a choice either");
    }

    @Test
    void aBadValueFailsNamingTheKey()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ConfigKey.wholeNumber("t.capacity", 1).read(reader("t.capacity", "lots")));
        assertTrue(ex.getMessage().contains("t.capacity"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> ConfigKey.flag("t.enabled", true).read(reader("t.enabled", "maybe")));
    }
}
