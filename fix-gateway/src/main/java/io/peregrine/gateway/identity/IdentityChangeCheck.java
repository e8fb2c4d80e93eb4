package io.peregrine.gateway.identity;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.OrphanedOrders;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.gateway.fix.FixSessionSettings;
import io.peregrine.gateway.session.SessionReset;
import io.peregrine.gateway.venue.VenueClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.FileUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Refuses a start whose configuration changed what the data directory's working orders are known by, which would
 * strand them silently: the client id the core holds them under ({@code peregrine.gateway.client.id}), the gateway's
 * broker CompID ({@code peregrine.gateway.broker.comp.id}), a broker session that placed them removed from
 * {@code peregrine.gateway.broker.sessions}, a venue session's CompIDs
 * ({@code peregrine.gateway.venue.<id>.sender.comp.id}, {@code .target.comp.id}), a venue removed from
 * {@code peregrine.gateway.venues}, or a broker session's default account (its {@code COMPID:ACCOUNT} in
 * {@code peregrine.gateway.broker.sessions}: the account its orders without Account(1) trade for and its reports
 * naming no order carry, which its broker's tools know its orders by). The refusal names the key, its
 * earlier and new value, the working orders (how many, the first few) and the fix. The same change with no order
 * working is accepted with one INFO line naming both values.
 * <p>
 * What is compared: the broker orders of {@code broker/clordids.log} name their session (both CompIDs), the venue
 * orders of {@code venue/orders.log} their venue id, so a changed broker CompID, a removed broker session and a removed
 * venue are found from the journals alone (a data directory of an earlier release included); the client id, the
 * venue sessions' CompIDs and the default accounts are compared with {@link GatewayIdentity}'s record, which a start
 * writes once it is not refused. A directory without one (of a release before the record) holding working orders has
 * them derived where it can: the client id from the core's record of each broker order ({@link EarlierClientIds}),
 * a venue's CompIDs from the FIX stores in {@code venue/store} (the session the orders went out on has one), each
 * refused only when unambiguous; what it cannot derive or tell (no core journal, no store, several candidates) is said
 * in one WARN, the check of it
 * starting from this run (the default accounts are only recorded then). A side that does not start (broker side
 * disabled, no venue configured) is not checked and keeps its recorded part. Start-up only, caller's thread;
 * allocates; reads the journals whole (and, without a record, the core journal).
 */
public final class IdentityChangeCheck
{
    private static final Logger LOG = LoggerFactory.getLogger(IdentityChangeCheck.class);
    private static final String SENDER_COMP_ID = ".sender.comp.id";
    private static final String TARGET_COMP_ID = ".target.comp.id";
    /** The file of a QuickFIX/J file store holding the next sequence number it sends. */
    private static final String SENDER_SEQ_NUMS = ".senderseqnums";
    /**
     * The files a session's QuickFIX/J file store is made of, and the marker {@code run.sh reset-session} leaves in
     * their place: any of them says the session is the one the directory's venue orders went out on.
     */
    private static final List<String> STORE_SUFFIXES = List.of(SENDER_SEQ_NUMS, ".targetseqnums", ".body",
        ".header", ".session", SessionReset.MARKER_SUFFIX);

    private final GatewayContext ctx;
    private final GatewayIdentity earlier;
    private final List<String> refusals = new ArrayList<>();
    private final List<String> accepted = new ArrayList<>();
    /** What a data directory without a record cannot tell: said in one WARN, the check starting from this run. */
    private final List<String> underived = new ArrayList<>();

    private IdentityChangeCheck(final GatewayContext ctx)
    {
        this.ctx = ctx;
        this.earlier = GatewayIdentity.read(ctx.dataDir());
    }

    /**
     * Checks read-only (creates and changes no file): what
     * {@link io.peregrine.gateway.FixGateway#checkBeforeStart} calls.
     *
     * @param ctx the concluded configuration.
     * @throws IllegalStateException naming each changed key, its values, the working orders and the fix.
     */
    public static void check(final GatewayContext ctx)
    {
        new IdentityChangeCheck(ctx).compare();
    }

