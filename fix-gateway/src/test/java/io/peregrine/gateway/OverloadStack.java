package io.peregrine.gateway;

import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.StackPorts;
import io.peregrine.testsupport.TempDirs;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.gateway.venue.VenueClientConfig;
import io.peregrine.protocol.Prices;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import io.peregrine.sim.VenueInstrument;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Core + matching-sim (no market maker, AAPL only) + gateway on loopback, in one JVM, for the overload tests and
 * probes. The caller adjusts the gateway context; the data directory is a fresh temp dir, deleted on close; the
 * ports are reserved until then.
 */
public final class OverloadStack implements AutoCloseable
{
    public final Path dataDir;
    public final String aeronDir;
    public final Peregrine core;
    public final SimVenue venue;
    public final FixGateway gateway;
    public final int brokerPort;
    private final StackPorts ports = new StackPorts();

    public OverloadStack(final UnaryOperator<GatewayContext> gatewaySettings) throws Exception
    {
        dataDir = TempDirs.create("fixgw-overload-");
        aeronDir = TempDirs.uniqueAeronDir("aeron-fixgw-overload-");
        core = Peregrine.launch(new PeregrineContext()
            .aeronDirectoryName(aeronDir)
            .idleStrategyName("backoff")
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true));
        final int venuePort = ports.venuePort();
        venue = SimVenue.start(new SimVenueContext()
            .port(venuePort)
            .storeDir(dataDir.resolve("venue-store"))
            .idleStrategyName("backoff")
            .marketMakerEnabled(false)
            .clearInstruments()
            .instrument(new VenueInstrument("AAPL", Prices.parse("190.00"), Prices.parse("0.01"), 1)));
        brokerPort = ports.brokerPort();
        gateway = FixGateway.launch(gatewaySettings.apply(new GatewayContext()
            .aeronDirectoryName(aeronDir)
            .dataDir(dataDir.resolve("gateway"))
            .brokerPort(brokerPort)
            .venues(List.of(new VenueClientConfig(1, "127.0.0.1", venuePort, "PEREGRINE", "SIMVENUE", false)))
            .idleStrategySupplier(() -> new SleepingMillisIdleStrategy(1))));
        if (!Await.holdsWithin(() -> venue.isLoggedOn("PEREGRINE"), 15_000))
        {
            close();
            throw new IllegalStateException("the gateway's venue session did not log on");
        }
    }

    /**
     * @param compId a configured broker CompID.
     * @return a logged-on broker session.
     */
    public FixCounterparty broker(final String compId) throws Exception
    {
        final FixCounterparty broker = FixCounterparty.broker(brokerPort, compId, "PEREGRINE").start();
        if (!broker.awaitLogon(15_000))
        {
            broker.close();
            throw new IllegalStateException(compId + " did not log on");
        }
        return broker;
    }

    public void close()
    {
        CloseHelper.closeAll(Throwable::printStackTrace, gateway, venue, core, ports);
        TempDirs.delete(dataDir);
    }
}
