package io.peregrine.core.system;

import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.AdminResult;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.KillSwitchDecoder;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.ResumeDecoder;
import io.peregrine.sbe.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.ACC2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kill switch and resume, global and per account, with cancels of working orders (the venue acks and never fills,
 * so orders stay working until the kill switch cancels them).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KillSwitchSystemTest
{
    private TestStack stack;

    @BeforeEach
    void launch()
    {
        stack = new TestStack(AutoFillVenue.Mode.ACK_ONLY, new PeregrineContext().adminClientIds(7));
    }

    @AfterEach
    void tearDown()
    {
        stack.close();
    }

    @Test
    void globalKillSwitchCancelsWorkingOrdersAndRejectsNewOnesUntilResumed()
    {
        awaitAck(1, ACC1);
        awaitAck(2, ACC2);

        stack.offer(() -> stack.client.killSwitch(100, KillScope.GLOBAL, 0, true));
        stack.awaitTrue(() -> stack.reports.adminResponses.size() == 1, "kill response");
        final ReportCollector.Admin response = stack.reports.adminResponses.get(0);
        assertEquals(AdminResult.APPLIED, response.result());
        assertEquals(100, response.commandId());
        assertEquals(KillSwitchDecoder.TEMPLATE_ID, response.commandTemplateId());
        assertEquals(2, response.affectedOrders());
        final ReportCollector.Execution canceled1 =
            stack.awaitExecution(1, ExecType.CANCELED, "order 1 canceled");
        stack.awaitExecution(2, ExecType.CANCELED, "order 2 canceled");
        assertEquals(7, canceled1.clientId());
        assertEquals(0, canceled1.leavesQty());

        assertRejected(3, ACC1, RejectReason.KILL_SWITCH_GLOBAL);
        assertRejected(4, ACC2, RejectReason.KILL_SWITCH_GLOBAL);

        stack.offer(() -> stack.client.resume(101, KillScope.GLOBAL, 0));
        stack.awaitTrue(() -> stack.reports.adminResponses.size() == 2, "resume response");
        assertEquals(AdminResult.APPLIED, stack.reports.adminResponses.get(1).result());
        assertEquals(ResumeDecoder.TEMPLATE_ID, stack.reports.adminResponses.get(1).commandTemplateId());
        awaitAck(5, ACC1);
    }

    @Test
    void accountKillSwitchStopsOnlyThatAccount()
    {
        awaitAck(1, ACC1);
        awaitAck(2, ACC2);

        stack.offer(() -> stack.client.killSwitch(200, KillScope.ACCOUNT, ACC1, true));
        stack.awaitTrue(() -> stack.reports.adminResponses.size() == 1, "kill response");
        assertEquals(AdminResult.APPLIED, stack.reports.adminResponses.get(0).result());
        assertEquals(1, stack.reports.adminResponses.get(0).affectedOrders());
        stack.awaitExecution(1, ExecType.CANCELED, "ACC1 order canceled");

        assertRejected(3, ACC1, RejectReason.KILL_SWITCH_ACCOUNT);
        awaitAck(4, ACC2);
        assertTrue(stack.executionsFor(2).stream().noneMatch((e) -> e.execType() == ExecType.CANCELED));

        stack.offer(() -> stack.client.resume(201, KillScope.ACCOUNT, ACC1));
        stack.awaitTrue(() -> stack.reports.adminResponses.size() == 2, "resume response");
        assertEquals(AdminResult.APPLIED, stack.reports.adminResponses.get(1).result());
        awaitAck(5, ACC1);
    }

    @Test
    void killSwitchWithoutCancelLeavesWorkingOrdersAndUnknownAccountIsRefused()
    {
        awaitAck(1, ACC1);
        stack.offer(() -> stack.client.killSwitch(300, KillScope.ACCOUNT, ACC1, false));
        stack.offer(() -> stack.client.killSwitch(301, KillScope.ACCOUNT, PackedAscii.pack("NOBODY"), true));
        stack.awaitTrue(() -> stack.reports.adminResponses.size() == 2, "responses");
        assertEquals(AdminResult.APPLIED, stack.reports.adminResponses.get(0).result());
        assertEquals(0, stack.reports.adminResponses.get(0).affectedOrders());
        assertEquals(AdminResult.REJECTED, stack.reports.adminResponses.get(1).result());
        assertEquals(RejectReason.UNKNOWN_ACCOUNT, stack.reports.adminResponses.get(1).rejectReason());
        assertRejected(2, ACC1, RejectReason.KILL_SWITCH_ACCOUNT);

        // Still working: a client cancel goes through.
        stack.offer(() -> stack.client.cancel(3, 1, 0, ACC1));
        stack.awaitExecution(3, ExecType.CANCELED, "client cancel");
    }

    private void awaitAck(final long clOrdId, final long account)
    {
        stack.newLimitOrder(clOrdId, account, AAPL, Side.BUY, AAPL_PX, 10);
        stack.awaitExecution(clOrdId, ExecType.NEW, "ack of " + clOrdId);
    }

    private void assertRejected(final long clOrdId, final long account, final RejectReason reason)
    {
        stack.newLimitOrder(clOrdId, account, AAPL, Side.BUY, AAPL_PX, 10);
        final ReportCollector.Execution reject = stack.awaitExecution((e) -> e.clOrdId() == clOrdId, "reject");
        assertEquals(ExecType.REJECTED, reject.execType());
        assertEquals(reason, reject.rejectReason());
    }
}
