package io.peregrine.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyCatalogTest
{
    private static final Pattern README_KEY = Pattern.compile("`(peregrine\\.[a-zA-Z0-9._<>-]+)`");
    private static final Pattern SAMPLE_KEY = Pattern.compile("^#?\\s*(peregrine\\.[^=\\s]+)\\s*=", Pattern.MULTILINE);
    /** Backquoted names in the READMEs that are not configuration keys. */
    private static final Set<String> NOT_KEYS = Set.of(
        "peregrine.crt", // the certificate file tls-init writes
        "peregrine.jvm.flags"); // the root pom's property holding the JVM flags
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private final KeyCatalog catalog = KeyCatalog.peregrine();

    @Test
    void knowsEveryDeclaredKeyAndEveryOldName()
    {
        for (final ConfigKey<?> key : PeregrineKeys.all())
        {
            assertTrue(catalog.isKnown(key.name()), key.name());
            for (final String oldName : key.oldNames())
            {
                assertTrue(catalog.isKnown(oldName), oldName);
            }
        }
        assertTrue(catalog.isKnown("peregrine.venue.instrument.BRK.B.refPrice"));
        assertTrue(catalog.isKnown("peregrine.threading"));
        assertTrue(catalog.isKnown("peregrine.source.dir"), "latency-bench's, set by run.sh bench");
        assertTrue(catalog.isKnown(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME));
    }

    @Test
    void knowsTheFamiliesWithTheirVariablePart()
    {
        assertTrue(catalog.isKnown("peregrine.accounts.ACC1.client.ids"));
        assertTrue(catalog.isKnown("peregrine.gateway.broker.BROKER1.password.hash"));
        assertTrue(catalog.isKnown("peregrine.gateway.broker.BROKER1.cancel.on.disconnect"));
        assertTrue(catalog.isKnown("peregrine.gateway.venue.2.tls.verify.hostname"));
        assertTrue(catalog.isKnown("peregrine.sim.instrument.BRK.B.tick.size"));
        assertFalse(catalog.isKnown("peregrine.gateway.venue.2.hots"));
        assertFalse(catalog.isKnown("peregrine.accounts.ACC1.client.id"));
        assertFalse(catalog.isKnown("peregrine.gateway.venue..port"), "the variable part is not empty");
    }

    @Test
    void judgesOnlyItsOwnNamespace()
    {
        assertTrue(catalog.isKnown("aeron.dir"));
        assertTrue(catalog.isKnown("java.io.tmpdir"));
        assertTrue(catalog.isKnown("peregrinex.anything"));
        assertEquals(List.of("peregrine.gatway.port", "peregrine.journal.dri"),
            catalog.unknown(List.of("peregrine.journal.dri", "aeron.dir", "peregrine.gatway.port", "peregrine.channel")));
    }

    @Test
    void namesTheKeyAMisspeltOneProbablyMeant()
    {
        assertEquals("peregrine.gateway.broker.port", catalog.nearest("peregrine.gatway.broker.port"));
        assertEquals("peregrine.risk.limits.file", catalog.nearest("peregrine.risk.limit.file"));
        assertEquals("peregrine.journal.dir", catalog.nearest("peregrine.journal.dri"));
        assertEquals("peregrine.gateway.venue.2.host", catalog.nearest("peregrine.gateway.venue.2.hots"));
        assertEquals("peregrine.sim.instrument.AAPL.ref.price", catalog.nearest("peregrine.sim.instrument.AAPL.refprice"));
        assertNull(catalog.nearest("peregrine.something.else.entirely"));
        assertNull(catalog.nearest("peregrine.sauce.dir.x"), "a handful of edits is not a typo");
        assertEquals("peregrine.journal.dri is not a key (did you mean peregrine.journal.dir?)",
            catalog.describeUnknown("peregrine.journal.dri"));
        assertEquals("peregrine.bogus is not a key of this version", catalog.describeUnknown("peregrine.bogus"));
    }

    @Test
    void editDistanceStopsAtItsLimit()
    {
        assertEquals(0, KeyCatalog.editDistance("abc", "abc", 5));
        assertEquals(1, KeyCatalog.editDistance("abc", "acb".substring(0, 2) + "c", 5));
        assertEquals(2, KeyCatalog.editDistance("kitten", "sitten".replace('n', 'g'), 5));
        assertEquals(3, KeyCatalog.editDistance("kitten", "sitting", 5));
        assertEquals(2, KeyCatalog.editDistance("kitten", "sitting", 2));
        assertEquals(3, KeyCatalog.editDistance("a", "abcdefgh", 3));
    }

    /**
     * A key the READMEs document (tables and prose, {@code <ID>} standing for the variable part) that the catalog does
     * not know would be refused in a config file: the docs and the catalog must agree.
     */
    @Test
    void knowsEveryKeyTheReadmesDocument() throws IOException
    {
        final Set<String> unknown = new TreeSet<>();
        int seen = 0;
        for (final Path readme : readmes())
        {
            final Matcher matcher = README_KEY.matcher(Files.readString(readme, StandardCharsets.UTF_8));
            while (matcher.find())
            {
                final String documented = matcher.group(1);
                if (documented.startsWith("peregrine.<") || documented.endsWith(".") || NOT_KEYS.contains(documented))
                {
                    continue; // "peregrine.<component>.<setting>" and prefixes such as "peregrine.gateway."
                }
                seen++;
                final String key = documented.replaceAll("<[^>]+>", "X1");
                if (!catalog.isKnown(key))
                {
                    unknown.add(documented + " (" + ROOT.relativize(readme) + ")");
                }
            }
        }
        assertTrue(seen > 150, "README keys were not found: " + seen);
        assertEquals(Set.of(), unknown, "documented keys the catalog does not know");
    }

    /**
     * The sample files users copy ({@code config/} of the distribution): every key in them, set or commented out,
     * must load.
     */
    @Test
    void knowsEveryKeyOfTheSampleConfigFiles() throws IOException
    {
        final List<Path> samples = List.of(
            ROOT.resolve("fix-gateway/config/fix-gateway.properties"), ROOT.resolve("matching-sim/config/venue.properties"));
        int seen = 0;
        for (final Path sample : samples)
        {
            final Matcher matcher = SAMPLE_KEY.matcher(Files.readString(sample, StandardCharsets.UTF_8));
            while (matcher.find())
            {
                seen++;
                assertTrue(catalog.isKnown(matcher.group(1)), matcher.group(1) + " in " + sample);
            }
        }
        assertTrue(seen > 60, "sample keys were not found: " + seen);
    }

    /** The sample files as shipped pass the value check a launcher makes of every file it is given. */
    @Test
    void theSampleConfigFilesHoldValuesOfTheirKeysTypes() throws IOException
    {
        for (final Path sample : List.of(ROOT.resolve("fix-gateway/config/fix-gateway.properties"),
            ROOT.resolve("matching-sim/config/venue.properties")))
        {
            catalog.checkValues(PropertyReader.load(sample));
        }
    }

    private static List<Path> readmes() throws IOException
    {
        final List<Path> readmes = new ArrayList<>();
        readmes.add(ROOT.resolve("README.md"));
        try (Stream<Path> modules = Files.list(ROOT))
        {
            modules.map(module -> module.resolve("README.md")).filter(Files::isRegularFile).sorted()
                .forEach(readmes::add);
        }
        return readmes;
    }

    @Test
    void aFileValueNotOfItsKeysTypeIsRefusedNamingTheKey()
    {
        final java.util.Properties file = new java.util.Properties();
        file.setProperty("peregrine.gateway.offer.timeout.ms", "");
        file.setProperty("peregrine.ops.port", "9900");
        file.setProperty("peregrine.unknown.key", "x");
        KeyCatalog.peregrine().checkValues(file); // blank: the default; unknown keys: load()'s to refuse
        file.setProperty("peregrine.order.capacity", "65k");
        file.setProperty("peregrine.driver.embedded", "maybe");
        assertEquals("peregrine.driver.embedded must be true or false, got 'maybe'", refusal(file),
            "the first in key order");
        file.remove("peregrine.driver.embedded");
        assertEquals("peregrine.order.capacity must be a whole number, got '65k'", refusal(file));
    }

    /**
     * Ranges were checked by the contexts' {@code conclude()} only, on the system properties the files were copied
     * into: {@code peregrine.order.capacity=-5} ended the launcher with status 1 and without the file's name.
     */
    @Test
    void everyRangedKeysFileValueOutsideItsRangeIsRefusedNamingTheKeyAndTheRange()
    {
        int ranged = 0;
        for (final ConfigKey<?> key : PeregrineKeys.all())
        {
            if (null == key.allowed())
            {
                continue;
            }
            ranged++;
            final java.util.Properties file = new java.util.Properties();
            file.setProperty(key.name(), Long.toString(key.min() - 1));
            assertEquals(key.name() + " must be " + key.allowed() + ", got " + (key.min() - 1),
                refusal(file));
            file.setProperty(key.name(), Long.toString(key.min()));
            catalog.checkValues(file);
        }
        assertTrue(ranged >= 50, "the keys the contexts range-check declare their range: " + ranged);
        final java.util.Properties file = new java.util.Properties();
        file.setProperty("peregrine.order.capacity", "-5");
        assertEquals("peregrine.order.capacity must be 1..16777216, got -5", refusal(file));
        file.setProperty("peregrine.order.capacity", "16777217");
        assertEquals("peregrine.order.capacity must be 1..16777216, got 16777217", refusal(file));
        file.clear();
        file.setProperty(IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME, "5");
        assertEquals(IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME + " must be from 1000 ns (1 us) to 1000000000 ns " +
            "(1 s), got 5", refusal(file), "a process-wide key");
        file.clear();
        file.setProperty("peregrine.sim.command.queue.capacity", "1000");
        assertEquals("peregrine.sim.command.queue.capacity must be a power of two, 1..1073741824, got 1000",
            refusal(file));
        file.clear();
        file.setProperty("peregrine.gateway.broker.queue.high.watermark", "0");
        catalog.checkValues(file);
        file.setProperty("peregrine.gateway.broker.queue.high.watermark", "3");
        assertEquals("peregrine.gateway.broker.queue.high.watermark must be 0 (no queue: messages are handled on the " +
            "I/O threads) or at least 4, got 3", refusal(file));
    }

    /** A key of a venue, broker session or instrument was read by its context only, refused without the file. */
    @Test
    void aFamilyKeysFileValueNotOfItsTypeOrRangeIsRefusedNamingTheKey()
    {
        final java.util.Properties file = new java.util.Properties();
        file.setProperty("peregrine.gateway.venue.1.host", "10.0.0.1");
        file.setProperty("peregrine.gateway.venue.1.tls", "yes");
        file.setProperty("peregrine.gateway.broker.BROKER1.accounts", "ACC3");
        file.setProperty("peregrine.sim.instrument.BRK.A.lot.size", "10");
        catalog.checkValues(file);
        for (final String[] bad : new String[][] {
            {"peregrine.gateway.venue.1.port", "0", "must be 1-65535, got 0"},
            {"peregrine.gateway.venue.1.port", "x", "must be a whole number, got 'x'"},
            {"peregrine.gateway.venue.2.reset.on.logon", "maybe", "must be true or false, got 'maybe'"},
            {"peregrine.gateway.venue.1.tls.verify.hostname", "0", "must be true or false, got '0'"},
            {"peregrine.gateway.broker.BROKER1.cancel.on.disconnect", "sometimes",
                "must be true or false, got 'sometimes'"},
            {"peregrine.gateway.broker.BROKER2.tls.client.cert.required", "1", "must be true or false, got '1'"},
            {"peregrine.sim.instrument.BRK.A.lot.size", "0", "must be 1 or more, got 0"}})
        {
            final java.util.Properties withBad = new java.util.Properties();
            withBad.putAll(file);
            withBad.setProperty(bad[0], bad[1]);
            assertEquals(bad[0] + " " + bad[2], refusal(withBad));
        }
    }

    private String refusal(final java.util.Properties file)
    {
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> catalog.checkValues(file), String.valueOf(file)).getMessage();
    }
}
