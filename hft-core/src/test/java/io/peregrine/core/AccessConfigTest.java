package io.peregrine.core;

import io.peregrine.testsupport.TempDirs;
import io.peregrine.core.system.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core's access settings: admin client ids, per-account client ids, the gateway's reserved id, and the
 * owner-only permissions of the Aeron directory and the persistent risk state.
 */
class AccessConfigTest
{
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheOpsConsoleAsAdminAndTheGatewaysReservedId()
    {
        final PeregrineContext ctx = new PeregrineContext();
        assertEquals(Set.of(9900), ctx.adminClientIds());
        assertEquals(9880, ctx.gatewayClientId());
        assertEquals(Map.of(), ctx.accountClientIds());
        assertTrue(ctx.aeronDirOwnerOnly());
    }

    @Test
    void readsAccountClientIdsFromSystemPropertiesAndRefusesBadOnes()
    {
        final String key = "peregrine.accounts.ACC9.client.ids";
        System.setProperty(key, "7, 9880");
        try
        {
            assertEquals(Map.of("ACC9", Set.of(7, 9880)), new PeregrineContext().accountClientIds());
            System.setProperty(key, "7,seven");
            final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, PeregrineContext::new);
            assertTrue(error.getMessage().startsWith(key + ": 'seven' is not a client id"), error.getMessage());
        }
        finally
        {
            System.clearProperty(key);
        }
    }

    @Test
    void theClientIdsOfAnAccountTheRiskLimitsDoNotHaveAreNamedAsReadByNothing()
    {
        final java.util.Properties file = new java.util.Properties();
        final io.peregrine.config.PropertyReader reader = io.peregrine.config.PropertyReader.of(file);
        final io.peregrine.config.FamilyKeyCheck check =
            PeregrineContext.accountKeyCheck(reader, io.peregrine.risk.RiskLimits.demo());
        assertEquals(java.util.List.of("peregrine.accounts.AC1.client.ids"),
            check.unread(java.util.List.of("peregrine.accounts.AC1.client.ids", "peregrine.accounts.ACC1.client.ids")));
        assertTrue(check.describe("peregrine.accounts.AC1.client.ids").startsWith("peregrine.accounts.AC1.client.ids " +
            "is a key of account AC1, which peregrine.risk.limits.file (unset: the demo limits) does not list (it " +
            "lists ACC1, ACC2)"), check.describe("peregrine.accounts.AC1.client.ids"));
    }

    @Test
    void refusesTheGatewaysIdAsAnAdminAndAccountsThatAreNotAscii()
    {
        final IllegalArgumentException admin = assertThrows(IllegalArgumentException.class,
            () -> new PeregrineContext().adminClientIds(9900, 9880).conclude());
        assertTrue(admin.getMessage().contains("must not contain the gateway's client id 9880"), admin.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new PeregrineContext().accountClientIds("TOO-LONG-ACCOUNT", 1).conclude());
    }

    @Test
    void theAeronDirectoryAndTheRiskStateAreOwnerOnly() throws Exception
    {
        final Path riskState = dir.resolve("data").resolve("risk");
        try (Peregrine core = Peregrine.launch(new PeregrineContext()
            .aeronDirectoryName(TempDirs.uniqueAeronDir("peregrine-test-"))
            .riskStateDir(riskState)
            .idleStrategyName("sleeping")))
        {
            // The directory is the boundary: log buffers the driver creates later get the umask, inside it.
            final Path aeronDir = Path.of(core.aeronDirectoryName());
            assertFalse(OwnerOnlyFiles.isOpenToOthers(aeronDir));
            assertFalse(OwnerOnlyFiles.isOpenToOthers(aeronDir.resolve("cnc.dat")));
            assertOwnerOnly(riskState);
        }
    }

    @Test
    void theCoreJournalIsOwnerOnlyAndAJournalLeftOpenByAnEarlierRunIsTightened() throws Exception
    {
        final Path journal = dir.resolve("data").resolve("core");
        launchJournaled(journal);
        // A new queue cycle written after the start gets the umask, inside directories that are the boundary; the
        // files Peregrine replaces whole (snapshots, the identity file) are written owner-only.
        assertDirectoriesOwnerOnly(journal);
        assertTrue(Files.exists(journal.resolve("journal-start.properties")), "the journal was written");
        assertFalse(OwnerOnlyFiles.isOpenToOthers(journal.resolve("journal-start.properties")));
        try (Stream<Path> snapshots = Files.list(journal.resolve("snapshots")))
        {
            final List<Path> written = snapshots.toList();
            assertFalse(written.isEmpty(), "a snapshot at close");
            written.forEach((file) -> assertFalse(OwnerOnlyFiles.isOpenToOthers(file), file + " is open to others"));
        }

        // What a run under umask 000 (or an earlier release under 022) leaves: everything open to others.
        try (Stream<Path> paths = Files.walk(journal))
        {
            for (final Path path : paths.toList())
            {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwxrwxrwx" : "rw-rw-rw-"));
            }
        }
        launchJournaled(journal);
        assertDirectoriesOwnerOnly(journal);
    }

    private static void assertDirectoriesOwnerOnly(final Path root) throws Exception
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.filter(Files::isDirectory).forEach((path) ->
                assertFalse(OwnerOnlyFiles.isOpenToOthers(path), path + " is open to others"));
        }
    }

    private static void launchJournaled(final Path journal)
    {
        try (Peregrine core = Peregrine.launch(new PeregrineContext()
            .aeronDirectoryName(TempDirs.uniqueAeronDir("peregrine-test-"))
            .journalDir(journal)
            .idleStrategyName("sleeping")))
        {
            assertTrue(core.context().journalOn());
            assertOwnerOnly(journal);
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static void assertOwnerOnly(final Path root) throws Exception
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.forEach((path) -> assertFalse(OwnerOnlyFiles.isOpenToOthers(path), path + " is open to others"));
        }
    }
}
