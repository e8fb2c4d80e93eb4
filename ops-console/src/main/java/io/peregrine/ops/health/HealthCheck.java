package io.peregrine.ops.health;

import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayCounters;
import io.peregrine.ops.OpsTargets;
import io.peregrine.ops.http.Json;
import io.peregrine.ops.metrics.CounterReading;
import io.peregrine.ops.metrics.CounterScan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Liveness and readiness of what runs in this process, each part with a reason when it is DOWN:
 * <ul>
 * <li>{@code core}: its heartbeat counter (duty cycles) moved within the stall time (liveness);</li>
 * <li>{@code journal}: the directories the gateway journals to (venue orders, broker ClOrdIDs) and the ops data
 * directory are writable;</li>
 * <li>{@code venue N}: the venue's FIX session is logged on (else why: the venue's or our Logout text, e.g. "logon
 * refused: MsgSeqNum too low, expecting 3034 but received 511") and its circuit breaker is not open;</li>
 * <li>{@code broker-acceptor}: listening;</li>
 * <li>{@code venue-sim}: the simulated venue's engine thread runs.</li>
 * </ul>
 * Any thread; allocates (edge).
 */
public final class HealthCheck
{
    /**
     * One part of the answer.
     *
     * @param name   what.
     * @param up     true when UP.
     * @param detail why it is DOWN, or what it saw when UP.
     */
    public record Part(String name, boolean up, String detail)
    {
    }

    /**
     * The whole answer.
     *
     * @param live  the core's duty cycle advances (true without a core).
     * @param parts every part.
     */
    public record Result(boolean live, List<Part> parts)
    {
        /** @return true when every part is UP. */
        public boolean ready()
        {
            return parts.stream().allMatch(Part::up);
        }

        /** @return the JSON body of {@code /health}. */
        public String toJson()
        {
            final StringBuilder sb = new StringBuilder(256);
            sb.append("{\"status\":\"").append(ready() ? "UP" : "DOWN").append("\",\"live\":").append(live)
                .append(",\"ready\":").append(ready()).append(",\"parts\":[");
            for (int i = 0; i < parts.size(); i++)
            {
                final Part part = parts.get(i);
                sb.append(i > 0 ? "," : "").append("{\"name\":").append(Json.quote(part.name()))
                    .append(",\"status\":\"").append(part.up() ? "UP" : "DOWN").append('"')
                    .append(part.up() ? ",\"detail\":" : ",\"reason\":").append(Json.quote(part.detail())).append('}');
            }
            return sb.append("]}").toString();
        }
    }

    private final OpsTargets targets;
    private final CounterScan scan;
    private final HeartbeatWatch heartbeat;
    private final long stallMillis;
    private final Path opsDataDir;

    /**
     * @param targets     what runs here.
     * @param scan        the counters.
     * @param heartbeat   the core's heartbeat watch, or null without a core.
     * @param stallMillis heartbeat stall that makes the core DOWN.
     * @param opsDataDir  the ops console's data directory.
     */
    public HealthCheck(
        final OpsTargets targets,
        final CounterScan scan,
        final HeartbeatWatch heartbeat,
        final long stallMillis,
        final Path opsDataDir)
    {
        this.targets = targets;
        this.scan = scan;
        this.heartbeat = heartbeat;
        this.stallMillis = stallMillis;
        this.opsDataDir = opsDataDir;
    }

    /**
     * @return the health now.
     */
    public Result check()
    {
        final List<Part> parts = new ArrayList<>();
        boolean live = true;
        if (null != heartbeat)
        {
            final long stalled = heartbeat.stalledMillis(System.nanoTime());
            live = stalled < stallMillis;
            parts.add(new Part("core", live, live ? "heartbeat advancing" :
                "core heartbeat has not moved for " + stalled + " ms: the core thread is not running its duty cycle"));
        }
        parts.add(journal());
        final FixGateway gateway = targets.gateway();
        if (null != gateway)
        {
            final List<CounterReading> readings = scan.read();
            for (final int venueId : gateway.venueIds())
            {
                parts.add(venue(gateway, venueId, readings));
            }
            if (gateway.context().brokerEnabled())
            {
                final boolean listening = gateway.brokerAcceptorListening();
                final String where = gateway.context().brokerHost() + ":" + gateway.context().brokerPort();
                parts.add(new Part("broker-acceptor", listening,
                    listening ? "listening on " + where : "broker acceptor is not listening on " + where));
            }
        }
        if (null != targets.venue())
        {
            final boolean running = targets.venue().isRunning();
            parts.add(new Part("venue-sim", running, running ?
                targets.venue().compId() + " listening on " + targets.venue().host() + ":" + targets.venue().port() :
                "simulated venue " + targets.venue().compId() + " is not running (engine thread stopped)"));
        }
        return new Result(live, parts);
    }

    private Part journal()
    {
        final List<Path> dirs = new ArrayList<>();
        dirs.add(opsDataDir);
        if (null != targets.gateway())
        {
            dirs.add(targets.gateway().context().dataDir());
        }
        for (final Path dir : dirs)
        {
            if (!Files.isDirectory(dir) || !Files.isWritable(dir))
            {
                return new Part("journal", false, "directory " + dir.toAbsolutePath() + " is not writable" +
                    (Files.exists(dir) ? "" : " (missing)"));
            }
        }
        return new Part("journal", true, "writable: " + dirs);
    }

    private static Part venue(final FixGateway gateway, final int venueId, final List<CounterReading> readings)
    {
        final String name = "venue " + venueId;
        if (!gateway.isVenueLoggedOn(venueId))
        {
            final String problem = gateway.venueSessionHealth().lastProblem(venueId);
            return new Part(name, false, name + " " + (null == problem ? "not logged on (waiting for logon)" : problem));
        }
        long circuit = 0;
        for (final CounterReading reading : readings)
        {
            if (reading.entry().typeId() == GatewayCounters.VENUE_CIRCUIT_STATE_TYPE_ID && reading.key() == venueId)
            {
                circuit = reading.value();
            }
        }
        if (1 == circuit)
        {
            return new Part(name, false, name + " circuit breaker open: requests are failing or not acknowledged");
        }
        return new Part(name, true, 2 == circuit ? "logged on; circuit half open (probing)" : "logged on");
    }
}
