package io.peregrine.gateway.venue;

import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.GatewayStack;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.VenueStatus;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixReports;
import quickfix.field.ClOrdID;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's venue side alone, between the test playing the core ({@link #core}, a {@link VenueSideCore}) and a
 * test FIX venue ({@link #venue()}), on a {@link GatewayStack} with no broker acceptor. The gateway is started on a
 * context from {@link #context} and counts as started once the core hears CONNECTED and the venue sees the logon.
 * {@link #close()} stops everything and deletes the directories. Used from the test thread only.
 */
public final class VenueSideStack implements AutoCloseable
{
    /** The test's core, closed with the stack. */
    public final VenueSideCore core;
    private final GatewayStack stack;
    private final long waitMs;
    private FixCounterparty venue;
    private FixGateway gateway;

    /**
     * @param name   names the temp directories.
     * @param waitMs longest wait for a logon, a status or an answer.
     */
    public VenueSideStack(final String name, final long waitMs)
    {
        this.waitMs = waitMs;
        stack = GatewayStack.withTestCore(name, waitMs);
        core = stack.own(new VenueSideCore(stack.aeronDir, waitMs));
    }

    /**
     * @param failures     consecutive failures that open the venue's circuit.
     * @param ackTimeoutMs how long the venue may take to answer a request.
     * @param coolDownMs   how long the circuit stays open.
     * @return a gateway context with the venue side only, reconnecting to the venue every second.
     */
    public GatewayContext context(final int failures, final long ackTimeoutMs, final long coolDownMs)
    {
        return stack.gatewayContext()
            .brokerEnabled(false)
            .venueReconnectSeconds(1)
            .circuitFailures(failures)
            .circuitAckTimeoutMs(ackTimeoutMs)
            .circuitCoolDownMs(coolDownMs);
    }

    /**
     * Starts the test venue (again, after {@link #stopVenue()}: on the same FIX store unless it was deleted).
     *
     * @return the started venue.
     */
    public FixCounterparty startVenue() throws Exception
    {
        venue = stack.startFixVenue();
        return venue;
    }

    /**
     * Closes the test venue as if its process ended.
     */
    public void stopVenue()
    {
        stack.stopFixVenue();
    }

    /**
     * @return the test venue last started.
     */
    public FixCounterparty venue()
    {
        return venue;
    }

    /**
     * @param orderAndRequest a core order id and request id, e.g. {@code "1-1"}.
     * @return the venue ClOrdID the gateway uses for it in the current core run.
     */
    public String venueClOrdId(final String orderAndRequest)
    {
        return Long.toString(gateway.venueAdapter().runId(), 36) + '.' + orderAndRequest;
    }

    /**
     * @param msgType a FIX MsgType(35).
     * @return the next application message of that type the test venue receives (others are skipped).
     * @throws AssertionError if none arrives in time.
     */
    public quickfix.Message nextVenueMessage(final String msgType) throws Exception
    {
        while (true)
        {
            final quickfix.Message message = venue.nextApp(waitMs);
            if (msgType.equals(message.getHeader().getString(MsgType.FIELD)))
            {
                return message;
            }
        }
    }

    /**
     * The core sends a buy limit order of 10 at 190; the test venue acknowledges it New; returns once the core has
     * heard the acknowledgement.
     *
     * @param orderId the core's order id.
     * @param reports the test's venue reports (they number its ExecIDs).
     */
    public void placeAcknowledgedOrder(final long orderId, final FixReports reports) throws Exception
    {
        core.newOrder(orderId, Side.BUY, OrdType.LIMIT, "190", 10);
        venue.send(reports.report(nextVenueMessage(MsgType.NEW_ORDER_SINGLE).getString(ClOrdID.FIELD), null,
            quickfix.field.ExecType.NEW, OrdStatus.NEW, 10, 0, 0, 10, "190"));
        core.awaitExecution(orderId, ExecType.NEW);
    }

    /**
     * Launches the gateway and waits until the core hears the venue is CONNECTED and the venue saw the logon.
     *
     * @param context usually from {@link #context}.
     * @return the running gateway.
     */
    public FixGateway startGateway(final GatewayContext context)
    {
        gateway = stack.startGateway(context);
        core.awaitStatus(VenueStatus.CONNECTED);
        assertTrue(venue.awaitLogon(waitMs), "the gateway logs on to the venue");
        return gateway;
    }

    /**
     * Stops the gateway and waits until the venue sees it log out.
     */
    public void stopGateway()
    {
        stack.stopGateway();
        gateway = null;
        assertTrue(venue.awaitLogout(waitMs), "the gateway logs out of the venue");
    }

    /**
     * Stops the gateway and starts it again on its data directory; the core forgets what it heard before.
     *
     * @return the new gateway.
     */
    public FixGateway restartGateway(final GatewayContext context)
    {
        stopGateway();
        core.clear();
        return startGateway(context);
    }

    /**
     * @return the running gateway, or null.
     */
    public FixGateway gateway()
    {
        return gateway;
    }

    /**
     * @return the gateway's data directory.
     */
    public Path gatewayDir()
    {
        return stack.dataDir.resolve("gateway");
    }

    /**
     * @return the test venue's FIX store.
     */
    public Path venueStore()
    {
        return stack.venueStore();
    }

    public void close()
    {
        stack.close();
    }
}
