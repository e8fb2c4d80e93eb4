package io.peregrine.gateway;

import io.peregrine.core.Peregrine;
import io.peregrine.fixedge.mapping.FixRejectReasons;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.RejectReason;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixReports;
import io.peregrine.testsupport.FixRequests;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrigClOrdID;
import quickfix.field.Text;
import quickfix.fix44.ExecutionReport;
import quickfix.fix44.NewOrderSingle;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static io.peregrine.testsupport.FixRequests.cancel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broker -> gateway -> real core -> gateway -> a venue test double that swallows one NewOrderSingle and one
 * cancel: both resolve through OrderStatusRequest within the ack timeout, and no order slot or risk reservation
 * is left behind. The venue double may answer later than the 300 ms ack timeout on a loaded machine, and the gateway
 * then rightly asks again, so the test checks which orders were asked, never how many times.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReconciliationSystemTest
{
    private static final long WAIT_MS = 15_000;
    private static final long ACC1 = PackedAscii.pack("ACC1");
    private static final long AAPL = PackedAscii.pack("AAPL");

    private final FixReports reports = new FixReports("RX");
    /** Venue ClOrdID -> what the venue holds: "W" working, "C" canceled; swallowed orders are absent. */
    private final Map<String, String> venueBook = new ConcurrentHashMap<>();
    /** Test order (by quantity: L1 is 100, W1 is 50) -> the ClOrdID the gateway gave it at the venue. */
    private final Map<String, String> venueClOrdIds = new ConcurrentHashMap<>();
    /** ClOrdID of every OrderStatusRequest the venue received, in order. */
    private final Queue<String> statusAsked = new ConcurrentLinkedQueue<>();
    private volatile boolean swallowCancels;
    @AutoClose
    private final GatewayStack stack = GatewayStack.withCore("recon", WAIT_MS, "sleeping", UnaryOperator.identity());
    private Peregrine core;
    private FixCounterparty venue;
    private FixGateway gateway;
    private FixCounterparty broker;

    @BeforeEach
    void setUp() throws Exception
    {
        core = stack.core();
        venue = stack.fixVenue((settings) -> { }).onApp(this::onVenueMessage).start();
        gateway = stack.startGateway(stack.gatewayContext().circuitAckTimeoutMs(300));
        broker = stack.broker("BROKER1");
        assertTrue(venue.awaitLogon(WAIT_MS));
    }

    @Test
    void aSwallowedOrderAndASwallowedCancelResolveWithinTheTimeoutWithoutLeakingSlotsOrRisk() throws Exception
    {
        // A NewOrderSingle the venue never gets: canceled to the broker with the reason, nothing left reserved.
        broker.send(newOrder("L1", 100));
        final Message lost = awaitReport("L1", ExecType.CANCELED);
        assertEquals(FixRejectReasons.describe(RejectReason.VENUE_LOST_ORDER), lost.getString(Text.FIELD),
            "the reason said once");
        assertTrue(statusAsked.contains(venueClOrdIds.get("L1")), "the order in doubt was asked: " + statusAsked);
        stack.awaitWorkingOrders(0);
        assertEquals(0, core.risk().openOrders(ACC1));
        assertEquals(0, core.risk().openBuyQty(ACC1, AAPL));

        // A cancel the venue never gets: refused (the order still works), then a second cancel goes through.
        broker.send(newOrder("W1", 50));
        awaitReport("W1", ExecType.NEW);
        swallowCancels = true;
        broker.send(cancel("X1", "W1"));
        final Message refused = awaitMessage("X1", MsgType.ORDER_CANCEL_REJECT);
        assertTrue(refused.getString(Text.FIELD).contains("did not receive the request"),
            refused.getString(Text.FIELD));
        assertTrue(statusAsked.contains(venueClOrdIds.get("W1")), "the order in doubt was asked: " + statusAsked);
        assertEquals(1, core.risk().openOrders(ACC1), "the order still works at the venue");
        swallowCancels = false;
        broker.send(cancel("X2", "W1"));
        awaitReport("X2", ExecType.CANCELED);
        stack.awaitWorkingOrders(0);
        assertEquals(0, core.risk().openOrders(ACC1), "no risk reservation leak");
        assertEquals(0, core.risk().openBuyQty(ACC1, AAPL));
        // Asked only about orders the venue was sent (a late answer asks the same order again), and every request
        // the gateway counts reaches the venue.
        assertTrue(venueClOrdIds.values().containsAll(statusAsked), venueClOrdIds + " asked " + statusAsked);
        Await.until("every counted OrderStatusRequest at the venue",
            () -> gateway.counters().venueStatusRequests().get() == statusAsked.size(), WAIT_MS);
        assertTrue(statusAsked.size() >= 2, "asked " + statusAsked);
    }

    private void onVenueMessage(final Message message, final SessionID sessionId)
    {
        try
        {
            final String msgType = message.getHeader().getString(MsgType.FIELD);
            final String clOrdId = message.getString(ClOrdID.FIELD);
            switch (msgType)
            {
                case MsgType.NEW_ORDER_SINGLE:
                    venueClOrdIds.put(isSwallowed(message) ? "L1" : "W1", clOrdId);
                    if (!isSwallowed(message))
                    {
                        venueBook.put(clOrdId, "W");
                        venue.send(reports.report(clOrdId, null, ExecType.NEW, OrdStatus.NEW, 0, 0));
                    }
                    break;
                case MsgType.ORDER_CANCEL_REQUEST:
                    if (!swallowCancels)
                    {
                        final String orig = message.getString(OrigClOrdID.FIELD);
                        venueBook.put(orig, "C");
                        venue.send(reports.report(clOrdId, orig, ExecType.CANCELED, OrdStatus.CANCELED, 0, 0));
                    }
                    break;
                case MsgType.ORDER_STATUS_REQUEST:
                {
                    statusAsked.add(clOrdId);
                    final String state = venueBook.get(clOrdId);
                    final ExecutionReport status = null == state ?
                        reports.report(clOrdId, null, ExecType.ORDER_STATUS, OrdStatus.REJECTED, 0, 0) :
                        reports.report(clOrdId, null, ExecType.ORDER_STATUS,
                            "W".equals(state) ? OrdStatus.NEW : OrdStatus.CANCELED, 0, 0);
                    if (null == state)
                    {
                        status.set(new OrdRejReason(OrdRejReason.UNKNOWN_ORDER));
                    }
                    venue.send(status);
                    break;
                }
                default:
                    break;
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private boolean isSwallowed(final Message nos) throws FieldNotFound
    {
        // The broker's ClOrdID is not on the venue's order: the test swallows by quantity (L1 is the only 100).
        return new BigDecimal("100").compareTo(nos.getDecimal(quickfix.field.OrderQty.FIELD)) == 0;
    }

    private static NewOrderSingle newOrder(final String clOrdId, final long qty)
    {
        return FixRequests.newOrder(clOrdId, '1', "AAPL", "189.00", qty);
    }

    private Message awaitReport(final String clOrdId, final char execType) throws Exception
    {
        return broker.nextReport(clOrdId, execType, WAIT_MS);
    }

    private Message awaitMessage(final String clOrdId, final String msgType) throws Exception
    {
        return broker.nextMatching(msgType + " for " + clOrdId, (message) ->
            msgType.equals(message.getHeader().getOptionalString(MsgType.FIELD).orElse("")) &&
            clOrdId.equals(message.getOptionalString(ClOrdID.FIELD).orElse("")), WAIT_MS);
    }
}
