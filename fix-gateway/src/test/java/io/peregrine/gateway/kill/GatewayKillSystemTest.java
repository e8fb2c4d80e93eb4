package io.peregrine.gateway.kill;

import io.peregrine.testsupport.FixCounterparty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core and the FIX gateway run in a child JVM as {@code run.sh gateway} runs them (journaled core, embedded media
 * driver, broker reports from the core journal) between a broker and the matching-sim venue in this JVM. The broker
 * sends orders and cancels (the orders trade with each other at the venue); the child is killed with SIGKILL at a
 * random moment and started again on the same directories while the broker keeps sending (what it sends while the
 * gateway is down is resent with PossDupFlag=Y after the restart). Then every order still open is canceled.
 * <p>
 * For each seed: every broker order ends with exactly one final report, its fills add up to its final CumQty, and
 * everything bought was sold: no order, fill or report lost or doubled, whatever instant the kill hit (journaled but
 * not yet offered requests, offered but not journaled by the core, reports handed over but not recorded, cancels
 * in flight at the venue). Each seed has its own media driver directory, data directories and venue, all removed.
 * Seeds: {@code -Dperegrine.gatewayKillTest.seeds} (default 20: about 130 s on an idle 2-core machine), first
 * {@code ...firstSeed} (default 1); {@code -Dperegrine.gatewayKillTest=false} skips it.
 * <p>
 * It lost, in about one seed of fifteen, a block of consecutive orders the restarted gateway held as done: the broker
 * report agent started before the broker acceptor had created its sessions, and the core journal's backlog it read
 * first went to {@code Session.sendToTarget} of sessions that did not exist yet (SessionNotFound; fixed,
 * {@code GatewayEndToEndSystemTest.aGatewayRestartedBehindTheCoreJournalDeliversEveryReportAfterItsSavedPosition...}).
 * <p>
 * Then one order in about twenty ended one share short of FILLED for good: a venue fill handed to the core (in the
 * same process) but not yet journaled by it died with the process, and the core booked the venue's later fills by
 * LastQty, never reaching the venue's CumQty. The core now books the venue's cumulative quantity
 * ({@code OrderLifecycleTest.aVenueFillTheCoreNeverReceivedIsBookedFromTheNextFillsCumulativeQuantity}); seeds 1-50
 * passed after that fix.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
@DisabledIfSystemProperty(named = "peregrine.gatewayKillTest", matches = "false",
    disabledReason = "skipped with -Dperegrine.gatewayKillTest=false")
class GatewayKillSystemTest
{
    /** With {@code keep}, each seed's directories (journals, stores, logs) stay for a post-mortem. */
    private static final SeedRuns.Seeds SEEDS = SeedRuns.Seeds.fromProperties("peregrine.gatewayKillTest", 20);
    private static final long LOGON_WAIT_MS = 20_000;
    private static final long QUIESCE_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void noOrderFillOrReportIsLostOrDoubledWhenTheGatewayIsKilledAtRandomPoints() throws Exception
    {
        SeedRuns.eachWithAeronDir("gwkill", SEEDS, GatewayKillSystemTest::runSeed);
    }

    private static void runSeed(final int seed, final Path dir, final String aeronDir) throws Exception
    {
        final Random random = new Random(seed);
        final long started = System.nanoTime();
        try (GatewayUnderKill stack = GatewayUnderKill.start(dir, aeronDir, childFlags()))
        {
            final FixCounterparty broker = stack.broker();
            final ChildJvm gateway = stack.gateway();
            assertTrue(broker.awaitLogon(LOGON_WAIT_MS), "broker logs on");
            final long up = System.nanoTime();
            final BrokerLoad load = new BrokerLoad(broker, random);
            final long killAfterMs = 100 + random.nextInt(500);
            load.runFor(killAfterMs);
            stack.kill();
            // The broker goes on sending while the gateway is down (stored, resent after the restart).
            load.runFor(50 + random.nextInt(150));
            final long killed = System.nanoTime();
            stack.restart();
            final long restarted = System.nanoTime();
            load.runFor(100 + random.nextInt(200));
            assertTrue(broker.awaitLogon(LOGON_WAIT_MS), () -> "broker logs on again: " + gateway.tail());
            final long loggedOn = System.nanoTime();
            final int rounds = load.quiesce(QUIESCE_NS);
            final String problems = load.problems();
            System.out.println("seed " + seed + " (" + dir + "): SIGKILL after " + killAfterMs + " ms; " + load.summary() + "; " +
                "ms: up " + ms(up - started) + ", restart " + ms(restarted - killed) + ", logon " + ms(loggedOn - restarted) +
                ", quiesce " + ms(System.nanoTime() - loggedOn) + " in " + rounds + " cancel rounds, total " +
                ms(System.nanoTime() - started));
            assertNull(problems, () -> "seed " + seed + ": " + problems + "\ngateway log:\n" + gateway.tail());
        }
    }


    private static List<String> childFlags()
    {
        return SEEDS.keep() ? List.of("-Dperegrine.gatewayKillTest.keep=true") : List.of();
    }

    private static long ms(final long nanos)
    {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
