package io.peregrine.core.system;

import io.peregrine.testsupport.TempDirs;
import io.aeron.Aeron;
import io.peregrine.client.PeregrineClient;
import io.peregrine.core.CoreCounters;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.testsupport.TestAeronClients;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A whole core for a test: embedded shared-mode driver in a unique directory under /dev/shm, the core agent with a
 * backoff idle strategy, an {@link AutoFillVenue} on its own runner and a {@link PeregrineClient}. Closing it stops
 * everything and deletes the directory.
 */
public final class TestStack implements AutoCloseable
{
    public final Peregrine core;
    public final Aeron venueAeron;
    public final AutoFillVenue venue;
    public final AgentRunner venueRunner;
    public final PeregrineClient client;
    public final ReportCollector reports = new ReportCollector();
    private boolean closed;

    public TestStack(final AutoFillVenue.Mode mode)
    {
        this(mode, new PeregrineContext());
    }

    public TestStack(final AutoFillVenue.Mode mode, final PeregrineContext ctx)
    {
        this(mode, ctx, true);
    }

    public TestStack(final AutoFillVenue.Mode mode, final PeregrineContext ctx, final boolean startVenue)
    {
        if (null == ctx.aeronDirectoryName())
        {
            ctx.aeronDirectoryName(TempDirs.uniqueAeronDir("peregrine-test-"));
        }
        core = Peregrine.launch(ctx
            .idleStrategyName("backoff")
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true));
        venueAeron = Aeron.connect(TestAeronClients.context(core.aeronDirectoryName()));
        if (startVenue)
        {
            venue = new AutoFillVenue(venueAeron,
                new AutoFillVenue.Context().channel(core.context().channel()).mode(mode).fillSlices(3));
            venueRunner = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, null, venue);
            AgentRunner.startOnThread(venueRunner);
        }
        else
        {
            venue = null;
            venueRunner = null;
        }
        client = PeregrineClient.connect(new PeregrineClient.Context()
            .aeronDirectoryName(core.aeronDirectoryName())
            .channel(core.context().channel())
            .clientId(7));
        awaitTrue(() -> client.isConnected() && (null == venue || venue.isConnected()), "connected");
    }

    /**
     * @deprecated use {@link TempDirs#uniqueAeronDir(String)}; kept while tests written against it are migrated.
     */
    @Deprecated(forRemoval = true)
    public static String uniqueAeronDir()
    {
        return TempDirs.uniqueAeronDir("peregrine-test-");
    }

    /**
     * Polls egress until the condition holds.
     */
    public void awaitTrue(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what + "; " + diagnostics());
            }
            if (0 == client.poll(reports, 64))
            {
                Thread.onSpinWait();
                try
                {
                    Thread.sleep(1);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(ex);
                }
            }
        }
    }

    private String diagnostics()
    {
        final CoreCounters c = core.counters();
        return reports.executions.size() + " executions, last " + last(reports.executions) +
            ", cancelRejects " + last(reports.cancelRejects) + ", admin " + last(reports.adminResponses) +
            ", counters: accepted=" + c.ordersAccepted().get() + " rejected=" + c.ordersRejected().get() +
            " fills=" + c.fills().get() + " egressDropped=" + c.egressDropped().get() +
            " venueOutBackPressured=" + c.venueOutBackPressured().get() + " errors=" + c.errors().get() +
            " venueMessages=" + c.venueMessages().get() + " venueMalformed=" + c.venueMalformed().get() +
            " venueUnknown=" + c.venueUnknownOrders().get() +
            " venueDropped=" + (null == venue ? 0 : venue.droppedMessages());
    }

    private static <T> List<T> last(final List<T> list)
    {
        return list.subList(Math.max(0, list.size() - 3), list.size());
    }

    public ReportCollector.Execution awaitExecution(final Predicate<ReportCollector.Execution> match, final String what)
    {
        awaitTrue(() -> reports.executions.stream().anyMatch(match), what);
        return reports.executions.stream().filter(match).findFirst().orElseThrow();
    }

    /**
     * @param clOrdId  client order id of the report.
     * @param execType its exec type.
     * @param what     what is awaited, for the failure message.
     * @return the first such report, once it has arrived.
     */
    public ReportCollector.Execution awaitExecution(final long clOrdId, final ExecType execType, final String what)
    {
        return awaitExecution((e) -> e.clOrdId() == clOrdId && e.execType() == execType, what);
    }

    public List<ReportCollector.Execution> executionsFor(final long clOrdId)
    {
        return reports.executions.stream().filter((e) -> e.clOrdId() == clOrdId).toList();
    }

    /**
     * Offers until accepted, then drains egress so the test client is never the slow consumer.
     */
    public void offer(final BooleanSupplier offer)
    {
        awaitTrue(offer, "offer accepted");
        while (client.poll(reports, 64) > 0)
        {
            Thread.onSpinWait();
        }
    }

    /**
     * Offers a limit Day order from the test client until accepted (see {@link #offer}).
     *
     * @param clOrdId  client order id.
     * @param account  packed account.
     * @param symbol   packed symbol.
     * @param side     buy or sell.
     * @param price    limit price, fixed point.
     * @param quantity quantity.
     */
    public void newLimitOrder(
        final long clOrdId, final long account, final long symbol, final Side side, final long price,
        final long quantity)
    {
        offer(() -> client.newOrder(clOrdId, account, symbol, side, OrdType.LIMIT, TimeInForce.DAY, price, quantity));
    }

    /**
     * Stops everything; fails the test if the core agent caught an unexpected exception or made inconsistent risk
     * bookkeeping calls.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final long errors = core.counters().errors().get();
        CloseHelper.quietCloseAll(client, venueRunner, venue, venueAeron, core);
        if (0 != errors)
        {
            throw new AssertionError("core agent errors: " + errors);
        }
        // The core thread has stopped: risk state can be read from here now.
        final long anomalies = core.risk().bookkeepingAnomalies();
        if (0 != anomalies)
        {
            throw new AssertionError("risk bookkeeping anomalies (releases the core got wrong): " + anomalies);
        }
    }
}
