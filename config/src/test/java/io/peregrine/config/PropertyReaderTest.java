package io.peregrine.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PropertyReaderTest
{
    private static Properties props(final String... keyValues)
    {
        final Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2)
        {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void aFileWithAByteOrderMarkKeepsItsFirstKey(@org.junit.jupiter.api.io.TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("bom.properties");
        java.nio.file.Files.write(file, "\uFEFFperegrine.aeron.dir=/dev/shm/mine\r\nperegrine.ops.port=9911\r\n"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        final Properties properties = PropertyReader.load(file);
        assertEquals("/dev/shm/mine", properties.getProperty("peregrine.aeron.dir"));
        assertEquals("9911", properties.getProperty("peregrine.ops.port"));
    }

    @Test
    void aFileThatSetsAKeyTwiceOrAnUnknownKeyIsRefusedNamingEach(@org.junit.jupiter.api.io.TempDir final Path dir)
        throws Exception
    {
        final Path file = dir.resolve("typos.properties");
        java.nio.file.Files.writeString(file, "peregrine.ops.port=9911\n" +
            "peregrine.risk.limit.file=/etc/limits.properties\n" +
            "app.own.key=kept\n" +
            "peregrine.ops.port = 9912\n");
        final IllegalArgumentException refused =
            assertThrows(IllegalArgumentException.class, () -> PropertyReader.load(file));
        assertEquals("configuration file " + file + ": peregrine.ops.port is set twice (the last value would win): " +
            "keep one; peregrine.risk.limit.file is not a key (did you mean peregrine.risk.limits.file?): correct or " +
            "remove it (the keys are in the README's Configuration tables)", refused.getMessage());

        java.nio.file.Files.writeString(file, "app.own.key=first\nperegrine.ops.port=9911\napp.own.key=kept\n" +
            "peregrine.venue.compId=OLDNAME\nperegrine.gateway.venue.7.host=10.0.0.7\n");
        final Properties loaded = PropertyReader.load(file);
        assertEquals("kept", loaded.getProperty("app.own.key"), "keys outside peregrine.* are left alone, set twice too");
        assertEquals("OLDNAME", loaded.getProperty("peregrine.venue.compId"), "an old name still loads (WARN on read)");
        assertEquals("10.0.0.7", loaded.getProperty("peregrine.gateway.venue.7.host"));
        assertEquals(4, loaded.size());
    }

    @Test
    void aPortOutOfRangeIsRefusedNamingItsKey()
    {
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> ListenPort.requireFree("the broker acceptor", "127.0.0.1", 70_000, "peregrine.gateway.broker.port"));
        assertEquals("peregrine.gateway.broker.port must be a port, 0-65535: 70000", refused.getMessage());
    }

    @Test
    void readsTypedValuesAndDefaults()
    {
        final PropertyReader reader = PropertyReader.of(props(
            "a.int", " 42 ", "a.long", "100_000", "a.bool", "Yes", "a.path", "/tmp/x", "a.list", " A, ,B ,C"));
        assertEquals(42, reader.intValue("a.int", 1));
        assertEquals(7, reader.intValue("missing", 7));
        assertEquals(100_000L, reader.longValue("a.long", 1));
        assertTrue(reader.booleanValue("a.bool", false));
        assertTrue(reader.booleanValue("missing", true));
        assertEquals(Path.of("/tmp/x"), reader.path("a.path"));
        assertNull(reader.path("missing"));
        assertEquals(List.of("A", "B", "C"), reader.list("a.list", ""));
        assertEquals("d", reader.string("missing", "d"));
    }

    @Test
    void badValuesNameTheKeyAndTheValue()
    {
        final PropertyReader reader = PropertyReader.of(props("n", "fast", "b", "maybe", "big", "9999999999"));
        final IllegalArgumentException number =
            assertThrows(IllegalArgumentException.class, () -> reader.longValue("n", 1));
        assertTrue(number.getMessage().contains("n must be a whole number") &&
            number.getMessage().contains("'fast'"), number.getMessage());
        final IllegalArgumentException bool =
            assertThrows(IllegalArgumentException.class, () -> reader.booleanValue("b", true));
        assertTrue(bool.getMessage().contains("b must be true or false") && bool.getMessage().contains("maybe"));
        assertThrows(IllegalArgumentException.class, () -> reader.intValue("big", 1));
    }

    @Test
    void firstLayerWinsOverTheSystemProperties()
    {
        final String key = "peregrine.test.reader.layered";
        System.setProperty(key, "system");
        try
        {
            assertEquals("file", PropertyReader.layered(props(key, "file")).string(key, "d"));
            assertEquals("system", PropertyReader.layered(new Properties()).string(key, "d"));
        }
        finally
        {
            System.clearProperty(key);
        }
    }

    @Test
    void oldKeyStillWorksWithAWarningNamingTheNewKey()
    {
        final List<String> warnings = new ArrayList<>();
        final PropertyReader reader = PropertyReader.of(props("peregrine.venue.compId", "XCHG"))
            .withRenames(KeyRenames.of("peregrine.venue.compId", "peregrine.sim.comp.id"))
            .withDeprecationWarnings(warnings::add);

        assertEquals("XCHG", reader.string("peregrine.sim.comp.id", "SIMVENUE"));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("peregrine.venue.compId is deprecated: use peregrine.sim.comp.id"),
            warnings.get(0));
    }

    @Test
    void newKeyWinsAndTheIgnoredOldKeyIsReported()
    {
        final List<String> warnings = new ArrayList<>();
        final PropertyReader reader = PropertyReader.of(props("old.key", "1", "new.key", "2"))
            .withRenames(KeyRenames.of("old.key", "new.key"))
            .withDeprecationWarnings(warnings::add);

        assertEquals(2, reader.intValue("new.key", 0));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("old.key is deprecated and ignored because new.key is set"));
    }

    @Test
    void wildcardRenameCarriesTheVariablePart()
    {
        final List<String> warnings = new ArrayList<>();
        final PropertyReader reader = PropertyReader.of(props("peregrine.venue.instrument.IBM.refPrice", "150.00"))
            .withRenames(KeyRenames.of(
                "peregrine.venue.instrument.*.refPrice", "peregrine.sim.instrument.*.ref.price"))
            .withDeprecationWarnings(warnings::add);

        assertEquals("150.00", reader.string("peregrine.sim.instrument.IBM.ref.price", null));
        assertNull(reader.string("peregrine.sim.instrument.MSFT.ref.price", null));
        assertFalse(reader.isSet("peregrine.sim.instrument..ref.price"));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("use peregrine.sim.instrument.IBM.ref.price"), warnings.get(0));
    }

    @Test
    void renamesMustPairUp()
    {
        assertThrows(IllegalArgumentException.class, () -> KeyRenames.of("a"));
        assertThrows(IllegalArgumentException.class, () -> KeyRenames.of("a.*", "b"));
        assertEquals(List.of("a.* -> b.*"), KeyRenames.of("a.*", "b.*").describe());
    }
}
