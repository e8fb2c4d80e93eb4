package io.peregrine.gateway.kill;

import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixReports;
import io.peregrine.testsupport.FixRequests;
import io.peregrine.testsupport.StackPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.ClOrdID;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.Side;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replaces in flight when the gateway is killed: the core and the FIX gateway run in a child JVM
 * ({@link GatewayProcess}), a broker and a scripted venue in this JVM. The broker places resting orders (the venue
 * acknowledges them), then replaces every one of them from 10 to 15, and the child is killed with SIGKILL at a random
 * moment of that burst (before the core took some replaces, between the core and the venue for others, after the
 * venue got others), then started again on the same directories. The venue applies some replaces and never receives
 * the others, and answers none of them itself (its answers were lost with the gateway): only its answers to the
 * OrderStatusRequests of the restarted gateway (OrdStatus Replaced and the new quantity, or New and the old one) can
 * decide them, from the terms the gateway journaled (fix-gateway README, "Order status reconciliation").
 * <p>
 * For each seed: every replace is answered to the broker exactly once (Replaced, or refused), as the venue has it (the
 * broker is told Replaced exactly for the replaces the venue applied: the core holds the venue's quantity); then every
 * order is canceled, each with exactly one Canceled report and no "Request pending". Seeds:
 * {@code -Dperegrine.replaceKillTest.seeds} (default 4), first {@code ...firstSeed} (default 1); {@code ...keep=true}
 * keeps each seed's directories.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ReplaceKillSystemTest
{
    private static final SeedRuns.Seeds SEEDS = SeedRuns.Seeds.fromProperties("peregrine.replaceKillTest", 4);
    private static final long WAIT_MS = 30_000;
    private static final int ORDERS = 40;
    /** The kill comes this long after the first replace at most: the burst takes the broker about 80 ms. */
    private static final int KILL_WINDOW_MS = 150;

    @Test
    void everyReplaceInFlightWhenTheGatewayIsKilledIsDecidedOnceAsTheVenueHasIt() throws Exception
    {
        SeedRuns.eachWithAeronDir("replacekill", SEEDS, ReplaceKillSystemTest::runSeed);
    }

    private static void runSeed(final int seed, final Path dir, final String aeronDir) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final ScriptedVenue venueBook = new ScriptedVenue(seed);
        try (StackPorts ports = new StackPorts();
            FixCounterparty venue = FixCounterparty.venue(ports.venuePort(), "SIMVENUE", "PEREGRINE",
                dir.resolve("venue-store")).onApp(venueBook::onMessage).start())
        {
            venueBook.session = venue;
            final String[] args = {aeronDir, dir.resolve("core").toString(), dir.resolve("gateway").toString(),
                Integer.toString(ports.brokerPort()), Integer.toString(ports.venuePort())};
            final List<String> flags = SEEDS.keep() ? List.of("-Dperegrine.gatewayKillTest.keep=true") : List.of();
            try (ChildJvm gateway = ChildJvm.start(dir.resolve("gateway.log"), "READY", flags, GatewayProcess.class,
                args);
                FixCounterparty broker = FixCounterparty.broker(ports.brokerPort(), "BROKER1", "PEREGRINE").start())
            {
                assertTrue(broker.awaitLogon(WAIT_MS), "broker logs on");
                for (int i = 0; i < ORDERS; i++)
                {
                    broker.send(FixRequests.newOrder("O" + i, Side.BUY, "AAPL", price(i), 10));
                }
                for (int i = 0; i < ORDERS; i++)
                {
                    broker.nextReport("O" + i, ExecType.NEW, WAIT_MS);
                }
                for (int i = 0; i < ORDERS; i++)
                {
                    broker.send(FixRequests.replace("R" + i, "O" + i, price(i), 15));
                }
                final long killAfterMs = random.nextInt(KILL_WINDOW_MS);
                Thread.sleep(killAfterMs);
                gateway.kill();
                gateway.restart("READY", flags, GatewayProcess.class, args);
                assertTrue(broker.awaitLogon(WAIT_MS), () -> "broker logs on again: " + gateway.tail());

                final Map<Integer, Boolean> replaced = awaitReplaceAnswers(broker, seed, gateway);
                int applied = 0;
                for (int i = 0; i < ORDERS; i++)
                {
                    final boolean atVenue = venueBook.replaceApplied(i);
                    applied += atVenue ? 1 : 0;
                    if (atVenue != replaced.get(i))
                    {
                        fail("seed " + seed + ": replace R" + i + " applied at the venue: " + atVenue +
                            ", reported Replaced to the broker: " + replaced.get(i) + "\ngateway log:\n" +
                            gateway.tail());
                    }
                }
                for (int i = 0; i < ORDERS; i++)
                {
                    broker.send(FixRequests.cancel("C" + i, replaced.get(i) ? "R" + i : "O" + i));
                }
                awaitCanceledOnce(broker, seed, gateway);
                System.out.println("seed " + seed + " (" + dir + "): SIGKILL " + killAfterMs + " ms after the " +
                    "first replace; " + applied + " of " + ORDERS + " replaces applied at the venue, each reported " +
                    "Replaced once, the others refused once; every order canceled once");
            }
        }
    }

    /** Each order's own price, which tells the venue which broker order it holds. */
    private static String price(final int order)
    {
        return new BigDecimal(19_000 + order).movePointLeft(2).toPlainString();
    }

    /**
     * @return for each order, whether its replace was reported Replaced (else refused); fails on a replace answered
     * twice or not within the wait.
     */
    private static Map<Integer, Boolean> awaitReplaceAnswers(
        final FixCounterparty broker, final int seed, final ChildJvm gateway) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (true)
        {
            final Map<Integer, Boolean> replaced = new ConcurrentHashMap<>();
            final Map<Integer, Integer> answers = new ConcurrentHashMap<>();
            final Set<String> execIds = new HashSet<>();
            for (final Message message : broker.receivedApp)
            {
                final String clOrdId = message.isSetField(ClOrdID.FIELD) ? message.getString(ClOrdID.FIELD) : "";
                if (!clOrdId.startsWith("R"))
                {
                    continue;
                }
                final int order = Integer.parseInt(clOrdId.substring(1));
                if (MsgType.ORDER_CANCEL_REJECT.equals(message.getHeader().getString(MsgType.FIELD)))
                {
                    answers.merge(order, 1, Integer::sum);
                    replaced.put(order, false);
                }
                else if (FixCounterparty.execType(message, ExecType.REPLACED) &&
                    execIds.add(message.getString(ExecID.FIELD)))
                {
                    answers.merge(order, 1, Integer::sum);
                    replaced.put(order, true);
                }
            }
            for (final Map.Entry<Integer, Integer> answer : answers.entrySet())
            {
                if (answer.getValue() > 1)
                {
                    fail("seed " + seed + ": replace R" + answer.getKey() + " answered " + answer.getValue() +
                        " times\ngateway log:\n" + gateway.tail());
                }
            }
            if (replaced.size() == ORDERS)
            {
                return replaced;
            }
            if (System.nanoTime() - deadline > 0)
            {
                final StringBuilder pending = new StringBuilder();
                for (int i = 0; i < ORDERS; i++)
                {
                    pending.append(replaced.containsKey(i) ? "" : " R" + i);
                }
                fail("seed " + seed + ": replaces left pending:" + pending + "\ngateway log:\n" + gateway.tail());
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits until every order has its Canceled report; fails on a cancel refused, a second Canceled report (distinct
     * ExecID) or an order not canceled within the wait.
     */
    private static void awaitCanceledOnce(final FixCounterparty broker, final int seed, final ChildJvm gateway)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (true)
        {
            final Map<Integer, Integer> canceled = new ConcurrentHashMap<>();
            final Set<String> execIds = new HashSet<>();
            for (final Message message : broker.receivedApp)
            {
                final String clOrdId = message.isSetField(ClOrdID.FIELD) ? message.getString(ClOrdID.FIELD) : "";
                if (!clOrdId.startsWith("C"))
                {
                    continue;
                }
                if (MsgType.ORDER_CANCEL_REJECT.equals(message.getHeader().getString(MsgType.FIELD)))
                {
                    fail("seed " + seed + ": cancel " + clOrdId + " refused: " + message + "\ngateway log:\n" +
                        gateway.tail());
                }
                if (FixCounterparty.execType(message, ExecType.CANCELED) &&
                    execIds.add(message.getString(ExecID.FIELD)))
                {
                    canceled.merge(Integer.parseInt(clOrdId.substring(1)), 1, Integer::sum);
                }
            }
            if (canceled.values().stream().anyMatch(count -> count > 1))
            {
                fail("seed " + seed + ": an order canceled twice: " + canceled);
            }
            if (canceled.size() == ORDERS)
            {
                return;
            }
            if (System.nanoTime() - deadline > 0)
            {
                fail("seed " + seed + ": " + (ORDERS - canceled.size()) + " orders not canceled\ngateway log:\n" +
                    gateway.tail());
            }
            Thread.sleep(50);
        }
    }

    /**
     * The venue: acknowledges orders, cancels them when asked, applies some replaces without a word (its Replaced
     * reports lost) and never receives the others, and answers OrderStatusRequests from its book: OrdStatus Replaced
     * and the new quantity for an order it replaced, New and the old quantity otherwise. Runs on the venue session's
     * QuickFIX/J thread; the test thread reads what it applied.
     */
    private static final class ScriptedVenue
    {
        private final int seed;
        private final FixReports reports = new FixReports("V");
        /** By the gateway's ClOrdID of the order (its run and order id): the broker order, by its price. */
        private final Map<String, Integer> orders = new ConcurrentHashMap<>();
        private final Map<Integer, Long> quantities = new ConcurrentHashMap<>();
        private final Set<Integer> replacedOrders = ConcurrentHashMap.newKeySet();
        private volatile FixCounterparty session;

        ScriptedVenue(final int seed)
        {
            this.seed = seed;
        }

        boolean replaceApplied(final int order)
        {
            return replacedOrders.contains(order);
        }

        void onMessage(final Message message, final SessionID sessionId)
        {
            try
            {
                final String clOrdId = message.getString(ClOrdID.FIELD);
                final int dash = clOrdId.indexOf('-');
                final String orderKey = dash < 0 ? clOrdId : clOrdId.substring(0, dash);
                switch (message.getHeader().getString(MsgType.FIELD))
                {
                    case MsgType.NEW_ORDER_SINGLE:
                    {
                        final int order = message.getDecimal(Price.FIELD).movePointRight(2).intValueExact() - 19_000;
                        orders.put(orderKey, order);
                        quantities.put(order, 10L);
                        session.send(reports.report(clOrdId, null, ExecType.NEW, OrdStatus.NEW, 10, 0, 0, 10,
                            price(order)));
                        break;
                    }
                    case MsgType.ORDER_CANCEL_REPLACE_REQUEST:
                    {
                        final int order = orders.get(orderKey);
                        if ((order + seed) % 3 != 0) // the others never reached the venue
                        {
                            quantities.put(order, message.getDecimal(OrderQty.FIELD).longValueExact());
                            replacedOrders.add(order);
                        }
                        break;
                    }
                    case MsgType.ORDER_CANCEL_REQUEST:
                    {
                        final int order = orders.remove(orderKey);
                        session.send(reports.report(clOrdId, message.getString(OrigClOrdID.FIELD),
                            ExecType.CANCELED, OrdStatus.CANCELED, quantities.get(order), 0, 0, 0, price(order)));
                        break;
                    }
                    case MsgType.ORDER_STATUS_REQUEST:
                        answerStatus(clOrdId, orderKey);
                        break;
                    default:
                        break;
                }
            }
            catch (final FieldNotFound | quickfix.SessionNotFound ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        private void answerStatus(final String clOrdId, final String orderKey) throws quickfix.SessionNotFound
        {
            final Integer order = orders.get(orderKey);
            if (null == order)
            {
                final quickfix.fix44.ExecutionReport unknown = reports.report(clOrdId, null, ExecType.ORDER_STATUS,
                    OrdStatus.REJECTED, 0, 0);
                unknown.set(new OrdRejReason(OrdRejReason.UNKNOWN_ORDER));
                session.send(unknown);
                return;
            }
            final long quantity = quantities.get(order);
            session.send(reports.report(clOrdId, null, ExecType.ORDER_STATUS,
                replacedOrders.contains(order) ? OrdStatus.REPLACED : OrdStatus.NEW, quantity, 0, 0, quantity,
                price(order)));
        }
    }
}
