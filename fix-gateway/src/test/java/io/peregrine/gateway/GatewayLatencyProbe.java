package io.peregrine.gateway;

import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import org.HdrHistogram.Histogram;
import quickfix.Message;
import quickfix.fix44.NewOrderSingle;

import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Measures the broker-visible round trip NewOrderSingle -> ExecutionReport(New) through the whole stack in one
 * JVM: broker initiator -> gateway acceptor -> core (risk) -> gateway venue initiator -> matching-sim -> back.
 * One order in flight at a time (no coordinated omission to correct: the next order waits for the previous ack).
 * Not a test; run by hand: {@code GatewayLatencyProbe [orders] [idle strategy]}. Runs on a {@link GatewayStack}
 * (matching-sim with AAPL only, ephemeral ports).
 */
public final class GatewayLatencyProbe
{
    private GatewayLatencyProbe()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int orders = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        final String idle = args.length > 1 ? args[1] : "backoff";
        final int warmup = Math.min(5_000, orders / 4);
        try (GatewayStack stack = GatewayStack.withCore("probe", 10_000, idle, UnaryOperator.identity()))
        {
            stack.startSimVenue();
            stack.startGateway(stack.gatewayContext());
            final FixCounterparty broker = stack.broker("BROKER1");
            stack.awaitCoreSeesVenue();

            final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            for (int i = 0; i < orders; i++)
            {
                final boolean buy = (i & 1) == 0;
                final NewOrderSingle order =
                    FixRequests.newOrder("P" + i, buy ? '1' : '2', "AAPL", buy ? "185.00" : "195.00", 1);
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
    }
}
