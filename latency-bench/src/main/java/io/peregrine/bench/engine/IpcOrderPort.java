package io.peregrine.bench.engine;

import io.peregrine.client.PeregrineClient;
import io.peregrine.client.ReportListener;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.TimeInForce;

/**
 * The Aeron IPC load client: sends {@link OrderFlow} as SBE NewOrders (LIMIT IOC) through a
 * {@link PeregrineClient} and hands this client's ExecutionReports to an {@link OrderTracker}.
 * <p>
 * Client order ids are {@code order number + 1}. One thread (the sending thread) sends and polls; allocation free
 * after construction.
 */
public final class IpcOrderPort implements OrderPort, ReportListener
{
    private static final int POLL_LIMIT = 64;

    private final PeregrineClient client;
    private final long account;
    private final OrderTracker tracker;

    /**
     * @param client  a connected client, used only from the sending thread.
     * @param account packed account of every order.
     * @param tracker receives the reports.
     */
    public IpcOrderPort(final PeregrineClient client, final long account, final OrderTracker tracker)
    {
        this.client = client;
        this.account = account;
        this.tracker = tracker;
    }

    /** {@inheritDoc} */
    public boolean send(final int index)
    {
        return client.newOrder(index + 1L, account, OrderFlow.symbol(index), OrderFlow.side(index), OrdType.LIMIT,
            TimeInForce.IOC, OrderFlow.price(index), OrderFlow.quantity(index));
    }

    /** {@inheritDoc} */
    public boolean pollsOnThisThread()
    {
        return true;
    }

    /** {@inheritDoc} */
    public int poll()
    {
        return client.poll(this, POLL_LIMIT);
    }

    public void onExecutionReport(final ExecutionReportDecoder report)
    {
        if (report.clientId() != client.clientId())
        {
            return;
        }
        final long now = System.nanoTime();
        final long clOrdId = report.clOrdId();
        final int index = clOrdId < 1 || clOrdId > Integer.MAX_VALUE ? -1 : (int)(clOrdId - 1);
        final ReportKind kind = ReportKind.of(report.execType());
        tracker.onReport(index, kind, kind == ReportKind.REJECTED ? report.rejectReason().name() : null, now);
    }
}
