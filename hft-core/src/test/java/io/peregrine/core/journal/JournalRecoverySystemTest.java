package io.peregrine.core.journal;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.peregrine.testsupport.TempDirs;
import io.peregrine.client.PeregrineClient;
import io.peregrine.core.AtomicFile;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.egress.ClientReports;
import io.peregrine.core.order.OrderTable;
import io.peregrine.core.system.ReportCollector;
import io.peregrine.core.system.TestStack;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.core.venue.OlderVenueExecution;
import io.peregrine.core.venue.VenueInMessages;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.protocol.Prices;
import io.peregrine.risk.RiskLimits;
import io.peregrine.sbe.AdminResult;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportEncoder;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.KillSwitchDecoder;
import io.peregrine.sbe.JournalStartEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderEncoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueCancelOrderDecoder;
import io.peregrine.sbe.VenueExecutionEncoder;
import io.peregrine.sbe.VenueNewOrderDecoder;
import io.peregrine.sbe.VenueReplaceOrderDecoder;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.MSFT;
import static io.peregrine.core.DemoUniverse.MSFT_PX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A core on a journal directory, stopped and started again: the second core knows everything the first knew
 * (working orders, ClOrdID windows, positions, id counters), replay reproduces the journaled outputs byte for byte,
 * and a damaged, foreign or full journal is handled as documented.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalRecoverySystemTest
{
    private static final int GATEWAY_ID = io.peregrine.config.PeregrineKeys.Gateway.CLIENT_ID.defaultValue();

    static final long PX_191 = 191 * Prices.SCALE;

    /** Refuses {@link #journalOfOneFilledAndOneRefusedOrder()}'s order 2 INSTRUMENT_NOT_TRADABLE instead. */
    private static final RiskLimits MSFT_NOT_TRADABLE = RiskLimits.demo().withSettings("instrument.MSFT.tradable",
        "false");

    @TempDir
    Path dir;

    private TestStack stack;

    /** The clients a test connected on its own ({@link #connect}), polled together; closed before the stack. */
    private final List<PeregrineClient> clients = new java.util.ArrayList<>();

    @AfterEach
    void tearDown()
    {
        closeClients();
        CloseHelper.close(stack);
    }

    private TestStack start(final AutoFillVenue.Mode mode, final Path journal)
    {
        stack = new TestStack(mode, new PeregrineContext().journalDir(journal));
        return stack;
    }

    private void stop()
    {
        stack.close();
        stack = null;
    }

    /** @return a journal in which ClOrdID 1 (buy 100 AAPL) was accepted and filled, its core stopped. */
    private Path journalOfOneFilledOrder()
    {
        final Path journal = dir.resolve("core");
        start(AutoFillVenue.Mode.FILL, journal);
        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
        stack.awaitExecution(1, ExecType.FILL, "fill");
        stop();
        return journal;
    }

    /**
     * @return a journal in which ClOrdID 1 (buy 100 AAPL) was filled and ClOrdID 2 (MSFT far outside the collar)
     *         refused, its core stopped: {@link #MSFT_NOT_TRADABLE} replays it with another outcome for order 2 only,
     *         a mismatch that keeps every id (no order accepted or refused differently).
     */
    private Path journalOfOneFilledAndOneRefusedOrder()
    {
        final Path journal = dir.resolve("core");
        start(AutoFillVenue.Mode.FILL, journal);
        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
        stack.awaitExecution(1, ExecType.FILL, "fill");
        stack.newLimitOrder(2, ACC1, MSFT, Side.BUY, 2 * MSFT_PX, 10);
        assertEquals(RejectReason.PRICE_OUTSIDE_COLLAR, stack.awaitExecution(2, ExecType.REJECTED, "reject")
            .rejectReason());
        stop();
        return journal;
    }

    @Test
    void aSecondCoreOnTheSameJournalIsRefusedNamingTheFixUntilTheFirstCloses()
    {
        final Path journal = dir.resolve("core");
        try (CoreJournal first = CoreJournal.open(journal, 0))
        {
            final IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> CoreJournal.open(journal, 0));
            assertTrue(refused.getMessage().contains("a core is running with journal " + journal.toAbsolutePath()) &&
                refused.getMessage().contains("stop it first, or give this core another peregrine.journal.dir"),
                refused.getMessage());
            assertTrue(first.isAvailable(), "the running core's journal is untouched");
        }
        try (CoreJournal reopened = CoreJournal.open(journal, 0))
        {
            assertTrue(reopened.isAvailable(), "closing the first core released the journal");
        }
    }

    @Test
    void anEmptyOrGarbageIdentityFileIsRefusedNamingWhatIsMissingAndTheFix() throws Exception
    {
        final Path journal = journalOfOneFilledOrder();
        final Path identity = journal.resolve(CoreJournal.IDENTITY_FILE);
        for (final byte[] content : new byte[][] {new byte[0], {(byte)0xff, (byte)0xfe, 0x00, (byte)0xc3}})
        {
            Files.write(identity, content);
            final JournalException refused = assertThrows(JournalException.class, () -> CoreJournal.open(journal, 0));
            assertTrue(refused.getMessage().contains("Restore it from a backup") &&
                !refused.getMessage().contains("NullPointerException") &&
                !refused.getMessage().contains("MalformedInputException"), refused.getMessage());
        }
    }

    @Test
    void aJournalWhoseQueueFileIsGarbageIsRefusedNotStartedOver() throws Exception
    {
        final Path journal = dir.resolve("core");
        CoreJournal.open(journal, 0).close();
        final Random random = new Random(42);
        try (Stream<Path> files = Files.list(journal))
        {
            for (final Path file : files.filter((f) -> f.toString().endsWith(".cq4")).toList())
            {
                final byte[] garbage = new byte[64 * 1024];
                random.nextBytes(garbage);
                Files.write(file, garbage);
            }
        }
        final JournalException refused = assertThrows(JournalException.class, () -> CoreJournal.open(journal, 0));
        assertTrue(refused.getMessage().contains("the core journal in " + journal.toAbsolutePath()) &&
            refused.getMessage().contains("Move the directory away"), refused.getMessage());
        // Refused, it let go of the directory: moved away, a fresh journal starts.
        Files.move(journal, dir.resolve("core-damaged"));
        try (CoreJournal fresh = CoreJournal.open(journal, 0))
        {
            assertTrue(fresh.isAvailable());
        }
    }

    @Test
    void theGatewaysClientIdIsBoundInTheReplayAsItWasLiveSoARefusedImpostorStaysRefused()
    {
        final Path journal = dir.resolve("core");
        final PeregrineClient holder = gatewayWithItsFirstOrder(journal);
        final PeregrineClient impostor = connect(GATEWAY_ID);
        assertEquals(RejectReason.NOT_AUTHORISED, answer(impostor, 2).rejectReason());
        assertEquals(ExecType.NEW, answer(holder, 3).execType());

        // The holder goes: once its image has left, the id is freed (a journaled input) and the other takes it.
        clients.remove(holder);
        holder.close();
        long clOrdId = 4;
        while (answer(impostor, clOrdId).execType() != ExecType.NEW)
        {
            clOrdId++;
            assertTrue(clOrdId < 1_000, "the impostor never took the freed id over");
        }
        final long takenOverAt = clOrdId;
        closeClients();
        stop();

        // Replayed from the journal's start (as after a kill before any snapshot), without any image connected:
        // every decision is the live one.
        TempDirs.delete(journal.resolve(SnapshotStore.DIRECTORY));
        start(AutoFillVenue.Mode.ACK_ONLY, journal);
        assertEquals(0, stack.core.recovery().mismatches());
        final TestStack recovered = stack;
        stop();
        final OrderTable orders = recovered.core.agent().orders();
        for (long id = 1; id <= takenOverAt; id++)
        {
            final boolean accepted = 1 == id || 3 == id || takenOverAt == id;
            assertEquals(accepted, OrderTable.NO_SLOT != orders.slotByClientOrderId(ACC1, id), "clOrdId " + id);
        }
    }

    @Test
    void aJournalOfTheEarlierReleaseWhereAnotherPublicationTookTheGatewaysIdOverReplaysWithoutMismatch()
    {
        final Path journal = dir.resolve("core");
        // A gateway, then its restart (a new publication) once the first is gone: the new one takes the id over.
        final PeregrineClient first = gatewayWithItsFirstOrder(journal);
        clients.remove(first);
        first.close();
        // Only once the first is gone (as a gateway restarted with its core finds it): no refusal in between.
        stack.awaitTrue(() -> sourceGoneEntries(journal) == 2, "the first publication's release journaled");
        final PeregrineClient restarted = connect(GATEWAY_ID);
        assertEquals(ExecType.NEW, answer(restarted, 2).execType());
        closeClients();
        stop();

        // The same journal as the earlier release wrote it: no SOURCE_GONE entries. Replayed from its start by the
        // earlier release's rule (another publication takes the id over), it gives what it recorded.
        final Path earlier = withoutEntries(journal, dir.resolve("earlier"), JournalEntry.SOURCE_GONE);
        try (Peregrine replayed = Peregrine.launch(bareCore(earlier)))
        {
            assertEquals(0, replayed.recovery().mismatches());
        }
    }

    /**
     * Starts a core on the journal (venue acknowledging) and connects a publication under the gateway's client id,
     * whose first order (clOrdId 1) it returns acknowledged.
     */
    private PeregrineClient gatewayWithItsFirstOrder(final Path journal)
    {
        start(AutoFillVenue.Mode.ACK_ONLY, journal);
        final PeregrineClient gateway = connect(GATEWAY_ID);
        assertEquals(ExecType.NEW, answer(gateway, 1).execType());
        return gateway;
    }

    private static long sourceGoneEntries(final Path journal)
    {
        try
        {
            return audit(journal).stream().filter((line) -> line.contains("IN-SOURCE-GONE")).count();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** The entry format of each entry of a journal in order, as digits: 1 without checksum, 2 with. */
    private static String entryFormats(final Path journal)
    {
        final StringBuilder formats = new StringBuilder();
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.single(journal.toFile()).readOnly(true).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return formats.toString();
                    }
                    formats.append(0 == (dc.wire().bytes().readByte() & JournalEntry.CHECKSUMMED) ? '1' : '2');
                }
            }
        }
    }

    /** A copy of a journal without its entries of one type (and without snapshots), as format 1 wrote it. */
    private static Path withoutEntries(final Path from, final Path to, final byte type)
    {
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.single(from.toFile()).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                final byte[] entry;
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return to;
                    }
                    entry = new byte[(int)dc.wire().bytes().readRemaining()];
                    dc.wire().bytes().read(entry);
                }
                if (type != RawEntries.type(entry))
                {
                    appendRaw(to, RawEntries.asFormat1(entry));
                }
            }
        }
    }

    private PeregrineClient connect(final int clientId)
    {
        final PeregrineClient client = PeregrineClient.connect(new PeregrineClient.Context()
            .aeronDirectoryName(stack.core.aeronDirectoryName())
            .clientId(clientId));
        clients.add(client);
        stack.awaitTrue(() -> pollAll() && client.isConnected(), "client connected");
        return client;
    }

    /** Sends a buy of 10 AAPL on ACC1 and waits for its first report (the other clients polled meanwhile). */
    private ReportCollector.Execution answer(final PeregrineClient client, final long clOrdId)
    {
        stack.awaitTrue(() -> pollAll() &&
            client.newOrder(clOrdId, ACC1, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, AAPL_PX, 10), "offered");
        final ReportCollector.Execution[] found = new ReportCollector.Execution[1];
        stack.awaitTrue(() ->
        {
            pollAll();
            stack.reports.executions.stream().filter((e) -> e.clOrdId() == clOrdId).findFirst()
                .ifPresent((e) -> found[0] = e);
            return null != found[0];
        }, "answer to " + clOrdId);
        return found[0];
    }

    private boolean pollAll()
    {
        final ReportCollector ignored = new ReportCollector();
        clients.forEach((c) -> c.poll(ignored, 64));
        return true;
    }

    private void closeClients()
    {
        clients.forEach(PeregrineClient::close);
        clients.clear();
    }

    @Test
    void restartRecoversOrdersClOrdIdsPositionsAndIdCounters()
    {
        final Path journal = dir.resolve("core");
        start(AutoFillVenue.Mode.FILL, journal);
        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
        stack.newLimitOrder(2, ACC1, AAPL, Side.BUY, AAPL_PX, 50);
        stack.awaitExecution(2, ExecType.FILL, "fill 2");
        final Set<Long> orderIds = new HashSet<>();
        final Set<Long> execIds = new HashSet<>();
        stack.reports.executions.forEach((e) -> orderIds.add(e.orderId()));
        stack.reports.executions.forEach((e) -> execIds.add(e.execId()));
        stop();

        start(AutoFillVenue.Mode.ACK_ONLY, journal);
        assertEquals(0, stack.core.recovery().mismatches());
        assertTrue(stack.core.recovery().inputs() >= 4, "2 orders, 2 venue executions at least");
        stack.newLimitOrder(3, ACC1, MSFT, Side.SELL, MSFT_PX, 10);
        final ReportCollector.Execution ack3 =
            stack.awaitExecution(3, ExecType.NEW, "ack 3");
        // ClOrdID 1 is still known to risk: a resend is a duplicate, not a second order.
        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
        final ReportCollector.Execution dup =
            stack.awaitExecution(1, ExecType.REJECTED, "duplicate");
        assertEquals(RejectReason.DUPLICATE_CLIENT_ORDER_ID, dup.rejectReason());
        assertTrue(orderIds.add(ack3.orderId()), "order id " + ack3.orderId() + " not reused: " + orderIds);
        for (final ReportCollector.Execution e : stack.reports.executions)
        {
            assertTrue(execIds.add(e.execId()), "exec id " + e.execId() + " not reused");
        }
        stop();

        start(AutoFillVenue.Mode.ACK_ONLY, journal);
        final TestStack third = stack;
        stop();
        // Stopped: the recovered state can be read from here.
        assertEquals(150, third.core.risk().position(ACC1, AAPL));
        assertEquals(0, third.core.risk().position(ACC1, MSFT));
        assertEquals(10, third.core.risk().openSellQty(ACC1, MSFT));
        final OrderTable orders = third.core.agent().orders();
        final int slot = orders.slotByClientOrderId(ACC1, 3);
        assertNotEquals(OrderTable.NO_SLOT, slot);
        assertTrue(orders.isWorking(slot));
        assertEquals(ack3.orderId(), orders.orderId(slot));
        assertEquals(OrdStatus.NEW, orders.status(slot));
    }

    @Test
    void replayingTheSameJournalTwiceReproducesEveryOutputByteForByte() throws Exception
    {
        final Path journal = dir.resolve("core");
        start(AutoFillVenue.Mode.PARTIAL_FILLS, journal);
        for (int i = 1; i <= 20; i++)
        {
            final long clOrdId = i;
            final boolean aapl = 0 == clOrdId % 2;
            stack.newLimitOrder(clOrdId, ACC1, aapl ? AAPL : MSFT, 0 == clOrdId % 3 ? Side.SELL : Side.BUY,
                aapl ? AAPL_PX : MSFT_PX, 30 + clOrdId);
        }
        // Rejected by risk (collar) and a cancel of a closed order: reject paths are journaled outputs too.
        stack.newLimitOrder(99, ACC1, AAPL, Side.BUY, 500 * Prices.SCALE, 10);
        stack.awaitExecution(20, ExecType.FILL, "fill 20");
        stack.offer(() -> stack.client.cancel(100, 2, 0, ACC1));
        stack.awaitTrue(() -> !stack.reports.cancelRejects.isEmpty(), "cancel reject");
        stop();

        final Path copyA = withoutSnapshots(copy(journal, dir.resolve("a")));
        final Path copyB = withoutSnapshots(copy(journal, dir.resolve("b")));
        final long positionA;
        final long positionB;
        try (Peregrine a = Peregrine.launch(bareCore(copyA)))
        {
            assertTrue(a.recovery().inputs() > 40);
            assertEquals(-1, a.recovery().snapshotIndex(), "the whole journal replayed");
            assertEquals(0, a.recovery().mismatches(), "replay A reproduces every journaled output");
            assertEquals(0, a.recovery().tailOutputsPublished());
            positionA = a.recovery().entries();
        }
        try (Peregrine b = Peregrine.launch(bareCore(copyB)))
        {
            assertEquals(0, b.recovery().mismatches(), "replay B reproduces every journaled output");
            positionB = b.recovery().entries();
        }
        assertEquals(positionA, positionB);

        // The comparison can fail: replayed under limits that reject what was accepted, outputs differ.
        final Path copyC = withoutSnapshots(copy(journal, dir.resolve("c")));
        final RiskLimits strict = RiskLimits.demo().withSettings("instrument.AAPL.maxOrderQty", "1");
        // Such a start is refused, naming the first difference and the way on; as orders accepted then are refused
        // now, the later ones would be numbered differently: accept.replay.mismatches is no way on for that.
        for (final boolean accept : new boolean[] {false, true})
        {
            final JournalException refused = assertThrows(JournalException.class, () -> Peregrine.launch(
                bareCore(copyC).riskLimits(strict).journalAcceptReplayMismatches(accept)).close());
            assertTrue(refused.getMessage().contains("replayed differently from what it recorded") &&
                refused.getMessage().contains("(first: ") &&
                refused.getMessage().contains("numbers orders, ExecIDs or venue requests differently") &&
                !refused.getMessage().contains("mismatches=true"), refused.getMessage());
        }
    }

    /**
     * The configuration audit's case: a start after an instrument was removed from the risk limits while an order on
     * it works. Its replay refuses that order, so the next order would take its core order id, which the gateway maps
     * to the removed instrument's venue order: a later fill of that one would be booked on the other. Refused even
     * with peregrine.journal.accept.replay.mismatches=true, and the message does not offer it; with the limits that
     * wrote the journal the fill is booked on its own order.
     */
    @Test
    void aStartWhoseReplayWouldRenumberOrdersIsRefusedEvenWhenMismatchesAreAccepted() throws Exception
    {
        final Path journal = dir.resolve("core");
        ScriptedVenue scripted = journaledCoreWithScriptedVenue(journal);
        final VenueInMessages venue = new VenueInMessages(new UnsafeBuffer(new byte[512]));
        stack.newLimitOrder(1, ACC1, MSFT, Side.BUY, MSFT_PX, 10);
        final long msftOrderId = routedOrderId(scripted.venueOut());
        stack.newLimitOrder(2, ACC1, AAPL, Side.BUY, AAPL_PX, 20);
        final long aaplOrderId = routedOrderId(scripted.venueOut());
        offer(scripted.venueIn(), venue, venue.execution(msftOrderId, 0, 1, ExecType.NEW, RejectReason.NONE, MSFT_PX,
            10, 0, 0, 0, 10, 0, 1, null));
        offer(scripted.venueIn(), venue, venue.execution(aaplOrderId, 0, 1, ExecType.NEW, RejectReason.NONE, AAPL_PX,
            20, 0, 0, 0, 20, 0, 2, null));
        stack.awaitExecution(2, ExecType.NEW, "ack 2");
        scripted.venueOut().close();
        scripted.venueIn().close();
        stop();

        final java.util.Properties withoutMsft = RiskLimits.demo().toProperties();
        withoutMsft.stringPropertyNames().stream().filter((key) -> key.startsWith("instrument.MSFT."))
            .forEach(withoutMsft::remove);
        final RiskLimits limits = RiskLimits.fromProperties(withoutMsft);
        for (final boolean accept : new boolean[] {true, false})
        {
            final String refused = assertThrows(JournalException.class, () -> Peregrine.launch(
                bareCore(journal).riskLimits(limits).journalAcceptReplayMismatches(accept)).close()).getMessage();
            assertTrue(refused.contains("numbers orders, ExecIDs or venue requests differently") &&
                refused.contains("orderId=" + msftOrderId) &&
                refused.contains("cancel or finish the working orders") && !refused.contains("mismatches=true"),
                refused);
        }

        // The limits that wrote the journal: the venue's fill of the MSFT order is that order's.
        scripted = journaledCoreWithScriptedVenue(journal);
        offer(scripted.venueIn(), venue, venue.execution(msftOrderId, 0, 1, ExecType.FILL, RejectReason.NONE, MSFT_PX,
            10, 10, MSFT_PX, 10, 0, MSFT_PX, 3, null));
        final ReportCollector.Execution fill = stack.awaitExecution(1, ExecType.FILL, "fill 1");
        assertEquals(MSFT, fill.symbol());
        assertEquals(msftOrderId, fill.orderId());
        scripted.venueOut().close();
        scripted.venueIn().close();
        final TestStack last = stack;
        stop();
        assertEquals(10, last.core.risk().position(ACC1, MSFT));
        assertEquals(0, last.core.risk().position(ACC1, AAPL));
        final OrderTable orders = last.core.agent().orders();
        assertTrue(orders.isWorking(orders.slotByClientOrderId(ACC1, 2)), "the AAPL order still works");
        assertEquals(aaplOrderId, orders.orderId(orders.slotByClientOrderId(ACC1, 2)));
    }

    @Test
    void venueRequestsUnreadWhenTheCoreStoppedAreSentAgainAfterRestartAndReplayReproducesThat() throws Exception
    {
        final Path journal = dir.resolve("core");
        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().journalDir(journal), false);
        // A venue adapter that never reads: the core's new order and cancel are published and journaled as sent,
        // and are still in the stream when the core stops (as when a process dies under load).
        final io.aeron.Subscription unread =
            stack.venueAeron.addSubscription(stack.core.context().channel(), stack.core.context().venueOutStreamId());
        stack.awaitTrue(unread::isConnected, "venue-out subscriber connected");
        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
        stack.offer(() -> stack.client.cancel(2, 1, 0, ACC1));
        stack.awaitTrue(() -> 2 == stack.core.counters().ingressMessages().get(), "order and cancel handled");
        final TestStack first = stack;
        stop();
        final OrderTable stopped = first.core.agent().orders();
        final int slot = stopped.slotByClientOrderId(ACC1, 1);
        assertEquals(OrdStatus.PENDING_NEW, stopped.status(slot), "the venue never answered");
        assertNotEquals(0, stopped.cancelRequestId(slot), "cancel pending");

        // Restarted with a venue that acks new orders and cancels what it is asked to: it gets both requests again.
        start(AutoFillVenue.Mode.ACK_ONLY, journal);
        stack.awaitTrue(() -> 0 == stack.core.counters().workingOrders().get() &&
            stack.core.counters().venueMessages().get() >= 2, "order acked and canceled by the venue");
        stop();
        final List<String> audit = audit(journal);
        assertEquals(1, audit.stream().filter((l) -> l.contains("IN-RESTART") && l.contains("with 2 venue requests"))
            .count(), String.join("\n", audit));
        assertEquals(1, audit.stream().filter((l) -> l.contains("OUT-REPORT") && l.contains("clOrdId=2 ") &&
            l.contains("CANCELED")).count(), String.join("\n", audit));

        // The re-send is an input of the journal: a full replay reproduces it where it happened, and a restart with
        // nothing pending sends nothing again.
        try (Peregrine replayed = Peregrine.launch(bareCore(withoutSnapshots(copy(journal, dir.resolve("full"))))))
        {
            assertEquals(-1, replayed.recovery().snapshotIndex(), "the whole journal replayed");
            assertEquals(0, replayed.recovery().mismatches(), "replay reproduces the re-sent requests");
            assertEquals(0, replayed.recovery().tailOutputsPublished());
            assertEquals(0, replayed.agent().resendAfterRestart(), "nothing left to send again");
        }
        assertEquals(1, audit(journal).stream().filter((l) -> l.contains("IN-RESTART")).count());
    }

    private static List<String> audit(final Path journal) throws Exception
    {
        try (java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8))
        {
            JournalAudit.fromArgs(new String[0]).print(journal, out);
            return bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void fsyncIntervalSyncsTheJournalWhileTheCoreTrades() throws Exception
    {
        final Path journal = dir.resolve("core");
        stack = new TestStack(AutoFillVenue.Mode.FILL,
            new PeregrineContext().journalDir(journal).journalFsyncIntervalMs(5));
        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
        stack.awaitExecution(1, ExecType.FILL, "fill");
        stack.core.journal().sync(); // the same call the reporting thread makes every 5 ms: fsync of the live file
        stop(); // syncs once more on close
        final Peregrine again = Peregrine.launch(bareCore(journal));
        again.close();
        assertEquals(100, again.risk().position(ACC1, AAPL));
        assertThrows(IllegalArgumentException.class,
            () -> new PeregrineContext().journalDir(journal).journalFsyncIntervalMs(-1).conclude());
    }

    @Test
    void tornTailIsCutAndLoggedAndRecoveryGoesOn() throws Exception
    {
        final Path journal = journalOfOneFilledOrder();
        appendRaw(journal, new byte[]{ 0x7F, 1, 2, 3 }); // unknown type, shorter than a header: a torn write

        try (Peregrine core = Peregrine.launch(bareCore(journal)))
        {
            assertTrue(core.recovery().cutIndex() >= 0, "the torn entry was cut");
            assertEquals(0, core.recovery().mismatches());
        }
        final Peregrine again = Peregrine.launch(bareCore(journal));
        again.close();
        assertEquals(-1, again.recovery().cutIndex(), "cut once, skipped after");
        assertEquals(0, again.recovery().mismatches());
        assertEquals(100, again.risk().position(ACC1, AAPL), "the fill before the torn entry is recovered");
    }

    @Test
    void aStartThatCutTheTornTailAndStoppedLeavesAJournalTheNextStartRecovers() throws Exception
    {
        final Path journal = withoutSnapshots(journalOfOneFilledOrder());
        appendRaw(journal, new byte[]{ 0x7F, 1, 2, 3 }); // what a disk filling mid-write leaves
        try (CoreJournal open = CoreJournal.open(journal, 0))
        {
            // A start that cut the torn entry, then was refused before it appended anything more (replay mismatches,
            // a busy Aeron directory): the CUT mark is the journal's last entry.
            final long torn = open.lastIndex();
            assertEquals(torn, Recovery.replay(open, (type, timestamp, source, buffer, offset, length) -> { }, 0)
                .cutIndex());
            assertEquals(torn + 1, open.lastIndex(), "only the CUT mark was appended");
        }
        try (Peregrine core = Peregrine.launch(bareCore(journal)))
        {
            assertEquals(-1, core.recovery().cutIndex(), "cut by the earlier start, skipped now");
            assertEquals(0, core.recovery().mismatches());
            assertEquals(100, core.risk().position(ACC1, AAPL));
        }
    }

    @Test
    void refusalsWhileTheJournalIsUnavailableMoveNoJournaledExecIdSoTheReplayMatchesAndNoExecIdRepeats()
    {
        final Path journal = dir.resolve("core");
        final long[] free = { Long.MAX_VALUE };
        CoreJournal.freeSpaceForTests((directory) -> free[0]);
        try
        {
            start(AutoFillVenue.Mode.FILL, journal);
            stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
            stack.awaitExecution(1, ExecType.FILL, "fill 1");
            stack.newLimitOrder(2, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
            stack.awaitExecution(2, ExecType.FILL, "fill 2");
            free[0] = 0; // the disk fills: the next inputs are refused unjournaled
            stack.core.journal().checkSpace();
            stack.newLimitOrder(3, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
            stack.newLimitOrder(4, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
            final ReportCollector.Execution refused3 = stack.awaitExecution(3, ExecType.REJECTED, "refusal 3");
            final ReportCollector.Execution refused4 = stack.awaitExecution(4, ExecType.REJECTED, "refusal 4");
            assertEquals(RejectReason.JOURNAL_UNAVAILABLE, refused4.rejectReason());
            free[0] = Long.MAX_VALUE; // space freed: journaled again
            stack.core.journal().checkSpace();
            stack.newLimitOrder(5, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
            stack.awaitExecution(5, ExecType.FILL, "fill 5");
            final Set<Long> execIds = new HashSet<>();
            stack.reports.executions.forEach((e) -> assertTrue(execIds.add(e.execId()), "repeated: " + e));
            assertTrue(refused3.execId() >= ClientReports.UNJOURNALED_EXEC_ID_BASE &&
                refused4.execId() > refused3.execId(), "the refusals' own id space: " + refused3 + refused4);
            stack.executionsFor(5).forEach((e) -> assertTrue(e.execId() < ClientReports.UNJOURNALED_EXEC_ID_BASE));
            closeClients();
            stop();

            // Replayed from the journal's start, as after a kill before any snapshot: every journaled output matches.
            TempDirs.delete(journal.resolve(SnapshotStore.DIRECTORY));
            start(AutoFillVenue.Mode.FILL, journal);
            assertEquals(0, stack.core.recovery().mismatches(), stack.core.recovery().firstMismatch());
            stack.newLimitOrder(6, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
            stack.awaitExecution(6, ExecType.FILL, "fill 6");
            stack.executionsFor(6).forEach((e) -> assertTrue(execIds.add(e.execId()), "repeated: " + e));
        }
        finally
        {
            CoreJournal.freeSpaceForTests(null);
        }
    }

    @Test
    void outputsOfTheLastInputMissingFromTheJournalArePublishedOnceAtRecovery() throws Exception
    {
        final Path journal = journalOfOneFilledOrder();
        // As if the core died right after journaling an order, before it could answer: the reject (price outside
        // the collar) was never journaled nor sent.
        final UnsafeBuffer order = new UnsafeBuffer(new byte[128]);
        final NewOrderEncoder encoder = new NewOrderEncoder().wrapAndApplyHeader(order, 0, new MessageHeaderEncoder())
            .clientId(7).clOrdId(2);
        order.putLong(MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.accountEncodingOffset(), ACC1,
            java.nio.ByteOrder.LITTLE_ENDIAN);
        order.putLong(MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.symbolEncodingOffset(), AAPL,
            java.nio.ByteOrder.LITTLE_ENDIAN);
        encoder.side(Side.BUY).ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY).price(500 * Prices.SCALE)
            .quantity(10).sendingTime(1);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        final byte[] entry = new byte[JournalEntry.HEADER_LENGTH + length];
        entry[0] = JournalEntry.INGRESS;
        new UnsafeBuffer(entry).putLong(1, System.currentTimeMillis() * 1_000_000L, java.nio.ByteOrder.LITTLE_ENDIAN);
        order.getBytes(0, entry, JournalEntry.HEADER_LENGTH, length);
        appendRaw(journal, RawEntries.checksummed(entry, RawEntries.nextSequence(journal)));

        final Peregrine first = Peregrine.launch(bareCore(journal));
        first.close();
        assertEquals(1, first.recovery().tailOutputsPublished(), "the reject is published (and journaled) now");
        assertEquals(0, first.recovery().mismatches());
        final Peregrine second = Peregrine.launch(bareCore(journal));
        second.close();
        assertEquals(0, second.recovery().tailOutputsPublished(), "and only once");
        assertEquals(0, second.recovery().mismatches());
        final List<String> lines = new java.util.ArrayList<>();
        try (java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8))
        {
            JournalAudit.fromArgs(new String[]{ "--account", "ACC1" }).print(journal, out);
            bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().forEach(lines::add);
        }
        assertEquals(1, lines.stream().filter((l) -> l.contains("OUT-REPORT") && l.contains("clOrdId=2") &&
            l.contains("PRICE_OUTSIDE_COLLAR")).count(), String.join("\n", lines));
    }

    @Test
    void damagedEntryBeforeTheTailStopsTheStartWithTheFix() throws Exception
    {
        final Path journal = journalOfOneFilledOrder();
        appendRaw(journal, new byte[]{ 0x7F, 1, 2, 3 });
        appendRaw(journal, new byte[]{ JournalEntry.INGRESS, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2 });

        final JournalException ex = assertThrows(JournalException.class, () -> Peregrine.launch(bareCore(journal)));
        assertTrue(ex.getMessage().contains("damaged, not torn at its end"), ex.getMessage());
        assertTrue(ex.getMessage().contains("peregrine.journal.dir"), ex.getMessage());
    }

    @Test
    void anEntryDamagedWhereTheReplayCannotSeeItIsFoundByItsChecksumAndStopsTheStart() throws Exception
    {
        final Path journal = withoutSnapshots(journalOfOneFilledOrder()); // a full replay reads every entry
        final long damaged = damageTimestampOfFirst(journal, JournalEntry.VENUE_REQUEST);

        // Replay compares an output's message, not its timestamp: without the checksum this start went ahead.
        final JournalException ex = assertThrows(JournalException.class, () -> Peregrine.launch(bareCore(journal)));
        assertTrue(ex.getMessage().contains("unreadable entry at index " + Long.toHexString(damaged) +
            " (checksum mismatch"), ex.getMessage());
        assertTrue(ex.getMessage().contains("damaged, not torn at its end"), ex.getMessage());
    }

    @Test
    void aLastEntryWhoseChecksumFailsIsCutLikeATornWrite() throws Exception
    {
        final Path journal = withoutSnapshots(journalOfOneFilledOrder());
        final long last;
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journal))
        {
            last = queue.lastIndex();
        }
        assertEquals(last, damageTimestampOfFirst(journal, JournalEntry.REPORT, last));

        try (Peregrine core = Peregrine.launch(bareCore(journal)))
        {
            assertEquals(last, core.recovery().cutIndex(), "a write a power loss tore: cut, not refused");
            assertEquals(0, core.recovery().mismatches());
            assertEquals(100, core.risk().position(ACC1, AAPL));
        }
        // The core marked it CUT and appended after it: it is no longer the last entry, yet still no damage to what
        // came before for a scan that must see every entry (the gateway's start-up scans).
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journal);
            JournalReader reader = CoreJournal.reader(queue))
        {
            assertTrue(queue.lastIndex() > last);
            int unreadable = 0;
            int result;
            while (JournalReader.END != (result = reader.next()))
            {
                if (JournalReader.CORRUPT == result)
                {
                    unreadable++;
                    assertEquals(last, reader.index());
                    assertFalse(reader.corruptBeforeTail(), "cut by the core's recovery");
                }
            }
            assertEquals(1, unreadable);
        }
    }

    /** Flips a byte of the timestamp of the first entry of a type (at or after an index) in the files. */
    private static long damageTimestampOfFirst(final Path journal, final byte type, final long from) throws Exception
    {
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journal);
            JournalReader reader = CoreJournal.reader(queue))
        {
            while (JournalReader.ENTRY == reader.next())
            {
                if (type == reader.type() && reader.index() >= from)
                {
                    final byte[] entry = new byte[JournalEntry.HEADER_LENGTH + reader.length()];
                    final UnsafeBuffer bytes = new UnsafeBuffer(entry);
                    bytes.putByte(0, type);
                    bytes.putLong(1, reader.timestamp(), ByteOrder.LITTLE_ENDIAN);
                    bytes.putInt(9, reader.source(), ByteOrder.LITTLE_ENDIAN);
                    bytes.putBytes(JournalEntry.HEADER_LENGTH, reader.payload(), 0, reader.length());
                    RawEntries.flipByte(journal, RawEntries.checksummed(entry, reader.sequence()), 1);
                    return reader.index();
                }
            }
        }
        throw new IllegalStateException("no entry of type " + type + " in " + journal);
    }

    private static long damageTimestampOfFirst(final Path journal, final byte type) throws Exception
    {
        return damageTimestampOfFirst(journal, type, 0);
    }

    @Test
    void journalOfAnOlderSchemaVersionIsRefusedWithAClearMessage() throws Exception
    {
        final Path journal = dir.resolve("old");
        final UnsafeBuffer start = new UnsafeBuffer(new byte[64]);
        final JournalStartEncoder encoder = new JournalStartEncoder()
            .wrapAndApplyHeader(start, 0, new MessageHeaderEncoder())
            .entryFormat(JournalEntry.FORMAT)
            .createdTime(1);
        start.putShort(6, (short)1); // header version: schema version 1
        final byte[] entry = new byte[JournalEntry.HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH +
            encoder.encodedLength()];
        entry[0] = JournalEntry.START;
        start.getBytes(0, entry, JournalEntry.HEADER_LENGTH, entry.length - JournalEntry.HEADER_LENGTH);
        appendRaw(journal, entry);

        final JournalException ex = assertThrows(JournalException.class, () -> Peregrine.launch(bareCore(journal)));
        assertTrue(ex.getMessage().contains("schema version 1"), ex.getMessage());
        assertTrue(ex.getMessage().contains("move the directory away"), ex.getMessage());
    }

    @Test
    void aVersion2JournalIsReplayedContinuedAndItsStatusRequestsReplayTheSameReports() throws Exception
    {
        final Path written = dir.resolve("written");
        start(AutoFillVenue.Mode.FILL, written);
        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
        stack.newLimitOrder(2, ACC1, AAPL, Side.BUY, 500 * Prices.SCALE, 10); // rejected: outside the collar
        stack.awaitExecution(1, ExecType.FILL, "fill 1");
        stack.awaitExecution(2, ExecType.REJECTED, "reject 2");
        stop();
        final Path journal = asJournalOfVersion(written, dir.resolve("v2"), 2);

        // A core of this version continues it: the replay matches every output the version-2 core journaled.
        stack = new TestStack(AutoFillVenue.Mode.ACK_ONLY, new PeregrineContext().journalDir(journal));
        assertEquals(0, stack.core.recovery().mismatches());
        assertEquals(100, stack.core.risk().position(ACC1, AAPL));
        stack.newLimitOrder(3, ACC1, AAPL, Side.SELL, AAPL_PX, 40);
        stack.awaitExecution(3, ExecType.NEW, "ack 3");
        stack.offer(() -> stack.client.orderStatus(0, 1, 0, ACC1));
        final ReportCollector.Execution filled = stack.awaitExecution(1, ExecType.ORDER_STATUS, "status of 1");
        assertEquals(OrdStatus.FILLED, filled.ordStatus());
        assertEquals(100, filled.cumQty());
        stack.offer(() -> stack.client.orderStatus(0, 3, 0, ACC1));
        final ReportCollector.Execution working = stack.awaitExecution(3, ExecType.ORDER_STATUS, "status of 3");
        assertEquals(OrdStatus.NEW, working.ordStatus());
        assertEquals(40, working.leavesQty());
        stop();
        // The earlier release's entries stay as they were (format 1); what this core appended carries checksums.
        final String formats = entryFormats(journal);
        assertTrue(formats.matches("1+2+"), formats);
        assertEquals(entryFormats(written).length(), formats.indexOf('2'), "the old entries, unchanged");

        // Replayed again, the status requests give the very reports they gave live.
        try (Peregrine replayed = Peregrine.launch(bareCore(withoutSnapshots(copy(journal, dir.resolve("again"))))))
        {
            assertEquals(-1, replayed.recovery().snapshotIndex(), "the whole journal replayed");
            assertEquals(0, replayed.recovery().mismatches());
            assertEquals(0, replayed.recovery().tailOutputsPublished());
        }
    }

    @Test
    void aStartRefusedForMismatchesLeavesAnEarlierReleasesJournalAsItCanContinueIt() throws Exception
    {
        final Path journal = asJournalOfVersion(journalOfOneFilledAndOneRefusedOrder(), dir.resolve("earlier"), 2);
        // The identity file as an earlier release of the format-1 era wrote it: no format-2 boundary in it.
        CoreJournal.open(journal, 0).close();
        final Path identity = journal.resolve(CoreJournal.IDENTITY_FILE);
        Files.writeString(identity, Files.readString(identity).replaceAll("checksummedFrom=.*\n", ""));
        final byte[] before = Files.readAllBytes(identity);

        final JournalException refused = assertThrows(JournalException.class,
            () -> Peregrine.launch(bareCore(journal).riskLimits(MSFT_NOT_TRADABLE)).close());
        assertTrue(refused.getMessage().contains("written by an earlier release"), refused.getMessage());
        // The release that wrote the journal can go on appending format-1 entries: no boundary was recorded.
        assertArrayEquals(before, Files.readAllBytes(identity));
        assertTrue(entryFormats(journal).matches("1+"), entryFormats(journal));
        // Where this release does append, it records the boundary first: JournalChecksumTest's
        // aFormat1JournalContinuedRecordsWhereTheTrailerBeginsAndEveryReaderRequiresItFromThere.
    }

    /**
     * @return a journal of one filled order, no snapshot, whose journal-start.properties says the previous
     *         {@link DecisionVersion} wrote it.
     */
    private Path journalOfThePreviousDecisionVersion() throws Exception
    {
        final Path journal = withoutSnapshots(journalOfOneFilledOrder());
        final Path identity = journal.resolve(CoreJournal.IDENTITY_FILE);
        Files.writeString(identity, Files.readString(identity).replaceAll(
            "decisionVersion=\\d+", "decisionVersion=" + (DecisionVersion.CURRENT - 1)));
        return journal;
    }

    @Test
    void anAcceptedStartRecordsWhereItContinuesAnEarlierReleasesJournalBeforeTheCoreThreadAppends() throws Exception
    {
        final Path journal = journalOfThePreviousDecisionVersion();
        final Path identity = journal.resolve(CoreJournal.IDENTITY_FILE);
        final long lastIndex;
        try (CoreJournal earlier = CoreJournal.open(journal, 0))
        {
            lastIndex = earlier.lastIndex();
        }

        final String recorded;
        try (Peregrine core = Peregrine.launch(bareCore(journal)))
        {
            // No input reached the core: had it waited for its first append, the core thread would write the file
            // (a temp file, fsyncs, a rename) in front of the first order.
            recorded = Files.readString(identity);
            assertEquals(lastIndex, core.journal().lastIndex(), "nothing appended yet");
        }
        assertTrue(recorded.contains("decisionVersion=" + DecisionVersion.CURRENT + "\n") &&
            recorded.contains("decisionVersionFrom=" + Long.toHexString(lastIndex + 1) + "\n"), recorded);

        // The first order after it leaves the file as the start wrote it.
        start(AutoFillVenue.Mode.FILL, journal);
        stack.newLimitOrder(2, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
        stack.awaitExecution(2, ExecType.FILL, "fill 2");
        stop();
        assertEquals(recorded, Files.readString(identity));
    }

    @Test
    void aStartThatCannotRecordWhereItContinuesAnEarlierReleasesJournalStopsNamingTheFile() throws Exception
    {
        final Path journal = journalOfThePreviousDecisionVersion();
        final Path identity = journal.resolve(CoreJournal.IDENTITY_FILE);
        final byte[] before = Files.readAllBytes(identity);
        // A directory where the atomic write puts its temp file: the file cannot be written (as root too).
        Files.createDirectories(
            journal.resolve(CoreJournal.IDENTITY_FILE + AtomicFile.TEMP_SUFFIX).resolve("in-the-way"));

        // It stops the start, where the core used to start and then refuse every order JOURNAL_UNAVAILABLE.
        final String refused = assertThrows(JournalException.class,
            () -> Peregrine.launch(bareCore(journal)).close()).getMessage();
        assertTrue(refused.contains("cannot write the core journal identity file " + identity.toAbsolutePath()),
            refused);
        assertArrayEquals(before, Files.readAllBytes(identity));
    }

    /**
     * Schema version 5 adds ExecType RESTATED, and DecisionVersion 2 sends it where version 1 sent a FILL of 0 (a raise
     * the venue refused after filling the order). A version-4 journal of the previous release replays as it was
     * written except for that report, which is the one difference a start names as expected.
     */
    @Test
    void aVersion4JournalReplaysAsWrittenAndOnlyItsFillOfZeroForARefusedRaiseDiffers() throws Exception
    {
        final Path written = dir.resolve("written");
        final ScriptedVenue scripted = journaledCoreWithScriptedVenue(written);
        final VenueInMessages venue = new VenueInMessages(new UnsafeBuffer(new byte[512]));
        final long orderId = acknowledgedOrder1(scripted, venue, 100);
        stack.offer(() -> stack.client.replace(2, 1, orderId, ACC1, AAPL_PX, 150));
        final long requestId = replaceRequestId(scripted.venueOut());
        offer(scripted.venueIn(), venue, venue.execution(orderId, 0, 1, ExecType.FILL, RejectReason.NONE, AAPL_PX, 100,
            100, AAPL_PX, 100, 0, AAPL_PX, 2, null));
        offer(scripted.venueIn(), venue, venue.cancelReject(orderId, requestId, 1, CancelRejectResponseTo.REPLACE,
            RejectReason.NONE, 3, "price band"));
        final ReportCollector.Execution restated = stack.awaitExecution(1, ExecType.RESTATED, "raise refused");
        assertEquals(OrdStatus.FILLED, restated.ordStatus());
        assertEquals(0, restated.lastQty());
        scripted.venueOut().close();
        scripted.venueIn().close();
        stop();

        // The previous release's journal of the same events: schema version 4, no decision version, that one FILL.
        final Path previous = asJournalOfVersion(written, dir.resolve("v4"), 4, true);
        final String refused = assertThrows(JournalException.class,
            () -> Peregrine.launch(bareCore(copy(withoutSnapshots(previous), dir.resolve("refused")))).close())
            .getMessage();
        assertTrue(refused.contains("written by an earlier release") && refused.contains("differs 1 times"), refused);
        try (Peregrine upgraded = Peregrine.launch(
            bareCore(copy(previous, dir.resolve("accepted"))).journalAcceptReplayMismatches(true)))
        {
            assertEquals(1, upgraded.recovery().mismatches(), "only the report RESTATED replaces");
            final OrderTable orders = upgraded.agent().orders();
            assertEquals(OrdStatus.FILLED, OrdStatus.get(orders.statusRaw(orders.slotByClientOrderId(ACC1, 1))));
            assertEquals(100, upgraded.risk().position(ACC1, AAPL));
        }
        // Version-4 entries are read as written: with the report as this release sends it, the replay is exact.
        try (Peregrine same = Peregrine.launch(bareCore(withoutSnapshots(asJournalOfVersion(
            written, dir.resolve("v4-same"), 4, false)))))
        {
            assertEquals(0, same.recovery().mismatches());
        }
    }

    /**
     * A kill switch's cancel refused VENUE_UNAVAILABLE (the venue's session down) before the core stopped is owed: the
     * restarted core sends it again (its RESTART input), the order ends canceled, and a full replay reproduces it.
     */
    @Test
    void killSwitchCancelsRefusedBeforeAStopAreSentAgainAfterTheRestartAndReplayReproducesThat() throws Exception
    {
        final Path journal = dir.resolve("core");
        // The stack's client (7) is an admin: it sends the kill switch.
        ScriptedVenue scripted = journaledCoreWithScriptedVenue(new PeregrineContext().journalDir(journal)
            .adminClientIds(7));
        final VenueInMessages venue = new VenueInMessages(new UnsafeBuffer(new byte[512]));
        final long orderId = acknowledgedOrder1(scripted, venue, 10);
        stack.offer(() -> stack.client.killSwitch(100, KillScope.ACCOUNT, ACC1, true));
        final long refusedRequestId = cancelRequestId(scripted.venueOut());
        offer(scripted.venueIn(), venue, venue.cancelReject(orderId, refusedRequestId, 1,
            CancelRejectResponseTo.CANCEL, RejectReason.VENUE_UNAVAILABLE, 2, "venue 1 is not logged on"));
        stack.awaitTrue(() -> 1 == stack.core.counters().killSwitchCancelsRefused().get(), "kill cancel refused");
        scripted.venueOut().close();
        scripted.venueIn().close();
        stop();

        scripted = journaledCoreWithScriptedVenue(new PeregrineContext().journalDir(journal).adminClientIds(7));
        assertNotEquals(-1, stack.core.recovery().snapshotIndex(), "restored from the snapshot written at the stop");
        final long resentRequestId = cancelRequestId(scripted.venueOut());
        assertTrue(resentRequestId > refusedRequestId, "a new cancel request: " + resentRequestId);
        offer(scripted.venueIn(), venue, venue.execution(orderId, resentRequestId, 1, ExecType.CANCELED,
            RejectReason.NONE, AAPL_PX, 10, 0, 0, 0, 0, 0, 3, null));
        stack.awaitExecution(1, ExecType.CANCELED, "canceled by the kill switch");
        scripted.venueOut().close();
        scripted.venueIn().close();
        stop();

        try (Peregrine replayed = Peregrine.launch(
            bareCore(withoutSnapshots(copy(journal, dir.resolve("full")))).adminClientIds(7)))
        {
            assertEquals(0, replayed.recovery().mismatches(), "replay reproduces the cancel sent again");
            assertEquals(0, replayed.agent().orders().workingCount());
            assertEquals(0, replayed.agent().resendAfterRestart(), "nothing owed any more");
        }
    }

    @Test
    void aVersion2JournalWithAKillSwitchCancelRefusedVenueUnavailableReplaysAsItWasRecorded() throws Exception
    {
        final Path journal = dir.resolve("core");
        final ScriptedVenue scripted = journaledCoreWithScriptedVenue(new PeregrineContext().journalDir(journal)
            .adminClientIds(7));
        final VenueInMessages venue = new VenueInMessages(new UnsafeBuffer(new byte[512]));
        final long orderId = acknowledgedOrder1(scripted, venue, 10);
        // Written as version 2 decided: its kill switch covered nothing, its refused cancel was not owed.
        stack.core.agent().lifecycle().decidesAsVersion(DecisionVersion.KILL_SWITCH_COVERS - 1);
        stack.offer(() -> stack.client.killSwitch(100, KillScope.ACCOUNT, ACC1, true));
        offer(scripted.venueIn(), venue, venue.cancelReject(orderId, cancelRequestId(scripted.venueOut()), 1,
            CancelRejectResponseTo.CANCEL, RejectReason.VENUE_UNAVAILABLE, 2, "venue 1 is not logged on"));
        offer(scripted.venueIn(), venue, venue.execution(orderId, 0, 1, ExecType.PARTIAL_FILL, RejectReason.NONE,
            AAPL_PX, 10, 4, AAPL_PX, 4, 6, AAPL_PX, 3, null)); // a later report of the venue
        stack.awaitExecution(1, ExecType.PARTIAL_FILL, "the later report");
        // One input more: the replay of the report above is not the last one (whose outputs may be unjournaled).
        offer(scripted.venueIn(), venue, venue.execution(orderId, 0, 1, ExecType.PARTIAL_FILL, RejectReason.NONE,
            AAPL_PX, 10, 2, AAPL_PX, 6, 4, AAPL_PX, 4, null));
        stack.awaitExecution((e) -> 1 == e.clOrdId() && 6 == e.cumQty(), "the second fill");
        scripted.venueOut().close();
        scripted.venueIn().close();
        stop();

        // Killed before a snapshot: the whole journal replays, by this release.
        final Path version2 = withoutSnapshots(copy(journal, dir.resolve("version2")));
        final Path identity = version2.resolve(CoreJournal.IDENTITY_FILE);
        Files.writeString(identity, Files.readString(identity).replaceAll(
            "decisionVersion=\\d+", "decisionVersion=" + (DecisionVersion.KILL_SWITCH_COVERS - 1)));
        try (Peregrine replayed = Peregrine.launch(bareCore(version2).adminClientIds(7)))
        {
            assertEquals(0, replayed.recovery().mismatches(), "replayed as version 2 decided: no cancel sent again");
            assertEquals(1, replayed.agent().orders().workingCount());
            assertEquals(0, replayed.agent().orders().killCovered(), "issue the kill switch again after upgrading");
        }
    }

    /**
     * @return the order id of ClOrdID 1 (buy {@code quantity} AAPL), placed and acked by the scripted venue.
     */
    private long acknowledgedOrder1(final ScriptedVenue scripted, final VenueInMessages venue, final long quantity)
    {
        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, quantity);
        final long orderId = routedOrderId(scripted.venueOut());
        offer(scripted.venueIn(), venue, venue.execution(orderId, 0, 1, ExecType.NEW, RejectReason.NONE, AAPL_PX,
            quantity, 0, 0, 0, quantity, 0, 1, null));
        stack.awaitExecution(1, ExecType.NEW, "ack 1");
        return orderId;
    }

    private long cancelRequestId(final Subscription venueOut)
    {
        final VenueCancelOrderDecoder cancel = new VenueCancelOrderDecoder();
        return routed(venueOut, VenueCancelOrderDecoder.TEMPLATE_ID, (frame) -> frame.body(cancel).requestId(),
            "cancel routed");
    }

    private long replaceRequestId(final Subscription venueOut)
    {
        final VenueReplaceOrderDecoder replace = new VenueReplaceOrderDecoder();
        return routed(venueOut, VenueReplaceOrderDecoder.TEMPLATE_ID, (frame) -> frame.body(replace).requestId(),
            "replace routed");
    }

    @Test
    void aReplayMismatchSaysEarlierReleaseOnlyForEntriesAnotherDecisionVersionWrote() throws Exception
    {
        final Path journal = withoutSnapshots(journalOfOneFilledAndOneRefusedOrder());
        final Path identity = journal.resolve(CoreJournal.IDENTITY_FILE);
        assertTrue(Files.readString(identity).contains("decisionVersion=" + DecisionVersion.CURRENT + "\n"),
            Files.readString(identity));
        final RiskLimits strict = MSFT_NOT_TRADABLE;

        // Written by this release: the mismatch is damage or another configuration, as before.
        final Path same = copy(journal, dir.resolve("same"));
        final String sameVersion = assertThrows(JournalException.class,
            () -> Peregrine.launch(bareCore(same).riskLimits(strict)).close()).getMessage();
        assertTrue(sameVersion.contains("the journal is damaged, or the configuration decides differently") &&
            !sameVersion.contains("earlier release"), sameVersion);

        // Written by a release that recorded no decision version: mismatches are expected, the way on is named.
        final Path earlier = copy(journal, dir.resolve("earlier"));
        final Path earlierIdentity = earlier.resolve(CoreJournal.IDENTITY_FILE);
        Files.writeString(earlierIdentity, Files.readString(earlierIdentity).replaceAll("decisionVersion.*\n", ""));
        final String upgrade = assertThrows(JournalException.class,
            () -> Peregrine.launch(bareCore(earlier).riskLimits(strict)).close()).getMessage();
        assertTrue(upgrade.contains("written by an earlier release") && upgrade.contains("as expected") &&
            upgrade.contains("\"Migration: data written by earlier releases\" in the README") &&
            upgrade.contains("-Dperegrine.journal.accept.replay.mismatches=true") &&
            !upgrade.contains("damaged"), upgrade);

        // Written by a later release: refused before any replay, like a later schema or entry format.
        final Path later = copy(journal, dir.resolve("later"));
        final Path laterIdentity = later.resolve(CoreJournal.IDENTITY_FILE);
        Files.writeString(laterIdentity, Files.readString(laterIdentity).replaceAll(
            "decisionVersion=\\d+", "decisionVersion=" + (DecisionVersion.CURRENT + 1)));
        final String future = assertThrows(JournalException.class,
            () -> Peregrine.launch(bareCore(later)).close()).getMessage();
        assertTrue(future.contains("was written by a later release") &&
            future.contains("Recover it with the release that wrote it"), future);
    }

    @Test
    void aVersion3JournalIsReplayedAndContinuedItsVenueExecutionsReadWithoutAvgPx() throws Exception
    {
        final Path written = dir.resolve("written");
        start(AutoFillVenue.Mode.PARTIAL_FILLS, written);
        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
        stack.newLimitOrder(2, ACC1, MSFT, Side.SELL, MSFT_PX, 31);
        stack.awaitExecution(1, ExecType.FILL, "fill 1");
        stack.awaitExecution(2, ExecType.FILL, "fill 2");
        stop();
        // The previous release's journal: its VenueExecution entries (version 3) have no avgPx and a shorter block.
        final Path journal = asJournalOfVersion(written, dir.resolve("v3"), 3);

        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().journalDir(journal));
        assertEquals(0, stack.core.recovery().mismatches(), "every journaled output reproduced");
        assertEquals(0, stack.core.counters().venueMalformed().get(), "no version-3 entry refused as short");
        assertEquals(100, stack.core.risk().position(ACC1, AAPL));
        assertEquals(-31, stack.core.risk().position(ACC1, MSFT));
        stack.newLimitOrder(3, ACC1, AAPL, Side.SELL, AAPL_PX, 40);
        stack.awaitExecution(3, ExecType.FILL, "fill 3, continued");
        stop();

        try (Peregrine replayed = Peregrine.launch(bareCore(withoutSnapshots(copy(journal, dir.resolve("again"))))))
        {
            assertEquals(0, replayed.recovery().mismatches(), "versions 3 and 4 in one journal replay alike");
            assertEquals(60, replayed.risk().position(ACC1, AAPL));
        }
    }

    /**
     * The two venue streams of a journaled core started with no venue of its own: the test is its venue.
     */
    private record ScriptedVenue(Subscription venueOut, Publication venueIn)
    {
    }

    private ScriptedVenue journaledCoreWithScriptedVenue(final Path journal)
    {
        return journaledCoreWithScriptedVenue(new PeregrineContext().journalDir(journal));
    }

    private ScriptedVenue journaledCoreWithScriptedVenue(final PeregrineContext ctx)
    {
        stack = new TestStack(AutoFillVenue.Mode.FILL, ctx, false);
        final String channel = stack.core.context().channel();
        final Subscription venueOut =
            stack.venueAeron.addSubscription(channel, stack.core.context().venueOutStreamId());
        final Publication venueIn = stack.venueAeron.addPublication(channel, stack.core.context().venueInStreamId());
        stack.awaitTrue(() -> venueOut.isConnected() && venueIn.isConnected(), "scripted venue connected");
        return new ScriptedVenue(venueOut, venueIn);
    }

    @Test
    void aLostFillIsReplayedAtThePriceTheJournaledAvgPxImplied() throws Exception
    {
        final Path journal = dir.resolve("core");
        final ScriptedVenue scripted = journaledCoreWithScriptedVenue(journal);
        final Subscription venueOut = scripted.venueOut();
        final Publication venueIn = scripted.venueIn();
        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, PX_191, 100);
        final long orderId = routedOrderId(venueOut);
        final VenueInMessages venue = new VenueInMessages(new UnsafeBuffer(new byte[512]));
        final long px18950 = Prices.parse("189.50");
        final long px18960 = Prices.parse("189.60");
        offer(venueIn, venue, venue.execution(orderId, 0, 1, ExecType.PARTIAL_FILL, RejectReason.NONE, PX_191, 100, 40,
            px18950, 40, 60, px18950, 1, null));
        // Lost on its way: 10 at 190.00. The venue's cancel says cum 50 at an average of 189.60.
        offer(venueIn, venue, venue.execution(orderId, 0, 1, ExecType.CANCELED, RejectReason.NONE, PX_191, 100, 0, 0,
            50, 0, px18960, 2, "end of day"));
        final ReportCollector.Execution canceled = stack.awaitExecution(1, ExecType.CANCELED, "canceled");
        assertEquals(50, canceled.cumQty());
        assertEquals(px18960, canceled.avgPx(), "the venue's average, the lost 10 at 190.00, not at the limit");
        venueOut.close();
        venueIn.close();
        stop();
        assertTrue(audit(journal).stream().anyMatch((l) -> l.contains("CANCELED") && l.contains("venueAvgPx=189.6")),
            String.join("\n", audit(journal)));

        try (Peregrine replayed = Peregrine.launch(bareCore(withoutSnapshots(copy(journal, dir.resolve("a"))))))
        {
            assertEquals(0, replayed.recovery().mismatches(), "the same price from the journaled input");
            final OrderTable orders = replayed.agent().orders();
            assertEquals(px18960, orders.avgPx(orders.slotByClientOrderId(ACC1, 1)));
        }
        // The price came from the journaled avgPx: without it (the journal as version 3 would hold it) the replay books
        // the lost 10 at the limit and differs from what the client was told.
        try (Peregrine withoutAvgPx = Peregrine.launch(
            bareCore(asJournalOfVersion(journal, dir.resolve("v3"), 3)).journalAcceptReplayMismatches(true)))
        {
            assertTrue(withoutAvgPx.recovery().mismatches() > 0);
        }
    }

    /**
     * A venue that overfills one order (LastQty 30 on an order of 10) and fills another after acknowledging its
     * cancel: the live core books both into the position and keeps the third order's reservation, and a core
     * recovering from the journal replays the same position, reservations and order quantities, and the same reports.
     */
    @Test
    void theReplayBooksTheSamePositionAfterAnOverfillAndAFillOfACanceledOrder() throws Exception
    {
        final Path journal = dir.resolve("core");
        final ScriptedVenue scripted = journaledCoreWithScriptedVenue(journal);
        final long[] quantities = {50, 10, 30}; // working; overfilled; canceled, then filled
        final long[] orderIds = new long[quantities.length];
        final VenueInMessages venue = new VenueInMessages(new UnsafeBuffer(new byte[512]));
        for (int i = 0; i < quantities.length; i++)
        {
            stack.newLimitOrder(i + 1, ACC1, AAPL, Side.BUY, AAPL_PX, quantities[i]);
            orderIds[i] = routedOrderId(scripted.venueOut());
            offer(scripted.venueIn(), venue, venue.execution(orderIds[i], 0, 1, ExecType.NEW, RejectReason.NONE,
                AAPL_PX, quantities[i], 0, 0, 0, quantities[i], 0, 1, null));
        }
        offer(scripted.venueIn(), venue, venue.execution(orderIds[1], 0, 1, ExecType.FILL, RejectReason.NONE,
            AAPL_PX, 10, 30, AAPL_PX, 30, 0, AAPL_PX, 2, null));
        offer(scripted.venueIn(), venue, venue.execution(orderIds[2], 0, 1, ExecType.CANCELED, RejectReason.NONE,
            AAPL_PX, 30, 0, 0, 0, 0, 0, 3, "end of day"));
        offer(scripted.venueIn(), venue, venue.execution(orderIds[2], 0, 1, ExecType.PARTIAL_FILL, RejectReason.NONE,
            AAPL_PX, 30, 20, AAPL_PX, 20, 0, AAPL_PX, 4, null));
        stack.awaitExecution(2, ExecType.FILL, "the overfill");
        final ReportCollector.Execution late = stack.awaitExecution(3, ExecType.PARTIAL_FILL, "the fill after cancel");
        assertEquals(OrdStatus.CANCELED, late.ordStatus());
        // Counted before the reports went out; read while the driver's counters are still mapped.
        assertEquals(1, stack.core.counters().overfills().get());
        assertEquals(1, stack.core.counters().fillsOnDoneOrders().get());
        final Peregrine live = stack.core;
        scripted.venueOut().close();
        scripted.venueIn().close();
        stop();

        assertOverfillAndLateFillBooked(live);
        try (Peregrine replayed = Peregrine.launch(bareCore(withoutSnapshots(copy(journal, dir.resolve("a"))))))
        {
            assertEquals(0, replayed.recovery().mismatches(), "every report replayed as it was sent");
            assertOverfillAndLateFillBooked(replayed);
        }
    }

    /**
     * 30 (the overfill of the order of 10) + 20 (the fill after the cancel) in the position; the working order's 50
     * still reserved; the orders' quantities as the venue said.
     */
    private static void assertOverfillAndLateFillBooked(final Peregrine core)
    {
        assertEquals(50, core.risk().position(ACC1, AAPL));
        assertEquals(50, core.risk().openBuyQty(ACC1, AAPL), "the working order's reservation");
        assertEquals(1, core.risk().openOrders(ACC1));
        assertEquals(0, core.risk().bookkeepingAnomalies());
        final OrderTable orders = core.agent().orders();
        final int overfilled = orders.slotByClientOrderId(ACC1, 2);
        assertEquals(30, orders.cumQty(overfilled));
        assertEquals(OrdStatus.FILLED, orders.status(overfilled));
        final int canceled = orders.slotByClientOrderId(ACC1, 3);
        assertEquals(20, orders.cumQty(canceled));
        assertEquals(OrdStatus.CANCELED, orders.status(canceled));
    }

    private long routedOrderId(final Subscription venueOut)
    {
        final VenueNewOrderDecoder newOrder = new VenueNewOrderDecoder();
        return routed(venueOut, VenueNewOrderDecoder.TEMPLATE_ID, (frame) -> frame.body(newOrder).orderId(),
            "new order routed");
    }

    /**
     * @return the id {@code idOf} reads from the first venue request of this template the core publishes (earlier
     *         ones of other templates are skipped).
     */
    private long routed(
        final Subscription venueOut, final int templateId, final ToLongFunction<MessageFrame> idOf, final String what)
    {
        final long[] id = {0};
        final MessageFrame frame = new MessageFrame();
        stack.awaitTrue(() ->
        {
            venueOut.poll((buffer, offset, length, header) ->
            {
                if (templateId == frame.wrapIfPeregrine(buffer, offset, length))
                {
                    id[0] = idOf.applyAsLong(frame);
                }
            }, 1);
            return 0 != id[0];
        }, what);
        return id[0];
    }

    private void offer(final Publication venueIn, final VenueInMessages venue, final int length)
    {
        stack.awaitTrue(() -> venueIn.offer(venue.buffer(), 0, length) > 0, "venue offer");
    }

    /**
     * A copy of a journal as a core of an older schema version (2 or 3) would have written it: the same entries, with
     * that version in the SBE header of its START and of every message, and its VenueExecution inputs laid out as
     * that version's (no avgPx, the shorter block: {@link OlderVenueExecution}), in entry format 1 (no checksums).
     * Such a journal holds no message of a later version.
     */
    private static Path asJournalOfVersion(final Path from, final Path to, final int olderVersion)
    {
        return asJournalOfVersion(from, to, olderVersion, false);
    }

    /**
     * {@link #asJournalOfVersion(Path, Path, int)}, and with {@code restatedAsFill} every ExecutionReport RESTATED
     * (schema version 5) as the releases before it sent it: FILL.
     */
    private static Path asJournalOfVersion(
        final Path from, final Path to, final int olderVersion, final boolean restatedAsFill)
    {
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.single(from.toFile()).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                byte[] entry;
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return to;
                    }
                    entry = new byte[(int)dc.wire().bytes().readRemaining()];
                    dc.wire().bytes().read(entry);
                }
                entry = RawEntries.asFormat1(entry);
                final UnsafeBuffer payload = new UnsafeBuffer(entry);
                final int type = entry[0];
                final boolean message = JournalEntry.START == type || JournalEntry.INGRESS == type ||
                    JournalEntry.VENUE_IN == type || JournalEntry.REPORT == type || JournalEntry.VENUE_REQUEST == type;
                final int header = JournalEntry.HEADER_LENGTH;
                if (message && entry.length >= header + MessageHeaderEncoder.ENCODED_LENGTH)
                {
                    assertEquals(
                        MessageHeaderEncoder.SCHEMA_VERSION, payload.getShort(header + 6, ByteOrder.LITTLE_ENDIAN));
                    payload.putShort(header + 6, (short)olderVersion, ByteOrder.LITTLE_ENDIAN);
                    final int templateId = payload.getShort(header + 2, ByteOrder.LITTLE_ENDIAN);
                    final int execType = header + MessageHeaderEncoder.ENCODED_LENGTH +
                        ExecutionReportEncoder.execTypeEncodingOffset();
                    if (restatedAsFill && JournalEntry.REPORT == type &&
                        ExecutionReportEncoder.TEMPLATE_ID == templateId &&
                        ExecType.RESTATED.value() == payload.getByte(execType))
                    {
                        payload.putByte(execType, (byte)ExecType.FILL.value());
                    }
                    if (JournalEntry.VENUE_IN == type && VenueExecutionEncoder.TEMPLATE_ID == templateId &&
                        olderVersion < VenueExecutionEncoder.avgPxSinceVersion())
                    {
                        final int length = OlderVenueExecution.rewrite(payload, header, entry.length - header,
                            olderVersion);
                        entry = java.util.Arrays.copyOf(entry, header + length);
                    }
                }
                appendRaw(to, entry);
            }
        }
    }

    @Test
    void fullDiskRefusesNewOrdersJournalUnavailableInsteadOfActingUnjournaled()
    {
        final Path journal = dir.resolve("core");
        // Stands in for a full disk: no file system has this much free space, so both free-space floors trip.
        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().journalDir(journal)
            .journalMinFreeBytes(Long.MAX_VALUE).journalHardMinFreeBytes(Long.MAX_VALUE));
        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
        final ReportCollector.Execution reject =
            stack.awaitExecution(1, ExecType.REJECTED, "reject");
        assertEquals(RejectReason.JOURNAL_UNAVAILABLE, reject.rejectReason());
        assertEquals("JOURNAL_UNAVAILABLE", reject.text());
        assertEquals(0, stack.core.counters().ordersAccepted().get());
        assertEquals(1, stack.core.journalRefused());
        assertEquals(1, stack.core.journal().lastIndex() - firstIndex(stack.core.journal()) + 1,
            "only the START entry: nothing was acted on");
    }

    @Test
    void anAdminCommandTheJournalCannotTakeIsAnsweredRejectedJournalUnavailableAndIsNoOrderReject()
    {
        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().journalDir(dir.resolve("core"))
            .journalMinFreeBytes(Long.MAX_VALUE).journalHardMinFreeBytes(Long.MAX_VALUE).adminClientIds(7));
        stack.offer(() -> stack.client.killSwitch(100, KillScope.GLOBAL, 0, true));
        stack.awaitTrue(() -> stack.reports.adminResponses.size() == 1, "the core's answer");
        final ReportCollector.Admin response = stack.reports.adminResponses.get(0);
        assertEquals(AdminResult.REJECTED, response.result());
        assertEquals(RejectReason.JOURNAL_UNAVAILABLE, response.rejectReason());
        assertEquals(100, response.commandId());
        assertEquals(KillSwitchDecoder.TEMPLATE_ID, response.commandTemplateId());
        assertEquals(0, stack.core.counters().ordersRejected().get());
        assertEquals(1, stack.core.journalRefused());
        assertTrue(stack.reports.executions.isEmpty(), "no order reject: " + stack.reports.executions);
    }

    @Test
    void belowTheMinimumFreeSpaceNewOrdersAreRefusedButCancelsKillSwitchesAndVenueReportsAreTakenUntilTheHardMinimum()
    {
        final long[] free = { Long.MAX_VALUE };
        CoreJournal.freeSpaceForTests((directory) -> free[0]);
        try
        {
            stack = new TestStack(AutoFillVenue.Mode.ACK_ONLY, new PeregrineContext().journalDir(dir.resolve("core"))
                .journalMinFreeBytes(1000).journalHardMinFreeBytes(100).adminClientIds(7));
            stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
            stack.newLimitOrder(2, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
            stack.awaitExecution(1, ExecType.NEW, "ack 1");
            stack.awaitExecution(2, ExecType.NEW, "ack 2");

            free[0] = 500; // between the two minimums: only what lowers risk is taken, from the reserve
            stack.core.journal().checkSpace();
            assertFalse(stack.core.journal().isAvailable());
            stack.newLimitOrder(3, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
            assertEquals(RejectReason.JOURNAL_UNAVAILABLE,
                stack.awaitExecution(3, ExecType.REJECTED, "new order refused").rejectReason());
            // The cancel is taken and so is the venue's answer to it (a venue report): the order is closed.
            stack.offer(() -> stack.client.cancel(4, 1, 0, ACC1));
            stack.awaitExecution(4, ExecType.CANCELED, "cancel taken from the reserve");
            stack.offer(() -> stack.client.killSwitch(100, KillScope.GLOBAL, 0, false));
            stack.awaitTrue(() -> stack.reports.adminResponses.size() == 1, "the kill switch's answer");
            assertEquals(AdminResult.APPLIED, stack.reports.adminResponses.get(0).result(),
                stack.reports.adminResponses.toString());
            stack.offer(() -> stack.client.resume(101, KillScope.GLOBAL, 0));
            stack.awaitTrue(() -> stack.reports.adminResponses.size() == 2, "the resume's answer");
            assertEquals(RejectReason.JOURNAL_UNAVAILABLE, stack.reports.adminResponses.get(1).rejectReason(),
                "a resume adds risk: refused");

            free[0] = 50; // below the hard minimum: nothing is taken
            stack.core.journal().checkSpace();
            stack.offer(() -> stack.client.killSwitch(102, KillScope.GLOBAL, 0, true));
            stack.awaitTrue(() -> stack.reports.adminResponses.size() == 3, "the second kill switch's answer");
            assertEquals(RejectReason.JOURNAL_UNAVAILABLE, stack.reports.adminResponses.get(2).rejectReason());
            assertEquals(3, stack.core.journalRefused(), "the new order, the resume, the last kill switch");
        }
        finally
        {
            CoreJournal.freeSpaceForTests(null);
        }
    }

    @Test
    void lowFreeSpaceRefusesNewInputsButNotTheOutputsOfAnInputAlreadyJournaled()
    {
        final long[] free = { Long.MAX_VALUE };
        CoreJournal.freeSpaceForTests((directory) -> free[0]);
        try (CoreJournal journal = CoreJournal.open(dir.resolve("core"), 1024))
        {
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
            assertTrue(journal.append(JournalEntry.INGRESS, 1, 0, payload, 0, payload.capacity()));
            free[0] = 0; // the disk fills while the core handles it
            journal.checkSpace();
            assertFalse(journal.isAvailable());
            assertTrue(journal.append(JournalEntry.REPORT, 1, 0, payload, 0, payload.capacity()), "its report");
            assertTrue(journal.append(JournalEntry.VENUE_REQUEST, 1, 0, payload, 0, payload.capacity()));
            assertTrue(journal.appendValue(JournalEntry.OFFER_FAILED, 1, -3));
            assertFalse(journal.append(JournalEntry.INGRESS, 2, 0, payload, 0, payload.capacity()), "a new input");
            assertFalse(journal.append(JournalEntry.VENUE_IN, 2, 0, payload, 0, payload.capacity()));
            assertFalse(journal.appendValue(JournalEntry.RESTART, 2, 0));
        }
        finally
        {
            CoreJournal.freeSpaceForTests(null);
        }
    }

    @Test
    void aClientReadingTheJournalGetsTheRefusalsTheCoreCannotJournal()
    {
        final Path journal = dir.resolve("core");
        stack = new TestStack(AutoFillVenue.Mode.FILL,
            new PeregrineContext().journalDir(journal).journalMinFreeBytes(Long.MAX_VALUE));
        final ReportCollector reports = new ReportCollector();
        try (PeregrineClient durable = PeregrineClient.connect(new PeregrineClient.Context()
            .aeronDirectoryName(stack.core.aeronDirectoryName()).clientId(7).journalDir(journal)))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!durable.isConnected() && System.nanoTime() < deadline)
            {
                durable.poll(reports, 10);
            }
            stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
            stack.awaitExecution(1, ExecType.REJECTED, "reject");
            while (reports.executions.isEmpty() && System.nanoTime() < deadline)
            {
                durable.poll(reports, 10);
            }
        }
        assertEquals(1, reports.executions.size(), "the refusal lives on the live stream only: " + reports.executions);
        assertEquals(RejectReason.JOURNAL_UNAVAILABLE, reports.executions.get(0).rejectReason());
    }

    @Test
    void aDurableClientIsToldOfADamagedReportAndGetsTheReportsAfterIt() throws Exception
    {
        final Path journal = dir.resolve("core");
        start(AutoFillVenue.Mode.FILL, journal);
        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
        stack.awaitExecution(1, ExecType.FILL, "fill 1");
        final long damaged = damageTimestampOfFirst(journal, JournalEntry.REPORT); // the NEW, in the live core's file

        final ReportCollector reports = new ReportCollector();
        try (PeregrineClient durable = PeregrineClient.connect(new PeregrineClient.Context()
            .aeronDirectoryName(stack.core.aeronDirectoryName()).clientId(7).journalDir(journal)))
        {
            durable.resumeFrom(damaged - 1); // the entry before it: its order's venue request
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            final JournalException ex = assertThrows(JournalException.class, () ->
            {
                while (System.nanoTime() < deadline)
                {
                    durable.poll(reports, 10);
                }
            });
            assertTrue(ex.getMessage().contains("entry at position " + Long.toHexString(damaged) +
                " cannot be read (checksum mismatch"), ex.getMessage());
            while (reports.executions.isEmpty() && System.nanoTime() < deadline)
            {
                durable.poll(reports, 10);
            }
        }
        assertEquals(1, reports.executions.size(), reports.executions.toString());
        assertEquals(ExecType.FILL, reports.executions.get(0).execType(), "the report after the damaged one");
    }

    @Test
    void clientResumesFromItsSavedPositionAndGetsEveryLaterReportOnce()
    {
        final Path journal = dir.resolve("core");
        start(AutoFillVenue.Mode.FILL, journal);
        final ReportCollector first = new ReportCollector();
        final long saved;
        try (PeregrineClient durable = PeregrineClient.connect(new PeregrineClient.Context()
            .aeronDirectoryName(stack.core.aeronDirectoryName()).clientId(7).journalDir(journal)))
        {
            stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
            stack.awaitExecution(1, ExecType.FILL, "fill 1");
            while (first.executions.size() < 2)
            {
                durable.poll(first, 10);
            }
            saved = durable.reportPosition();
        }
        // The durable client is away: reports of order 2 go nowhere live for it.
        stack.newLimitOrder(2, ACC1, AAPL, Side.BUY, AAPL_PX, 50);
        stack.awaitExecution(2, ExecType.FILL, "fill 2");
        stop();
        start(AutoFillVenue.Mode.FILL, journal);
        stack.newLimitOrder(3, ACC1, AAPL, Side.BUY, AAPL_PX, 5);
        stack.awaitExecution(3, ExecType.FILL, "fill 3");

        final ReportCollector resumed = new ReportCollector();
        try (PeregrineClient durable = PeregrineClient.connect(new PeregrineClient.Context()
            .aeronDirectoryName(stack.core.aeronDirectoryName()).clientId(7).journalDir(journal)))
        {
            durable.resumeFrom(saved);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (resumed.executions.size() < 4 && System.nanoTime() < deadline)
            {
                durable.poll(resumed, 10);
            }
            durable.poll(resumed, 100);
        }
        final List<Long> clOrdIds = resumed.executions.stream().map(ReportCollector.Execution::clOrdId).toList();
        assertEquals(List.of(2L, 2L, 3L, 3L), clOrdIds, resumed.executions.toString());
        assertEquals(ExecType.NEW, resumed.executions.get(0).execType());
        assertEquals(ExecType.FILL, resumed.executions.get(3).execType());
    }

    static PeregrineContext bareCore(final Path journal)
    {
        return new PeregrineContext()
            .aeronDirectoryName(TempDirs.uniqueAeronDir("peregrine-test-"))
            .idleStrategyName("backoff")
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true)
            .journalDir(journal);
    }

    static long firstIndex(final CoreJournal journal)
    {
        try (JournalReader reader = journal.reader())
        {
            reader.next();
            return reader.index();
        }
    }

    /**
     * Removes the snapshots of a journal copy, so that a core started on it replays the whole journal.
     */
    static Path withoutSnapshots(final Path journal) throws Exception
    {
        final Path snapshots = journal.resolve(SnapshotStore.DIRECTORY);
        if (Files.isDirectory(snapshots))
        {
            try (java.util.stream.Stream<Path> files = Files.list(snapshots))
            {
                for (final Path file : (Iterable<Path>)files::iterator)
                {
                    Files.delete(file);
                }
            }
        }
        return journal;
    }

    static Path copy(final Path from, final Path to) throws Exception
    {
        // The journal's files are sparse (1 GiB blocks, mostly holes): copy them as such.
        final Process cp = new ProcessBuilder("cp", "-r", "--sparse=always", from.toString(), to.toString())
            .inheritIO().start();
        assertEquals(0, cp.waitFor(), "cp of the journal");
        return to;
    }

    /**
     * Copies the journal files of {@code from} that {@code to} lacks into it, as sparse files (a cycle file is a 1 GiB
     * block, mostly holes: a plain copy writes the holes).
     */
    static void addMissingFiles(final Path from, final Path to) throws Exception
    {
        try (var files = Files.list(from))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (!Files.exists(to.resolve(file.getFileName())))
                {
                    copy(file, to.resolve(file.getFileName()));
                }
            }
        }
    }

    static void appendRaw(final Path journal, final byte[] bytes)
    {
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.single(journal.toFile()).build();
            ExcerptAppender appender = queue.createAppender())
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                dc.wire().bytes().write(bytes);
            }
        }
    }
}
