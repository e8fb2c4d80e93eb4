package io.peregrine.gateway.kill;

import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.venue.VenueClientConfig;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The core and the FIX gateway in one process, as {@code run.sh gateway} runs them (journaled core, embedded media
 * driver, broker reports read from the core journal), for {@link GatewayKillSystemTest}: prints {@code READY} once
 * both are up and runs until killed (SIGKILL) or asked to stop (SIGTERM: a clean close).
 * <p>
 * Arguments: Aeron directory, core journal directory, gateway data directory, broker port, venue port.
 */
public final class GatewayProcess
{
    private GatewayProcess()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Peregrine core = Peregrine.launch(new PeregrineContext()
            .aeronDirectoryName(args[0])
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true)
            .journalDir(Path.of(args[1]))
            .idleStrategyName("backoff"));
        final FixGateway gateway = FixGateway.launch(new GatewayContext()
            .aeronDirectoryName(core.context().aeronDirectoryName())
            .coreJournalDir(core.context().journalDir())
            .dataDir(Path.of(args[2]))
            .brokerPort(Integer.parseInt(args[3]))
            .venues(List.of(new VenueClientConfig(1, "127.0.0.1", Integer.parseInt(args[4]), "PEREGRINE", "SIMVENUE",
                false)))
            .venueReconnectSeconds(1)
            .circuitAckTimeoutMs(1_000)
            .fixMessageLog(Boolean.getBoolean("peregrine.gatewayKillTest.keep"))
            .idleStrategySupplier(() -> new SleepingMillisIdleStrategy(1)));
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            gateway.close();
            core.close();
            System.out.println("STOPPED");
            System.out.flush();
            stopped.countDown();
        }));
        System.out.println("READY recovered inputs=" + core.recovery().inputs() + " mismatches=" +
            core.recovery().mismatches());
        System.out.flush();
        stopped.await();
    }
}
