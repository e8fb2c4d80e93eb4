package io.peregrine.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VenueMainTest
{
    @TempDir
    Path tempDir;

    @Test
    void flagsOverrideDefaults() throws Exception
    {
        final SimVenueContext context = VenueMain.parse(new String[]{"--no-market-maker", "--stp", "--port", "9911"});

        assertFalse(context.marketMakerEnabled());
        assertTrue(context.selfTradePrevention());
        assertEquals(9911, context.port());
        assertTrue(new SimVenueContext().marketMakerEnabled());
    }

    @Test
    void flagsOverrideConfigFile() throws Exception
    {
        final Path file = tempDir.resolve("venue.properties");
        Files.writeString(file, "peregrine.sim.port=9912\nperegrine.sim.comp.id=OTHERVEN\n");

        final SimVenueContext fromFile = VenueMain.parse(new String[]{"--config", file.toString()});
        assertEquals(9912, fromFile.port());
        assertEquals("OTHERVEN", fromFile.compId());

        assertEquals(9913, VenueMain.parse(new String[]{"--port", "9913", "--config", file.toString()}).port());
    }

    @Test
    void refusesUnknownOrIncompleteFlags() throws Exception
    {
        assertThrows(IllegalArgumentException.class, () -> VenueMain.parse(new String[]{"--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> VenueMain.parse(new String[]{"--port"}));
        assertThrows(IllegalArgumentException.class, () -> VenueMain.parse(new String[]{"--port", "x"}));
        assertNull(VenueMain.parse(new String[]{"--help"}));
    }

    @Test
    void readsFlagsAsEveryPeregrineCommandDoes() throws Exception
    {
        final SimVenueContext context = VenueMain.parse(new String[]{"--port=9914", "--stp", "--port", "9915"});

        assertEquals(9915, context.port(), "a flag given twice counts once, the last");
        assertTrue(context.selfTradePrevention());
        assertNull(VenueMain.parse(new String[]{"--port", "9916", "-h"}));
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> VenueMain.parse(new String[]{"--port", "x"}));
        assertTrue(ex.getMessage().contains("'--port'") && ex.getMessage().contains("'x'"), ex.getMessage());
    }

    @Test
    void usageNamesTheCommandEveryFlagAndTheExitStatuses()
    {
        final String usage = VenueMain.usage("run.sh venue");
        for (final String expected : new String[]{ "run.sh venue", "--config", "--port", "--no-market-maker", "--stp",
            "--help", "default 9890", "Exit status", "2   bad arguments" })
        {
            assertTrue(usage.contains(expected), () -> expected + " in\n" + usage);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void readyLineNamesCompIdAndAddress()
    {
        try (SimVenue venue = SimVenue.start(new SimVenueContext().port(0).storeDir(tempDir.resolve("store"))))
        {
            final String line = VenueMain.readyLine(venue);
            assertTrue(line.startsWith("venue SIMVENUE listening on 127.0.0.1:" + venue.port() + " "), line);
            assertTrue(venue.port() > 0);
            assertEquals(20, venue.marketMakerQuotes(), "5 levels x 2 sides x 2 instruments");
        }
    }
}
