package io.peregrine.gateway.kill;

import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.ClOrdID;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.peregrine.testsupport.FixRequests.statusRequest;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * OrderStatusRequests (35=H) in flight when the gateway is killed: the core and the FIX gateway run in a child JVM
 * ({@link GatewayProcess}: journaled core in the same process, broker reports from the core journal), a broker in this
 * JVM sends a burst of resting orders and then one status request for each of the first of them, and the child is
 * killed with SIGKILL at a random moment while it works through the burst (or just after), then started again on
 * the same directories. QuickFIX/J may already have counted a status request's MsgSeqNum (so the broker is never
 * asked to resend it) while the core never journaled it: the gateway must answer it after the restart all the same.
 * <p>
 * For each seed: every status request gets its ExecutionReport 150=I (one per request, each naming a different order;
 * a second answer, a distinct ExecID, is harmless and only counted: the core's answer delivered again after the crash
 * is the same ExecID; a request QuickFIX/J had not yet recorded as received is resent by the broker and answered
 * again; neither comes from asking the core again). The summary line says how many unanswered requests the
 * restarted gateway found, how many of them the core had received and how many it asked again. Seeds: {@code -Dperegrine.statusKillTest.seeds} (default 6),
 * first {@code ...firstSeed} (default 1); {@code -Dperegrine.statusKillTest=false} skips it.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
@DisabledIfSystemProperty(named = "peregrine.statusKillTest", matches = "false",
    disabledReason = "skipped with -Dperegrine.statusKillTest=false")
class StatusRequestKillSystemTest
{
    /** With {@code keep}, each seed's directories (journals, stores, logs, FIX message logs) stay for a post-mortem. */
    private static final SeedRuns.Seeds SEEDS = SeedRuns.Seeds.fromProperties("peregrine.statusKillTest", 6);
    private static final long LOGON_WAIT_MS = 20_000;
    private static final long ANSWER_WAIT_MS = 30_000;
    /** Orders and status requests per seed: below the session's default rate limit (500 a second) together. */
    private static final int ORDERS = 350;
    private static final int STATUS_REQUESTS = 100;
    /** The kill comes this long after the burst at most. */
    private static final int KILL_WINDOW_MS = 400;

    @Test
    void everyStatusRequestIsAnsweredWhenTheGatewayIsKilledWithRequestsInFlight() throws Exception
    {
        SeedRuns.eachWithAeronDir("statuskill", SEEDS, StatusRequestKillSystemTest::runSeed);
    }

    private static void runSeed(final int seed, final Path dir, final String aeronDir) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(seed);
        try (GatewayUnderKill stack = GatewayUnderKill.start(dir, aeronDir, childFlags()))
        {
            final FixCounterparty broker = stack.broker();
            final ChildJvm gateway = stack.gateway();
            assertTrue(broker.awaitLogon(LOGON_WAIT_MS), "broker logs on");
            // Resting buys (no seller at the venue): every order stays working, its status is the core's to give.
            for (int i = 0; i < ORDERS; i++)
            {
                broker.send(FixRequests.newOrder("O" + i, quickfix.field.Side.BUY, "AAPL", "150.00", 10));
            }
            for (int i = 0; i < STATUS_REQUESTS; i++)
            {
                broker.send(statusRequest("O" + i));
            }
            // The burst takes the gateway a few hundred ms: killed while it and the core work through it.
            final long killAfterMs = random.nextInt(KILL_WINDOW_MS);
            Thread.sleep(killAfterMs);
            stack.kill();
            stack.restart();
            assertTrue(broker.awaitLogon(LOGON_WAIT_MS), () -> "broker logs on again: " + gateway.tail());
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ANSWER_WAIT_MS);
            Map<Integer, Integer> answers = answers(broker);
            while (answers.size() < STATUS_REQUESTS && System.nanoTime() - deadline < 0)
            {
                Thread.sleep(50);
                answers = answers(broker);
            }
            int doubled = 0;
            final StringBuilder unanswered = new StringBuilder();
            for (int i = 0; i < STATUS_REQUESTS; i++)
            {
                final int count = answers.getOrDefault(i, 0);
                doubled += count > 1 ? 1 : 0;
                if (0 == count)
                {
                    unanswered.append(unanswered.length() == 0 ? "" : ", ").append('O').append(i);
                }
            }
            System.out.println("seed " + seed + " (" + dir + "): SIGKILL " + killAfterMs + " ms after the burst; " +
                "answered " + answers.size() + " of " + STATUS_REQUESTS + ", twice " + doubled + "; at the restart: " +
                unansweredAtRestart(dir.resolve("gateway.log")));
            if (unanswered.length() > 0)
            {
                fail("seed " + seed + ": " + (STATUS_REQUESTS - answers.size()) + " of " + STATUS_REQUESTS +
                    " status requests never answered (killed " + killAfterMs + " ms after the burst): " + unanswered + "\ngateway log:\n" + gateway.tail());
            }
        }
    }

    /**
     * @return the number of distinct ExecutionReports 150=I the broker received, by order (O0 as 0, ...): by ExecID,
     * as a broker de-duplicates (a report delivered again after the crash is the same answer).
     */
    private static Map<Integer, Integer> answers(final FixCounterparty broker) throws FieldNotFound
    {
        final Map<Integer, Integer> answers = new TreeMap<>();
        final Set<String> execIds = new HashSet<>();
        for (final Message message : broker.receivedApp)
        {
            if (MsgType.EXECUTION_REPORT.equals(message.getHeader().getString(MsgType.FIELD)) &&
                message.getChar(ExecType.FIELD) == ExecType.ORDER_STATUS &&
                execIds.add(message.getString(ExecID.FIELD)))
            {
                answers.merge(Integer.parseInt(message.getString(ClOrdID.FIELD).substring(1)), 1, Integer::sum);
            }
        }
        return answers;
    }

    /**
     * @return what the restarted gateway says of the status requests it found unanswered: how many the core had
     * received (their answers come from its journal) and how many it asks again.
     */
    private static String unansweredAtRestart(final Path log) throws java.io.IOException
    {
        try (java.util.stream.Stream<String> lines =
            Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1))
        {
            return lines.filter((line) -> line.contains("status requests earlier runs took were not answered"))
                .map((line) -> line.substring(line.indexOf(" - ") + 3)).findFirst().orElse("none unanswered");
        }
    }

    /**
     * The agents share one thread, as {@code run.sh} runs them on a machine of up to 4 cores: the core then works
     * through the burst well behind the FIX sessions, which is when QuickFIX/J has counted requests the core never
     * journaled.
     */
    private static List<String> childFlags()
    {
        return SEEDS.keep() ? List.of("-Dperegrine.threading=shared", "-Dperegrine.gatewayKillTest.keep=true") :
            List.of("-Dperegrine.threading=shared");
    }
}
