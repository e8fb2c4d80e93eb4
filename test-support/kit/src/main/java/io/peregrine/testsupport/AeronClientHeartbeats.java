package io.peregrine.testsupport;

import io.aeron.status.HeartbeatTimestamp;
import org.agrona.concurrent.status.CountersReader;

import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How a test makes a media driver time an Aeron client out deterministically, as it does on a starved machine: find
 * the client's heartbeat counter among the driver's counters ({@link #await}), then hold it at 0, the value a driver
 * sees when the client's conductor thread was not scheduled for the liveness timeout ({@link #holdAtZero}). Nothing
 * is stalled; the client is lost as it would be. Used from the test thread, on counters mapped by the test (an Aeron
 * client of its own, or the CnC file of a child JVM's driver).
 */
public final class AeronClientHeartbeats
{
    private AeronClientHeartbeats()
    {
    }

    /**
     * Waits for an allocated heartbeat counter whose label a client's name picks out (Aeron puts
     * {@code name=<client name>} in it).
     *
     * @param counters  the driver's counters.
     * @param label     true for the label of the client's heartbeat counter.
     * @param whose     the client, for the failure message, e.g. {@code "the gateway's"}.
     * @param timeoutMs longest wait.
     * @return the counter id (of the last match, if several clients match).
     * @throws AssertionError if no such counter is allocated within the time.
     */
    public static int await(
        final CountersReader counters, final Predicate<String> label, final String whose, final long timeoutMs)
    {
        final int[] found = {CountersReader.NULL_COUNTER_ID};
        final boolean allocated = Await.holdsWithin(() ->
        {
            counters.forEach((counterId, typeId, keyBuffer, counterLabel) ->
            {
                if (HeartbeatTimestamp.HEARTBEAT_TYPE_ID == typeId &&
                    CountersReader.RECORD_ALLOCATED == counters.getCounterState(counterId) && label.test(counterLabel))
                {
                    found[0] = counterId;
                }
            });
            return CountersReader.NULL_COUNTER_ID != found[0];
        }, timeoutMs);
        if (!allocated)
        {
            throw new AssertionError("no heartbeat counter of " + whose + " Aeron client");
        }
        return found[0];
    }

    /**
     * Holds a heartbeat counter at 0 until the condition holds: the client's conductor rewrites it every 500 ms, so it
     * is zeroed every millisecond, until the driver's liveness check has seen it stale and timed the client out. A
     * counter freed meanwhile (the client closed) is left alone.
     *
     * @param counters  the driver's counters.
     * @param counterId from {@link #await}.
     * @param until     what the loss of the client leads to (the process ended, the component stopped).
     * @param timeoutMs longest hold.
     * @param failure   the failure message if the condition does not hold in time.
     * @throws AssertionError if the condition does not hold within the time.
     */
    public static void holdAtZero(
        final CountersReader counters,
        final int counterId,
        final BooleanSupplier until,
        final long timeoutMs,
        final Supplier<String> failure)
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!until.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError(failure.get());
            }
            if (CountersReader.RECORD_ALLOCATED == counters.getCounterState(counterId))
            {
                counters.valuesBuffer().putLongVolatile(CountersReader.counterOffset(counterId), 0);
            }
            Await.pause(1);
        }
    }
}