    /**
     * Checks, then logs each accepted change (INFO) and records this start's identity in the data directory.
     *
     * @param ctx the concluded configuration; its data directory exists and this process holds its lock.
     * @throws IllegalStateException naming each changed key, its values, the working orders and the fix (nothing
     *                               is recorded then).
     */
    public static void checkAndRecord(final GatewayContext ctx)
    {
        final IdentityChangeCheck check = new IdentityChangeCheck(ctx);
        check.compare();
        check.accepted.forEach(LOG::info);
        if (!check.underived.isEmpty())
        {
            LOG.warn("the gateway data directory {} has no record of the client id and CompIDs it ran with (its " +
                "first start with this release) and holds working orders: {}; this start records them, and the " +
                "check of {} starts from this run", ctx.dataDir().toAbsolutePath(), String.join("; ", check.underived),
                GatewayIdentity.FILE_NAME);
        }
        final GatewayIdentity now = GatewayIdentity.of(ctx, check.earlier);
        if (!now.equals(check.earlier))
        {
            now.write(ctx.dataDir());
        }
    }

    private void compare()
    {
        if (ctx.brokerEnabled())
        {
            compareBrokerSide(WorkingOrders.broker(ctx.dataDir().resolve("broker").resolve("clordids.log")));
        }
        if (!ctx.venues().isEmpty())
        {
            compareVenueSide(WorkingOrders.venue(ctx.dataDir().resolve("venue").resolve("orders.log")));
        }
        if (!refusals.isEmpty())
        {
            throw new IllegalStateException(String.join("; also, ", refusals));
        }
    }

    private void compareBrokerSide(final List<WorkingOrders.BrokerOrder> working)
    {
        if (null != earlier && 0 != earlier.clientId() && earlier.clientId() != ctx.clientId())
        {
            changed(Gateway.CLIENT_ID.name(), Integer.toString(earlier.clientId()), Integer.toString(ctx.clientId()),
                describeBroker(working), clientIdConsequence(earlier.clientId()));
        }
        else if (null == earlier && !working.isEmpty())
        {
            compareClientIdWithTheCoreJournal(working);
        }
        final Map<String, List<WorkingOrders.BrokerOrder>> bySender =
            group(working, (order) -> ctx.brokerCompId().equals(order.senderCompId()) ? null : order.senderCompId());
        bySender.forEach((sender, orders) -> changed(Gateway.BROKER_COMP_ID.name(), sender, ctx.brokerCompId(),
            describeBroker(orders), "this start does not serve their session" + sessionsOf(sender, orders) +
            ", so their fills would not reach the broker, and its cancels and status requests would be answered as " +
            "for unknown orders"));
        if (bySender.isEmpty() && null != earlier && null != earlier.brokerCompId() &&
            !earlier.brokerCompId().equals(ctx.brokerCompId()))
        {
            changed(Gateway.BROKER_COMP_ID.name(), earlier.brokerCompId(), ctx.brokerCompId(), List.of(), null);
        }
        final Set<String> configured = new TreeSet<>();
        ctx.brokerSessions().forEach((broker) -> configured.add(broker.compId()));
        final Map<String, List<WorkingOrders.BrokerOrder>> removed = group(working, (order) ->
            ctx.brokerCompId().equals(order.senderCompId()) && !configured.contains(order.targetCompId()) ?
                order.targetCompId() : null);
        removed.forEach((target, orders) -> refuse("broker session " + target + " is no longer in " +
            Gateway.BROKER_SESSIONS.name() + " (now '" + sessions(ctx.brokerSessions()) + "')", orders.size(),
            describeBroker(orders), "its fills would be dropped, and never delivered even once the session is " +
            "configured again", "start with " + target + ':' + accountOf(target, orders) + " back in " +
            Gateway.BROKER_SESSIONS.name()));
        if (null != earlier)
        {
            earlier.brokerSessions().forEach((target, account) ->
            {
                if (!configured.contains(target) && !removed.containsKey(target))
                {
                    accepted.add("broker session " + target + ':' + account + " is no longer in " +
                        Gateway.BROKER_SESSIONS.name() + " (no working order of it): accepted");
                }
            });
            ctx.brokerSessions().forEach((broker) -> compareDefaultAccount(broker, working));
        }
    }

    private static String clientIdConsequence(final int before)
    {
        return "the core holds them under client id " + before + ": their fills would not reach the broker, the " +
            "broker's cancels and status requests would be refused, and those the core has not received would be " +
            "offered again as new orders";
    }

