package io.peregrine.core.journal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run.sh journal} reads its flags as every Peregrine command does (picocli), and refuses bad ones by name. */
class JournalAuditFlagsTest
{
    @Test
    void readsEveryFilterInBothSpellings()
    {
        assertNotNull(JournalAudit.fromArgs(new String[]{ "--dir", "d", "--account", "ACC1", "--order", "7",
            "--from", "2026-12-06T09:30:00Z", "--to", "1765013400000000000" }));
        assertNotNull(JournalAudit.fromArgs(new String[]{ "--dir=d", "--account=ACC1", "--order=7",
            "--from=2026-12-06T09:30:00Z", "--to=1765013400000000000" }));
    }

    @Test
    void helpAsksForTheUsageOnly()
    {
        assertNull(JournalAudit.fromArgs(new String[]{ "--help" }));
        assertNull(JournalAudit.fromArgs(new String[]{ "--order", "7", "-h" }));
    }

    @Test
    void refusesBadFlagsNamingThem()
    {
        assertRefused("Unknown option: '--bogus'", "--bogus");
        assertRefused("Missing required parameter for option '--dir'", "--dir");
        assertRefused("'--order'", "--order", "x");
        assertRefused("not a time: yesterday", "--from", "yesterday");
        assertRefused("at most 8 ASCII characters", "--account", "ACCOUNT123");
    }

    @Test
    void usageListsEveryFlagAndTheExitStatuses()
    {
        final String usage = JournalAudit.usage();
        for (final String expected : new String[]{ "run.sh journal", "--dir", "--account", "--order", "--from", "--to",
            "--help", "journal.dir property", "data/core", "Exit status", "2   bad arguments" })
        {
            assertTrue(usage.contains(expected), () -> expected + " in\n" + usage);
        }
    }

    private static void assertRefused(final String expected, final String... args)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> JournalAudit.fromArgs(args));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}
