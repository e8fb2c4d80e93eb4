package io.peregrine.core.egress;

import io.aeron.Publication;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournalReader;
import io.peregrine.core.journal.JournaledPublication;
import io.peregrine.core.journal.LogicClock;
import io.peregrine.core.venue.VenueText;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.AdminResult;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.VenueStatus;
import io.peregrine.testsupport.TempDirs;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link ClientReports} journals: every report, except the refusal of an input the journal could not take
 * (JOURNAL_UNAVAILABLE), which lives on the live stream only, even when the journal takes appends again by the time
 * the refusal is published (a replay never sees the refused input, so a journaled refusal would be an output nothing
 * produced; a client reading the journal takes these refusals from the live stream).
 */
class ClientReportsJournalTest
{
    private final Path dir = TempDirs.create("client-reports-journal-");
    private final List<RejectReason> published = new ArrayList<>();
    private final MessageSink live = new MessageSink()
    {
        private final ExecutionReportDecoder report = new ExecutionReportDecoder();

        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            published.add(report.wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder()).rejectReason());
            return published.size();
        }

        public boolean isConnected()
        {
            return true;
        }
    };

    @AfterEach
    void deleteJournal()
    {
        TempDirs.delete(dir);
    }

    @Test
    void aJournalUnavailableRefusalIsPublishedLiveButNeverJournaledWhileOtherReportsAreBoth()
    {
        final List<RejectReason> journaled = new ArrayList<>();
        try (CoreJournal journal = CoreJournal.open(dir, 0))
        {
            final LogicClock clock = new LogicClock();
            clock.time(1_000_000_000L);
            final UnsafeBuffer counters = new UnsafeBuffer(new byte[CountersReader.COUNTER_LENGTH * 4]);
            final ClientReports reports = new ClientReports(
                new JournaledPublication(live, journal, JournalEntry.REPORT, clock),
                new AtomicCounter(counters, 0), new AtomicCounter(counters, 3), new AtomicCounter(counters, 1),
                new AtomicCounter(counters, 2), clock, (reason) -> { });
            assertTrue(journal.isAvailable(), "the journal takes appends");

            reports.orderStatusUnknown(7, 11, 0, PackedAscii.BLANK, RejectReason.JOURNAL_UNAVAILABLE, 0);
            reports.messageRejected(7, 12, 0, RejectReason.JOURNAL_UNAVAILABLE);
            reports.orderStatusUnknown(7, 13, 0, PackedAscii.BLANK, RejectReason.UNKNOWN_ORDER, 0);

            try (JournalReader reader = journal.reader())
            {
                final ExecutionReportDecoder report = new ExecutionReportDecoder();
                while (JournalReader.ENTRY == reader.next())
                {
                    if (JournalEntry.REPORT == reader.type())
                    {
                        journaled.add(report.wrapAndApplyHeader(reader.payload(), 0, new MessageHeaderDecoder())
                            .rejectReason());
                    }
                }
            }
        }
        assertEquals(List.of(RejectReason.JOURNAL_UNAVAILABLE, RejectReason.JOURNAL_UNAVAILABLE,
            RejectReason.UNKNOWN_ORDER), published, "all three on the live stream");
        assertEquals(List.of(RejectReason.UNKNOWN_ORDER), journaled, "only the report of a journaled input");
    }

    @Test
    void aReportNoClientSubscribedToIsCountedApartFromOneDroppedUnderBackPressure()
    {
        final long[] result = { Publication.NOT_CONNECTED };
        final MessageSink sink = new MessageSink()
        {
            public long offer(final DirectBuffer buffer, final int offset, final int length)
            {
                return result[0];
            }

            public boolean isConnected()
            {
                return false;
            }
        };
        final UnsafeBuffer counters = new UnsafeBuffer(new byte[CountersReader.COUNTER_LENGTH * 4]);
        final AtomicCounter dropped = new AtomicCounter(counters, 0);
        final AtomicCounter unsubscribed = new AtomicCounter(counters, 1);
        final AtomicCounter droppedClient = new AtomicCounter(counters, 3);
        droppedClient.set(-1);
        final LogicClock clock = new LogicClock();
        final ClientReports reports = new ClientReports(
            new JournaledPublication(sink, null, JournalEntry.REPORT, clock), dropped, droppedClient, unsubscribed,
            new AtomicCounter(counters, 2), clock, (reason) -> { });

        reports.orderStatusUnknown(7, 11, 0, PackedAscii.BLANK, RejectReason.UNKNOWN_ORDER, 0);
        assertEquals(1, unsubscribed.get(), "nobody to lose it for: a journal-mode reader gets it from the journal");
        assertEquals(0, dropped.get());
        assertEquals(-1, droppedClient.get());
        result[0] = Publication.BACK_PRESSURED;
        reports.orderStatusUnknown(7, 12, 0, PackedAscii.BLANK, RejectReason.UNKNOWN_ORDER, 0);
        assertEquals(1, dropped.get(), "a subscriber that does not keep up loses it");
        assertEquals(7, droppedClient.get(), "and whose report it was");
        assertEquals(1, unsubscribed.get());

        reports.cancelReject(8, 21, 20, 5, 0, OrdStatus.NEW, CancelRejectResponseTo.CANCEL,
            RejectReason.UNKNOWN_ORDER, 0, VenueText.NONE);
        assertEquals(8, droppedClient.get());
        reports.adminResponse(1, 2, AdminResult.APPLIED, RejectReason.NONE, 0);
        reports.venueSessionStatus(1, VenueStatus.CONNECTED, 0);
        assertEquals(4, dropped.get());
        assertEquals(8, droppedClient.get(), "an admin response or a venue status names no client");
    }

    @Test
    void aCancelRejectIsCountedInCancelRejectsAndByItsReasonOtherRejectsOnlyByTheirReason()
    {
        final UnsafeBuffer counters = new UnsafeBuffer(new byte[CountersReader.COUNTER_LENGTH * 4]);
        final AtomicCounter cancelRejects = new AtomicCounter(counters, 2);
        final List<RejectReason> byReason = new ArrayList<>();
        final MessageSink subscribed = new MessageSink()
        {
            public long offer(final DirectBuffer buffer, final int offset, final int length)
            {
                return length;
            }

            public boolean isConnected()
            {
                return true;
            }
        };
        final LogicClock clock = new LogicClock();
        final ClientReports reports = new ClientReports(
            new JournaledPublication(subscribed, null, JournalEntry.REPORT, clock), new AtomicCounter(counters, 0),
            new AtomicCounter(counters, 3), new AtomicCounter(counters, 1), cancelRejects, clock, byReason::add);

        reports.cancelReject(7, 21, 20, 5, 0, OrdStatus.NEW, CancelRejectResponseTo.CANCEL,
            RejectReason.UNKNOWN_ORDER, 0, VenueText.NONE);
        reports.cancelReject(7, 22, 20, 5, 0, OrdStatus.NEW, CancelRejectResponseTo.REPLACE,
            RejectReason.INVALID_REPLACE, 0, VenueText.NONE);
        reports.messageRejected(7, 23, 0, RejectReason.UNKNOWN_TEMPLATE);
        reports.orderStatusUnknown(7, 24, 0, PackedAscii.BLANK, RejectReason.NOT_AUTHORISED, 0);

        assertEquals(2, cancelRejects.get(), "the two CancelRejects, not the ExecutionReport rejects");
        assertEquals(List.of(RejectReason.UNKNOWN_ORDER, RejectReason.INVALID_REPLACE, RejectReason.UNKNOWN_TEMPLATE,
            RejectReason.NOT_AUTHORISED), byReason);
    }
}
