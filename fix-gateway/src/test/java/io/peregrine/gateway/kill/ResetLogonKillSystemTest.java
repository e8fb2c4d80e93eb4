package io.peregrine.gateway.kill;

import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.field.CumQty;
import quickfix.field.ExecType;
import quickfix.field.PossResend;
import quickfix.field.TimeInForce;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.peregrine.testsupport.FixRequests.newOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fill made while BROKER1 is logged out, then a SIGKILL of the gateway (core and gateway in a child JVM, as
 * {@code run.sh gateway} runs them) and a start again on the same directories: BROKER1's Logon with
 * ResetSeqNumFlag=Y still gets the fill, PossResend=Y. What the broker is known to have received, and the reports
 * kept across the reset, live in files replaced whole ({@code <data>/broker/reset-resend}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResetLogonKillSystemTest
{
    private static final long WAIT_MS = 20_000;

    @Test
    void aFillMadeWhileTheBrokerWasLoggedOutReachesItsResetLogonAfterASigkillOfTheGateway() throws Exception
    {
        SeedRuns.eachWithAeronDir("resetkill", new SeedRuns.Seeds(1, 1, false), ResetLogonKillSystemTest::run);
    }

    private static void run(final int seed, final Path dir, final String aeronDir) throws Exception
    {
        try (GatewayUnderKill stack = GatewayUnderKill.start(dir, aeronDir, List.of()))
        {
            final FixCounterparty broker1 = stack.broker();
            assertTrue(broker1.awaitLogon(WAIT_MS), "BROKER1 logs on");
            broker1.send(newOrder("RST-S1", '2', "AAPL", "190.00", 7));
            broker1.nextReport("RST-S1", ExecType.NEW, WAIT_MS);
            broker1.session().logout(); // a Logout answered, as at the end of a trading day
            assertTrue(broker1.awaitLogout(WAIT_MS), "BROKER1 logs out");
            broker1.close();

            try (FixCounterparty broker2 =
                FixCounterparty.broker(stack.brokerPort(), "BROKER2", "PEREGRINE").start())
            {
                assertTrue(broker2.awaitLogon(WAIT_MS), "BROKER2 logs on");
                broker2.send(newOrder("RST-B1", '1', "AAPL", "190.00", 7, TimeInForce.IMMEDIATE_OR_CANCEL));
                broker2.nextReport("RST-B1", ExecType.TRADE, WAIT_MS);
            }
            Await.pause(1_000); // BROKER1's fill stored for its next logon (or read again from the core journal)
            stack.kill();
            stack.restart();
            Await.pause(1_000); // the restarted gateway has stored what its report agent reads again

            try (FixCounterparty reset = FixCounterparty.broker(stack.brokerPort(), "BROKER1", "PEREGRINE",
                (settings) -> settings.setBool("ResetOnLogon", true)).start())
            {
                assertTrue(reset.awaitLogon(WAIT_MS), () -> "BROKER1 logs on with ResetSeqNumFlag=Y: " +
                    stack.gateway().tail());
                final Message fill = reset.nextReport("RST-S1", ExecType.TRADE, WAIT_MS);
                assertEquals(7, fill.getInt(CumQty.FIELD));
                assertTrue(fill.getHeader().getBoolean(PossResend.FIELD), "sent again as PossResend=Y");
            }
        }
    }
}
