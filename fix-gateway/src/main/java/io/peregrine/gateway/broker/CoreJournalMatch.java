package io.peregrine.gateway.broker;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.core.AtomicFile;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.OrphanedOrders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Whether the gateway's ClOrdID journal belongs with the core journal it reads reports from, checked at start before
 * any broker logs on. The gateway journals every clOrdId before offering it, so the core holding a clOrdId of this
 * gateway above the journal's highest means the journal is not the one that sent it:
 * <ul>
 * <li>a journal that allocated ids before (an older copy of the data directory, or another run's) is refused: its
 * clOrdIds name other orders in the core, so reports would reach the wrong orders and brokers. Unless
 * {@code peregrine.gateway.accept.orphaned.orders} is set: the requests above the journal's highest may be another
 * publication's, sent under the gateway's client id before the gateway claimed it ({@link ClientIdClaim}); the
 * journal then continues after the core's highest, and the working orders above its own are left to the operator
 * (named in a WARN);</li>
 * <li>a new journal (a new data directory beside a continuing core journal, as when only the gateway's directory was
 * rolled) continues the clOrdIds after the core's highest, so no id the core knows is allocated again, and reads the
 * broker reports from the core journal's end (earlier reports belong to sessions it does not know). If the core still
 * holds working orders the earlier gateway placed, no broker could cancel them or hear of their fills: the start is
 * refused, naming them, unless {@code peregrine.gateway.accept.orphaned.orders} is set.</li>
 * </ul>
 * A data directory is also paired with its core journal: the journal's identity (its creation time, which survives
 * retention) is written to {@link GatewayContext#pairedCoreJournalFile()} at the first start beside it, and a later
 * start beside another journal (the core's directory was rolled, restored or replaced, the gateway's kept) is refused
 * if the gateway ever allocated an id or delivered a report: its routes name orders that journal never had, and the requests it journaled
 * but never offered would be offered to a core that never saw them, however old.
 * <p>
 * Start-up only; allocates.
 */
public final class CoreJournalMatch
{
    private static final Logger LOG = LoggerFactory.getLogger(CoreJournalMatch.class);
    private static final String CREATED_TIME = "createdTime";
    /** What taking over an earlier gateway's working orders means, by what is left of its data directory. */
    private static final String TAKE_OVER = "If its venue order journal (venue/orders.log) is kept, cancel them " +
        "with ./scripts/run.sh admin kill-switch --account <account>, then resume --account <account>. If it is " +
        "new too (the whole data directory is), the gateway closes them in the core at its start (rejected, 'check " +
        "the order at the venue'): they may still be working at the venue, cancel them there";
    private static final String DIRECTORY = "directory";

    private CoreJournalMatch()
    {
    }

    /**
     * @param routes   the gateway's ClOrdID journal, replayed.
     * @param core     what the core journal holds of this gateway.
     * @param position where the broker reports are read from; set to the core journal's end for a new journal.
     * @param ctx      the gateway's data directory and core journal directory (named in messages), and whether a new
     *                 journal starts beside working orders of an earlier gateway
     *                 ({@link GatewayContext#acceptOrphanedOrders()}).
     * @throws IllegalStateException naming the directories, what does not match and the fix.
     */
    public static void check(
        final OrderRoutes routes, final CoreHistory core, final ReportPosition position, final GatewayContext ctx)
    {
        final Path dataDir = ctx.dataDir();
        final Path coreJournalDir = ctx.coreJournalDir();
        final long coreHighest = core.highestClOrdId();
        final long own = routes.lastClOrdId();
        checkPairing(ctx, own, position);
        if (coreHighest <= own)
        {
            return;
        }
        final String impostor = "; or they are another publication's, sent under the gateway's client id " +
            ctx.clientId() + " before the gateway took it (a local process using that id while the gateway was not " +
            "connected: ./scripts/run.sh journal shows the requests, IN-CLIENT client=" + ctx.clientId() + ", with " +
            "their Aeron session)";
        final List<String> orphans = 0 == own ? core.workingOrders() : core.workingOrdersAbove(own);
        final String named = OrphanedOrders.describe(orphans);
        if (0 != own && !ctx.acceptOrphanedOrders())
        {
            throw new IllegalStateException("the gateway's data directory " + dataDir + " is older than the core " +
                "journal " + coreJournalDir + ", or did not send all of its requests: its ClOrdID journal ends at " +
                "gateway clOrdId " + own + ", but the core holds requests under this gateway's client id up to " +
                "clOrdId " + coreHighest + ", " + orphans.size() + " working orders above " + own +
                (orphans.isEmpty() ? "" : " (" + named + ")") + ". Either the directory was restored from an " +
                "earlier copy or is another run's, so reports would reach the wrong orders: start with the gateway " +
                "data directory of the run that wrote the core journal" +
                impostor + ": keep both directories and start with -D" + Gateway.ACCEPT_ORPHANED_ORDERS.name() +
                "=true (gateway clOrdIds continue after " + coreHighest + "; no broker is told of those orders). " +
                TAKE_OVER);
        }
        if (!orphans.isEmpty() && !ctx.acceptOrphanedOrders())
        {
            throw new IllegalStateException("the gateway's data directory " + dataDir + " is new, but the core " +
                "journal " + coreJournalDir + " holds " + orphans.size() + " working orders an earlier gateway " +
                "placed (" + named + "): no broker could cancel them or hear of their fills. Restore the gateway " +
                "data directory of that run" + impostor + "; or, to take them over here in either case, start with " +
                "-D" + Gateway.ACCEPT_ORPHANED_ORDERS.name() + "=true (their brokers are not told). " + TAKE_OVER);
        }
        if (!orphans.isEmpty())
        {
            LOG.warn("the core journal {} holds {} working orders under the gateway's client id above its clOrdId " +
                "{}, which no broker session of this data directory can reach ({}); started anyway ({}). {}",
                coreJournalDir, orphans.size(), own, named, Gateway.ACCEPT_ORPHANED_ORDERS.name(), TAKE_OVER);
        }
        routes.continueAfter(coreHighest);
        if (0 == own && ReportPosition.NONE == position.load() && CoreHistory.NO_INDEX != core.lastIndex())
        {
            position.save(core.lastIndex());
        }
        LOG.info("gateway data directory {} (clOrdIds up to {}) beside the core journal {}, which holds requests " +
            "under this gateway's client id up to clOrdId {}: gateway clOrdIds continue from {}, and broker reports " +
            "are read after core journal position {}", dataDir, own, coreJournalDir, coreHighest, coreHighest + 1,
            position.load());
    }

    private static void checkPairing(final GatewayContext ctx, final long own, final ReportPosition position)
    {
        final Path file = ctx.pairedCoreJournalFile();
        final long created = CoreJournal.createdTime(ctx.coreJournalDir());
        final Properties paired = readPairing(file);
        if (null != paired && Long.parseLong(paired.getProperty(CREATED_TIME, "0").trim()) == created)
        {
            return;
        }
        if (null != paired && (0 != own || ReportPosition.NONE != position.load() ||
            BrokerReportProgress.anySaved(ctx.reportPositionFile())))
        {
            throw pairedElsewhere(ctx, paired, "created " + instant(created));
        }
        if (null != paired)
        {
            LOG.info("the gateway data directory {} holds no clOrdId and no report position: paired again, with the " +
                "core journal {}", ctx.dataDir(), ctx.coreJournalDir());
        }
        final String text = "# The core journal this gateway data directory is used beside (its START entry's " +
            "creation time). Do not edit.\n" +
            CREATED_TIME + '=' + created + '\n' +
            DIRECTORY + '=' + ctx.coreJournalDir().toAbsolutePath() + '\n';
        try
        {
            AtomicFile.write(file, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file + " (the core journal this gateway data " +
                "directory is used beside): check peregrine.gateway.data.dir", ex);
        }
    }

    /**
     * The part of {@link #check}'s pairing check that needs neither the core nor the ClOrdID journal, read-only, for a
     * start that checks before the core starts: a data directory paired with another core journal than the one the
     * core will run on (another journal's identity, or none yet: the core would start an empty one) is refused with
     * {@link #check}'s message when it has delivered a report (its saved report position). One that has not, or that
     * has allocated clOrdIds only, is left to {@link #check}; so is a journal the core itself refuses to open (its
     * identity file without cycle files, or unreadable) or names from its START entry (a journal of a release before
     * the identity file). Caller's thread; creates and changes no file.
     *
     * @param ctx        the gateway's data directory and core journal directory.
     * @param queueFiles whether the core journal directory holds queue files (none: the core starts a new journal).
     * @throws IllegalStateException naming the directories and the fix, or the pairing file that cannot be read.
     */
    public static void checkPairingBeforeStart(final GatewayContext ctx, final boolean queueFiles)
    {
        final Properties paired = readPairing(ctx.pairedCoreJournalFile());
        if (null == paired || !BrokerReportProgress.anySaved(ctx.reportPositionFile()))
        {
            return;
        }
        final Path journal = ctx.coreJournalDir();
        final boolean identified = Files.exists(journal.resolve(CoreJournal.IDENTITY_FILE));
        if (identified != queueFiles)
        {
            return;
        }
        final long created;
        try
        {
            created = identified ? CoreJournal.createdTime(journal) : 0;
        }
        catch (final RuntimeException ex)
        {
            return;
        }
        if (identified && Long.parseLong(paired.getProperty(CREATED_TIME).trim()) == created)
        {
            return;
        }
        throw pairedElsewhere(ctx, paired, identified ? "created " + instant(created) :
            "not created yet: the core would start an empty one");
    }

    private static IllegalStateException pairedElsewhere(
        final GatewayContext ctx, final Properties paired, final String journalCreated)
    {
        return new IllegalStateException("the gateway's data directory " + ctx.dataDir() + " was used beside " +
            "another core journal (created " + instant(Long.parseLong(paired.getProperty(CREATED_TIME).trim())) +
            ", in " + paired.getProperty(DIRECTORY) + ") than the core journal " + ctx.coreJournalDir() + " (" +
            journalCreated + "): its orders and the requests it has not offered yet are not in this journal, and " +
            "would be offered to a core that never had them. Start with the core journal of the run that wrote " +
            "the gateway data directory, or move both directories aside to start over");
    }

    private static java.time.Instant instant(final long epochNanos)
    {
        return java.time.Instant.ofEpochSecond(0, epochNanos);
    }

    private static Properties readPairing(final Path file)
    {
        try
        {
            final Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            Long.parseLong(properties.getProperty(CREATED_TIME, "").trim());
            return properties;
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException("cannot read " + file + " (" + ex + "), which names the core journal " +
                "this gateway data directory is used beside: restore it from a backup, or delete it if this data " +
                "directory was always used with the core journal it starts beside now (the file is written again)",
                ex);
        }
    }
}
