package io.peregrine.core.journal;

import io.peregrine.config.CommandLineFlags;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.AdminResponseDecoder;
import io.peregrine.sbe.CancelOrderDecoder;
import io.peregrine.sbe.CancelRejectDecoder;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.JournalStartDecoder;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.KillSwitchDecoder;
import io.peregrine.sbe.LimitUpdateDecoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.OrderStatusRequestDecoder;
import io.peregrine.sbe.ReplaceOrderDecoder;
import io.peregrine.sbe.ResumeDecoder;
import io.peregrine.sbe.SymbolKillSwitchDecoder;
import io.peregrine.sbe.SymbolResumeDecoder;
import io.peregrine.sbe.VenueCancelOrderDecoder;
import io.peregrine.sbe.VenueCancelRejectDecoder;
import io.peregrine.sbe.VenueExecutionDecoder;
import io.peregrine.sbe.VenueNewOrderDecoder;
import io.peregrine.sbe.VenuePauseDecoder;
import io.peregrine.sbe.VenueReplaceOrderDecoder;
import io.peregrine.sbe.VenueResumeDecoder;
import io.peregrine.sbe.VenueSessionStatusDecoder;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The audit trail: prints the core journal in readable form, one line per entry (what came in, what the core
 * published, why a request was refused), optionally only the entries of one account, one order or a time range.
 * Reads the journal directory read-only, so it works on a live core as on a stopped one. Edge code (allocates).
 * <p>
 * {@code ./scripts/run.sh journal [--dir DIR] [--account A] [--order ID] [--from T] [--to T]}; T is an ISO-8601
 * instant ({@code 2026-12-06T09:30:00Z}) or nanoseconds since the epoch.
 * <p>
 * <b>An account's view</b> ({@code --account}) holds what names the account, the venue's messages about its orders
 * (a {@code VenueExecution} or {@code VenueCancelReject} names only the core order id: its account is the one the
 * order's first report or venue request named earlier in the journal, which is read in order), and the commands that
 * apply to every account (a GLOBAL kill switch or resume, a symbol kill switch or resume, a venue pause or resume) with
 * the core's answers to them.
 */
public final class JournalAudit
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final Path dir;
    private final long account;
    private final long orderId;
    private final long from;
    private final long to;
    private final Set<Long> clOrdIdsOfOrder = new HashSet<>();
    /** Core order id to account, learnt from the reports and venue requests read so far (for venue messages). */
    private final Long2LongHashMap accountOfOrder = new Long2LongHashMap(0);
    /** Command ids of the admin commands shown in an account's view: their answers are shown too. */
    private final Set<Long> shownCommandIds = new HashSet<>();

    private JournalAudit(final Path dir, final long account, final long orderId, final long from, final long to)
    {
        this.dir = dir;
        this.account = account;
        this.orderId = orderId;
        this.from = from;
        this.to = to;
    }

    /**
     * Entry point of {@code run.sh journal}.
     *
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        final JournalAudit audit;
        try
        {
            audit = fromArgs(args);
        }
        catch (final RuntimeException ex)
        {
            System.err.println("peregrine journal: " + ex.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (null == audit)
        {
            System.out.println(usage());
            return;
        }
        try
        {
            final long printed = audit.print(audit.dir, System.out);
            System.err.println("peregrine journal: " + printed + " entries printed from " + audit.dir.toAbsolutePath());
        }
        catch (final JournalException ex)
        {
            System.err.println("peregrine journal: " + ex.getMessage());
            System.exit(1);
        }
        catch (final InternalError ex) // a fault in the memory map of the queue being opened: a full tmpfs
        {
            System.err.println("peregrine journal: " + JournalNotReadableException.in(audit.dir, ex).getMessage());
            System.exit(1);
        }
    }

    /**
     * @param args command line (see the class comment).
     * @return the configured audit, or null when help was asked for.
     * @throws IllegalArgumentException for an unknown argument or a bad value.
     */
    static JournalAudit fromArgs(final String[] args)
    {
        final Flags flags = new Flags();
        if (CommandLineFlags.parse(commandLine(flags), args))
        {
            return null;
        }
        return new JournalAudit(flags.dir, null == flags.account ? 0 : PackedAscii.pack(flags.account), flags.orderId,
            null == flags.from ? Long.MIN_VALUE : parseTime(flags.from),
            null == flags.to ? Long.MAX_VALUE : parseTime(flags.to));
    }

    /** @return the usage text, as {@code --help} prints it. */
    static String usage()
    {
        return CommandLineFlags.usage(commandLine(new Flags()));
    }

    private static CommandLine commandLine(final Flags flags)
    {
        // A flag given twice counts once, the last (as scripts that append a filter expect).
        return new CommandLine(flags).setOverwrittenOptionsAllowed(true);
    }

    static long parseTime(final String text)
    {
        if (text.chars().allMatch(Character::isDigit))
        {
            return Long.parseLong(text);
        }
        try
        {
            final Instant instant = Instant.parse(text);
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("not a time: " + text + " (use 2026-12-06T09:30:00Z or epoch ns)");
        }
    }

    /**
     * Prints the matching entries.
     *
     * @return entries printed.
     */
    long print(final Path dir, final PrintStream out)
    {
        if (!java.nio.file.Files.isDirectory(dir) || null == dir.toFile().list() ||
            0 == dir.toFile().list((d, name) -> name.endsWith(".cq4")).length)
        {
            throw new JournalException("no core journal in " + dir.toAbsolutePath() + ": pass --dir with the " +
                "core's peregrine.journal.dir (run.sh stack and run.sh gateway use data/core)");
        }
        try (ChronicleQueue queue = CoreJournal.openReadOnly(dir))
        {
            if (0 != orderId)
            {
                collectClOrdIds(queue);
            }
            long printed = 0;
            try (JournalReader reader = CoreJournal.reader(queue))
            {
                final String pruned = prunedStart(dir, queue);
                if (null != pruned)
                {
                    out.println(pruned);
                }
                int result;
                while (JournalReader.END != (result = reader.next()))
                {
                    if (JournalReader.CORRUPT == result)
                    {
                        out.println(Long.toHexString(reader.index()) + " UNREADABLE entry (torn or corrupt: " +
                            reader.corruption() + ")");
                        continue;
                    }
                    learnAccountOfOrder(reader);
                    if (reader.timestamp() < from || reader.timestamp() >= to)
                    {
                        continue;
                    }
                    final String line = describe(reader);
                    if (null != line)
                    {
                        out.println(Long.toHexString(reader.index()) + " " + time(reader.timestamp()) + " " +
                            JournalEntry.typeName(reader.type()) + " " + line);
                        printed++;
                    }
                }
            }
            return printed;
        }
    }

    /**
     * @return a line saying where the journal starts when its first cycle files were deleted, else null.
     */
    private static String prunedStart(final Path dir, final ChronicleQueue queue)
    {
        final long first = JournalCycles.firstPossibleIndex(queue);
        try (JournalReader reader = CoreJournal.reader(queue))
        {
            if (JournalReader.ENTRY == reader.next() && JournalEntry.START == reader.type())
            {
                return null;
            }
        }
        return "# the journal starts at index " + Long.toHexString(first) + " (" +
            JournalCycles.fileOf(queue, first) + "): the cycle files before it were deleted (retention); " +
            "entries before it are not shown. Its START: " + dir.resolve(CoreJournal.IDENTITY_FILE);
    }

    private void collectClOrdIds(final ChronicleQueue queue)
    {
        try (JournalReader reader = CoreJournal.reader(queue))
        {
            int result;
            while (JournalReader.END != (result = reader.next()))
            {
                if (JournalReader.ENTRY == result && JournalEntry.REPORT == reader.type() &&
                    reader.length() >= MessageHeaderDecoder.ENCODED_LENGTH)
                {
                    final DirectBuffer buffer = reader.payload();
                    header.wrap(buffer, 0);
                    if (ExecutionReportDecoder.TEMPLATE_ID == header.templateId())
                    {
                        final ExecutionReportDecoder report = new ExecutionReportDecoder().wrap(buffer,
                            MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                        if (report.orderId() == orderId)
                        {
                            clOrdIdsOfOrder.add(report.clOrdId());
                            if (0 != report.origClOrdId())
                            {
                                clOrdIdsOfOrder.add(report.origClOrdId());
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Records which account an order belongs to from the outputs that name both (a report, a venue new order), for
     * every entry read, also those before {@code --from}, so that the venue's later messages about it, which name only
     * the order, are found in the account's view.
     */
    private void learnAccountOfOrder(final JournalReader reader)
    {
        if (0 == account || JournalEntry.isInput(reader.type()) || JournalEntry.OFFER_FAILED == reader.type() ||
            reader.length() < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        final DirectBuffer buffer = reader.payload();
        header.wrap(buffer, 0);
        if (MessageHeaderDecoder.SCHEMA_ID != header.schemaId())
        {
            return;
        }
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        if (ExecutionReportDecoder.TEMPLATE_ID == header.templateId())
        {
            final long orderId = new ExecutionReportDecoder().wrap(buffer, offset, header.blockLength(),
                header.version()).orderId();
            learn(orderId, PackedAscii.read(buffer, offset + ExecutionReportDecoder.accountEncodingOffset()));
        }
        else if (VenueNewOrderDecoder.TEMPLATE_ID == header.templateId())
        {
            final long orderId = new VenueNewOrderDecoder().wrap(buffer, offset, header.blockLength(),
                header.version()).orderId();
            learn(orderId, PackedAscii.read(buffer, offset + VenueNewOrderDecoder.accountEncodingOffset()));
        }
    }

    private void learn(final long orderId, final long orderAccount)
    {
        if (0 != orderId && PackedAscii.isValid(orderAccount))
        {
            accountOfOrder.put(orderId, orderAccount);
        }
    }

    /**
     * @return whether a venue message about {@code venueOrderId} is in the view: of that order, or of an order of the
     *         account.
     */
    private boolean venueMessageMatches(final long venueOrderId)
    {
        return (0 == orderId || venueOrderId == orderId) &&
            (0 == account || accountOfOrder.get(venueOrderId) == account);
    }

    /**
     * @return {@code line} for a command that applies to every account, when no order is asked for (remembering its
     *         command id, so that the answer is shown too); null otherwise.
     */
    private String everyAccount(final long commandId, final String line)
    {
        if (0 != orderId)
        {
            return null;
        }
        shownCommandIds.add(commandId);
        return line;
    }

    /**
     * @return the entry's line, or null when filtered out.
     */
    private String describe(final JournalReader reader)
    {
        final int type = reader.type();
        if (JournalEntry.OFFER_FAILED == type)
        {
            return 0 != account || 0 != orderId ? null :
                "venue request not published, result " + reader.payload().getLong(0, ByteOrder.LITTLE_ENDIAN);
        }
        if (JournalEntry.RESTART == type)
        {
            return 0 != account || 0 != orderId ? null : "core restarted with " +
                reader.payload().getLong(0, ByteOrder.LITTLE_ENDIAN) + " venue requests pending: sent again below";
        }
        if (JournalEntry.SOURCE_GONE == type)
        {
            return 0 != account || 0 != orderId ? null : "the ingress publication (Aeron session " +
                (int)reader.payload().getLong(0, ByteOrder.LITTLE_ENDIAN) + ") holding the gateway's client id is gone, " +
                "or the core started: the id is free for the next publication that uses it";
        }
        if (JournalEntry.CUT == type)
        {
            return "recovery cut the torn entry at " +
                Long.toHexString(reader.payload().getLong(0, ByteOrder.LITTLE_ENDIAN));
        }
        final DirectBuffer buffer = reader.payload();
        if (reader.length() < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return 0 != account || 0 != orderId ? null : "(" + reader.length() + " bytes, not a message)";
        }
        header.wrap(buffer, 0);
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        final int block = header.blockLength();
        final int version = header.version();
        if (MessageHeaderDecoder.SCHEMA_ID != header.schemaId())
        {
            return 0 != account || 0 != orderId ? null : "(schema " + header.schemaId() + " version " + version +
                ": refused by the core as UNSUPPORTED_SCHEMA)";
        }
        if (version > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            // A later release's core took (or wrote) it: calling it refused would misreport what that core did.
            return 0 != account || 0 != orderId ? null : "(schema " + header.schemaId() + " version " + version +
                ": written by a later release; this tool reads up to version " + MessageHeaderDecoder.SCHEMA_VERSION +
                ": read it with that release's journal tool)";
        }
        try
        {
            switch (header.templateId())
            {
                case JournalStartDecoder.TEMPLATE_ID:
                    return 0 != account || 0 != orderId ? null : "journal created, entry format " +
                        new JournalStartDecoder().wrap(buffer, offset, block, version).entryFormat();
                case NewOrderDecoder.TEMPLATE_ID:
                {
                    final NewOrderDecoder d = new NewOrderDecoder().wrap(buffer, offset, block, version);
                    final long acc = PackedAscii.read(buffer, offset + NewOrderDecoder.accountEncodingOffset());
                    return matches(acc, 0, d.clOrdId(), 0) ? "NewOrder client=" + d.clientId() + " clOrdId=" +
                        d.clOrdId() + " account=" + PackedAscii.unpack(acc) + " symbol=" + PackedAscii.unpack(
                        PackedAscii.read(buffer, offset + NewOrderDecoder.symbolEncodingOffset())) +
                        " " + d.side() + " " + d.ordType() + " " + d.timeInForce() + " qty=" + d.quantity() +
                        " px=" + Prices.format(d.price()) : null;
                }
                case CancelOrderDecoder.TEMPLATE_ID:
                {
                    final CancelOrderDecoder d = new CancelOrderDecoder().wrap(buffer, offset, block, version);
                    final long acc = PackedAscii.read(buffer, offset + CancelOrderDecoder.accountEncodingOffset());
                    return matches(acc, d.orderId(), d.clOrdId(), d.origClOrdId()) ? "CancelOrder client=" +
                        d.clientId() + " clOrdId=" + d.clOrdId() + " origClOrdId=" + d.origClOrdId() + " orderId=" +
                        d.orderId() + " account=" + PackedAscii.unpack(acc) : null;
                }
                case OrderStatusRequestDecoder.TEMPLATE_ID:
                {
                    final OrderStatusRequestDecoder d =
                        new OrderStatusRequestDecoder().wrap(buffer, offset, block, version);
                    final long acc =
                        PackedAscii.read(buffer, offset + OrderStatusRequestDecoder.accountEncodingOffset());
                    return matches(acc, d.orderId(), d.clOrdId(), d.origClOrdId()) ? "OrderStatusRequest client=" +
                        d.clientId() + " clOrdId=" + d.clOrdId() + " origClOrdId=" + d.origClOrdId() + " orderId=" +
                        d.orderId() + " account=" + PackedAscii.unpack(acc) : null;
                }
                case ReplaceOrderDecoder.TEMPLATE_ID:
                {
                    final ReplaceOrderDecoder d = new ReplaceOrderDecoder().wrap(buffer, offset, block, version);
                    final long acc = PackedAscii.read(buffer, offset + ReplaceOrderDecoder.accountEncodingOffset());
                    return matches(acc, d.orderId(), d.clOrdId(), d.origClOrdId()) ? "ReplaceOrder client=" +
                        d.clientId() + " clOrdId=" + d.clOrdId() + " origClOrdId=" + d.origClOrdId() + " orderId=" +
                        d.orderId() + " account=" + PackedAscii.unpack(acc) + " qty=" + d.quantity() + " px=" +
                        Prices.format(d.price()) : null;
                }
                case KillSwitchDecoder.TEMPLATE_ID:
                case ResumeDecoder.TEMPLATE_ID:
                case LimitUpdateDecoder.TEMPLATE_ID:
                    return 0 != orderId ? null : admin(buffer, offset, block, version);
                case SymbolKillSwitchDecoder.TEMPLATE_ID:
                {
                    final SymbolKillSwitchDecoder d = new SymbolKillSwitchDecoder().wrap(buffer, offset, block, version);
                    return everyAccount(d.commandId(), "SymbolKillSwitch client=" + d.clientId() +
                        " commandId=" + d.commandId() + " symbol=" + PackedAscii.unpack(PackedAscii.read(buffer,
                        offset + SymbolKillSwitchDecoder.symbolEncodingOffset())) + " cancelWorking=" +
                        d.cancelWorkingRaw());
                }
                case SymbolResumeDecoder.TEMPLATE_ID:
                {
                    final SymbolResumeDecoder d = new SymbolResumeDecoder().wrap(buffer, offset, block, version);
                    return everyAccount(d.commandId(), "SymbolResume client=" + d.clientId() +
                        " commandId=" + d.commandId() + " symbol=" + PackedAscii.unpack(PackedAscii.read(buffer,
                        offset + SymbolResumeDecoder.symbolEncodingOffset())));
                }
                case VenuePauseDecoder.TEMPLATE_ID:
                {
                    final VenuePauseDecoder d = new VenuePauseDecoder().wrap(buffer, offset, block, version);
                    return everyAccount(d.commandId(), "VenuePause client=" + d.clientId() +
                        " commandId=" + d.commandId() + " venue=" + d.venueId());
                }
                case VenueResumeDecoder.TEMPLATE_ID:
                {
                    final VenueResumeDecoder d = new VenueResumeDecoder().wrap(buffer, offset, block, version);
                    return everyAccount(d.commandId(), "VenueResume client=" + d.clientId() +
                        " commandId=" + d.commandId() + " venue=" + d.venueId());
                }
                case ExecutionReportDecoder.TEMPLATE_ID:
                {
                    final ExecutionReportDecoder d = new ExecutionReportDecoder().wrap(buffer, offset, block, version);
                    final long acc = PackedAscii.read(buffer, offset + ExecutionReportDecoder.accountEncodingOffset());
                    final String base = "ExecutionReport client=" + d.clientId() + " clOrdId=" + d.clOrdId() +
                        " orderId=" + d.orderId() + " execId=" + d.execId() + " " + d.execType() + " " +
                        d.ordStatus() + " qty=" + d.quantity() + " cumQty=" + d.cumQty() + " leaves=" +
                        d.leavesQty() + " lastQty=" + d.lastQty() + " lastPx=" + Prices.format(d.lastPx()) +
                        " account=" + (PackedAscii.isValid(acc) ? PackedAscii.unpack(acc) : "-");
                    final String why = " reason=" + d.rejectReason() + " (" + d.text() + ")";
                    return matches(acc, d.orderId(), d.clOrdId(), d.origClOrdId()) ?
                        base + (d.rejectReason() != io.peregrine.sbe.RejectReason.NONE ? why : "") : null;
                }
                case CancelRejectDecoder.TEMPLATE_ID:
                {
                    final CancelRejectDecoder d = new CancelRejectDecoder().wrap(buffer, offset, block, version);
                    final long acc = PackedAscii.read(buffer, offset + CancelRejectDecoder.accountEncodingOffset());
                    return matches(acc, d.orderId(), d.clOrdId(), d.origClOrdId()) ? "CancelReject client=" +
                        d.clientId() + " clOrdId=" + d.clOrdId() + " origClOrdId=" + d.origClOrdId() + " orderId=" +
                        d.orderId() + " " + d.responseTo() + " reason=" + d.rejectReason() + " (" + d.text() + ")" :
                        null;
                }
                case AdminResponseDecoder.TEMPLATE_ID:
                {
                    final AdminResponseDecoder d = new AdminResponseDecoder().wrap(buffer, offset, block, version);
                    return 0 != orderId || (0 != account && !shownCommandIds.contains(d.commandId())) ? null :
                        "AdminResponse commandId=" + d.commandId() + " " +
                        d.result() + " reason=" + d.rejectReason() + " affectedOrders=" + d.affectedOrders();
                }
                case VenueSessionStatusDecoder.TEMPLATE_ID:
                {
                    final VenueSessionStatusDecoder d =
                        new VenueSessionStatusDecoder().wrap(buffer, offset, block, version);
                    return 0 != orderId || 0 != account ? null :
                        "VenueSessionStatus venue=" + d.venueId() + " " + d.status();
                }
                case VenueNewOrderDecoder.TEMPLATE_ID:
                {
                    final VenueNewOrderDecoder d = new VenueNewOrderDecoder().wrap(buffer, offset, block, version);
                    final long acc = PackedAscii.read(buffer, offset + VenueNewOrderDecoder.accountEncodingOffset());
                    return matches(acc, d.orderId(), 0, 0) ? "VenueNewOrder orderId=" + d.orderId() + " venue=" +
                        d.venueId() + " " + d.side() + " qty=" + d.quantity() + " px=" + Prices.format(d.price()) :
                        null;
                }
                case VenueCancelOrderDecoder.TEMPLATE_ID:
                {
                    final VenueCancelOrderDecoder d =
                        new VenueCancelOrderDecoder().wrap(buffer, offset, block, version);
                    final long acc = PackedAscii.read(buffer, offset + VenueCancelOrderDecoder.accountEncodingOffset());
                    return matches(acc, d.orderId(), 0, 0) ? "VenueCancelOrder orderId=" + d.orderId() +
                        " requestId=" + d.requestId() + " venue=" + d.venueId() : null;
                }
                case VenueReplaceOrderDecoder.TEMPLATE_ID:
                {
                    final VenueReplaceOrderDecoder d =
                        new VenueReplaceOrderDecoder().wrap(buffer, offset, block, version);
                    final long acc = PackedAscii.read(buffer, offset + VenueReplaceOrderDecoder.accountEncodingOffset());
                    return matches(acc, d.orderId(), 0, 0) ? "VenueReplaceOrder orderId=" + d.orderId() +
                        " requestId=" + d.requestId() + " qty=" + d.quantity() + " px=" + Prices.format(d.price()) :
                        null;
                }
                case VenueExecutionDecoder.TEMPLATE_ID:
                {
                    final VenueExecutionDecoder d = new VenueExecutionDecoder().wrap(buffer, offset, block, version);
                    return !venueMessageMatches(d.orderId()) ? null :
                        "VenueExecution orderId=" + d.orderId() + " requestId=" + d.requestId() + " " +
                        d.execType() + " lastQty=" + d.lastQty() + " lastPx=" + Prices.format(d.lastPx()) +
                        " venueCumQty=" + d.cumQty() + (d.avgPx() != VenueExecutionDecoder.avgPxNullValue() ?
                        " venueAvgPx=" + Prices.format(d.avgPx()) : "") +
                        (d.rejectReason() != io.peregrine.sbe.RejectReason.NONE ? " reason=" + d.rejectReason() : "");
                }
                case VenueCancelRejectDecoder.TEMPLATE_ID:
                {
                    final VenueCancelRejectDecoder d =
                        new VenueCancelRejectDecoder().wrap(buffer, offset, block, version);
                    return !venueMessageMatches(d.orderId()) ? null :
                        "VenueCancelReject orderId=" + d.orderId() + " requestId=" + d.requestId() + " " +
                        d.responseTo() + " reason=" + d.rejectReason();
                }
                default:
                    return 0 != account || 0 != orderId ? null :
                        "(template " + header.templateId() + ": refused by the core as UNKNOWN_TEMPLATE)";
            }
        }
        catch (final RuntimeException ex)
        {
            return 0 != account || 0 != orderId ? null : "(malformed message, refused by the core: " + ex + ")";
        }
    }

    private String admin(final DirectBuffer buffer, final int offset, final int block, final int version)
    {
        switch (header.templateId())
        {
            case KillSwitchDecoder.TEMPLATE_ID:
            {
                final KillSwitchDecoder d = new KillSwitchDecoder().wrap(buffer, offset, block, version);
                final long acc = PackedAscii.read(buffer, offset + KillSwitchDecoder.accountEncodingOffset());
                return inAccountView(KillScope.GLOBAL == d.scope(), acc, d.commandId(), "KillSwitch commandId=" +
                    d.commandId() + " " + d.scope() + " account=" +
                    (PackedAscii.isValid(acc) ? PackedAscii.unpack(acc) : "-") + " cancelWorking=" +
                    d.cancelWorkingRaw());
            }
            case ResumeDecoder.TEMPLATE_ID:
            {
                final ResumeDecoder d = new ResumeDecoder().wrap(buffer, offset, block, version);
                final long acc = PackedAscii.read(buffer, offset + ResumeDecoder.accountEncodingOffset());
                return inAccountView(KillScope.GLOBAL == d.scope(), acc, d.commandId(), "Resume commandId=" +
                    d.commandId() + " " + d.scope() + " account=" +
                    (PackedAscii.isValid(acc) ? PackedAscii.unpack(acc) : "-"));
            }
            default:
            {
                final LimitUpdateDecoder d = new LimitUpdateDecoder().wrap(buffer, offset, block, version);
                final long acc = PackedAscii.read(buffer, offset + LimitUpdateDecoder.accountEncodingOffset());
                if (null == inAccountView(false, acc, d.commandId(), ""))
                {
                    return null;
                }
                final long sym = PackedAscii.read(buffer, offset + LimitUpdateDecoder.symbolEncodingOffset());
                // what an operator checks against the admin audit log: who sent it, to what, which limits, which values
                final StringBuilder line = new StringBuilder("LimitUpdate client=").append(d.clientId())
                    .append(" commandId=").append(d.commandId())
                    .append(" account=").append(PackedAscii.isValid(acc) ? PackedAscii.unpack(acc) : "-")
                    .append(" symbol=").append(PackedAscii.isValid(sym) ? PackedAscii.unpack(sym) : "-");
                for (final LimitUpdateDecoder.LimitsDecoder limit : d.limits())
                {
                    line.append(' ').append(limit.limitType()).append('=').append(limitValue(limit));
                }
                return line.toString();
            }
        }
    }

    /**
     * @return {@code line} when an admin command is in the view (no account asked for, a command of every account, or
     *         one naming the account asked for), remembering its command id so that its answer is shown; else null.
     */
    private String inAccountView(final boolean global, final long commandAccount, final long commandId,
        final String line)
    {
        if (0 != account && !global && commandAccount != account)
        {
            return null;
        }
        shownCommandIds.add(commandId);
        return line;
    }

    /** Notionals and prices are fixed point (as the limits file writes them); counts, bps and flags are whole. */
    private static String limitValue(final LimitUpdateDecoder.LimitsDecoder limit)
    {
        switch (limit.limitType())
        {
            case MAX_ORDER_NOTIONAL:
            case DAILY_NOTIONAL:
            case REFERENCE_PRICE:
                return Prices.format(limit.value());
            default:
                return Long.toString(limit.value());
        }
    }

    private boolean matches(final long entryAccount, final long entryOrderId, final long clOrdId,
        final long origClOrdId)
    {
        if (0 != account && entryAccount != account)
        {
            return false;
        }
        if (0 != orderId)
        {
            return entryOrderId == orderId ||
                (0 == entryOrderId && (clOrdIdsOfOrder.contains(clOrdId) || clOrdIdsOfOrder.contains(origClOrdId)));
        }
        return true;
    }

    private static String time(final long nanos)
    {
        return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L).toString();
    }

    /** The command line as picocli fills it; checked and turned into a {@link JournalAudit} by {@link #fromArgs}. */
    @Command(
        name = "run.sh journal",
        sortOptions = false,
        description = "Prints the core journal (the audit log): every input, report and venue request, in processing "
            + "order.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:printed (the count goes to standard error)",
            "1:no core journal in the directory, or it cannot be read",
            "2:bad arguments" })
    static final class Flags
    {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${sys:peregrine.journal.dir:-data/core}",
            description = "Journal directory (default: ${DEFAULT-VALUE}: the peregrine.journal.dir property, else "
                + "data/core).")
        Path dir;

        @Option(names = "--account", paramLabel = "A", description = "Only entries of account A (e.g. ACC1).")
        String account;

        @Option(names = "--order", paramLabel = "ID",
            description = "Only entries of the core order id ID (its requests, venue messages and reports).")
        long orderId;

        @Option(names = "--from", paramLabel = "T",
            description = "Only entries at or after T (ISO-8601 instant, e.g. 2026-12-06T09:30:00Z, or epoch ns).")
        String from;

        @Option(names = "--to", paramLabel = "T", description = "Only entries before T.")
        String to;

        @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
        boolean help;
    }
}
