package io.peregrine.risk;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientOrderIdWindowTest
{
    @Test
    void remembersEveryIdWhileNotFull()
    {
        final ClientOrderIdWindow window = new ClientOrderIdWindow(3);
        recordAll(window, 30, 10, 20);
        assertDuplicates(window, 10, 20, 30);
        assertFalse(window.isDuplicate(15), "ids below others are fine while nothing was forgotten");
        assertNotDuplicates(window, -1, 0);
    }

    @Test
    void whenFullForgetsTheOldestAndRefusesEverythingAtOrBelowTheHighestForgottenId()
    {
        final ClientOrderIdWindow window = new ClientOrderIdWindow(3);
        recordAll(window, 30, 10, 20);
        window.record(40); // forgets 30: floor 30
        assertTrue(window.isDuplicate(30), "forgotten id is still refused");
        assertTrue(window.isDuplicate(25), "unknown id below the floor may be a duplicate: refused");
        assertDuplicates(window, 10, 40);
        assertFalse(window.isDuplicate(31));
        window.record(50); // forgets 10: floor stays 30
        window.record(60); // forgets 20
        window.record(70); // forgets 40: floor 40
        assertDuplicates(window, 40, 35);
        assertFalse(window.isDuplicate(45));
        assertTrue(window.isDuplicate(50));
    }

    @Test
    void negativeAndExtremeIdsWork()
    {
        final ClientOrderIdWindow window = new ClientOrderIdWindow(2);
        recordAll(window, Long.MIN_VALUE, -1);
        assertDuplicates(window, Long.MIN_VALUE, -1);
        window.record(Long.MAX_VALUE); // forgets MIN_VALUE
        assertTrue(window.isDuplicate(Long.MIN_VALUE));
        assertFalse(window.isDuplicate(0));
        window.record(0); // forgets -1: floor -1
        assertDuplicates(window, -5, Long.MAX_VALUE, 0);
        assertFalse(window.isDuplicate(1));
    }

    @Test
    void clearForgetsEverythingIncludingTheFloor()
    {
        final ClientOrderIdWindow window = new ClientOrderIdWindow(1);
        recordAll(window, 5, 6);
        assertTrue(window.isDuplicate(5));
        window.clear();
        assertNotDuplicates(window, 5, 6);
    }

    @Test
    void idsInTheSameBucketAreToldApartAndForgottenOneByOne()
    {
        // capacity 4 -> 8 buckets: ids 8 apart share a bucket (the fold adds nothing below 2^21)
        final ClientOrderIdWindow window = new ClientOrderIdWindow(4);
        recordAll(window, 8, 16, 24, 32);
        assertDuplicates(window, 8, 16, 24, 32);
        assertFalse(window.isDuplicate(40), "same bucket, never recorded");
        window.record(40); // forgets 8, the tail of the bucket's chain
        assertDuplicates(window, 40, 16, 32);
        assertFalse(window.isDuplicate(48));
        window.record(48); // forgets 16: floor 16
        window.record(56); // forgets 24
        assertDuplicates(window, 32, 40, 48, 56);
        assertFalse(window.isDuplicate(64));
        assertEquals(4, window.size());
    }

    @Test
    void wrapsAroundTheRingManyTimesRememberingExactlyTheLastCapacityIds()
    {
        final int capacity = 5;
        final ClientOrderIdWindow window = new ClientOrderIdWindow(capacity);
        for (long id = 1; id <= 1_000; id++)
        {
            assertFalse(window.isDuplicate(id), "fresh id " + id);
            window.record(id);
            for (long back = 0; back < Math.min(capacity, id); back++)
            {
                assertTrue(window.isDuplicate(id - back), "recent id " + (id - back) + " after " + id);
            }
            assertFalse(window.isDuplicate(id + 1));
        }
        assertEquals(capacity, window.size());
    }

    @Test
    void aForgottenIdsPositionIsReusedByTheNextIdAndTheChainsStayConsistent()
    {
        // ids that all fall into two buckets: every record unlinks from one chain and links into the other
        final ClientOrderIdWindow window = new ClientOrderIdWindow(3);
        final long[] ids = { 0, 8, 1, 16, 9, 24, 17, 32, 25 };
        for (final long id : ids)
        {
            window.record(id);
        }
        assertDuplicates(window, 32, 25, 17);
        assertFalse(window.isDuplicate(33));
        assertTrue(window.isDuplicate(24), "forgotten: at the floor");
        window.clear();
        for (final long id : ids)
        {
            assertFalse(window.isDuplicate(id), "cleared " + id);
        }
        window.record(8);
        assertTrue(window.isDuplicate(8), "re-recorded after clear");
        assertFalse(window.isDuplicate(0));
    }

    @Test
    void agreesWithAPlainModelUnderRandomCollidingIds()
    {
        final int capacity = 64;
        final ClientOrderIdWindow window = new ClientOrderIdWindow(capacity);
        final ArrayDeque<Long> order = new ArrayDeque<>();
        final Set<Long> held = new HashSet<>();
        long floor = Long.MIN_VALUE;
        boolean forgot = false;
        final Random random = new Random(7);
        long base = 0;
        for (int i = 0; i < 200_000; i++)
        {
            base += random.nextInt(3);
            // mostly growing ids, some far behind, many landing in the same buckets (multiples of 128)
            final long id = random.nextInt(10) == 0 ? random.nextInt(1_000) : base + 128L * random.nextInt(4);
            final boolean expected = (forgot && id <= floor) || held.contains(id);
            assertEquals(expected, window.isDuplicate(id), "id " + id + " at step " + i);
            if (!expected)
            {
                window.record(id);
                if (order.size() == capacity)
                {
                    final long gone = order.removeFirst();
                    held.remove(gone);
                    forgot = true;
                    floor = Math.max(floor, gone);
                }
                order.addLast(id);
                held.add(id);
            }
        }
        assertEquals(order.size(), window.size());
    }

    @Test
    void capacityMustBePositive()
    {
        assertThrows(IllegalArgumentException.class, () -> new ClientOrderIdWindow(0));
        final ClientOrderIdWindow one = new ClientOrderIdWindow(1);
        one.record(3);
        one.record(4);
        assertEquals(1, one.size());
        assertEquals(1, one.capacity());
        assertTrue(one.isDuplicate(3));
        assertTrue(one.isDuplicate(4));
        assertFalse(one.isDuplicate(5));
    }

    private static void recordAll(final ClientOrderIdWindow window, final long... ids)
    {
        for (final long id : ids)
        {
            window.record(id);
        }
    }

    private static void assertDuplicates(final ClientOrderIdWindow window, final long... ids)
    {
        for (final long id : ids)
        {
            assertTrue(window.isDuplicate(id), "duplicate " + id);
        }
    }

    private static void assertNotDuplicates(final ClientOrderIdWindow window, final long... ids)
    {
        for (final long id : ids)
        {
            assertFalse(window.isDuplicate(id), "not a duplicate " + id);
        }
    }
}
