package io.peregrine.ops.health;

import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.config.PeregrineKeys.Ops;
import io.peregrine.core.CoreCounters;
import io.peregrine.core.Peregrine;
import io.peregrine.core.journal.CoreJournal;
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
 * <li>{@code journal}: the core journal accepts every input (free space above its minimum, no failed append), its
 * directory is writable and its position advances while input arrives; and the directories the gateway journals
 * to (venue orders, broker ClOrdIDs, FIX stores) and the ops data directory are writable and have at least
 * {@code peregrine.ops.min.free.bytes} free (a full disk fails their appends, which a writable check does not see);</li>
 * <li>{@code venue N}: the venue's FIX session is logged on (else why: the venue's or our Logout text, e.g. "logon
 * refused: MsgSeqNum too low, expecting 3034 but received 511", an unanswered Logon, an operator's logout) and its
 * circuit breaker is closed (open and half open are DOWN);</li>
 * <li>{@code broker-acceptor}: listening;</li>
 * <li>{@code broker-reports}: DEGRADED while a broker session's core reports have waited longer than
 * {@link BrokerReportWaits#DEGRADED_AFTER_MS}, naming its CompID ({@link BrokerReportWaits});</li>
 * <li>{@code venue-sim}: the simulated venue's engine thread runs;</li>
 * <li>{@code aeron}: neither the core's nor the gateway's Aeron client was closed by Aeron (a process starved past
 * the liveness timeouts; see {@code AeronClientWatch}).</li>
 * <li>{@code egress} (with a core): DEGRADED while the core drops reports on its live egress stream, naming the client
 * of the last one ({@link EgressDropWatch}).</li>
 * </ul>
 * A DEGRADED part is still ready (HTTP 200): the answer's status says DEGRADED, the part gives the reason.
 * Any thread; allocates (edge).
 */
public final class HealthCheck
{
    /**
     * One part of the answer.
     *
     * @param name     what.
     * @param up       true when UP or DEGRADED.
     * @param detail   why it is DOWN or DEGRADED, or what it saw when UP.
     * @param degraded true when it works but something is being lost (DEGRADED: still ready).
     */
    public record Part(String name, boolean up, String detail, boolean degraded)
    {
        /**
         * A part that is UP or DOWN.
         *
         * @param name   what.
         * @param up     true when UP.
         * @param detail why it is DOWN, or what it saw when UP.
         */
        public Part(final String name, final boolean up, final String detail)
        {
            this(name, up, detail, false);
        }

        /**
         * @param name   what.
         * @param reason what is being lost.
         * @return a DEGRADED part.
         */
        public static Part degraded(final String name, final String reason)
        {
            return new Part(name, true, reason, true);
        }

        /** @return "UP", "DEGRADED" or "DOWN". */
        public String status()
        {
            return !up ? "DOWN" : degraded ? "DEGRADED" : "UP";
        }
    }

    /**
     * The whole answer.
     *
     * @param live  the core's duty cycle advances (true without a core).
     * @param parts every part.
     */
    public record Result(boolean live, List<Part> parts)
    {
        /** @return true when every part is UP or DEGRADED. */
        public boolean ready()
        {
            return parts.stream().allMatch(Part::up);
        }

        /** @return "DOWN" if a part is DOWN, else "DEGRADED" if one is, else "UP". */
        public String status()
        {
            return !ready() ? "DOWN" : parts.stream().anyMatch(Part::degraded) ? "DEGRADED" : "UP";
        }

        /** @return the JSON body of {@code /health}. */
        public String toJson()
        {
            final StringBuilder sb = new StringBuilder(256);
            sb.append("{\"status\":\"").append(status()).append("\",\"live\":").append(live)
                .append(",\"ready\":").append(ready()).append(",\"parts\":[");
            for (int i = 0; i < parts.size(); i++)
            {
                final Part part = parts.get(i);
                final boolean plainUp = part.up() && !part.degraded();
                sb.append(i > 0 ? "," : "").append("{\"name\":").append(Json.quote(part.name()))
                    .append(",\"status\":\"").append(part.status()).append('"')
                    .append(plainUp ? ",\"detail\":" : ",\"reason\":").append(Json.quote(part.detail())).append('}');
            }
            return sb.append("]}").toString();
        }
    }

    private final OpsTargets targets;
    private final CounterScan scan;
    private final HeartbeatWatch heartbeat;
    private final long stallMillis;
    private final Path opsDataDir;
    private final long minFreeBytes;
    private final EgressDropWatch egressDrops;
    private long lastInputs = -1;
    private long lastPosition = -1;

    /**
     * @param targets      what runs here.
     * @param scan         the counters.
     * @param heartbeat    the core's heartbeat watch, or null without a core.
     * @param stallMillis  heartbeat stall that makes the core DOWN.
     * @param opsDataDir   the ops console's data directory.
     * @param minFreeBytes free space below which a data directory (the ops console's, the gateway's) is DOWN.
     */
    public HealthCheck(
        final OpsTargets targets,
        final CounterScan scan,
        final HeartbeatWatch heartbeat,
        final long stallMillis,
        final Path opsDataDir,
        final long minFreeBytes)
    {
        this.targets = targets;
        this.scan = scan;
        this.heartbeat = heartbeat;
        this.stallMillis = stallMillis;
        this.opsDataDir = opsDataDir;
        this.minFreeBytes = minFreeBytes;
        final Peregrine core = targets.core();
        this.egressDrops = null == core ? null :
            new EgressDropWatch(core.context().egressStreamId(), null != core.journal());
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
        parts.add(aeronClients());
        if (null != egressDrops)
        {
            final CoreCounters counters = targets.core().counters();
            parts.add(egressDrops.check(
                counters.egressDropped().get(), counters.egressDroppedClient().get(), System.nanoTime()));
        }
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
                // The bound port: the configured one, or the one the OS chose for a configured port 0.
                final int bound = gateway.brokerPort();
                final String where = gateway.context().brokerHost() + ":" +
                    (bound > 0 ? bound : gateway.context().brokerPort());
                parts.add(new Part("broker-acceptor", listening,
                    listening ? "listening on " + where : "broker acceptor is not listening on " + where));
                parts.add(BrokerReportWaits.check(gateway.waitingBrokerSessions().sinceMs(), System.currentTimeMillis(),
                    BrokerReportWaits.DEGRADED_AFTER_MS));
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

    /**
     * DOWN once Aeron has closed the core's or the gateway's client under it (a starved machine): that part has
     * stopped, and only a restart brings it back.
     */
    private Part aeronClients()
    {
        final List<String> lost = new ArrayList<>();
        if (null != targets.core() && targets.core().aeronClient().isLost())
        {
            lost.add(targets.core().aeronClient().lossReason());
        }
        if (null != targets.gateway() && targets.gateway().aeronClient().isLost())
        {
            lost.add(targets.gateway().aeronClient().lossReason());
        }
        if (null == targets.core() && null == targets.gateway())
        {
            return new Part("aeron", true, "no Aeron client in this process");
        }
        return lost.isEmpty() ? new Part("aeron", true, "Aeron clients open") :
            new Part("aeron", false, String.join("; ", lost) + ": stopped, restart the process");
    }

    private Part journal()
    {
        final Part core = coreJournal();
        if (null != core && !core.up())
        {
            return core;
        }
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
            // As the core journal measures its own (a statvfs; 0 when the file system does not say, which is DOWN).
            final long free = dir.toFile().getUsableSpace();
            if (minFreeBytes > 0 && free < minFreeBytes)
            {
                return new Part("journal", false, "directory " + dir.toAbsolutePath() + " has " + free +
                    " bytes free, below " + Ops.MIN_FREE_BYTES.name() + " (" + minFreeBytes + "): free disk space");
            }
        }
        return new Part("journal", true, (null == core ? "" : core.detail() + "; ") + "writable: " + dirs);
    }

    /**
     * The core journal, when this process runs a core: null without one.
     */
    private synchronized Part coreJournal()
    {
        final Peregrine core = targets.core();
        if (null == core)
        {
            return null;
        }
        final CoreJournal journal = core.journal();
        if (null == journal)
        {
            return new Part("journal", true, "core journal off (no " + Core.JOURNAL_DIR.name() + ")");
        }
        final String where = journal.directory().toAbsolutePath().toString();
        final String unavailable = journal.unavailableReason();
        if (null != unavailable)
        {
            return new Part("journal", false, "core journal " + where + " refuses input: " + unavailable);
        }
        if (!Files.isDirectory(journal.directory()) || !Files.isWritable(journal.directory()))
        {
            return new Part("journal", false, "core journal directory " + where + " is not writable" +
                (Files.exists(journal.directory()) ? "" : " (missing)"));
        }
        // Every input the core takes is journaled first: input arriving while the position stands still means the
        // journal is not being written (input refused as malformed before journaling is left out).
        final CoreCounters counters = core.counters();
        final long inputs = counters.ingressMessages().get() + counters.venueMessages().get() -
            counters.malformedMessages().get();
        final long position = counters.journalPosition().get();
        final boolean stuck = lastInputs >= 0 && inputs > lastInputs && position == lastPosition;
        final long arrived = inputs - lastInputs;
        lastInputs = inputs;
        lastPosition = position;
        if (stuck)
        {
            return new Part("journal", false, "core journal " + where + " position stayed at " + position +
                " while " + arrived + " messages arrived: input is not being journaled");
        }
        return new Part("journal", true, "core journal " + where + " at position " + position);
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
            if (reading.entry().typeId() == GatewayCounters.VENUE_CIRCUIT_STATE.typeId() && reading.key() == venueId)
            {
                circuit = reading.value();
            }
        }
        return loggedOn(name, circuit);
    }

    /**
     * A logged-on venue by its circuit breaker (gauge 1223: 0 closed, 1 open, 2 half open). Half open is DOWN too: the
     * breaker opened on failures and the venue has not answered since (it lets one probe through and refuses the other
     * new orders); reading it UP made {@code /health} flap 503, 200, 503 every cool-down while the venue stayed frozen.
     *
     * @param name    the part's name ({@code venue N}).
     * @param circuit the venue's circuit state gauge.
     * @return the venue's part.
     */
    static Part loggedOn(final String name, final long circuit)
    {
        if (1 == circuit)
        {
            return new Part(name, false, name + " circuit breaker open: requests are failing or not acknowledged");
        }
        if (2 == circuit)
        {
            return new Part(name, false, name + " circuit breaker half open: it opened on failures and the venue " +
                "has not answered since; one probe request tests it, other new orders are refused until it answers");
        }
        return new Part(name, true, "logged on");
    }
}
