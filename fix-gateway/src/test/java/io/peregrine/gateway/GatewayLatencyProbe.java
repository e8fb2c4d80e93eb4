package io.peregrine.gateway;

import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FreePorts;
import io.peregrine.testsupport.TempDirs;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.gateway.venue.VenueClientConfig;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import org.HdrHistogram.Histogram;
import quickfix.Message;
import quickfix.field.ClOrdID;
import quickfix.field.HandlInst;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures the broker-visible round trip NewOrderSingle -> ExecutionReport(New) through the whole stack in one
 * JVM: broker initiator -> gateway acceptor -> core (risk) -> gateway venue initiator -> matching-sim -> back.
 * One order in flight at a time (no coordinated omission to correct: the next order waits for the previous ack).
 * Not a test; run by hand: {@code GatewayLatencyProbe [orders] [idle strategy]}. Uses ephemeral ports.
 */
public final class GatewayLatencyProbe
{
    private GatewayLatencyProbe()
    {
    }

    @SuppressWarnings("try") // core and gateway only need to be running while the probe sends
    public static void main(final String[] args) throws Exception
    {
        final int orders = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        final String idle = args.length > 1 ? args[1] : "backoff";
        final int warmup = Math.min(5_000, orders / 4);
        final Path dataDir = TempDirs.create("fixgw-probe-");
        final String aeronDir = TempDirs.uniqueAeronDir("aeron-fixgw-probe-");
        final int venuePort = FreePorts.freePort();
        final int brokerPort = FreePorts.freePort();

        try (Peregrine core = Peregrine.launch(new PeregrineContext().aeronDirectoryName(aeronDir)
                .idleStrategyName(idle).deleteAeronDirOnStart(true).deleteAeronDirOnShutdown(true));
            SimVenue venue = SimVenue.start(new SimVenueContext().port(venuePort).storeDir(dataDir.resolve("venue"))
                .idleStrategyName(idle).marketMakerEnabled(false));
            FixGateway gateway = FixGateway.launch(new GatewayContext().aeronDirectoryName(aeronDir)
                .dataDir(dataDir.resolve("gateway")).brokerPort(brokerPort).fixMessageLog(false)
                .idleStrategyName(idle)
                .venues(List.of(new VenueClientConfig(1, "127.0.0.1", venuePort, "PEREGRINE", "SIMVENUE", false))));
            FixCounterparty broker = FixCounterparty.broker(brokerPort, "BROKER1", "PEREGRINE").start())
        {
            if (!broker.awaitLogon(10_000))
            {
                throw new IllegalStateException("broker did not log on");
            }
            while (!venue.isLoggedOn("PEREGRINE"))
            {
                Thread.sleep(10);
            }

            final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            for (int i = 0; i < orders; i++)
            {
                final boolean buy = (i & 1) == 0;
                final NewOrderSingle order = new NewOrderSingle(new ClOrdID("P" + i),
                    new quickfix.field.Side(buy ? '1' : '2'), new TransactTime(LocalDateTime.now()),
                    new quickfix.field.OrdType('2'));
                order.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_NO_INTERVENTION));
                order.set(new quickfix.field.Symbol("AAPL"));
                order.set(new quickfix.field.OrderQty(1));
                order.setDecimal(quickfix.field.Price.FIELD, new BigDecimal(buy ? "185.00" : "195.00"));
                final long start = System.nanoTime();
                broker.send(order);
                final Message ack = broker.nextApp(10_000);
                final long elapsed = System.nanoTime() - start;
                if (ack.getChar(quickfix.field.ExecType.FIELD) != '0')
                {
                    throw new IllegalStateException("expected New, got " + ack);
                }
                if (i >= warmup)
                {
                    histogram.recordValue(elapsed);
                }
            }

            System.out.printf("NewOrderSingle -> ExecutionReport(New), %d orders after %d warm-up, idle=%s, %d CPUs%n",
                histogram.getTotalCount(), warmup, idle, Runtime.getRuntime().availableProcessors());
            for (final double p : new double[]{50, 90, 99, 99.9, 100})
            {
                System.out.printf("  p%-5s %8.1f us%n", p, histogram.getValueAtPercentile(p) / 1000.0);
            }
        }
        finally
        {
            TempDirs.delete(dataDir);
        }
    }
}
