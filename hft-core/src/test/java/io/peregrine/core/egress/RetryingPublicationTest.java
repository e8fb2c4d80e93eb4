package io.peregrine.core.egress;

import io.peregrine.testsupport.MediaDriverFixture;
import io.aeron.Aeron;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.peregrine.core.system.TestStack;
import io.peregrine.testsupport.TestAeronClients;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bounded offer against a real IPC publication whose subscriber does not read (so it back-pressures). Time is a
 * clock the idle strategy advances by 1 ms per idle, so the bound is exact and the test does not wait.
 */
class RetryingPublicationTest
{
    private static final String CHANNEL = "aeron:ipc?term-length=65536";
    private static final int STREAM = 4242;
    private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final UnsafeBuffer message = new UnsafeBuffer(new byte[1024]);
    private final SteppingClock clock = new SteppingClock();
    private MediaDriverFixture driver;
    private Aeron aeron;
    private AtomicCounter retries;

    @BeforeEach
    void launch()
    {
        driver = MediaDriverFixture.launch();
        aeron = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName()));
        retries = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(CountersManager.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(CountersManager.COUNTER_LENGTH))).newCounter("retries", 1);
    }

    @AfterEach
    void close()
    {
        CloseHelper.quietCloseAll(aeron, driver);
    }

    @Test
    void givesUpAfterTheConfiguredTimeoutWithBackPressuredAndCountsEveryRetry()
    {
        final Publication publication = backPressuredPublication();
        final RetryingPublication bounded =
            RetryingPublication.withTimeout(publication, TIMEOUT_NANOS, clock, clock, retries);

        final long result = bounded.offer(message, 0, message.capacity());

        assertEquals(Publication.BACK_PRESSURED, result);
        assertTrue(RetryingPublication.describe(result).contains("back-pressured"));
        assertEquals(TIMEOUT_NANOS, clock.nanoTime(), "retried until the timeout, not past it");
        assertEquals(50, retries.get(), "one retry per 1 ms idle within the 50 ms timeout");
    }

    @Test
    void retryBoundGivesUpAfterItsRetries()
    {
        final Publication publication = backPressuredPublication();
        final RetryingPublication bounded = new RetryingPublication(publication, 3, clock, retries);

        assertEquals(Publication.BACK_PRESSURED, bounded.offer(message, 0, message.capacity()));
        assertEquals(3, retries.get());
    }

    @Test
    void aReaderThatStoppedCostsOneOfferPerMessageAfterTheFirstRetryBound()
    {
        final Publication publication = backPressuredPublication();
        final RetryingPublication bounded = new RetryingPublication(publication, 64, clock, retries);

        for (int i = 0; i < 100; i++)
        {
            assertEquals(Publication.BACK_PRESSURED, bounded.offer(message, 0, message.capacity()));
        }

        assertEquals(64, retries.get(), "one retry bound in all, not one per message (was 6,400)");
        assertEquals(TimeUnit.MILLISECONDS.toNanos(64), clock.nanoTime(), "the offering thread idled 64 times");
        assertTrue(bounded.isStalled());
    }

    @Test
    void aReaderTricklingOneMessageAtATimeDoesNotReArmTheRetries()
    {
        final Subscription reader = aeron.addSubscription(CHANNEL, STREAM);
        final Publication publication = fill(aeron.addPublication(CHANNEL, STREAM), reader);
        final Image image = reader.imageAtIndex(0);
        awaitLimitAtReaderPlusWindow(publication, image);
        fill(publication, reader);
        final RetryingPublication bounded = new RetryingPublication(publication, 64, clock, retries);
        assertEquals(Publication.BACK_PRESSURED, bounded.offer(message, 0, message.capacity()));
        assertEquals(64, retries.get());

        // Aeron moves an IPC publication's limit once its reader has read an eighth of the window (4 KiB here, 4
        // messages): the reader reads that much at a time, a message at a time, and the writer fills each step's
        // room with single offers. A step's room is half the clearance (an eighth of the term).
        final int messagesPerStep = 4;
        for (int step = 0; step < 10; step++)
        {
            for (int i = 0; i < messagesPerStep; i++)
            {
                assertEquals(1, reader.poll((buffer, offset, length, header) -> { }, 1));
            }
            awaitLimitAtReaderPlusWindow(publication, image);
            int sent = 0;
            while (bounded.offer(message, 0, message.capacity()) > 0)
            {
                sent++;
            }
            // One message fewer when the step's room held the end of a term (padded by the rotation).
            assertTrue(sent >= messagesPerStep - 1, "the freed room is used at once: " + sent);
            assertTrue(bounded.isStalled(), "a step of room smaller than the clearance does not end the stall");
        }
        // 74 KiB written through 64 KiB terms: at most two rotations, each offered again once.
        assertTrue(retries.get() <= 64 + 2,
            "no retry bound while the reader trickles (was 64 per step it read): " + retries.get());
    }

    @Test
    void retriesResumeOnceTheReaderFreedTheClearance()
    {
        final Subscription reader = aeron.addSubscription(CHANNEL, STREAM);
        final Publication publication = fill(aeron.addPublication(CHANNEL, STREAM), reader);
        final RetryingPublication bounded = new RetryingPublication(publication, 64, clock, retries);
        assertEquals(Publication.BACK_PRESSURED, bounded.offer(message, 0, message.capacity()));
        assertTrue(bounded.isStalled());

        while (reader.poll((buffer, offset, length, header) -> { }, 100) > 0)
        {
            Thread.onSpinWait(); // caught up
        }
        awaitWindow(publication, RetryingPublication.stallClearance(publication.termBufferLength()));
        assertTrue(bounded.offer(message, 0, message.capacity()) > 0);
        assertFalse(bounded.isStalled(), "the reader freed the clearance");

        fill(publication, reader);
        assertEquals(Publication.BACK_PRESSURED, bounded.offer(message, 0, message.capacity()));
        assertEquals(128, retries.get(), "back-pressure after the stall ended gets a whole retry bound again");
    }

    @Test
    void theTimeBoundRetriesEveryOfferEvenAfterGivingUp()
    {
        final Publication publication = backPressuredPublication();
        final RetryingPublication bounded =
            RetryingPublication.withTimeout(publication, TIMEOUT_NANOS, clock, clock, retries);

        assertEquals(Publication.BACK_PRESSURED, bounded.offer(message, 0, message.capacity()));
        assertEquals(Publication.BACK_PRESSURED, bounded.offer(message, 0, message.capacity()));

        assertEquals(100, retries.get(), "the edges' threads wait their offer timeout each time");
        assertFalse(bounded.isStalled());
    }

    @Test
    void stallClearanceIsAnEighthOfTheTermAtMost64KiB()
    {
        assertEquals(8 * 1024, RetryingPublication.stallClearance(64 * 1024));
        assertEquals(64 * 1024, RetryingPublication.stallClearance(64 * 1024 * 1024));
    }

    @Test
    void succeedsOnceTheSubscriberCatchesUpAndStillCountsTheBackPressure()
    {
        final Subscription subscription = aeron.addSubscription(CHANNEL, STREAM);
        final Publication publication = fill(aeron.addPublication(CHANNEL, STREAM), subscription);
        final IdleStrategy drainingIdle = new IdleStrategy()
        {
            public void idle(final int workCount)
            {
                idle();
            }

            public void idle()
            {
                subscription.poll((buffer, offset, length, header) -> { }, 1000);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // the driver moves the limit meanwhile
            }

            public void reset()
            {
            }
        };
        final RetryingPublication bounded =
            RetryingPublication.withTimeout(publication, TimeUnit.SECONDS.toNanos(10), SystemNanoClock.INSTANCE,
                drainingIdle, retries);

        assertTrue(bounded.offer(message, 0, message.capacity()) > 0);
        assertTrue(retries.get() >= 1, "the back-pressure was counted");
    }

    @Test
    void notConnectedIsFinalAtOnceUnlessAskedToAwaitASubscriber()
    {
        final Publication publication = aeron.addPublication(CHANNEL, STREAM + 1);

        assertEquals(Publication.NOT_CONNECTED,
            RetryingPublication.withTimeout(publication, TIMEOUT_NANOS, clock, clock, retries)
                .offer(message, 0, message.capacity()));
        assertEquals(0, retries.get());
        assertEquals(0, clock.nanoTime());

        assertEquals(Publication.NOT_CONNECTED,
            RetryingPublication.withTimeout(publication, TIMEOUT_NANOS, clock, clock, retries).awaitingSubscriber()
                .offer(message, 0, message.capacity()));
        assertEquals(50, retries.get());
        assertTrue(RetryingPublication.describe(Publication.NOT_CONNECTED).contains("not connected"));
    }

    private Publication backPressuredPublication()
    {
        final Subscription idleReader = aeron.addSubscription(CHANNEL, STREAM);
        return fill(aeron.addPublication(CHANNEL, STREAM), idleReader);
    }

    private Publication fill(final Publication publication, final Subscription subscription)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!publication.isConnected() || subscription.imageCount() == 0)
        {
            assertTrue(System.nanoTime() < deadline, "publication did not connect");
            Thread.yield();
        }
        for (int i = 0; i < 10_000; i++)
        {
            final long result = publication.offer(message, 0, message.capacity());
            if (result == Publication.BACK_PRESSURED)
            {
                return publication;
            }
            assertTrue(result > 0 || result == Publication.ADMIN_ACTION, "unexpected offer result " + result);
        }
        throw new AssertionError("the publication never back-pressured");
    }

    /** Waits (bounded) until the media driver has moved the publication's limit to leave {@code bytes} of room. */
    private static void awaitWindow(final Publication publication, final long bytes)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (publication.availableWindow() < bytes)
        {
            assertTrue(System.nanoTime() < deadline, "the driver did not move the publication limit");
            Thread.yield();
        }
    }

    /** Waits (bounded) until the driver has moved the limit to the reader's position plus the IPC window. */
    private static void awaitLimitAtReaderPlusWindow(final Publication publication, final Image image)
    {
        final long window = publication.termBufferLength() / 2; // Aeron's IPC default: half a term
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (publication.positionLimit() != image.position() + window)
        {
            assertTrue(System.nanoTime() < deadline, "the driver did not move the publication limit");
            Thread.yield();
        }
    }

    /** A clock that moves 1 ms each time the retry loop idles. */
    private static final class SteppingClock implements NanoClock, IdleStrategy
    {
        private long now;

        public long nanoTime()
        {
            return now;
        }

        void step()
        {
            now += TimeUnit.MILLISECONDS.toNanos(1);
        }

        public void idle(final int workCount)
        {
            idle();
        }

        public void idle()
        {
            step();
        }

        public void reset()
        {
        }
    }
}
