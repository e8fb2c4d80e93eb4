package io.peregrine.gateway.identity;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.OrphanedOrders;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.gateway.venue.VenueClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Refuses a start whose configuration changed what the data directory's working orders are known by, which would
 * strand them silently: the client id the core holds them under ({@code peregrine.gateway.client.id}), the gateway's
 * broker CompID ({@code peregrine.gateway.broker.comp.id}), a broker session that placed them removed from
 * {@code peregrine.gateway.broker.sessions}, a venue session's CompIDs
 * ({@code peregrine.gateway.venue.<id>.sender.comp.id}, {@code .target.comp.id}) or a venue removed from
 * {@code peregrine.gateway.venues}. The refusal names the key, its
 * earlier and new value, the working orders (how many, the first few) and the fix. The same change with no order
 * working is accepted with one INFO line naming both values.
 * <p>
 * What is compared: the broker orders of {@code broker/clordids.log} name their session (both CompIDs), the venue
 * orders of {@code venue/orders.log} their venue id, so a changed broker CompID, a removed broker session and a removed
 * venue are found from the journals alone (a data directory of an earlier release included); the client id and the
 * venue sessions' CompIDs are compared with {@link GatewayIdentity}'s record, which a start writes once it is not
 * refused (a directory without one is recorded, nothing compared). A side that does not start (broker side disabled,
 * no venue configured) is not checked and keeps its recorded part. Start-up only, caller's thread; allocates; reads
 * the journals whole.
 */
public final class IdentityChangeCheck
{
    private static final Logger LOG = LoggerFactory.getLogger(IdentityChangeCheck.class);
    private static final String SENDER_COMP_ID = ".sender.comp.id";
    private static final String TARGET_COMP_ID = ".target.comp.id";

    private final GatewayContext ctx;
    private final GatewayIdentity earlier;
    private final List<String> refusals = new ArrayList<>();
    private final List<String> accepted = new ArrayList<>();

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
                describeBroker(working), "the core holds them under client id " + earlier.clientId() + ": their " +
                "fills would not reach the broker, the broker's cancels and status requests would be refused, and " +
                "those the core has not received would be offered again as new orders");
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
        }
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
