package io.peregrine.ops.metrics;

import io.peregrine.core.CoreCounters;
import io.peregrine.core.admin.RiskStateCounters;
import io.peregrine.fixedge.ConnectionCounters;
import io.peregrine.gateway.GatewayCounters;
import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.InProcessCounters;
import io.peregrine.sim.VenueEngineCounters;
import io.peregrine.sim.VenueInstrument;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalog is the producers' descriptors: what a producer allocates is what the ops console reads and exposes.
 * (The whole stack's counters against the catalog: {@code MetricsEndpointSystemTest}.)
 */
class CounterCatalogTest
{
    @Test
    void everyDescriptorOfEveryProducerIsAnEntryWithItsNameKindKeyAndHelp()
    {
        final List<CounterDescriptor> all = new ArrayList<>();
        all.addAll(CounterDescriptor.declaredIn(CoreCounters.class));
        all.addAll(CounterDescriptor.declaredIn(GatewayCounters.class));
        all.addAll(CounterDescriptor.declaredIn(ConnectionCounters.class));
        all.addAll(CounterDescriptor.declaredIn(VenueEngineCounters.class));
        all.addAll(CounterDescriptor.declaredIn(RiskStateCounters.class));
        for (final CounterDescriptor counter : all)
        {
            final CounterCatalog.Entry entry = CounterCatalog.entry(counter.typeId());
            assertEquals(counter.metricName(), entry.name());
            assertEquals(counter.gauge(), entry.gauge());
            assertSame(counter.key(), entry.key());
            assertEquals(counter.help(), entry.help());
        }
        assertEquals(all.size() + 7, CounterCatalog.entries().size(), "the five producers' and the seven single ones");
        assertNull(CounterCatalog.entry(7020), "not a Peregrine counter");
    }

    @Test
    void theCountersAVenueEngineAndAnAcceptorAllocateAreReadAsTheirCatalogEntries()
    {
        final CountersManager manager = InProcessCounters.manager(64);
        final ConnectionCounters connections = new ConnectionCounters("test acceptor", manager::newCounter);
        final VenueEngineCounters engine = new VenueEngineCounters(new VenueEngineCounters.Factory(
            manager::newCounter, manager), List.of(VenueInstrument.of("AAPL", "150.00", "0.01", 1)));
        connections.accepted().increment();

        final List<CounterReading> readings = new CounterScan(List.of(manager)).read();
        final Set<Integer> read = new TreeSet<>();
        for (final CounterReading reading : readings)
        {
            read.add(reading.entry().typeId());
            assertSame(CounterCatalog.entry(reading.entry().typeId()), reading.entry());
        }
        final Set<Integer> declared = new TreeSet<>();
        for (final CounterDescriptor counter : CounterDescriptor.declaredIn(ConnectionCounters.class))
        {
            declared.add(counter.typeId());
        }
        for (final CounterDescriptor counter : CounterDescriptor.declaredIn(VenueEngineCounters.class))
        {
            declared.add(counter.typeId());
        }
        assertEquals(declared, read, "every counter allocated, and only those");
        assertEquals(7 + 7 + 3, readings.size(), "acceptor, engine, one instrument's book");
        assertTrue(readings.stream().anyMatch((reading) ->
            "peregrine_broker_connections_accepted_total".equals(reading.seriesId()) && 1 == reading.value() &&
            "test acceptor: connections accepted".equals(reading.label())));
        assertTrue(readings.stream().anyMatch((reading) ->
            "peregrine_sim_resting_orders{symbol=\"AAPL\"}".equals(reading.seriesId()) &&
            "peregrine-venue: resting orders symbol=AAPL".equals(reading.label())));
        connections.close();
        engine.close();
    }
}
