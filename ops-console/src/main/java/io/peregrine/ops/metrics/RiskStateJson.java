package io.peregrine.ops.metrics;

import io.peregrine.core.CoreCounters;
import io.peregrine.core.admin.RiskStateCounters;
import io.peregrine.ops.http.Json;
import io.peregrine.protocol.PackedAscii;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /api/risk}: the risk state in force as the core publishes it ({@link RiskStateCounters} and the global
 * kill switch gauge), read only, for an operator checking what an admin command left in force:
 * <pre>
 * {"killSwitchGlobal":false, "venuesPaused":1, "venues":{"1":{"paused":false}, "2":{"paused":true}},
 *  "accounts":{"ACC1":{"killSwitch":false, "openOrders":1, "executedNotional":..., "openNotional":...,
 *              "limits":{"MAX_ORDER_QTY":5000, ...}, "positions":{"AAPL":10, "MSFT":0},
 *              "restrictedSymbols":["MSFT"]}},
 *  "symbols":{"AAPL":{"killSwitch":false, "limits":{"REFERENCE_PRICE":190000000, "COLLAR_BPS":1000, ...}}}}
 * </pre>
 * Limits are named and valued as {@code POST /admin/limits} takes them (notionals and prices fixed point, 6
 * decimals; flags 0/1). {@code venues} are those the core routes to, each paused or not ({@code venuesPaused} also
 * counts a paused venue id the core does not route to); {@code restrictedSymbols} are the configured symbols on the
 * account's own restricted list (a symbol restricted for every account is its {@code RESTRICTED} limit). Both come
 * from gauges a core of an earlier release does not publish: then they are left out. HTTP threads; allocates (edge).
 */
public final class RiskStateJson
{
    private static final Map<Integer, String> ACCOUNT_FIELDS = Map.of(
        RiskStateCounters.KILL_SWITCH_ACCOUNT.typeId(), "killSwitch",
        RiskStateCounters.ACCOUNT_OPEN_ORDERS.typeId(), "openOrders",
        RiskStateCounters.ACCOUNT_EXECUTED_NOTIONAL.typeId(), "executedNotional",
        RiskStateCounters.ACCOUNT_OPEN_NOTIONAL.typeId(), "openNotional");
    private static final Map<Integer, String> ACCOUNT_LIMITS = Map.of(
        RiskStateCounters.ACCOUNT_MAX_ORDER_QTY.typeId(), "MAX_ORDER_QTY",
        RiskStateCounters.ACCOUNT_MAX_ORDER_NOTIONAL.typeId(), "MAX_ORDER_NOTIONAL",
        RiskStateCounters.ACCOUNT_MAX_POSITION.typeId(), "MAX_POSITION",
        RiskStateCounters.ACCOUNT_DAILY_NOTIONAL.typeId(), "DAILY_NOTIONAL",
        RiskStateCounters.ACCOUNT_MAX_OPEN_ORDERS.typeId(), "MAX_OPEN_ORDERS",
        RiskStateCounters.ACCOUNT_MAX_ORDERS_PER_SECOND.typeId(), "MAX_ORDERS_PER_SECOND");
    private static final Map<Integer, String> SYMBOL_LIMITS = Map.of(
        RiskStateCounters.SYMBOL_REFERENCE_PRICE.typeId(), "REFERENCE_PRICE",
        RiskStateCounters.SYMBOL_COLLAR_BPS.typeId(), "COLLAR_BPS",
        RiskStateCounters.SYMBOL_MAX_ORDER_QTY.typeId(), "MAX_ORDER_QTY",
        RiskStateCounters.SYMBOL_TRADABLE.typeId(), "TRADABLE",
        RiskStateCounters.SYMBOL_RESTRICTED.typeId(), "RESTRICTED");

    private RiskStateJson()
    {
    }

