package io.peregrine.gateway.broker;

import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.TimeInForce;
import quickfix.SessionID;
import quickfix.field.OrdStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A random trading day for {@link OrderRoutes} (two sessions): new orders with terms, offered or not, core order ids,
 * replaces, cancels (some refused), status requests (some answered), orders done (most, so that a small retention
 * retires them) and requests naming orders already retired; and what a start built from the journal holds of it, as
 * text, to compare a start from the start snapshot with one that read the whole journal. Test thread only.
 */
final class RoutesDay
{
    static final SessionID BROKER1 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
    static final SessionID BROKER2 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER2");
    static final List<SessionID> SESSIONS = List.of(BROKER1, BROKER2);

    private RoutesDay()
    {
    }

    /**
     * Plays {@code orders} orders whose ClOrdIDs start with {@code prefix}.
     *
     * @return every ClOrdID taken, as {@code session|ClOrdID}.
     */
    static List<String> play(final OrderRoutes routes, final SplittableRandom random, final int orders,
        final String prefix)
    {
        final List<String> taken = new ArrayList<>();
        final List<String> done = new ArrayList<>();
        for (int i = 0; i < orders; i++)
        {
            final SessionID session = random.nextBoolean() ? BROKER1 : BROKER2;
            final String id = prefix + i;
            final OrderRoutes.Route route = routes.newOrder(session, id, "ACC" + random.nextInt(3), "SYM" +
                random.nextInt(4), random.nextBoolean() ? '1' : '2', terms(random));
            taken.add(key(session, id));
            final OrderRoutes.Order order = route.order();
            if (random.nextInt(10) > 0)
            {
                routes.onOffered(route);
            }
            if (random.nextInt(5) > 0)
            {
                routes.onOrderId(order, 1_000_000 + i, random.nextInt(3));
            }
            if (random.nextInt(4) == 0)
            {
                final OrderRoutes.Route replace = routes.request(order, id + "R", OrderRoutes.Kind.REPLACE,
                    terms(random));
                taken.add(key(session, id + "R"));
                routes.onOffered(replace);
                routes.onReplaced(order, replace.clOrdId());
            }
            if (random.nextInt(5) == 0)
            {
                final OrderRoutes.Route cancel = routes.request(order, id + "C", OrderRoutes.Kind.CANCEL);
                taken.add(key(session, id + "C"));
                if (random.nextBoolean())
                {
                    routes.onRefused(cancel);
                }
                else
                {
                    routes.onOffered(cancel);
                }
            }
            if (random.nextInt(5) == 0)
            {
                final long request = routes.onStatusAsked(session, id, order.currentClOrdId(), route);
                if (random.nextBoolean())
                {
                    routes.onStatusAnsweredHere(request);
                }
            }
            if (random.nextInt(10) < 7)
            {
                order.lastOrdStatus(random.nextBoolean() ? OrdStatus.FILLED : OrdStatus.CANCELED);
                routes.onDone(order);
                done.add(key(session, id));
            }
            if (!done.isEmpty() && random.nextInt(20) == 0)
            {
                // A late cancel naming an order done earlier (retired by now, most often): held in full again.
                final String[] earlier = done.get(random.nextInt(done.size())).split("\\|");
                final SessionID earlierSession = SESSIONS.get(Integer.parseInt(earlier[0]));
                final OrderRoutes.Route found = routes.find(earlierSession, earlier[1]);
                routes.request(found.order(), earlier[1] + "L" + i, OrderRoutes.Kind.CANCEL);
                taken.add(key(earlierSession, earlier[1] + "L" + i));
            }
        }
        return taken;
    }

    private static OrderRoutes.Terms terms(final SplittableRandom random)
    {
        return new OrderRoutes.Terms(OrdType.LIMIT, TimeInForce.DAY, 1_000 + random.nextInt(100),
            1 + random.nextInt(100));
    }

    private static String key(final SessionID session, final String clOrdId)
    {
        return SESSIONS.indexOf(session) + "|" + clOrdId;
    }

    /**
     * What the routes hold, as text: counts, the highest id, the requests not offered, the status requests of earlier
     * runs, each session's working orders, and what {@link OrderRoutes#find} gives for each ClOrdID.
     *
     * @param taken ClOrdIDs as {@link #play} returns them.
     */
    static String state(final OrderRoutes routes, final List<String> taken)
    {
        final StringBuilder text = new StringBuilder();
        text.append("last ").append(routes.lastClOrdId()).append(", retired ").append(routes.retiredClOrdIds())
            .append(", orders ").append(routes.ordersHeld()).append(", routes ").append(routes.routesHeld())
            .append(", asked ").append(routes.statusRequestsAsked()).append('\n');
        routes.unoffered().forEach((route) -> text.append("unoffered ").append(route.clOrdId()).append('\n'));
        routes.statusRequestsOfEarlierRuns().forEach((request) -> text.append("status ").append(request.id())
            .append(' ').append(request.askedClOrdId()).append(' ').append(request.route().brokerClOrdId())
            .append('\n'));
        for (final SessionID session : SESSIONS)
        {
            final TreeSet<Long> working = new TreeSet<>();
            routes.workingOrders(session).forEach((order) -> working.add(order.rootClOrdId()));
            text.append("working ").append(session).append(' ').append(working).append('\n');
        }
        for (final String key : taken)
        {
            final String[] parts = key.split("\\|");
            final OrderRoutes.Route route = routes.find(SESSIONS.get(Integer.parseInt(parts[0])), parts[1]);
            text.append(key).append(' ');
            if (null == route)
            {
                text.append("unknown\n");
                continue;
            }
            final OrderRoutes.Order order = route.order();
            text.append(route.clOrdId()).append(' ').append(route.kind()).append(' ').append(route.terms())
                .append(' ').append(route.wasRefused()).append(" | ").append(order.rootClOrdId()).append(' ')
                .append(order.orderId()).append(' ').append(order.currentClOrdId()).append(' ')
                .append(order.lastOrdStatus()).append(' ').append(order.isDone()).append(' ')
                .append(order.isRetired()).append(' ').append(order.side()).append(' ').append(order.account())
                .append(' ').append(order.symbol()).append('\n');
        }
        return text.toString();
    }
}
