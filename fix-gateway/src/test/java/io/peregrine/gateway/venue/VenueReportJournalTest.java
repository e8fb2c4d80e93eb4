package io.peregrine.gateway.venue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VenueReportJournalTest
{
    private static final int VENUE = 1;
    @TempDir
    Path dir;

    private Path file()
    {
        return dir.resolve("reports.log");
    }

    @Test
    void aReportIsAcceptedOnceAcrossRestartsAndOneNotForwardedIsHandedOverAgainByteForByte()
    {
        final String ack = report("1.10", "E1", '0', "caf\u00e9"); // ISO-8859-1 text survives as it is
        final long ackSeq;
        final long fillSeq;
        try (VenueReportJournal journal = new VenueReportJournal(file()))
        {
            ackSeq = journal.accept(VENUE, "E1", ack);
            assertTrue(ackSeq > 0);
            assertEquals(VenueReportJournal.DUPLICATE, journal.accept(VENUE, "E1", ack));
            assertTrue(journal.accept(2, "E1", report("1.10", "E1", '0', "")) > 0, "ExecIDs are per venue");
            journal.forwarded(ackSeq);
            fillSeq = journal.accept(VENUE, "E2", report("1.10", "E2", '1', ""));
            assertEquals(1, journal.duplicates());
        }
        try (VenueReportJournal journal = new VenueReportJournal(file()))
        {
            assertEquals(VenueReportJournal.DUPLICATE, journal.accept(VENUE, "E1", ack));
            assertEquals(VenueReportJournal.DUPLICATE, journal.accept(VENUE, "E2", report("1.10", "E2", '1', "")));
            final List<VenueReportJournal.Unforwarded> unforwarded = journal.unforwarded();
            assertEquals(2, unforwarded.size());
            assertEquals(fillSeq, unforwarded.get(1).seq());
            assertEquals(report("1.10", "E2", '1', ""), unforwarded.get(1).rawFix());
            assertTrue(journal.accept(VENUE, "E3", report("1.10", "E3", '1', "")) > fillSeq, "sequence continues");
        }
    }

    @Test
    void keysOfClosedOrdersAreKeptOnlyInABoundedWindowWhileOpenOrdersKeepAllOfTheirs()
    {
        try (VenueReportJournal journal = new VenueReportJournal(file(), 4))
        {
            journal.accept(VENUE, "OPEN-ACK", report("1.1", "OPEN-ACK", '0', ""));
            journal.accept(VENUE, "OPEN-PART", report("1.1", "OPEN-PART", '1', ""));
            for (int order = 2; order < 1_002; order++)
            {
                journal.accept(VENUE, "A" + order, report("1." + order, "A" + order, '0', ""));
                journal.accept(VENUE, "F" + order, report("1." + order, "F" + order, '2', ""));
            }
            assertEquals(1, journal.openOrders());
            assertEquals(2 + 4, journal.keysHeld(), "the open order's keys and the window, not 2,002 keys");
            assertTrue(journal.isKnown(VENUE, "OPEN-ACK"), "an open order's reports stay known however old");
            assertTrue(journal.isKnown(VENUE, "F1001"), "a report of a recently closed order is still refused");
            assertFalse(journal.isKnown(VENUE, "F2"), "past the window: the core ignores a copy of a closed order's");
        }
        try (VenueReportJournal journal = new VenueReportJournal(file(), 4))
        {
            assertEquals(6, journal.keysHeld(), "rebuilt the same way at start");
            assertTrue(journal.isKnown(VENUE, "OPEN-PART"));
            assertTrue(journal.isKnown(VENUE, "A1001"));
            assertFalse(journal.isKnown(VENUE, "A2"));
        }
    }

    @Test
    void anOrderEndsWithItsFinalReportAStatusAnswerOrALaterCoreRunButNotWithARefusedReplace()
    {
        try (VenueReportJournal journal = new VenueReportJournal(file(), 100))
        {
            journal.accept(VENUE, "C", report("1.1", "C", '4', ""));
            journal.accept(VENUE, "X", report("1.2", "X", 'C', ""));
            journal.accept(VENUE, "R", report("1.3", "R", '8', ""));
            assertEquals(0, journal.openOrders(), "canceled, expired and rejected orders are closed");

            journal.accept(VENUE, "W", report("1.4", "W", '0', ""));
            journal.accept(VENUE, "RR", report("1.4-7", "RR", '8', ""));
            journal.acceptCancelReject(VENUE, "1.4-8", "35=9\u000111=1.4-8\u0001");
            assertEquals(1, journal.openOrders(), "a refused replace or cancel leaves the order open");
            journal.orderClosed(VENUE, "1.4-7");
            assertEquals(0, journal.openOrders(), "the venue said it is done in a status answer");

            journal.accept(VENUE, "OLD", report("1.5", "OLD", '0', ""));
            journal.accept(VENUE, "NEW", report("2.1", "NEW", '0', ""));
            assertEquals(1, journal.openOrders(), "orders of an earlier core run are closed when a later run reports");
            journal.accept(VENUE, "LATE", report("1.6", "LATE", '0', ""));
            assertEquals(1, journal.openOrders(), "a late report of an earlier run does not open its order");
            assertTrue(journal.isKnown(VENUE, "LATE") && journal.isKnown(VENUE, "OLD"));
        }
        try (VenueReportJournal journal = new VenueReportJournal(file(), 100))
        {
            assertEquals(1, journal.openOrders(), "the status answer's record closes the order at replay too");
            assertTrue(journal.isKnown(VENUE, VenueReportJournal.cancelRejectKey("1.4-8")));
        }
    }

    @Test
    void aLineJournalOfAnEarlierVersionIsMigratedToRawRecords() throws Exception
    {
        final String forwarded = report("1.10", "E1", '0', "");
        final String pending = report("1.10", "E2", '2', "");
        final String reject = "35=9\u000111=1.10-3\u0001";
        Files.createDirectories(dir);
        Files.writeString(file(), "R 1 1 " + b64("E1") + ' ' + b64(forwarded) + "\nF 1\n" +
            "R 2 1 " + b64("E2") + ' ' + b64(pending) + '\n' +
            "R 3 1 " + b64(VenueReportJournal.cancelRejectKey("1.10-3")) + ' ' + b64(reject) + '\n' +
            "R 4 1 " + b64("E4"), StandardCharsets.US_ASCII); // torn by a crash

        try (VenueReportJournal journal = new VenueReportJournal(file()))
        {
            assertEquals(VenueReportJournal.DUPLICATE, journal.accept(VENUE, "E1", forwarded));
            assertEquals(VenueReportJournal.DUPLICATE, journal.acceptCancelReject(VENUE, "1.10-3", reject));
            assertFalse(journal.isKnown(VENUE, "E4"), "the torn line was never acted on");
            assertEquals(List.of(new VenueReportJournal.Unforwarded(2, VENUE, pending),
                new VenueReportJournal.Unforwarded(3, VENUE, reject)), journal.unforwarded());
            assertEquals(0, journal.openOrders(), "the filled order is closed");
            assertEquals(4, journal.accept(VENUE, "E5", report("1.11", "E5", '0', "")));
        }
        final String bytes = Files.readString(file(), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(b64(pending)), "no Base64 any more");
        assertTrue(bytes.contains(pending), "the FIX message is stored raw");
    }

    @Test
    void aReportTornBySigkillIsNotKnownAndTheNextOneSurvives() throws Exception
    {
        try (VenueReportJournal journal = new VenueReportJournal(file()))
        {
            journal.accept(VENUE, "E1", report("1.10", "E1", '0', ""));
            journal.accept(VENUE, "E2", report("1.10", "E2", '1', ""));
        }
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw"))
        {
            raf.setLength(raf.length() - 5);
        }
        try (VenueReportJournal journal = new VenueReportJournal(file()))
        {
            assertTrue(journal.isKnown(VENUE, "E1"));
            assertFalse(journal.isKnown(VENUE, "E2"), "QuickFIX/J never counted it: the venue sends it again");
            assertEquals(1, journal.unforwarded().size());
            assertTrue(journal.accept(VENUE, "E2", report("1.10", "E2", '1', "")) > 0);
        }
        try (VenueReportJournal journal = new VenueReportJournal(file()))
        {
            assertTrue(journal.isKnown(VENUE, "E2"));
            assertEquals(2, journal.unforwarded().size());
        }
    }

    @Test
    void aCompactedJournalIsSmallerKeepsEveryReportNotYetForwardedAndARestartOnItAnswersExactlyAsOnTheFullOne()
        throws Exception
    {
        final Path full = Files.createDirectories(dir.resolve("full")).resolve("reports.log");
        final Path compacted = Files.createDirectory(dir.resolve("compacted")).resolve("reports.log");
        final List<String> keys = new ArrayList<>();
        try (VenueReportJournal journal = new VenueReportJournal(full, 64))
        {
            keys.addAll(VenueJournalActivity.reportOrders(journal, new SplittableRandom(1), 1, 1, 1_000, 20));
            keys.addAll(VenueJournalActivity.reportOrders(journal, new SplittableRandom(2), 2, 1, 1_000, 20));
            keys.addAll(VenueJournalActivity.reportOrders(journal, new SplittableRandom(3), 1, 5_000, 5, 20));
        }
        Files.copy(full, compacted);
        final long before = Files.size(full);
        new VenueReportJournal(compacted, 64).close();
        final long after = Files.size(compacted);
        assertTrue(after < before / 2, "compacted from " + before + " to " + after + " bytes");
        assertFalse(Files.exists(compacted.resolveSibling("reports.log.migrating")), "no temporary file left");

        try (VenueReportJournal fromFull = new VenueReportJournal(full, 64);
            VenueReportJournal fromCompacted = new VenueReportJournal(compacted, 64))
        {
            assertEquals(after, Files.size(compacted), "nothing more to compact");
            assertTrue(fromFull.unforwarded().size() > 100, "reports left unforwarded: " + fromFull.unforwarded().size());
            assertEquals(fromFull.unforwarded(), fromCompacted.unforwarded(), "every report not yet forwarded, as is");
            assertEquals(VenueJournalActivity.state(fromFull, keys), VenueJournalActivity.state(fromCompacted, keys));
            for (final String key : keys) // a venue resending everything: the same reports refused, the same taken
            {
                final String raw = VenueJournalActivity.report("1.1", key, '1');
                assertEquals(fromFull.accept(VENUE, key, raw), fromCompacted.accept(VENUE, key, raw), key);
            }
            keys.addAll(VenueJournalActivity.reportOrders(fromFull, new SplittableRandom(4), 2, 1_001, 300, 20));
            VenueJournalActivity.reportOrders(fromCompacted, new SplittableRandom(4), 2, 1_001, 300, 20);
            assertEquals(VenueJournalActivity.state(fromFull, keys), VenueJournalActivity.state(fromCompacted, keys));
        }
        try (VenueReportJournal fromFull = new VenueReportJournal(full, 64);
            VenueReportJournal fromCompacted = new VenueReportJournal(compacted, 64))
        {
            assertEquals(VenueJournalActivity.state(fromFull, keys), VenueJournalActivity.state(fromCompacted, keys));
        }
    }

    private static String report(final String clOrdId, final String execId, final char ordStatus, final String text)
    {
        return "8=FIX.4.4\u00019=99\u000135=8\u000134=7\u000111=" + clOrdId + "\u000117=" + execId + "\u000139=" +
            ordStatus + "\u000158=" + text + "\u000110=000\u0001";
    }

    private static String b64(final String text)
    {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
