package io.peregrine.ops.metrics;

import io.peregrine.core.CoreCounters;
import io.peregrine.core.Peregrine;
import io.peregrine.core.admin.RiskStateCounters;
import io.peregrine.core.ingress.ClientAuthorisation;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.fixedge.ConnectionCounters;
import io.peregrine.gateway.GatewayCounters;
import io.peregrine.gateway.broker.BrokerReportAgent;
import io.peregrine.gateway.edge.SessionRateLimit;
import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.CounterKey;
import io.peregrine.sim.VenueEngineCounters;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every Peregrine Aeron counter the ops console knows: its type id, the Prometheus metric it becomes, whether it is
 * a counter or a gauge, what its 8-byte key means (a label), and what it counts. Built from the producers'
 * {@link CounterDescriptor}s (each counter is described once, next to the code that writes it); the README of
 * ops-console prints it and a test checks the two agree.
 * <p>
 * Immutable; any thread.
 */
public final class CounterCatalog
{
    /**
     * One row of the table.
     *
     * @param typeId  Aeron counter type id.
     * @param name    Prometheus metric name (counters get {@code _total} appended in the exposition).
     * @param gauge   true for a gauge (a level), false for a counter (only goes up).
     * @param key     what the counter's key holds, and so which Prometheus label it gets ({@link #labelName()}).
     * @param owner   module and class that writes it.
     * @param help    what it counts.
     */
    public record Entry(int typeId, String name, boolean gauge, CounterKey key, String owner, String help)
    {
        /** @return the name as exposed: with {@code _total} for counters. */
        public String exposedName()
        {
            return gauge ? name : name + "_total";
        }

        /**
         * @return the Prometheus label name(s) of the key, comma separated (the key's name in lower case), or null
         *         for {@link CounterKey#NONE}; allocates a string.
         */
        public String labelName()
        {
            return CounterKey.NONE == key ? null :
                CounterKey.ACCOUNT_SYMBOL == key ? "account,symbol" : key.name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Map<Integer, Entry> ENTRIES = new LinkedHashMap<>();

    static
    {
        // Each producer declares its counters as constants next to the code that writes them; this only names the
        // producers, in the order of the table.
        add("hft-core CoreCounters", CoreCounters.class);
        add("hft-core AutoFillVenue", AutoFillVenue.class);
        add("hft-core Peregrine", Peregrine.class);
        add("hft-core ClientAuthorisation", ClientAuthorisation.class);
        add("hft-core RiskStateCounters", RiskStateCounters.class);
        add("fix-gateway GatewayCounters", GatewayCounters.class);
        add("fix-edge ConnectionCounters (gateway broker acceptor)", ConnectionCounters.class);
        add("fix-gateway SessionRateLimit", SessionRateLimit.class);
        add("fix-gateway BrokerReportAgent", BrokerReportAgent.class);
        add("matching-sim VenueEngineCounters", VenueEngineCounters.class);
    }

    private CounterCatalog()
    {
    }

    private static void add(final String owner, final Class<?> producer)
    {
        for (final CounterDescriptor counter : CounterDescriptor.declaredIn(producer))
        {
            final Entry entry = new Entry(counter.typeId(), counter.metricName(), counter.gauge(),
                counter.key(), owner, counter.help());
            if (null != ENTRIES.put(entry.typeId(), entry))
            {
                throw new IllegalStateException("duplicate counter type id " + entry.typeId());
            }
        }
    }

    /**
     * @param typeId an Aeron counter type id.
     * @return its entry, or null if it is not a Peregrine counter.
     */
    public static Entry entry(final int typeId)
    {
        return ENTRIES.get(typeId);
    }

    /**
     * @return every entry by type id, in table order.
     */
    public static Map<Integer, Entry> entries()
    {
        return Collections.unmodifiableMap(ENTRIES);
    }
}
