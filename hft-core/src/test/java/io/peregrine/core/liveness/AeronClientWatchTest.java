package io.peregrine.core.liveness;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.exceptions.AeronException;
import io.aeron.exceptions.ClientTimeoutException;
import io.aeron.exceptions.ConductorServiceTimeoutException;
import io.aeron.exceptions.DriverTimeoutException;
import io.aeron.exceptions.RegistrationException;
import io.aeron.ErrorCode;
import org.agrona.concurrent.AgentTerminationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AeronClientWatchTest
{
    private final List<Throwable> otherErrors = new ArrayList<>();
    private final AtomicInteger stops = new AtomicInteger();
    private final AtomicInteger signals = new AtomicInteger();
    private final AeronClientWatch watch = new AeronClientWatch("test component", otherErrors::add);

    @Test
    void anErrorAfterWhichAeronClosesTheClientStopsTheComponentOnceAndSignalsIt()
    {
        watch.stopAction(() ->
        {
            assertTrue(watch.isLost(), "lost before the stop runs: health is DOWN at once");
            assertFalse(watch.isStopped());
            stops.incrementAndGet();
        });
        watch.addLossListener(signals::incrementAndGet);

        watch.onError(new ConductorServiceTimeoutException("service interval exceeded: timeout=10s, interval=12s"));
        watch.onError(new ClientTimeoutException("client timeout from driver"));
        watch.onError(new AgentTerminationException());

        assertEquals(1, stops.get());
        assertEquals(1, signals.get());
        assertTrue(watch.isStopped());
        assertTrue(watch.lossReason().contains("ConductorServiceTimeoutException"), watch.lossReason());
        assertTrue(otherErrors.isEmpty(), "the conductor's own end after the loss is not reported: " + otherErrors);
    }

    @Test
    void otherErrorsGoToTheComponentsHandlerAndStopNothing()
    {
        watch.stopAction(stops::incrementAndGet);
        final RegistrationException notFatal =
            new RegistrationException(1, ErrorCode.INVALID_CHANNEL.value(), ErrorCode.INVALID_CHANNEL, "bad channel");

        watch.onError(notFatal);
        watch.onError(new AgentTerminationException());

        assertEquals(List.of(notFatal), otherErrors.subList(0, 1));
        assertEquals(2, otherErrors.size(), "before a loss an AgentTerminationException is news");
        assertEquals(0, stops.get());
        assertFalse(watch.isLost());
        assertNull(watch.lossReason());
    }

    @Test
    void everyErrorAfterWhichAeronClosesTheClientIsRecognised()
    {
        assertTrue(AeronClientWatch.closesClient(new ConductorServiceTimeoutException("x")));
        assertTrue(AeronClientWatch.closesClient(new ClientTimeoutException("x")));
        assertTrue(AeronClientWatch.closesClient(new DriverTimeoutException("x")));
        assertTrue(AeronClientWatch.closesClient(
            new AeronException("unexpected close of heartbeat timestamp counter: 7")));
        assertFalse(AeronClientWatch.closesClient(new AeronException("something else")));
        assertFalse(AeronClientWatch.closesClient(new IllegalStateException("x")));
    }

    @Test
    void aListenerAddedAfterTheLossRunsAtOnce()
    {
        watch.onError(new DriverTimeoutException("MediaDriver keepalive: age=31000ms > timeout=30000ms"));
        watch.addLossListener(signals::incrementAndGet);
        assertEquals(1, signals.get());
    }

    @Test
    void peregrinesLivenessDefaultsApplyUnlessAeronsPropertiesAreSet()
    {
        final MediaDriver.Context driver = LivenessTimeouts.applyTo(new MediaDriver.Context());
        final Aeron.Context client = LivenessTimeouts.applyTo(new Aeron.Context());
        if (null == System.getProperty(LivenessTimeouts.CLIENT_LIVENESS_TIMEOUT_PROP_NAME))
        {
            assertEquals(TimeUnit.SECONDS.toNanos(30), driver.clientLivenessTimeoutNs());
        }
        assertTrue(driver.publicationUnblockTimeoutNs() > driver.clientLivenessTimeoutNs(),
            "Aeron refuses an unblock timeout not above the liveness timeout");
        if (null == System.getProperty(LivenessTimeouts.DRIVER_TIMEOUT_PROP_NAME))
        {
            assertEquals(30_000, client.driverTimeoutMs());
        }
    }

    @Test
    void namesAWallClockStepAsTheLikelyCauseWhenTheKeepaliveAgeIsCloseToWholeMinutes()
    {
        final long timeoutNs = 30_000_000_000L;
        final String stepped = AeronClientWatch.causeAndFix(
            new DriverTimeoutException("MediaDriver keepalive: age=3600412ms > timeout=30000ms"), timeoutNs, timeoutNs);
        assertTrue(stepped.startsWith("Cause: most likely the wall clock was stepped forward") &&
            stepped.contains("3600 s old") && stepped.contains("epoch milliseconds") && stepped.contains("NTP"),
            stepped);

        final String stalled = AeronClientWatch.causeAndFix(
            new DriverTimeoutException("MediaDriver keepalive: age=41733ms > timeout=30000ms"), timeoutNs, timeoutNs);
        assertTrue(stalled.startsWith("Cause: this process was not scheduled for longer than the Aeron liveness " +
            "timeouts (client liveness 30.0 s") && stalled.contains("or the wall clock was stepped forward") &&
            stalled.contains("give the machine more CPU") && stalled.contains("-Daeron.driver.timeout=60000"), stalled);
        assertTrue(AeronClientWatch.causeAndFix(new ClientTimeoutException("FATAL - client timeout from driver"),
            timeoutNs, timeoutNs).startsWith("Cause: this process was not scheduled"));
    }
}
