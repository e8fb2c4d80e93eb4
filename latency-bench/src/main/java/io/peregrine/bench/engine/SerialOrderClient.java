package io.peregrine.bench.engine;

import io.peregrine.client.PeregrineClient;
import io.peregrine.client.ReportListener;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.CancelRejectDecoder;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * One order at a time through the core, as a client sees it: {@link #newOrder} offers a limit buy and waits for its
 * NEW report, {@link #cancel} cancels it and waits for its CANCELED report. The round trip that
 * {@code IpcRoundTripBenchmark.coreRoundTrip} times and {@code JournalCostRun} repeats with the journal on and off.
 * Any other answer (a reject, a cancel reject) is an {@link IllegalStateException}: both measure accepted orders only.
 * <p>
 * Used from one thread (the measuring one); waits with the given idle strategy; allocates nothing after
 * construction.
 */
public final class SerialOrderClient implements ReportListener
{
    /** Account of every order: ACC1. */
    public static final long ACCOUNT = PackedAscii.pack("ACC1");
    /** Symbol of every order: AAPL. */
    public static final long SYMBOL = PackedAscii.pack("AAPL");
    /** Limit price of every order: AAPL's reference price in the demo universe, 190.00 (inside every check). */
    public static final long PRICE = 190 * Prices.SCALE;
    /** Quantity of every order. */
    public static final long QUANTITY = 100;

    private static final long CANCEL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final PeregrineClient client;
    private final IdleStrategy wait;
    private long awaitedClOrdId;
    private ExecType awaitedExecType;
    private long orderId;
    private boolean answered;

    /**
     * @param client a connected client, used only from the calling thread.
     * @param wait   what the thread does while an offer is refused or no report has come.
     */
    public SerialOrderClient(final PeregrineClient client, final IdleStrategy wait)
    {
        this.client = client;
        this.wait = wait;
    }

    /**
     * Offers a limit Day buy of {@link #QUANTITY} {@link #SYMBOL} at {@link #PRICE} for {@link #ACCOUNT} and waits
     * for its NEW report.
     *
     * @param clOrdId a client order id not used before.
     * @return the core's order id of the acknowledged order.
     */
    public long newOrder(final long clOrdId)
    {
        wait.reset();
        while (!client.newOrder(clOrdId, ACCOUNT, SYMBOL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, PRICE, QUANTITY))
        {
            wait.idle();
        }
        expect(clOrdId, ExecType.NEW);
        wait.reset();
        while (!answered)
        {
            wait.idle(client.poll(this, 16));
        }
        return orderId;
    }

    /**
     * Cancels an acknowledged order and waits (at most 10 s) for its CANCELED report.
     *
     * @param clOrdId     the cancel's client order id, not used before.
     * @param origClOrdId the order's client order id.
     * @param orderId     the core's order id, from {@link #newOrder}.
     */
    public void cancel(final long clOrdId, final long origClOrdId, final long orderId)
    {
        final long deadline = System.nanoTime() + CANCEL_TIMEOUT_NS;
        wait.reset();
        while (!client.cancel(clOrdId, origClOrdId, orderId, ACCOUNT))
        {
            idleUntil(deadline, orderId, 0);
        }
        expect(clOrdId, ExecType.CANCELED);
        wait.reset();
        while (!answered)
        {
            idleUntil(deadline, orderId, client.poll(this, 16));
        }
    }

    @Override
    public void onExecutionReport(final ExecutionReportDecoder report)
    {
        if (report.clientId() == client.clientId() && report.clOrdId() == awaitedClOrdId)
        {
            final ExecType execType = report.execType();
            if (execType != awaitedExecType)
            {
                throw new IllegalStateException("order " + awaitedClOrdId + " got " + execType + " " +
                    report.rejectReason() + ": only accepted orders are measured");
            }
            orderId = report.orderId();
            answered = true;
        }
    }

    @Override
    public void onCancelReject(final CancelRejectDecoder reject)
    {
        if (reject.clientId() == client.clientId() && reject.clOrdId() == awaitedClOrdId)
        {
            throw new IllegalStateException("cancel " + awaitedClOrdId + " rejected: " + reject.rejectReason());
        }
    }

    private void expect(final long clOrdId, final ExecType execType)
    {
        awaitedClOrdId = clOrdId;
        awaitedExecType = execType;
        answered = false;
    }

    private void idleUntil(final long deadline, final long orderId, final int workCount)
    {
        if (System.nanoTime() - deadline > 0)
        {
            throw new IllegalStateException("timed out canceling order " + orderId);
        }
        wait.idle(workCount);
    }
}