    /**
     * No record (a data directory of an earlier release): the client id the core holds each working order under
     * ({@link EarlierClientIds}). Refused only on an unambiguous match: the core's own record of the order (snapshot
     * or reports) names one client id, not this start's, and nothing names this start's. A NewOrder alone, or several
     * client ids, cannot tell (another client may have used the same ClOrdID, account and symbol, and retention may
     * have pruned the gateway's own NewOrder): WARN naming what was found, the client id taken to be this start's.
     */
    private void compareClientIdWithTheCoreJournal(final List<WorkingOrders.BrokerOrder> working)
    {
        final Map<Long, EarlierClientIds.Found> found = EarlierClientIds.of(ctx.coreJournalDir(), working);
        group(working, (order) ->
        {
            final EarlierClientIds.Found ids = found.get(order.clOrdId());
            return null == ids || ids.names(ctx.clientId()) || 1 != ids.working().size() ? null :
                ids.working().iterator().next();
        }).forEach((before, orders) -> changed(Gateway.CLIENT_ID.name(), Integer.toString(before),
            Integer.toString(ctx.clientId()), describeBroker(orders), clientIdConsequence(before)));
        final Map<String, List<WorkingOrders.BrokerOrder>> unclear = group(working, (order) ->
        {
            final EarlierClientIds.Found ids = found.get(order.clOrdId());
            return null == ids || ids.names(ctx.clientId()) || 1 == ids.working().size() ? null :
                (ids.working().isEmpty() ? "only the NewOrder of client id" + ids(ids.offered()) :
                    "the core holds such an order working under client id" + ids(ids.working()));
        });
        unclear.forEach((evidence, orders) -> underived.add(Gateway.CLIENT_ID.name() + " of " +
            OrphanedOrders.describe(describeBroker(orders)) + ": the core journal " + journal() + " shows " +
            evidence + " with the same ClOrdID, account and symbol, which another client may have used too (the " +
            "gateway's own record can be pruned by retention), so it does not tell: taken to be " + ctx.clientId()));
        final long notFound = working.stream().filter((order) -> !found.containsKey(order.clOrdId())).count();
        if (notFound > 0)
        {
            underived.add(Gateway.CLIENT_ID.name() + " of " + notFound + " working broker order" +
                (1 == notFound ? "" : "s") + " is not in " + (null == ctx.coreJournalDir() ? "a core journal (none " +
                "is read: a core without journal)" : "the core journal " + journal()) +
                ": taken to be " + ctx.clientId());
        }
    }

    private String journal()
    {
        return String.valueOf(ctx.coreJournalDir().toAbsolutePath());
    }

