package io.peregrine.core;

import io.peregrine.core.egress.BufferedSink;
import io.peregrine.core.ingress.ClientAuthorisation;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournaledPublication;
import io.peregrine.core.journal.LogicClock;
import io.peregrine.core.order.AccountOrderCapacity;
import io.peregrine.core.order.OrderLifecycle;
import io.peregrine.core.order.OrderTable;
import io.peregrine.protocol.InProcessCounters;
import io.peregrine.risk.PreTradeRisk;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.nio.file.Path;

/**
 * The core's logic with no transport: the same {@link CoreAgent}, order table, pre-trade risk, report and
 * venue-request encoders that {@link Peregrine#launch} wires, with messages handed in as buffers and the outputs
 * kept in two {@link BufferedSink}s instead of Aeron publications. No media driver, no Aeron client, no thread:
 * the caller's thread is the core thread.
 * <p>
 * What it is for: measuring the core's own cost (decode, validation, risk, order state, encode) without IPC
 * ({@code CorePipelineBenchmark}), and tests that drive many orders through the logic quickly. Each
 * {@code on...Message} call is what the agent does with one fragment; {@link #endDutyCycle()} is what it does after
 * a duty cycle's fragments (persist the cycle's fills in one batch), so call it after each message or after a
 * batch, as the agent would.
 * <p>
 * Differences from the running core, all on the transport side: there is no journal (the context's journal
 * settings are ignored), no latency sampling, and no duty-cycle heartbeat; a message longer than any schema
 * message is not refused before decoding. The gateway's client id binds to the first source that uses it, as in the
 * core, but a later message with that id from another source is not supported (there is no subscription to ask
 * whether the first source is still connected).
 * <p>
 * Built on the caller's thread (allocates: tables, risk state, counters in a process-local counters buffer);
 * afterwards single threaded and allocation free like the core itself.
 */
public final class DirectCore implements AutoCloseable
{
    private static final int COUNTERS = 2048;
    private static final int SINK_CAPACITY = 1 << 20;

    private final CoreCounters counters;
    private final AtomicCounter notAuthorised;
    private final AtomicCounter journalRefused;
    private final PreTradeRisk risk;
    private final OrderTable orders;
    private final BufferedSink reports = new BufferedSink(SINK_CAPACITY);
    private final BufferedSink venueRequests = new BufferedSink(SINK_CAPACITY);
    private final CoreAgent agent;

    private DirectCore(final PeregrineContext ctx)
    {
        final CountersManager countersManager = InProcessCounters.manager(COUNTERS);
        counters = new CoreCounters(countersManager);
        notAuthorised = countersManager.newCounter(
            ClientAuthorisation.NOT_AUTHORISED_COUNTER.label(), ClientAuthorisation.NOT_AUTHORISED_COUNTER.typeId());
        journalRefused = countersManager.newCounter(
            Peregrine.JOURNAL_REFUSED_COUNTER.label(), Peregrine.JOURNAL_REFUSED_COUNTER.typeId());
        final Path riskStateDir = ctx.riskStateDir();
        risk = null == riskStateDir ?
            PreTradeRisk.inMemory(ctx.riskLimits(), ctx.riskTradingDay()) :
            PreTradeRisk.persistent(ctx.riskLimits(), riskStateDir, ctx.riskTradingDay());
        orders = new OrderTable(ctx.orderCapacity(), new AccountOrderCapacity(ctx.orderAccountCapacity(), 64));

        final LogicClock logicClock = new LogicClock();
        agent = Peregrine.coreAgent(ctx, null, null, risk, orders,
            new JournaledPublication(reports, null, JournalEntry.REPORT, logicClock),
            new JournaledPublication(venueRequests, null, JournalEntry.VENUE_REQUEST, logicClock),
            counters, new LatencyStats(), new OffsetEpochNanoClock(), logicClock, null, journalRefused,
            (throwable) ->
            {
                // the running core logs and counts; here the caller (a test, a benchmark) must see it
                throw new IllegalStateException("core logic failed", throwable);
            },
            -1,
            Peregrine.clientAuthorisation(ctx, null, new java.util.concurrent.atomic.AtomicLong(), notAuthorised));
    }

    /**
     * Builds the core's logic from a context (its channel, stream, driver, journal and thread settings are not
     * used).
     *
     * @param ctx configuration; concluded here.
     * @return the core; close it to release the risk state.
     */
    public static DirectCore create(final PeregrineContext ctx)
    {
        return new DirectCore(ctx.conclude());
    }

    /**
     * Handles one message as if it arrived on the ingress stream (1001): NewOrder, CancelOrder, ReplaceOrder or an
     * admin command. Reports go to {@link #reports()}, venue requests to {@link #venueRequests()}.
     *
     * @param timestamp the time the logic sees (epoch nanoseconds): transact times, the rate throttle.
     * @param source    Aeron session id the message would have come from (client authorisation keys on it).
     * @param buffer    holding the SBE message with its header.
     * @param offset    of the message.
     * @param length    of the message.
     */
    public void onClientMessage(
        final long timestamp, final int source, final DirectBuffer buffer, final int offset, final int length)
    {
        agent.replayInput(JournalEntry.INGRESS, timestamp, source, buffer, offset, length);
    }

    /**
     * Handles one message as if it arrived on the venue-in stream (2002): VenueExecution, VenueCancelReject,
     * VenueSessionStatus.
     *
     * @param timestamp the time the logic sees (epoch nanoseconds).
     * @param buffer    holding the SBE message with its header.
     * @param offset    of the message.
     * @param length    of the message.
     */
    public void onVenueMessage(final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        agent.replayInput(JournalEntry.VENUE_IN, timestamp, 0, buffer, offset, length);
    }

    /**
     * What the agent does after each duty cycle with work, by the same call ({@link OrderLifecycle#endDutyCycle()}):
     * persists the cycle's fills ({@link PreTradeRisk#flush()}; nothing to do with risk in memory).
     */
    public void endDutyCycle()
    {
        agent.lifecycle().endDutyCycle();
    }

    /**
     * @return the reports the core published (egress, stream 1002), until drained.
     */
    public BufferedSink reports()
    {
        return reports;
    }

    /**
     * @return the requests the core sent to venues (stream 2001), until drained.
     */
    public BufferedSink venueRequests()
    {
        return venueRequests;
    }

    /**
     * @return the order table.
     */
    public OrderTable orders()
    {
        return orders;
    }

    /**
     * @return the pre-trade risk state.
     */
    public PreTradeRisk risk()
    {
        return risk;
    }

    /**
     * @return the core's counters (in a process-local buffer, not visible to AeronStat).
     */
    public CoreCounters counters()
    {
        return counters;
    }

    /**
     * @return the agent whose logic this drives.
     */
    public CoreAgent agent()
    {
        return agent;
    }

    /**
     * Closes the risk state (flushing a persistent store) and frees the counters.
     */
    public void close()
    {
        CloseHelper.quietCloseAll(risk, counters, notAuthorised, journalRefused);
    }
}
