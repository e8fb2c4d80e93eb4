package io.peregrine.gateway;

import io.peregrine.client.PeregrineClient;
import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.gateway.venue.VenueClientConfig;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FreePorts;
import io.peregrine.testsupport.TempDirs;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import java.nio.file.Path;
import io.peregrine.sbe.KillScope;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.NewOrderEncoder;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.DataDictionary;
import quickfix.Message;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.peregrine.testsupport.FixRequests.cancel;
import static io.peregrine.testsupport.FixRequests.newOrder;
import static io.peregrine.testsupport.FixRequests.replace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 14 on the whole stack (core, matching-sim, gateway, QuickFIX/J brokers on loopback): a flooding session is
 * throttled and does not get the quiet one refused; a forged frame cannot hide a live order; every reject path
 * answers with FIX that the broker's engine (and the data dictionary) accepts.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OverloadIsolationSystemTest
{
    private static final long WAIT_MS = 20_000;

    private OverloadStack stack;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            closeables.get(i).close();
        }
        CloseHelper.close(stack);
    }

    @Test
    void aFloodingSessionIsThrottledAndTheQuietSessionIsNeverRefused() throws Exception
    {
        stack = new OverloadStack((ctx) -> ctx.fixMessageLog(false));
        final FixCounterparty quiet = track(stack.broker("BROKER2"));
        final FixCounterparty flooder = track(stack.broker("BROKER1"));

        final FloodRun.Result result = FloodRun.run(quiet, flooder, 40, 10, "T", 120_000);

        assertEquals(40, result.quietAnswered.get(), result.summary());
        assertEquals(0, result.quietRejected.get(), result.summary() + "; quiet rejects: " + rejectTexts(quiet));
        // On a loaded machine the flooder may not reach the session rate; the venue queue then throttles it.
        assertTrue(result.floodThrottled.get() + result.floodVenueQueueFull.get() > 0,
            "the flood was throttled: " + result.summary());
        assertEquals(0, result.floodCapacityRejected.get(), result.summary());
        assertEquals(result.floodSent.get(), result.floodFinal.get(),
            "every flood order got a final report: " + result.summary() + " | " + gatewayCounts());
        assertEquals(0, result.floodDuplicateFinals.get(), "no flood order got two: " + result.summary());
        assertEquals(result.floodThrottled.get(), stack.gateway.brokerApplication().throttled());
        assertEquals(result.floodVenueQueueFull.get(), stack.gateway.venueAdapter().queueFullRejects(1));
        System.out.println("flood test: " + result.summary() + " | " + gatewayCounts());
    }

    private String gatewayCounts()
    {
        final GatewayCounters counters = stack.gateway.counters();
        final io.peregrine.core.CoreCounters core = stack.core.counters();
        return "gateway: broker orders in " + counters.brokerOrdersIn().get() + ", gateway rejects " +
            counters.brokerGatewayRejects().get() + ", venue requests out " + counters.venue(1).requestsOut().get() +
            ", venue reports in " + counters.venue(1).reportsIn().get() + ", venue queue " +
            stack.gateway.venueAdapter().queuedRequests(1) + ", venue ack timeouts " +
            stack.gateway.counters().venueAckTimeouts().get() + ", venue dropped " + counters.venueDropped().get() +
            ", broker reports delivered " + counters.brokerReportsDelivered().get() + ", unroutable " +
            counters.brokerReportsUnroutable().get() + ", ingress offer retries " +
            counters.ingressOfferRetries().get() + ", venue duplicate orders " + counters.venueDuplicateOrders().get() +
            " | core: ingress " + core.ingressMessages().get() + ", accepted " + core.ordersAccepted().get() +
            ", rejected " + core.ordersRejected().get() + ", venue out back-pressured " +
            core.venueOutBackPressured().get() + ", egress dropped " + core.egressDropped().get() + ", working " +
            core.workingOrders().get() + ", errors " + core.errors().get() + ", venue messages refused as malformed " +
            core.venueMalformed().get() + " | venue adapter polled " +
            stack.gateway.venueAdapter().requestsPolled() + " requests from 2001; Aeron clients lost: gateway " +
            stack.gateway.aeronClient().lossReason() + ", core " + stack.core.aeronClient().lossReason() +
            " | Aeron positions on 2001: " + streamPositions(stack.aeronDir, 2001);
    }

    /**
     * The driver's position counters of a stream (publisher, its limit, each subscriber): a subscriber position below
     * the publisher's means messages the core published are still unread in the log buffer; equal means the adapter
     * read them all.
     */
    static String streamPositions(final String aeronDir, final int streamId)
    {
        final StringBuilder positions = new StringBuilder();
        try (io.aeron.Aeron probe = io.aeron.Aeron.connect(new io.aeron.Aeron.Context().aeronDirectoryName(aeronDir)))
        {
            final org.agrona.concurrent.status.CountersReader counters = probe.countersReader();
            counters.forEach((counterId, typeId, keyBuffer, label) ->
            {
                if (label.contains(" " + streamId + " ") && (label.startsWith("pub-pos") ||
                    label.startsWith("pub-lmt") || label.startsWith("sub-pos")))
                {
                    positions.append(label).append(" = ").append(counters.getCounterValue(counterId)).append("; ");
                }
            });
        }
        catch (final RuntimeException ex)
        {
            positions.append("unreadable: ").append(ex);
        }
        return positions.toString();
    }

    private static List<String> rejectTexts(final FixCounterparty broker)
    {
        return broker.receivedApp.stream()
            .filter((message) -> FixCounterparty.execType(message, ExecType.REJECTED))
            .map((message) -> message.getOptionalString(quickfix.field.Text.FIELD).orElse("(no text)"))
            .distinct()
            .toList();
    }

    /**
     * The flood test's lost orders (perf-reports/results/2026-12-06-overload.md): on a loaded machine the venue session
     * falls behind, the fair venue queue fills and refuses further orders THROTTLED; the core took that answer for a
     * malformed venue message and dropped it, so the order stayed working for good and its broker never got a final
     * report. Here the queue fills deterministically: a venue that never answers holds the send window of 1, one
     * request may wait, the rest are refused; every refusal must reach the broker through the real core.
     */
    @Test
    void anOrderTheVenueQueueRefusesGetsItsFinalReportThroughTheCore() throws Exception
    {
        final Path dataDir = TempDirs.create("fixgw-queue-refusal-");
        closeables.add(() -> TempDirs.delete(dataDir));
        final String aeronDir = TempDirs.uniqueAeronDir("aeron-fixgw-queue-refusal-");
        final Peregrine core = track(Peregrine.launch(new PeregrineContext()
            .aeronDirectoryName(aeronDir)
            .idleStrategyName("backoff")
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true)));
        final int venuePort = track(FreePorts.reserve()).port();
        final FixCounterparty venue = track(
            FixCounterparty.venue(venuePort, "SIMVENUE", "PEREGRINE", dataDir.resolve("venue-store")).start());
        final int brokerPort = track(FreePorts.reserve()).port();
        final FixGateway gateway = track(FixGateway.launch(new GatewayContext()
            .aeronDirectoryName(aeronDir)
            .dataDir(dataDir.resolve("gateway"))
            .brokerPort(brokerPort)
            .venues(List.of(new VenueClientConfig(1, "127.0.0.1", venuePort, "PEREGRINE", "SIMVENUE", false)))
            .fixMessageLog(false)
            .idleStrategySupplier(() -> new SleepingMillisIdleStrategy(1))
            .circuitAckTimeoutMs(600_000)
            .venueSendWindow(1)
            .venueQueuePerAccount(1)));
        assertTrue(venue.awaitLogon(WAIT_MS), "the gateway's venue session logged on");
        await(() -> gateway.isVenueLoggedOn(1), "the gateway sees its venue session logged on");
        final FixCounterparty broker = track(FixCounterparty.broker(brokerPort, "BROKER1", "PEREGRINE").start());
        assertTrue(broker.awaitLogon(WAIT_MS), "BROKER1 logged on");

        final int orders = 4;
        for (int i = 1; i <= orders; i++)
        {
            broker.send(newOrder("QF" + i, '1', "AAPL", "185.00", 1));
        }
        await(() -> gateway.venueAdapter().queueFullRejects(1) >= orders - 2, "the venue queue refused orders");
        final long refused = gateway.venueAdapter().queueFullRejects(1);
        await(() -> queueRefusals(broker) == refused, "each of the " + refused + " refusals reached BROKER1 (core " +
            "working " + core.counters().workingOrders().get() + ", venue messages refused as malformed " +
            core.counters().venueMalformed().get() + ")");
        assertEquals(orders - refused, core.counters().workingOrders().get(),
            "the refused orders are closed in the core; the others are at the venue or waiting for it");
        assertEquals(0, core.counters().venueMalformed().get());
        System.out.println("venue queue refusals as the broker sees them: " + rejectTexts(broker));
    }

    private static long queueRefusals(final FixCounterparty broker)
    {
        return broker.receivedApp.stream()
            .filter((message) -> FixCounterparty.execType(message, ExecType.REJECTED))
            .count();
    }

    @Test
    void aForgedFrameNamingALiveOrderCannotHideIt() throws Exception
    {
        stack = new OverloadStack((ctx) -> ctx.fixMessageLog(false));
        final FixCounterparty broker2 = track(stack.broker("BROKER2"));
        final SbeProbe ingress = track(new SbeProbe(stack.aeronDir, 1001, 1001));

        broker2.send(newOrder("V1", '1', "AAPL", "189.00", 10));
        broker2.nextReport("V1", ExecType.NEW, WAIT_MS);
        final UnsafeBuffer sent = ingress.await(NewOrderDecoder.TEMPLATE_ID, (m) -> true, WAIT_MS);
        final int length = MessageHeaderDecoder.ENCODED_LENGTH + NewOrderDecoder.BLOCK_LENGTH;
        final long unroutableBefore = stack.gateway.counters().brokerReportsUnroutable().get();

        // 1. Truncated: the core cannot parse it. 2. An invalid Side. 3. A well-formed duplicate. All three carry the
        // gateway's clientId and the internal clOrdId of BROKER2's resting order.
        ingress.publish(sent, MessageHeaderDecoder.ENCODED_LENGTH + 20);
        final UnsafeBuffer badSide = new UnsafeBuffer(new byte[length]);
        badSide.putBytes(0, sent, 0, length);
        badSide.putByte(MessageHeaderDecoder.ENCODED_LENGTH + NewOrderEncoder.sideEncodingOffset(), (byte)9);
        ingress.publish(badSide, length);
        ingress.publish(sent, length);

        await(() -> stack.gateway.counters().brokerReportsUnroutable().get() == unroutableBefore + 1 &&
            stack.gateway.brokerReportAgent().inconsistent() == 2, "the three rejects ignored and counted");

        // The order is still live: its cancel is executed (not "already done"), and nothing said otherwise before.
        broker2.send(cancel("V2", "V1"));
        final Message canceled = broker2.nextReport("V2", ExecType.CANCELED, WAIT_MS);
        assertEquals("V1", canceled.getString(quickfix.field.OrigClOrdID.FIELD));
        assertEquals(0, broker2.sessionRejectsSent.get(), "BROKER2's engine refused nothing the gateway sent");
    }

    @Test
    void everyRejectPathAnswersWithMessagesValidAgainstTheDataDictionary() throws Exception
    {
        stack = new OverloadStack((ctx) -> ctx.fixMessageLog(false)
            .limits(ctx.limits().withBrokerMaxOrdersPerSecond(50)));
        final FixCounterparty broker = track(stack.broker("BROKER1"));
        final List<Message> received = new ArrayList<>();

        // Gateway-side refusals.
        broker.send(newOrder("P1", '1', "AAPL", "189.00", 10));
        received.add(broker.nextReport("P1", ExecType.NEW, WAIT_MS));
        final String[][] gatewayRejects = {
            { "P1", "AAPL", "189.00", "10", null },                     // duplicate ClOrdID
            { "P2", "AAPL", "189.00", "10", "ACC2" },                   // account not allowed
            { "P3", "WAYTOOLONGSYMBOL", "189.00", "10", null },         // symbol
            { "P4", "AAPL", "189.00", "0", null },                      // zero quantity
            { "P5", "AAPL", "189.00", "1.5", null },                    // fractional quantity
            { "P6", "AAPL", "189.0000001", "10", null },                // over-precise price
            { "P7", "AAPL", "-1", "10", null },                         // non-positive price
            { "X".repeat(65), "AAPL", "189.00", "10", null },           // ClOrdID too long
        };
        for (final String[] order : gatewayRejects)
        {
            final Message message = newOrder(order[0], '1', order[1], "1", 1);
            message.setString(quickfix.field.Price.FIELD, order[2]);
            message.setString(quickfix.field.OrderQty.FIELD, order[3]);
            if (null != order[4])
            {
                message.setString(quickfix.field.Account.FIELD, order[4]);
            }
            broker.send(message);
            received.add(broker.nextReport(order[0], ExecType.REJECTED, WAIT_MS));
        }
        // Core-side refusals (risk) and a venue refusal.
        final String[][] coreRejects = {
            { "C1", "ZZZZ", "10.00", "10" },         // unknown instrument
            { "C2", "AAPL", "250.00", "10" },        // price collar
            { "C3", "AAPL", "189.005", "10" },       // tick size
            { "C4", "AAPL", "189.00", "200000" },    // quantity above max
            { "C5", "MSFT", "420.00", "10" },        // passes risk, the venue does not list MSFT
        };
        for (final String[] order : coreRejects)
        {
            broker.send(newOrder(order[0], '1', order[1], order[2], Long.parseLong(order[3])));
            received.add(broker.nextReport(order[0], ExecType.REJECTED, WAIT_MS));
        }
        // Cancel/replace refusals: unknown OrigClOrdID, an order already done.
        broker.send(cancel("K1", "NOPE"));
        received.add(broker.nextFor("K1", WAIT_MS));
        broker.send(replace("K2", "NOPE", "189.00", 5));
        received.add(broker.nextFor("K2", WAIT_MS));
        broker.send(newOrder("K3", '1', "AAPL", "189.00", 1, quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL));
        received.add(broker.nextFor("K3", WAIT_MS));
        broker.send(cancel("K4", "K3"));
        received.add(broker.nextFor("K4", WAIT_MS));
        // Session level: an invalid Side value and a missing required tag (data dictionary Rejects), an unsupported
        // message type (BusinessMessageReject); and the gateway's own answer to a status request of an unknown order.
        final Message badSide = newOrder("S1", '1', "AAPL", "189.00", 1);
        badSide.setChar(quickfix.field.Side.FIELD, 'Z');
        broker.send(badSide);
        final Message noSide = newOrder("S2", '1', "AAPL", "189.00", 1);
        noSide.removeField(quickfix.field.Side.FIELD);
        broker.send(noSide);
        received.add(broker.nextAdmin(MsgType.REJECT, WAIT_MS));
        received.add(broker.nextAdmin(MsgType.REJECT, WAIT_MS));
        broker.send(FixRequests.statusRequest("P1"));
        received.add(broker.nextFor("P1", WAIT_MS));
        broker.send(FixRequests.statusRequest("K3")); // the core's answer (ExecType I) for an order it holds
        received.add(broker.nextReport("K3", ExecType.ORDER_STATUS, WAIT_MS));
        broker.send(FixCounterparty.unsupportedApplicationMessage());
        received.add(broker.nextMatching("BusinessMessageReject", (m) -> MsgType.BUSINESS_MESSAGE_REJECT.equals(
            m.getHeader().getOptionalString(MsgType.FIELD).orElse(null)), WAIT_MS));
        // Throttled: 50 orders/s, a burst of 300 (throttle-free only if the gateway took over 5 s to read it).
        for (int i = 0; i < 300; i++)
        {
            broker.send(newOrder("TH" + i, '1', "AAPL", "189.00", 1, quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL));
        }
        // Throttled ones are answered at once, admitted ones after the venue: collect them in any order.
        final java.util.Map<String, Message> finals = new java.util.HashMap<>();
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (finals.size() < 300 && System.currentTimeMillis() < deadline)
        {
            final Message message = broker.appMessages.poll(100, TimeUnit.MILLISECONDS);
            if (null != message)
            {
                received.add(message);
                if (message.isSetField(ClOrdID.FIELD) && message.getString(ClOrdID.FIELD).startsWith("TH") &&
                    message.getChar(ExecType.FIELD) != ExecType.NEW)
                {
                    finals.put(message.getString(ClOrdID.FIELD), message);
                }
            }
        }
        assertEquals(300, finals.size(), "every order of the burst got a final answer");
        int throttled = 0;
        for (final Message answer : finals.values())
        {
            if (answer.getChar(ExecType.FIELD) == ExecType.REJECTED &&
                answer.getString(Text.FIELD).startsWith("Throttled"))
            {
                assertEquals(OrdRejReason.ORDER_EXCEEDS_LIMIT, answer.getInt(OrdRejReason.FIELD));
                throttled++;
            }
        }
        assertTrue(throttled > 0, "a burst above the session rate is throttled");

        // The kill switch (engaged by the admin client over IPC) refuses new orders in the core.
        try (PeregrineClient admin = PeregrineClient.connect(new PeregrineClient.Context()
            .aeronDirectoryName(stack.aeronDir)
            .clientId(Integer.parseInt(Core.ADMIN_CLIENT_IDS.defaultValue()))))
        {
            await(admin::isConnected, "the admin client connected");
            assertTrue(admin.killSwitch(1, KillScope.GLOBAL, 0, false), "kill switch offered");
            final boolean[] answered = new boolean[1];
            await(() ->
            {
                admin.poll(new io.peregrine.client.ReportListener()
                {
                    public void onAdminResponse(final io.peregrine.sbe.AdminResponseDecoder response)
                    {
                        answered[0] |= response.commandId() == 1;
                    }
                }, 10);
                return answered[0];
            }, "the kill switch acknowledged");
            broker.send(newOrder("KS1", '1', "AAPL", "189.00", 10));
            final Message killed = broker.nextReport("KS1", ExecType.REJECTED, WAIT_MS);
            assertTrue(killed.getString(Text.FIELD).toLowerCase(java.util.Locale.ROOT).contains("kill"),
                killed.toString());
            received.add(killed);
        }

        final DataDictionary dictionary = new DataDictionary("FIX44.xml");
        for (final Message message : received)
        {
            try
            {
                dictionary.validate(message, new quickfix.ValidationSettings());
            }
            catch (final Exception ex)
            {
                fail("invalid FIX from the gateway: " + message.toString().replace('\u0001', '|') + ": " + ex);
            }
            if (message.isSetField(quickfix.field.Symbol.FIELD))
            {
                assertTrue(!message.getString(quickfix.field.Symbol.FIELD).isEmpty(), "no empty Symbol");
            }
        }
        assertEquals(0, broker.sessionRejectsSent.get(), "the broker's engine refused nothing the gateway sent");
        assertTrue(received.size() >= 80, "answers checked: " + received.size());
    }


    private <T extends AutoCloseable> T track(final T closeable)
    {
        closeables.add(closeable);
        return closeable;
    }

    static void await(final BooleanSupplier condition, final String what)
    {
        Await.until(what, condition, WAIT_MS);
    }
}
