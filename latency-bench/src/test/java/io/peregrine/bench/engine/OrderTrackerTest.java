package io.peregrine.bench.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OrderTrackerTest
{
    @Test
    void measuresFromTheScheduledTimeToTheFirstAndTheFinalReport()
    {
        final OrderTracker tracker = new OrderTracker("T", 1, 0, false);
        tracker.onScheduled(0, 1_000);
        tracker.onSent(0, 5_000);

        tracker.onReport(0, ReportKind.NEW, null, 11_000);
        tracker.onReport(0, ReportKind.PARTIAL_FILL, null, 12_000);
        tracker.onReport(0, ReportKind.FILL, null, 21_000);

        assertEquals(10_000, tracker.firstReport().getMaxValue(), 10);
        assertEquals(20_000, tracker.finalReport().getMaxValue(), 20);
        assertEquals(20_000, tracker.fillReport().getMaxValue(), 20);
        assertEquals(16_000, tracker.finalFromSend().getMaxValue(), 20);
        assertEquals(1, tracker.acks());
        assertEquals(1, tracker.partialFills());
        assertEquals(1, tracker.fills());
        assertEquals(1, tracker.completed());
        assertEquals(0, tracker.outstanding());
        assertEquals(0, tracker.missing(0, 1));
    }

    @Test
    void latenciesAlsoGoToTheSecondOfScheduleTheOrderWasDueIn()
    {
        // warm-up order 0, then 5 measured orders due 0, 0.5, 1.2, 2.9 and 3.0 s after the first measured one
        final long second = 1_000_000_000L;
        final long[] due = { -second, 0, second / 2, 1_200_000_000L, 2_900_000_000L, 3 * second };
        final OrderTracker tracker = new OrderTracker("T", due.length, 1, true);
        for (int i = 0; i < due.length; i++)
        {
            tracker.onScheduled(i, due[i]);
            tracker.onSent(i, due[i]);
            tracker.onReport(i, ReportKind.NEW, null, due[i] + 1_000 * (i + 1));
        }

        assertEquals(4, tracker.slices().size(), "seconds 0, 1, 2 and 3");
        final long[] expected = { 2, 1, 1, 1 };
        long total = 0;
        for (int s = 0; s < expected.length; s++)
        {
            assertEquals(expected[s], tracker.slices().get(s)[OrderTracker.SLICE_FINAL_REPORT].getTotalCount(),
                "second " + s);
            total += tracker.slices().get(s)[OrderTracker.SLICE_FIRST_REPORT].getTotalCount();
        }
        assertEquals(tracker.finalReport().getTotalCount(), total, "the slices add up to the whole phase");
        assertEquals(6_000, tracker.slices().get(3)[OrderTracker.SLICE_FINAL_REPORT].getMaxValue(), 10);
    }

    @Test
    void warmUpOrdersAreTrackedButNotRecorded()
    {
        final OrderTracker tracker = new OrderTracker("T", 2, 1, false);
        tracker.onScheduled(0, 0);
        tracker.onScheduled(1, 0);
        tracker.onSent(0, 0);
        tracker.onSent(1, 0);

        tracker.onReport(0, ReportKind.REJECTED, "PRICE_OUTSIDE_COLLAR", 100);

        assertEquals(0, tracker.totalRejects());
        assertEquals(0, tracker.finalReport().getTotalCount());
        assertEquals(1, tracker.outstanding());
        assertEquals(1, tracker.missing(0, 2));
        assertEquals(1, tracker.sent());
    }

    @Test
    void reportsForUnknownUnsentOrFinishedOrdersAreUnexpected()
    {
        final OrderTracker tracker = new OrderTracker("T", 2, 0, false);
        tracker.onSent(0, 0);
        tracker.onReport(0, ReportKind.EXPIRED, null, 10);

        tracker.onReport(0, ReportKind.FILL, null, 20);
        tracker.onReport(1, ReportKind.NEW, null, 20);
        tracker.onReport(-1, ReportKind.NEW, null, 20);
        tracker.onReport(2, ReportKind.NEW, null, 20);

        assertEquals(4, tracker.unexpected());
        assertEquals(1, tracker.expired());
        assertEquals(0, tracker.fills());
    }

    @Test
    void anEchoEndsTheOrderWithItsFirstReport()
    {
        final OrderTracker tracker = new OrderTracker("T", 1, 0, true);
        tracker.onSent(0, 0);

        tracker.onReport(0, ReportKind.NEW, null, 50);

        assertEquals(1, tracker.completed());
        assertEquals(0, tracker.outstanding());
        assertEquals(1, tracker.finalReport().getTotalCount());
    }

    @Test
    void rejectsAreCountedByReason()
    {
        final OrderTracker tracker = new OrderTracker("T", 3, 0, false);
        for (int i = 0; i < 3; i++)
        {
            tracker.onSent(i, 0);
        }
        tracker.onReport(0, ReportKind.REJECTED, "QUANTITY_ABOVE_MAX", 1);
        tracker.onReport(1, ReportKind.REJECTED, "QUANTITY_ABOVE_MAX", 1);
        tracker.onReport(2, ReportKind.REJECTED, "UNKNOWN_INSTRUMENT", 1);

        assertEquals(2, tracker.rejects("QUANTITY_ABOVE_MAX"));
        assertEquals(1, tracker.rejects("UNKNOWN_INSTRUMENT"));
        assertEquals(3, tracker.totalRejects());
    }
}