    /**
     * @param readings the counters read now.
     * @return the JSON document, or null when no core's risk state is among the readings (no core on this driver).
     */
    public static String render(final List<CounterReading> readings)
    {
        final Map<String, Object> accounts = new TreeMap<>();
        final Map<String, Object> symbols = new TreeMap<>();
        final Map<String, Object> venues = new TreeMap<>(Comparator.comparingLong(Long::parseLong));
        Boolean global = null;
        long venuesPaused = 0;
        for (final CounterReading reading : readings)
        {
            final int typeId = reading.entry().typeId();
            final long value = reading.value();
            if (CoreCounters.KILL_SWITCH_GLOBAL.typeId() == typeId)
            {
                global = 0 != value;
            }
            else if (CoreCounters.VENUES_PAUSED.typeId() == typeId)
            {
                venuesPaused = value;
            }
            else if (ACCOUNT_FIELDS.containsKey(typeId))
            {
                object(accounts, ascii(reading.key())).put(ACCOUNT_FIELDS.get(typeId),
                    RiskStateCounters.KILL_SWITCH_ACCOUNT.typeId() == typeId ? 0 != value : value);
            }
            else if (ACCOUNT_LIMITS.containsKey(typeId))
            {
                object(object(accounts, ascii(reading.key())), "limits").put(ACCOUNT_LIMITS.get(typeId), value);
            }
            else if (RiskStateCounters.POSITION.typeId() == typeId)
            {
                object(object(accounts, ascii(reading.key())), "positions").put(ascii(reading.key2()), value);
            }
            else if (RiskStateCounters.ACCOUNT_SYMBOL_RESTRICTED.typeId() == typeId)
            {
                @SuppressWarnings("unchecked")
                final Set<String> restricted = (Set<String>)object(accounts, ascii(reading.key()))
                    .computeIfAbsent("restrictedSymbols", (key) -> new TreeSet<String>());
                if (0 != value)
                {
                    restricted.add(ascii(reading.key2()));
                }
            }
            else if (RiskStateCounters.VENUE_PAUSED.typeId() == typeId)
            {
                object(venues, Long.toString(reading.key())).put("paused", 0 != value);
            }
            else if (RiskStateCounters.KILL_SWITCH_SYMBOL.typeId() == typeId)
            {
                object(symbols, ascii(reading.key())).put("killSwitch", 0 != value);
            }
            else if (SYMBOL_LIMITS.containsKey(typeId))
            {
                object(object(symbols, ascii(reading.key())), "limits").put(SYMBOL_LIMITS.get(typeId), value);
            }
        }
        if (null == global || accounts.isEmpty())
        {
            return null;
        }
        final StringBuilder json = new StringBuilder(1024);
        json.append("{\"killSwitchGlobal\":").append(global).append(",\"venuesPaused\":").append(venuesPaused);
        if (!venues.isEmpty())
        {
            json.append(",\"venues\":");
            render(json, venues);
        }
        json.append(",\"accounts\":");
        render(json, accounts);
        json.append(",\"symbols\":");
        render(json, symbols);
        return json.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(final Map<String, Object> parent, final String name)
    {
        return (Map<String, Object>)parent.computeIfAbsent(name, (key) -> new TreeMap<String, Object>());
    }

    private static String ascii(final long packed)
    {
        return PackedAscii.isValid(packed) ? PackedAscii.unpack(packed) : Long.toString(packed);
    }

    /** Members are Long, Boolean, sets of names (arrays of strings) or nested objects. */
    @SuppressWarnings("unchecked")
    private static void render(final StringBuilder json, final Map<String, Object> object)
    {
        json.append('{');
        boolean first = true;
        for (final Map.Entry<String, Object> member : object.entrySet())
        {
            json.append(first ? "" : ",").append(Json.quote(member.getKey())).append(':');
            if (member.getValue() instanceof Map)
            {
                render(json, (Map<String, Object>)member.getValue());
            }
            else if (member.getValue() instanceof Set)
            {
                json.append('[').append(String.join(",",
                    ((Set<String>)member.getValue()).stream().map(Json::quote).toList())).append(']');
            }
            else
            {
                json.append(member.getValue());
            }
            first = false;
        }
        json.append('}');
    }
}
