package io.peregrine.client;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.config.PropertyReader;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournalException;
import io.peregrine.core.journal.JournalReader;
import io.peregrine.core.liveness.AeronClientWatch;
import io.peregrine.core.liveness.LivenessTimeouts;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.sbe.AdminResponseDecoder;
import io.peregrine.sbe.BooleanType;
import io.peregrine.sbe.CancelRejectDecoder;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.KillSwitchEncoder;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.LimitUpdateEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.ResumeEncoder;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueSessionStatusDecoder;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A client of a Peregrine core over Aeron: offers orders and admin commands on the ingress stream and polls
 * reports from the egress stream.
 * <p>
 * <b>Reports that are never lost.</b> The live egress stream does not wait for a slow or absent client (a report it
 * could not take is dropped there). When the core journals ({@code peregrine.journal.dir}) and the client runs on
 * the same machine, give the client the journal directory ({@link Context#journalDir(Path)}): {@link #poll} then
 * reads the reports from the core's journal, every one, in the order the core made them, exactly once, without
 * the core ever waiting for the client. {@link #reportPosition()} is the position of the last report delivered;
 * persist it after processing, and after a restart call {@link #resumeFrom(long)} with it to receive every later
 * report. Reports are for every client: filter on {@code clientId} (or account) as with the live stream.
 * <p>
 * Use from one thread. Offers encode into one pre-allocated buffer and allocate nothing; they return false when
 * the offer failed (back-pressured, not connected): retry, the message was not sent. {@link #connect(Context)} and
 * {@link #close()} are edge calls.
 * <p>
 * <b>When Peregrine stops or restarts.</b> Under {@code run.sh stack} and {@code run.sh gateway} the media driver runs
 * in Peregrine's process. When it stops or is killed, the client's Aeron client stops hearing the driver and, after
 * its driver timeout ({@code aeron.driver.timeout} in ms; 30 s by default, as the stack's own Aeron clients and its
 * driver's client liveness, so a stall the stack survives does not close the client; an Aeron client given with
 * {@link Context#aeron(Aeron)} keeps its own), Aeron closes it. The client never exits the
 * JVM for that (Aeron's default error handler would): the error goes to {@link Context#errorHandler(ErrorHandler)}
 * (default: logged once), {@link #isClosed()} turns true, and {@link #poll} and every offer throw
 * {@link ClientClosedException}. The client does not reconnect by itself: close it and {@link #connect} a new one,
 * which throws (an Aeron exception naming the driver) until Peregrine's driver runs again, so retry it after a
 * pause. Then ask the state of each order still working ({@link #orderStatus}: reports published meanwhile were not
 * seen live), or, reading the journal, {@link #resumeFrom(long)} the last {@link #reportPosition()}.
 */
public final class PeregrineClient implements AutoCloseable
{
    /**
     * Where the core is and who this client is. Defaults come from the same system properties as
     * {@link PeregrineContext}'s ({@code peregrine.aeron.dir}, {@code peregrine.channel}, stream ids), so a client
     * and a core started with the same properties find each other.
     */
    public static final class Context
    {
        private final PropertyReader properties = PropertyReader.system();
        private String aeronDirectoryName = Core.AERON_DIR.read(properties);
        private String channel = Core.CHANNEL.read(properties);
        private int ingressStreamId = Core.INGRESS_STREAM_ID.read(properties);
        private int egressStreamId = Core.EGRESS_STREAM_ID.read(properties);
        private int clientId = 1;
        private Path journalDir;
        private Aeron aeron;
        private ErrorHandler errorHandler;

        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * @param aeronDirectoryName of the driver the core uses ({@code Peregrine.aeronDirectoryName()}).
         * @return this.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        public String channel()
        {
            return channel;
        }

        public Context channel(final String channel)
        {
            this.channel = channel;
            return this;
        }

        public int ingressStreamId()
        {
            return ingressStreamId;
        }

        public Context ingressStreamId(final int streamId)
        {
            this.ingressStreamId = streamId;
            return this;
        }

        public int egressStreamId()
        {
            return egressStreamId;
        }

        public Context egressStreamId(final int streamId)
        {
            this.egressStreamId = streamId;
            return this;
        }

        public int clientId()
        {
            return clientId;
        }

        /**
         * @param clientId stamped on every order message and echoed on its reports (default 1).
         * @return this.
         */
        public Context clientId(final int clientId)
        {
            this.clientId = clientId;
            return this;
        }

        public Aeron aeron()
        {
            return aeron;
        }

        public Path journalDir()
        {
            return journalDir;
        }

        /**
         * @param journalDir the core's journal directory ({@code peregrine.journal.dir}): reports are then read from
         *                   the journal (none lost, resumable), not from the live egress stream. Null (default): live.
         * @return this.
         */
        public Context journalDir(final Path journalDir)
        {
            this.journalDir = journalDir;
            return this;
        }

        /**
         * @param aeron an Aeron client to share (not closed by the client); null (default) connects a new one. A
         *              shared client's errors go to the handler of its own context, and Aeron's default handler
         *              exits the JVM on a driver timeout: give it one that does not.
         * @return this.
         */
        public Context aeron(final Aeron aeron)
        {
            this.aeron = aeron;
            return this;
        }

        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        /**
         * @param errorHandler receives the errors of the Aeron client this client connects (not of one shared with
         *                     {@link #aeron(Aeron)}), on Aeron's conductor thread, including the one after which Aeron
         *                     closes it (e.g. {@code DriverTimeoutException} when Peregrine's driver went away); must
         *                     not block or throw. Null (default): logged (SLF4J). Either way the JVM never exits, and
         *                     a closed client is also reported by {@link PeregrineClient#poll} and the offers.
         * @return this.
         */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }
    }

    /**
     * The error handler of the Aeron client a PeregrineClient connects: Aeron's default one exits the JVM on a driver
     * timeout. Records the error after which Aeron closes the client (first one wins), passes every error to the
     * app's handler or the log. Runs on Aeron's conductor thread; the recorded error is read by the client's thread.
     */
    private static final class AeronErrors implements ErrorHandler
    {
        private static final Logger LOG = LoggerFactory.getLogger(PeregrineClient.class);

        private final ErrorHandler appHandler;
        private final int clientId;
        private volatile Throwable closedBy;

        AeronErrors(final ErrorHandler appHandler, final int clientId)
        {
            this.appHandler = appHandler;
            this.clientId = clientId;
        }

        public void onError(final Throwable throwable)
        {
            final boolean closes = AeronClientWatch.closesClient(throwable);
            if (!closes && null != closedBy && throwable instanceof AgentTerminationException)
            {
                return; // the conductor's own end after it closed the client: no news
            }
            if (closes && null == closedBy)
            {
                closedBy = throwable;
            }
            if (null != appHandler)
            {
                appHandler.onError(throwable);
            }
            else if (closes)
            {
                LOG.warn("PeregrineClient (client id {}) closed by Aeron: {}. Its poll and offers now throw " +
                    "ClientClosedException: close it and connect a new one once Peregrine runs again",
                    clientId, throwable.toString());
            }
            else
            {
                LOG.error("PeregrineClient (client id {}) Aeron client error", clientId, throwable);
            }
        }
    }

    private final Aeron aeron;
    private final boolean ownsAeron;
    private final AeronErrors aeronErrors;
    private boolean closedByApp;
    private final Publication ingress;
    private final Subscription egress;
    private final int clientId;
    private final ClientRequestEncoder requests;
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1024, 64));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final KillSwitchEncoder killSwitch = new KillSwitchEncoder();
    private final ResumeEncoder resume = new ResumeEncoder();
    private final LimitUpdateEncoder limitUpdate = new LimitUpdateEncoder();
    private final MessageFrame frame = new MessageFrame();
    private final ExecutionReportDecoder executionReport = new ExecutionReportDecoder();
    private final CancelRejectDecoder cancelReject = new CancelRejectDecoder();
    private final AdminResponseDecoder adminResponse = new AdminResponseDecoder();
    private final VenueSessionStatusDecoder venueSessionStatus = new VenueSessionStatusDecoder();
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private final FragmentAssembler unjournaledAssembler = new FragmentAssembler(this::onUnjournaled);
    private final ChronicleQueue journal;
    private final JournalReader journalReader;
    private long reportPosition = -1;
    private ReportListener listener;

    private PeregrineClient(final Context ctx)
    {
        ownsAeron = null == ctx.aeron();
        aeronErrors = ownsAeron ? new AeronErrors(ctx.errorHandler(), ctx.clientId()) : null;
        aeron = ownsAeron ? Aeron.connect(aeronContext(ctx, aeronErrors)) : ctx.aeron();
        ChronicleQueue journal = null;
        JournalReader journalReader = null;
        try
        {
            // Exclusive: this client's messages arrive on an image (Aeron session) of their own, which the core's
            // ClientAuthorisation uses to keep one client id to one publication.
            ingress = aeron.addExclusivePublication(ctx.channel(), ctx.ingressStreamId());
            egress = aeron.addSubscription(ctx.channel(), ctx.egressStreamId());
            if (null != ctx.journalDir())
            {
                journal = CoreJournal.openReadOnly(ctx.journalDir());
                journalReader = CoreJournal.reader(journal);
                // Like a live subscription, start after what is already there; resumeFrom goes back.
                reportPosition = journal.lastIndex();
                journalReader.resumeAfter(reportPosition);
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(journalReader);
            CloseHelper.quietClose(journal);
            if (ownsAeron)
            {
                CloseHelper.quietClose(aeron);
            }
            throw ex;
        }
        clientId = ctx.clientId();
        requests = new ClientRequestEncoder(buffer, clientId, new OffsetEpochNanoClock());
        this.journal = journal;
        this.journalReader = journalReader;
    }

    /**
     * The Aeron context of the client this client connects: Peregrine's driver timeout (30 s, as the stack's own
     * clients and its driver's client liveness), not Aeron's 10 s, so that a stall the stack survives does not close
     * the IPC clients; {@code -Daeron.driver.timeout} (ms) wins.
     */
    static Aeron.Context aeronContext(final Context ctx, final ErrorHandler errors)
    {
        final Aeron.Context aeronCtx = LivenessTimeouts.applyTo(new Aeron.Context()).errorHandler(errors);
        if (null != ctx.aeronDirectoryName())
        {
            aeronCtx.aeronDirectoryName(ctx.aeronDirectoryName());
        }
        return aeronCtx;
    }

    /**
     * Connects to the core's streams.
     *
     * @param ctx where the core is.
     * @return a connected client (the core may not have subscribed yet: see {@link #isConnected()}).
     * @throws io.aeron.exceptions.AeronException (e.g. {@code DriverTimeoutException}) or IllegalStateException when
     *                                            no media driver answers on the Aeron directory within the driver
     *                                            timeout (Peregrine is not running yet): retry after a pause.
     */
    public static PeregrineClient connect(final Context ctx)
    {
        return new PeregrineClient(ctx);
    }

    /**
     * @return true when the core subscribes to ingress and this client's egress subscription is connected.
     */
    public boolean isConnected()
    {
        return ingress.isConnected() && egress.isConnected();
    }

    /**
     * @return true once the client can no longer be used: Aeron closed it (its driver went away: see the class
     *         comment), or {@link #close()} was called. Then {@link #poll} and the offers throw
     *         {@link ClientClosedException}. Any thread.
     */
    public boolean isClosed()
    {
        return egress.isClosed() || ingress.isClosed();
    }

    /**
     * @return the client id stamped on this client's order messages.
     */
    public int clientId()
    {
        return clientId;
    }

    /**
     * Offers a new order.
     *
     * @param clOrdId client order id, unique per account.
     * @param account packed account ({@code PackedAscii.pack("ACC1")}).
     * @param symbol  packed symbol.
     * @param side    buy or sell.
     * @param type    limit or market.
     * @param tif     time in force.
     * @param price   fixed-point limit price ({@code Prices.SCALE} = 1.0), ignored for market orders.
     * @param qty     quantity.
     * @return true if offered.
     * @throws ClientClosedException once the client is closed ({@link #isClosed()}); then connect a new one.
     */
    public boolean newOrder(
        final long clOrdId,
        final long account,
        final long symbol,
        final Side side,
        final OrdType type,
        final TimeInForce tif,
        final long price,
        final long qty)
    {
        return offerMessage(requests.newOrder(clOrdId, account, symbol, side, type, tif, price, qty));
    }

    /**
     * Offers a cancel of a working order.
     *
     * @param clOrdId     id of this cancel request.
     * @param origClOrdId current client order id of the order (or the one it had before its last confirmed replace:
     *                    still names it, see "Superseded client order ids" in hft-core/README.md).
     * @param orderId     core order id, or 0 to find the order by (account, origClOrdId).
     * @param account     packed account of the order.
     * @return true if offered.
     * @throws ClientClosedException once the client is closed ({@link #isClosed()}); then connect a new one.
     */
    public boolean cancel(final long clOrdId, final long origClOrdId, final long orderId, final long account)
    {
        return offerMessage(requests.cancel(clOrdId, origClOrdId, orderId, account));
    }

    /**
     * Offers a request for an order's current state. The core answers with an ExecutionReport ExecType ORDER_STATUS
     * under the order's current client order id: its OrdStatus, CumQty, LeavesQty, AvgPx, price and quantity, for a
     * working or a done order the core still holds; for an order it does not hold (or one of another client), OrdStatus
     * REJECTED with reason UNKNOWN_ORDER (NOT_AUTHORISED) under {@code origClOrdId}. Nothing about the order changes.
     * Caller's thread; allocates nothing.
     *
     * @param clOrdId     id of this request (may be 0; it is journaled, not reported).
     * @param origClOrdId current client order id of the order (or the one it had before its last confirmed replace:
     *                    still names it, see "Superseded client order ids" in hft-core/README.md).
     * @param orderId     core order id, or 0 to find the order by (account, origClOrdId).
     * @param account     packed account of the order.
     * @return true if offered.
     * @throws ClientClosedException once the client is closed ({@link #isClosed()}); then connect a new one.
     */
    public boolean orderStatus(final long clOrdId, final long origClOrdId, final long orderId, final long account)
    {
        return offerMessage(requests.orderStatus(clOrdId, origClOrdId, orderId, account));
    }

    /**
     * Offers a replace of a working order's price and/or quantity.
     *
     * @param clOrdId     client order id the order takes once replaced.
     * @param origClOrdId current client order id of the order (or the one it had before its last confirmed replace:
     *                    still names it, see "Superseded client order ids" in hft-core/README.md).
     * @param orderId     core order id, or 0 to find the order by (account, origClOrdId).
     * @param account     packed account of the order.
     * @param price       new fixed-point price.
     * @param qty         new total quantity (including what is already filled).
     * @return true if offered.
     * @throws ClientClosedException once the client is closed ({@link #isClosed()}); then connect a new one.
     */
    public boolean replace(
        final long clOrdId, final long origClOrdId, final long orderId, final long account, final long price,
        final long qty)
    {
        return offerMessage(requests.replace(clOrdId, origClOrdId, orderId, account, price, qty));
    }

    /**
     * Offers a kill switch: new orders in scope are rejected until a resume. The core obeys admin commands only from
     * client ids in its {@code peregrine.admin.client.ids}; others are answered REJECTED / NOT_AUTHORISED.
     *
     * @param commandId     echoed on the AdminResponse.
     * @param scope         GLOBAL or ACCOUNT.
     * @param account       packed account for scope ACCOUNT, else ignored.
     * @param cancelWorking also send cancels to venues for working orders in scope.
     * @return true if offered.
     * @throws ClientClosedException once the client is closed ({@link #isClosed()}); then connect a new one.
     */
    public boolean killSwitch(
        final long commandId, final KillScope scope, final long account, final boolean cancelWorking)
    {
        killSwitch.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .commandId(commandId)
            .scope(scope);
        putLong(KillSwitchEncoder.accountEncodingOffset(), account);
        killSwitch.cancelWorking(cancelWorking ? BooleanType.TRUE : BooleanType.FALSE).clientId(clientId);
        return offer(killSwitch.encodedLength());
    }

    /**
     * Offers a resume lifting a kill switch.
     *
     * @param commandId echoed on the AdminResponse.
     * @param scope     GLOBAL or ACCOUNT.
     * @param account   packed account for scope ACCOUNT.
     * @return true if offered.
     * @throws ClientClosedException once the client is closed ({@link #isClosed()}); then connect a new one.
     */
    public boolean resume(final long commandId, final KillScope scope, final long account)
    {
        resume.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .commandId(commandId)
            .scope(scope);
        putLong(ResumeEncoder.accountEncodingOffset(), account);
        resume.clientId(clientId);
        return offer(resume.encodedLength());
    }

    /**
     * Offers a limit update; all entries apply together or none does.
     *
     * @param commandId echoed on the AdminResponse.
     * @param account   packed account for account limits, or 0.
     * @param symbol    packed symbol for instrument limits, or 0.
     * @param types     limit types.
     * @param values    values (prices fixed point, bps whole, flags 0/1).
     * @param count     entries used.
     * @return true if offered.
     * @throws ClientClosedException once the client is closed ({@link #isClosed()}); then connect a new one.
     */
    public boolean limitUpdate(
        final long commandId, final long account, final long symbol, final LimitType[] types, final long[] values,
        final int count)
    {
        limitUpdate.wrapAndApplyHeader(buffer, 0, headerEncoder).commandId(commandId);
        putLong(LimitUpdateEncoder.accountEncodingOffset(), account);
        putLong(LimitUpdateEncoder.symbolEncodingOffset(), symbol);
        limitUpdate.clientId(clientId);
        final LimitUpdateEncoder.LimitsEncoder limits = limitUpdate.limitsCount(count);
        for (int i = 0; i < count; i++)
        {
            limits.next().limitType(types[i]).value(values[i]);
        }
        return offer(limitUpdate.encodedLength());
    }

    /**
     * Offers bytes as they are (for gateways that encode their own messages, and for tests of malformed input).
     *
     * @param src    holding a message with its SBE header.
     * @param offset of the message.
     * @param length of the message.
     * @return true if offered.
     * @throws ClientClosedException once the client is closed (as every offer).
     */
    public boolean offerRaw(final DirectBuffer src, final int offset, final int length)
    {
        return offered(ingress.offer(src, offset, length));
    }

    /**
     * Polls reports and hands each to the listener: from the core's journal when {@link Context#journalDir(Path)} is
     * set (see the class comment), plus, from the live stream, the refusals the core never journals
     * (JOURNAL_UNAVAILABLE); else from the live egress stream. Allocates nothing.
     *
     * @param listener       receives the reports.
     * @param fragmentLimit  most messages to handle.
     * @return messages handled.
     * @throws JournalException     (journal mode) at a journal entry that cannot be read (damaged: its checksum
     *                              fails): the message names its position; the next poll goes on after it. A
     *                              {@code JournalNotReadableException} when the journal cannot be read now (its
     *                              memory map faulted: a full tmpfs): the next poll reads the same entry again.
     * @throws ClientClosedException once the client is closed ({@link #isClosed()}): Aeron closed it because its
     *                              media driver went away, or {@link #close()} was called. Connect a new client.
     */
    public int poll(final ReportListener listener, final int fragmentLimit)
    {
        if (egress.isClosed())
        {
            throw closed();
        }
        this.listener = listener;
        if (null == journalReader)
        {
            return egress.poll(assembler, fragmentLimit);
        }
        int reports = 0;
        // Inputs and venue requests sit between reports in the journal: skip a bounded number per poll.
        for (int entries = 0; reports < fragmentLimit && entries < fragmentLimit * 8; entries++)
        {
            final int result = journalReader.next();
            if (JournalReader.CORRUPT == result)
            {
                // The reader has moved past it: say so rather than skip what may have been a report.
                throw new JournalException("the core journal entry at position " +
                    Long.toHexString(journalReader.index()) + " cannot be read (" + journalReader.corruption() +
                    "): if it was a report, it is not delivered. The next poll goes on after it; `run.sh journal` " +
                    "shows the entries around it, and an OrderStatusRequest the order's state");
            }
            if (JournalReader.END == result)
            {
                break; // nothing more yet
            }
            if (JournalEntry.REPORT == journalReader.type())
            {
                reportPosition = journalReader.index();
                onFragment(journalReader.payload(), 0, journalReader.length(), null);
                reports++;
            }
        }
        // The live stream still: it carries the refusals the core never journals, and a subscription left unread
        // would hold the core's live reports to every client at its window.
        return reports + egress.poll(unjournaledAssembler, fragmentLimit);
    }

    /**
     * Makes {@link #poll} deliver, next, every report journaled after {@code position}, in order. Journal mode only.
     * Edge call (moves the journal tailer).
     *
     * @param position a {@link #reportPosition()} saved earlier, or -1 for every report from the first entry still
     *                 in the journal (its start, unless retention deleted its first files).
     * @throws IllegalStateException without a journal directory, or if the journal has no such position.
     * @throws io.peregrine.core.journal.JournalException if the position is in a journal file that was deleted
     *                                                    (retention): the reports after it are gone.
     */
    public void resumeFrom(final long position)
    {
        if (null == journalReader)
        {
            throw new IllegalStateException("resumeFrom needs the core's journal: set Context.journalDir");
        }
        if (!journalReader.resumeAfter(position))
        {
            throw new IllegalStateException("the core journal has no entry at position " + position +
                " (a position from another journal directory?)");
        }
        reportPosition = position;
    }

    /**
     * @return journal position of the last report {@link #poll} delivered (journal mode; -1 before any). Persist it
     *         once the report is processed; {@link #resumeFrom(long)} continues after it.
     */
    public long reportPosition()
    {
        return reportPosition;
    }

    /**
     * Closes the publication and subscription, and the Aeron client if this client connected it.
     */
    public void close()
    {
        closedByApp = true;
        CloseHelper.quietClose(journalReader);
        CloseHelper.quietClose(journal);
        if (ownsAeron)
        {
            CloseHelper.quietClose(aeron);
        }
        else
        {
            CloseHelper.quietCloseAll(ingress, egress);
        }
    }

    private void putLong(final int fieldOffset, final long value)
    {
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + fieldOffset, value, ByteOrder.LITTLE_ENDIAN);
    }

    private boolean offer(final int bodyLength)
    {
        return offerMessage(MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }

    private boolean offerMessage(final int length)
    {
        return offered(ingress.offer(buffer, 0, length));
    }

    private boolean offered(final long result)
    {
        if (result > 0)
        {
            return true;
        }
        if (Publication.CLOSED == result)
        {
            throw closed();
        }
        return false;
    }

    private ClientClosedException closed()
    {
        // Aeron closes the client's publications and subscriptions before it hands the error to the handler: the
        // cause may not be recorded yet when a poll or an offer sees them closed.
        final Throwable cause = null == aeronErrors ? null : aeronErrors.closedBy;
        final String why;
        if (closedByApp)
        {
            why = "close() was called";
        }
        else if (ownsAeron)
        {
            why = "Aeron closed its Aeron client (" + (null == cause ? "the error goes to Context.errorHandler, " +
                "by default the log" : cause.toString()) + "): the media driver stopped answering (the stack or " +
                "gateway process that runs it stopped, was killed or restarts), or this JVM was not scheduled for " +
                "longer than the Aeron timeouts";
        }
        else
        {
            why = "the shared Aeron client (Context.aeron) or its publication or subscription was closed";
        }
        return new ClientClosedException("PeregrineClient (client id " + clientId + ") is closed: " + why +
            ". Close it and connect a new one (PeregrineClient.connect throws until Peregrine's driver runs " +
            "again), then ask the state of the orders still working (orderStatus)", cause);
    }

    /**
     * A live report while reports are read from the journal: delivered only if the journal never holds it, the core's
     * refusal of an input it could not journal (ExecutionReport with JOURNAL_UNAVAILABLE); the journal delivers the
     * rest.
     */
    private void onUnjournaled(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (ExecutionReportDecoder.TEMPLATE_ID == frame.wrapIfPeregrine(buffer, offset, length) &&
            io.peregrine.sbe.RejectReason.JOURNAL_UNAVAILABLE == frame.body(executionReport).rejectReason())
        {
            onFragment(buffer, offset, length, header);
        }
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        switch (frame.wrapIfPeregrine(buffer, offset, length))
        {
            case ExecutionReportDecoder.TEMPLATE_ID:
                listener.onExecutionReport(frame.body(executionReport));
                break;
            case CancelRejectDecoder.TEMPLATE_ID:
                listener.onCancelReject(frame.body(cancelReject));
                break;
            case AdminResponseDecoder.TEMPLATE_ID:
                listener.onAdminResponse(frame.body(adminResponse));
                break;
            case VenueSessionStatusDecoder.TEMPLATE_ID:
                listener.onVenueSessionStatus(frame.body(venueSessionStatus));
                break;
            default:
                break;
        }
    }
}
