package io.peregrine.gateway.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.SessionID;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BrokerReportProgress}: what a restart reads back of each broker session's delivery progress, a directory of
 * the earlier single-position format included.
 */
class BrokerReportProgressTest
{
    private static final SessionID BROKER1 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
    private static final SessionID BROKER2 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER2");
    private static final List<SessionID> SESSIONS = List.of(BROKER1, BROKER2);

    @TempDir
    Path dir;

    @Test
    void aDirectoryOfTheSinglePositionFormatResumesAtItsPositionWithNoSessionWaiting()
    {
        try (ReportPosition position = position())
        {
            position.save(0x40L); // as the earlier version left it: no lead, no wait files
        }
        try (ReportPosition position = position(); BrokerReportProgress progress = progress(position))
        {
            assertEquals(0x40L, progress.lead());
            assertTrue(progress.waiting().isEmpty());
        }
        assertTrue(BrokerReportProgress.anySaved(positionFile()));
    }

    @Test
    void aRestartWhileOneSessionWaitsResumesTheLeadAndTheWaitButKeepsTheSavedPositionBeforeTheWait()
    {
        try (ReportPosition position = position(); BrokerReportProgress progress = progress(position))
        {
            progress.read(0x10L);
            progress.startWaiting(BROKER1); // its report 0x11 could not be stored
            progress.read(0x11L);
            progress.read(0x12L); // BROKER2's, delivered
            progress.deliveredUpTo(BROKER1, 0x10L);
            progress.savePosition();
        }
        try (ReportPosition position = position(); BrokerReportProgress progress = progress(position))
        {
            assertEquals(0x12L, progress.lead(), "BROKER2's reports up to 0x12 are not delivered again");
            assertEquals(List.of(BROKER1), progress.waiting());
            assertEquals(0x10L, progress.waitingAfter(BROKER1), "BROKER1's 0x11 is delivered after the restart");
            assertEquals(0x10L, position.load(), "retention keeps BROKER1's waiting reports");

            progress.deliveredUpTo(BROKER1, 0x11L);
            progress.caughtUp(BROKER1);
            assertEquals(0x12L, position.load());
        }
        try (ReportPosition position = position(); BrokerReportProgress progress = progress(position))
        {
            assertEquals(0x12L, progress.lead());
            assertTrue(progress.waiting().isEmpty());
        }
    }

    @Test
    void aLeadLeftByAnEarlierWaitIsNotTakenForANewOnesAfterTheSavedPositionWasMovedBack() throws Exception
    {
        try (ReportPosition position = position(); BrokerReportProgress progress = progress(position))
        {
            progress.startWaiting(BROKER1);
            progress.read(0x30L);
            progress.caughtUp(BROKER1);
        }
        Files.delete(positionFile()); // a reader to start from the journal's first entry again
        try (ReportPosition position = position(); BrokerReportProgress progress = progress(position))
        {
            assertEquals(ReportPosition.NONE, progress.lead(), "no session waits: the saved position");
            progress.read(0x05L);
            progress.startWaiting(BROKER2);
            progress.read(0x06L);
        }
        try (ReportPosition position = position(); BrokerReportProgress progress = progress(position))
        {
            assertEquals(0x06L, progress.lead(), "not the lead 0x30 of the earlier wait");
            assertEquals(0x05L, progress.waitingAfter(BROKER2));
        }
    }

    @Test
    void aTornWriteOfAWaitLeavesTheValueBeforeIt() throws Exception
    {
        final Path file = dir.resolve("wait");
        try (ReportWait wait = new ReportWait(file))
        {
            assertEquals(ReportWait.NOT_WAITING, wait.load());
            wait.save(0x20L);
            wait.save(0x21L); // the next write tears this slot
        }
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw"))
        {
            raw.seek(32 + 8);
            raw.writeLong(0x7777L); // the slot of 0x21 written halfway
        }
        try (ReportWait wait = new ReportWait(file))
        {
            assertEquals(0x20L, wait.load());
            wait.save(ReportWait.NOT_WAITING);
            wait.save(0x08L); // lower than before: a new wait
        }
        try (ReportWait wait = new ReportWait(file))
        {
            assertEquals(0x08L, wait.load());
        }
    }

    @Test
    void theWaitingReportsOfASessionNoLongerConfiguredStopTheStartNamingItAndTheFix()
    {
        try (ReportPosition position = position(); BrokerReportProgress progress = progress(position))
        {
            progress.startWaiting(BROKER2);
        }
        try (ReportPosition position = position())
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new BrokerReportProgress(position, dir, List.of(BROKER1)));
            assertTrue(refused.getMessage().contains("FIX.4.4-PEREGRINE-BROKER2"), refused.getMessage());
            assertTrue(refused.getMessage().contains("Configure the session again"), refused.getMessage());
        }
        assertThrows(IllegalStateException.class,
            () -> BrokerReportProgress.checkBeforeStart(dir, List.of(BROKER1)), "refused before the core starts too");
        BrokerReportProgress.checkBeforeStart(dir, SESSIONS);
    }

    @Test
    void aDirectoryThatNeverSavedAPositionSaysSo()
    {
        assertFalse(BrokerReportProgress.anySaved(positionFile()));
        try (ReportPosition position = position(); BrokerReportProgress progress = progress(position))
        {
            progress.startWaiting(BROKER1); // the very first report could not be stored
            progress.read(0x02L);
        }
        assertTrue(BrokerReportProgress.anySaved(positionFile()), "a lead saved while the first report waits");
    }

    private Path positionFile()
    {
        return dir.resolve("core-report-position");
    }

    private ReportPosition position()
    {
        return new ReportPosition(positionFile());
    }

    private BrokerReportProgress progress(final ReportPosition position)
    {
        return new BrokerReportProgress(position, dir, SESSIONS);
    }
}