    private static String ids(final Set<Integer> ids)
    {
        return (ids.size() == 1 ? " " : "s ") + String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    /**
     * A session's default account (what its orders without Account(1) trade for, and what its reports naming no
     * order carry) changed: refused while the session has working orders, as the session's broker tools know them
     * by the earlier one; else accepted.
     */
    private void compareDefaultAccount(final BrokerSessionConfig broker, final List<WorkingOrders.BrokerOrder> working)
    {
        final String before = earlier.brokerSessions().get(broker.compId());
        if (null == before || before.equals(broker.defaultAccount()))
        {
            return;
        }
        final List<WorkingOrders.BrokerOrder> orders = working.stream().filter((order) ->
            ctx.brokerCompId().equals(order.senderCompId()) && broker.compId().equals(order.targetCompId())).toList();
        final String change = "the default account of broker session " + broker.compId() + " in " +
            Gateway.BROKER_SESSIONS.name() + " changed from " + before + " to " + broker.defaultAccount() +
            " since the last start";
        if (orders.isEmpty())
        {
            accepted.add(change + " (no working order of it): accepted");
            return;
        }
        refuse(change, orders.size(), describeBroker(orders), "its orders sent without Account(1) would trade for " +
            broker.defaultAccount() + " while its working orders stay under theirs, and its rejects of requests " +
            "naming no order it knows would carry " + broker.defaultAccount() + ": a broker tool that files the " +
            "session's orders by its account would find them split", "start with " + broker.compId() + ':' + before +
            " in " + Gateway.BROKER_SESSIONS.name());
    }

    private void compareVenueSide(final List<WorkingOrders.VenueOrder> working)
    {
        final Map<Integer, VenueClientConfig> configured = new LinkedHashMap<>();
        ctx.venues().forEach((venue) -> configured.put(venue.venueId(), venue));
        final Map<Integer, List<WorkingOrders.VenueOrder>> byVenue = group(working, WorkingOrders.VenueOrder::venueId);
        byVenue.forEach((venueId, orders) ->
        {
            final VenueClientConfig venue = configured.get(venueId);
            if (null == venue)
            {
                refuse("venue " + venueId + " is no longer in " + Gateway.VENUES.name() + " (now '" +
                    String.join(",", configured.keySet().stream().map(String::valueOf).toList()) + "')", orders.size(),
                    describeVenue(orders), "no venue session would reach them: their fills would never be booked " +
                    "and their cancels never sent", "start with venue " + venueId + " back in " +
                    Gateway.VENUES.name());
            }
        });
        byVenue.forEach((venueId, orders) ->
        {
            if (configured.containsKey(venueId) && (null == earlier || !earlier.venueSessions().containsKey(venueId)))
            {
                compareVenueWithItsStore(configured.get(venueId), orders);
            }
        });
        if (null == earlier)
        {
            return;
        }
        earlier.venueSessions().forEach((venueId, session) ->
        {
            final VenueClientConfig venue = configured.get(venueId);
            if (null == venue)
            {
                if (!byVenue.containsKey(venueId))
                {
                    accepted.add("venue " + venueId + " (" + session + ") is no longer in " + Gateway.VENUES.name() +
                        " (no working order at it): accepted");
                }
                return;
            }
            final int arrow = session.indexOf("->");
            final String sender = arrow < 0 ? session : session.substring(0, arrow);
            final String target = arrow < 0 ? "" : session.substring(arrow + 2);
            final List<WorkingOrders.VenueOrder> orders = byVenue.getOrDefault(venueId, List.of());
            final String consequence = "they rest at the venue under the session " + session + ": this start " +
                "would report them canceled (VENUE_LOST_ORDER) while they may still fill there, and those fills " +
                "would never be booked";
            if (!sender.equals(venue.senderCompId()))
            {
                changed(Gateway.VENUE_PREFIX + venueId + SENDER_COMP_ID, sender, venue.senderCompId(),
                    describeVenue(orders), consequence);
            }
            if (!target.equals(venue.targetCompId()))
            {
                changed(Gateway.VENUE_PREFIX + venueId + TARGET_COMP_ID, target, venue.targetCompId(),
                    describeVenue(orders), consequence);
            }
        });
    }

    /**
     * No record of a venue with working orders (a data directory of an earlier release): they were sent on a session
     * whose FIX store is in {@code venue/store}. The configured session's store there (any of its files, or the marker
     * {@code run.sh reset-session} leaves after deleting them): its CompIDs are the ones. Not there, but exactly one
     * other session's, not another configured venue's: the CompIDs changed (refused, naming the store). Several such
     * stores cannot tell which one the orders went out on, and no store tells nothing: WARN.
     */
    private void compareVenueWithItsStore(final VenueClientConfig venue, final List<WorkingOrders.VenueOrder> orders)
    {
        final Path storeDir = ctx.dataDir().resolve("venue").resolve("store");
        final Set<String> files = storeFiles(storeDir);
        final String session = FileUtil.sessionIdFileName(FixSessionSettings.venueSessionId(venue));
        if (STORE_SUFFIXES.stream().anyMatch((suffix) -> files.contains(session + suffix)))
        {
            return;
        }
        final String keys = Gateway.VENUE_PREFIX + venue.venueId() + SENDER_COMP_ID + " and " + TARGET_COMP_ID;
        final Set<String> stored = new TreeSet<>();
        files.stream().filter((name) -> name.endsWith(SENDER_SEQ_NUMS))
            .forEach((name) -> stored.add(name.substring(0, name.length() - SENDER_SEQ_NUMS.length())));
        for (final VenueClientConfig other : ctx.venues())
        {
            stored.remove(FileUtil.sessionIdFileName(FixSessionSettings.venueSessionId(other)));
        }
        final String count = orders.size() + " working order" + (1 == orders.size() ? "" : "s");
        if (stored.isEmpty())
        {
            underived.add(keys + " of venue " + venue.venueId() + " (" + count + "): no FIX store in " +
                storeDir.toAbsolutePath() + " tells the session they were sent on, taken to be " +
                venue.senderCompId() + "->" + venue.targetCompId());
            return;
        }
        if (stored.size() > 1)
        {
            underived.add(keys + " of venue " + venue.venueId() + " (" + count + "): " + storeDir.toAbsolutePath() +
                " has no FIX store of its session " + venue.senderCompId() + "->" + venue.targetCompId() + " but " +
                "those of " + String.join(", ", stored) + " (BeginString-SenderCompID-TargetCompID), and a store " +
                "does not say which orders went out on it: if one of them is the session the orders were sent on, " +
                "stop and start with its CompIDs in " + keys + "; taken to be " + venue.senderCompId() + "->" +
                venue.targetCompId());
            return;
        }
        refuse("venue " + venue.venueId() + "'s session " + venue.senderCompId() + "->" + venue.targetCompId() + " (" +
            keys + ") has no FIX store in " + storeDir.toAbsolutePath() + ", which holds the store of " +
            String.join(", ", stored) + " (BeginString-SenderCompID-TargetCompID): its CompIDs changed since the " +
            "orders were sent", orders.size(), describeVenue(orders), "they rest at the venue under the earlier " +
            "session: this start would report them canceled (VENUE_LOST_ORDER) while they may still fill there, and " +
            "those fills would never be booked", "start with the CompIDs of that session in " + keys + " (if that " +
            "store is not the session the orders were sent on, but a removed venue's, move its files out of " +
            storeDir.toAbsolutePath() + ")");
    }

    /**
     * @return the names of the files in {@code storeDir}; none if it does not exist.
     */
    private static Set<String> storeFiles(final Path storeDir)
    {
        final Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(storeDir))
        {
            return names;
        }
        try (Stream<Path> files = Files.list(storeDir))
        {
            files.forEach((file) -> names.add(file.getFileName().toString()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list the venue FIX stores in " + storeDir.toAbsolutePath(), ex);
        }
        return names;
    }

    /**
     * A key whose value changed: refused while orders work under the earlier value, else accepted.
     */
    private void changed(
        final String key, final String before, final String now, final List<String> orders, final String consequence)
    {
        if (orders.isEmpty())
        {
            accepted.add(key + " changed from " + before + " to " + now + " since the last start (no working order " +
                "under " + before + "): accepted");
            return;
        }
        refuse(key + " changed from " + before + " to " + now + " since the last start", orders.size(), orders,
            consequence, "start with " + key + '=' + before);
    }

    private void refuse(
        final String change, final int count, final List<String> orders, final String consequence, final String start)
    {
        refusals.add(change + ", and the gateway data directory " + ctx.dataDir().toAbsolutePath() + " holds " +
            count + " working order" + (1 == count ? "" : "s") + " placed before it (" +
            OrphanedOrders.describe(orders) + "): " + consequence + ". Fix: " + start + ", cancel those orders or " +
            "let them finish, stop the gateway, then make the change");
    }

    private static List<String> describeBroker(final List<WorkingOrders.BrokerOrder> orders)
    {
        return orders.stream().map(WorkingOrders.BrokerOrder::describe).toList();
    }

    private static List<String> describeVenue(final List<WorkingOrders.VenueOrder> orders)
    {
        return orders.stream().map(WorkingOrders.VenueOrder::describe).toList();
    }

    /**
     * @return " SENDER->TARGET", or "s SENDER->TARGET1, SENDER->TARGET2" for orders of several sessions.
     */
    private static String sessionsOf(final String sender, final List<WorkingOrders.BrokerOrder> orders)
    {
        final Set<String> sessions = new TreeSet<>();
        orders.forEach((order) -> sessions.add(sender + "->" + order.targetCompId()));
        return (sessions.size() == 1 ? " " : "s ") + String.join(", ", sessions);
    }

    /**
     * @return the session's default account as the last start recorded it, else the account of its first order.
     */
    private String accountOf(final String target, final List<WorkingOrders.BrokerOrder> orders)
    {
        final String recorded = null == earlier ? null : earlier.brokerSessions().get(target);
        return null == recorded ? orders.get(0).account() : recorded;
    }

    private static String sessions(final List<BrokerSessionConfig> sessions)
    {
        return String.join(",", sessions.stream().map((broker) -> broker.compId() + ':' + broker.defaultAccount())
            .toList());
    }

    /**
     * @return the items grouped by key, in the order of each key's first item; items whose key is null left out.
     */
    private static <K, T> Map<K, List<T>> group(final List<T> items, final Function<T, K> key)
    {
        final Map<K, List<T>> groups = new LinkedHashMap<>();
        for (final T item : items)
        {
            final K k = key.apply(item);
            if (!Objects.isNull(k))
            {
                groups.computeIfAbsent(k, (ignored) -> new ArrayList<>()).add(item);
            }
        }
        return groups;
    }
}
