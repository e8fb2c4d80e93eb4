package io.peregrine.core.system;

import io.peregrine.client.PeregrineClient;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.sbe.AdminResult;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.ACC2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Control plane authorisation over Aeron IPC: a client that is not an admin cannot pull the kill switch, resume or
 * change limits; a client cannot cancel or replace another client's order or trade an account it is not listed for;
 * and a second publisher cannot use the gateway's client id while the gateway's publication is connected. Each
 * refusal is answered NOT_AUTHORISED, counted, and changes nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientAuthorisationSystemTest
{
    private static final int ADMIN = 7;
    private static final int INTRUDER = 66;
    private static final int GATEWAY = Gateway.CLIENT_ID.defaultValue();

    private TestStack stack;
    private final List<PeregrineClient> others = new ArrayList<>();
    private final ReportCollector ignored = new ReportCollector();

    @BeforeEach
    void launch()
    {
        // The stack's own client (7) is the admin; ACC2 may be traded only by 7 and the gateway; ACC1 is open.
        stack = new TestStack(AutoFillVenue.Mode.ACK_ONLY, new PeregrineContext()
            .adminClientIds(ADMIN)
            .accountClientIds("ACC2", ADMIN, GATEWAY));
    }

    @AfterEach
    void tearDown()
    {
        others.forEach(CloseHelper::quietClose);
        stack.close();
    }

    @Test
    void killSwitchFromANonAdminClientIsRefusedAndChangesNothing()
    {
        final PeregrineClient intruder = connect(INTRUDER);
        awaitAck(stack.client, 1, ACC1);

        offer(() -> intruder.killSwitch(500, KillScope.GLOBAL, 0, true));
        offer(() -> intruder.killSwitch(501, KillScope.ACCOUNT, ACC1, true));
        offer(() -> intruder.resume(502, KillScope.GLOBAL, 0));
        await(() -> stack.reports.adminResponses.size() == 3, "three admin responses");
        for (final ReportCollector.Admin response : stack.reports.adminResponses)
        {
            assertEquals(AdminResult.REJECTED, response.result(), response.toString());
            assertEquals(RejectReason.NOT_AUTHORISED, response.rejectReason(), response.toString());
            assertEquals(0, response.affectedOrders());
        }
        assertEquals(3, stack.core.authorisation().notAuthorised().get());

        // Nothing changed: order 1 is still working and new orders still trade.
        assertTrue(stack.executionsFor(1).stream().noneMatch((e) -> e.execType() == ExecType.CANCELED));
        awaitAck(stack.client, 2, ACC1);
        offer(() -> stack.client.cancel(3, 1, 0, ACC1));
        stack.awaitExecution(3, ExecType.CANCELED, "owner's cancel");

        // The admin's kill switch still works.
        offer(() -> stack.client.killSwitch(600, KillScope.GLOBAL, 0, false));
        await(() -> stack.reports.adminResponses.size() == 4, "admin kill response");
        assertEquals(AdminResult.APPLIED, stack.reports.adminResponses.get(3).result());
    }

    @Test
    void limitUpdateFromANonAdminClientIsRefusedAndLimitsStayAsTheyWere()
    {
        final PeregrineClient intruder = connect(INTRUDER);
        final LimitType[] types = {LimitType.MAX_ORDER_QTY};
        final long[] values = {1};
        offer(() -> intruder.limitUpdate(700, ACC1, 0, types, values, 1));
        await(() -> stack.reports.adminResponses.size() == 1, "limit update response");
        assertEquals(AdminResult.REJECTED, stack.reports.adminResponses.get(0).result());
        assertEquals(RejectReason.NOT_AUTHORISED, stack.reports.adminResponses.get(0).rejectReason());
        assertEquals(1, stack.core.authorisation().notAuthorised().get());

        // Max order quantity was not set to 1: an order of 10 is accepted.
        awaitAck(stack.client, 1, ACC1);
    }

    @Test
    void cancelOrReplaceOfAnotherClientsOrderIsRefusedAndTheOrderStaysWorking()
    {
        final PeregrineClient intruder = connect(INTRUDER);
        final ReportCollector.Execution ack = awaitAck(stack.client, 1, ACC1);

        offer(() -> intruder.cancel(2, 1, ack.orderId(), ACC1));
        offer(() -> intruder.cancel(3, 1, 0, ACC1));
        offer(() -> intruder.replace(4, 1, ack.orderId(), ACC1, AAPL_PX, 20));
        await(() -> stack.reports.cancelRejects.size() == 3, "three cancel rejects");
        for (final ReportCollector.CancelRejected reject : stack.reports.cancelRejects)
        {
            assertEquals(INTRUDER, reject.clientId(), reject.toString());
            assertEquals(RejectReason.NOT_AUTHORISED, reject.rejectReason(), reject.toString());
        }
        assertEquals(CancelRejectResponseTo.REPLACE, stack.reports.cancelRejects.get(2).responseTo());
        assertEquals(3, stack.core.authorisation().notAuthorised().get());
        assertEquals(3, stack.core.counters().cancelRejects().get());
        assertTrue(stack.executionsFor(1).stream().allMatch((e) -> e.execType() == ExecType.NEW));

        // The order is untouched: its owner can still replace it (the quantity is still 10) and an admin can cancel.
        offer(() -> stack.client.replace(5, 1, ack.orderId(), ACC1, AAPL_PX, 30));
        stack.awaitExecution(5, ExecType.REPLACED, "owner's replace");
        final PeregrineClient owner8 = connect(8);
        awaitAck(owner8, 10, ACC1);
        offer(() -> stack.client.cancel(11, 10, 0, ACC1));
        stack.awaitExecution(11, ExecType.CANCELED, "admin's cancel");
    }

    @Test
    void ordersForAnAccountFromAClientNotListedForItAreRefused()
    {
        final PeregrineClient intruder = connect(INTRUDER);
        offer(() -> intruder.newOrder(1, ACC2, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, AAPL_PX, 10));
        final ReportCollector.Execution reject = stack.awaitExecution((e) -> e.clOrdId() == 1, "reject");
        assertEquals(INTRUDER, reject.clientId());
        assertEquals(ExecType.REJECTED, reject.execType());
        assertEquals(RejectReason.NOT_AUTHORISED, reject.rejectReason());
        assertEquals(1, stack.core.authorisation().notAuthorised().get());
        assertEquals(0, stack.core.counters().ordersAccepted().get());

        awaitAck(intruder, 2, ACC1);       // an account without a client list is open
        awaitAck(stack.client, 3, ACC2);   // a listed client trades it
    }

    @Test
    void theGatewaysClientIdCannotBeUsedByASecondPublicationWhileTheFirstIsConnected()
    {
        final PeregrineClient gateway = connect(GATEWAY);
        awaitAck(gateway, 1, ACC2);

        final PeregrineClient impostor = PeregrineClient.connect(new PeregrineClient.Context()
            .aeronDirectoryName(stack.core.aeronDirectoryName())
            .clientId(GATEWAY));
        others.add(impostor);
        await(impostor::isConnected, "impostor connected");
        offer(() -> impostor.newOrder(2, ACC1, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, AAPL_PX, 10));
        offer(() -> impostor.cancel(3, 1, 0, ACC2));
        final ReportCollector.Execution reject = stack.awaitExecution((e) -> e.clOrdId() == 2, "impostor reject");
        assertEquals(RejectReason.NOT_AUTHORISED, reject.rejectReason());
        await(() -> stack.reports.cancelRejects.size() == 1, "impostor cancel reject");
        assertEquals(RejectReason.NOT_AUTHORISED, stack.reports.cancelRejects.get(0).rejectReason());
        assertEquals(2, stack.core.authorisation().notAuthorised().get());
        assertTrue(stack.executionsFor(1).stream().allMatch((e) -> e.execType() == ExecType.NEW));

        // The first publication still uses it.
        awaitAck(gateway, 4, ACC2);
    }

    private PeregrineClient connect(final int clientId)
    {
        final PeregrineClient client = PeregrineClient.connect(new PeregrineClient.Context()
            .aeronDirectoryName(stack.core.aeronDirectoryName())
            .clientId(clientId));
        others.add(client);
        await(client::isConnected, "client " + clientId + " connected");
        return client;
    }

    private ReportCollector.Execution awaitAck(final PeregrineClient client, final long clOrdId, final long account)
    {
        offer(() -> client.newOrder(clOrdId, account, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, AAPL_PX, 10));
        return stack.awaitExecution(
            (e) -> e.clOrdId() == clOrdId && e.clientId() == client.clientId() && e.execType() == ExecType.NEW,
            "ack of " + clOrdId);
    }

    private void offer(final java.util.function.BooleanSupplier offer)
    {
        await(offer, "offer accepted");
    }

    /** Polls the other clients' egress too, so none of them becomes a slow consumer. */
    private void await(final java.util.function.BooleanSupplier condition, final String what)
    {
        stack.awaitTrue(() ->
        {
            others.forEach((c) -> c.poll(ignored, 64));
            return condition.getAsBoolean();
        }, what);
    }
}
