package io.peregrine.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aeron.Aeron;
import io.peregrine.config.PeregrineKeys.Ops;
import io.peregrine.core.OwnerOnlyFiles;
import io.peregrine.core.Peregrine;
import io.peregrine.core.liveness.AeronClientWatch;
import io.peregrine.ops.admin.AdminApi;
import io.peregrine.ops.admin.AdminToken;
import io.peregrine.ops.admin.AuditLog;
import io.peregrine.ops.admin.CoreCommands;
import io.peregrine.ops.health.HealthCheck;
import io.peregrine.ops.health.HeartbeatWatch;
import io.peregrine.ops.http.HttpReply;
import io.peregrine.ops.http.Json;
import io.peregrine.ops.metrics.CounterReading;
import io.peregrine.ops.metrics.CounterScan;
import io.peregrine.ops.metrics.RiskStateJson;
import io.peregrine.ops.metrics.LatencyWindow;
import io.peregrine.ops.metrics.PeregrineMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.CountersReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's HTTP endpoint for what runs in this process (default {@code 127.0.0.1:9900}):
 * <ul>
 * <li>{@code GET /metrics}: Prometheus text exposition of every Peregrine counter, the core's latency percentiles
 * and JVM metrics;</li>
 * <li>{@code GET /health}: liveness and readiness as JSON, 200 when every part is UP, 503 otherwise;</li>
 * <li>{@code POST /admin/...}: kill switches, resume, venue pause/resume, limits, venue logon/logout, behind a
 * bearer token ({@link AdminApi});</li>
 * <li>{@code GET /}: the live dashboard (Chart.js from its WebJar, no CDN), fed by {@code GET /api/snapshot}.</li>
 * <li>{@code GET /api/risk}: the risk state in force (kill switches, limits, open orders, notionals, positions per
 * configured account and symbol) as the core publishes it in its gauges ({@link RiskStateJson}).</li>
 * </ul>
 * Threads: a small pool of HTTP threads (daemon) and one sampling thread (heartbeat every 250 ms, latency windows
 * every second). Nothing here runs on the core thread; reading counters does not disturb it, and the latency
 * windows are pre-allocated so sampling makes no garbage. Launch and close from one thread.
 */
public final class OpsConsole implements AutoCloseable
{
    /** Where the dashboard's static files are on the classpath. */
    public static final String DASHBOARD_RESOURCES = "/io/peregrine/ops/dashboard/";
    /** Chart.js from its WebJar (org.webjars.npm:chart.js). */
    public static final String CHART_JS_RESOURCE = "/META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";

    private static final Logger LOG = LoggerFactory.getLogger(OpsConsole.class);
    private static final Map<String, String> STATIC_FILES = Map.of(
        "/", "dashboard.html",
        "/index.html", "dashboard.html",
        "/dashboard.js", "dashboard.js",
        "/dashboard.css", "dashboard.css");

    private final OpsContext ctx;
    private final OpsTargets targets;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final OpsStats stats = new OpsStats();
    // Like the core's and the gateway's: Peregrine's liveness timeouts, and a loss stops the console loudly instead of
    // Aeron's default handler exiting the JVM (status 255, no Peregrine line) after a 10 s stall or a clock step.
    private final AeronClientWatch aeronClient =
        new AeronClientWatch("ops console", (throwable) -> LOG.error("ops console Aeron client error", throwable));
    private Aeron aeron;
    private CounterScan scan;
    private LatencyWindow[] latency = new LatencyWindow[0];
    private HeartbeatWatch heartbeat;
    private HealthCheck health;
    private AdminToken token;
    private AuditLog audit;
    private PrometheusRegistry registry;
    private HttpServer server;
    private ExecutorService httpThreads;
    private ScheduledExecutorService sampler;

    private OpsConsole(final OpsContext ctx, final OpsTargets targets)
    {
        this.ctx = ctx;
        this.targets = targets;
    }

    /**
     * Starts the console over what runs in this process.
     *
     * @param ctx     configuration; concluded here.
     * @param targets the core, gateway and/or venue to watch.
     * @return the running console; close it before what it watches.
     * @throws IllegalStateException with the fix when it cannot start (port in use, token file wrong...).
     */
    public static OpsConsole launch(final OpsContext ctx, final OpsTargets targets)
    {
        final OpsConsole console = new OpsConsole(ctx.conclude(), targets);
        try
        {
            console.start();
            return console;
        }
        catch (final RuntimeException | IOException ex)
        {
            console.close();
            throw ex instanceof RuntimeException ? (RuntimeException)ex : new IllegalStateException(ex);
        }
    }

    private void start() throws IOException
    {
        OwnerOnlyFiles.createDirectories(ctx.dataDir()); // admin token, audit log: the operators' only
        token = AdminToken.load(ctx.adminTokenFile(), ctx.dataDir());
        audit = new AuditLog(ctx.dataDir());
        closeables.add(audit);

        final List<CountersReader> readers = new ArrayList<>();
        CoreCommands coreCommands = null;
        final Peregrine core = targets.core();
        if (null != core)
        {
            aeronClient.stopAction(this::stopServing);
            aeron = Aeron.connect(aeronClient.applyTo(
                new Aeron.Context().aeronDirectoryName(core.aeronDirectoryName())));
            closeables.add(aeron);
            readers.add(aeron.countersReader());
            coreCommands = new CoreCommands(aeron, ctx.adminTimeoutMs());
            latency = LatencyWindow.of(core.latency());
            heartbeat = new HeartbeatWatch(core.counters().heartbeat(), System.nanoTime());
        }
        else if (null != targets.venue())
        {
            readers.add(targets.venue().counters().reader());
        }
        scan = new CounterScan(readers);
        health = new HealthCheck(
            targets, scan, heartbeat, ctx.heartbeatStallMs(), ctx.dataDir(), ctx.minFreeBytes());

        registry = new PrometheusRegistry();
        registry.register(new PeregrineMetrics(scan, latency, stats, () -> health.check().ready()));

        sampler = Executors.newSingleThreadScheduledExecutor(daemon("peregrine-ops-sampler"));
        closeables.add(() -> stop(sampler));
        if (null != heartbeat)
        {
            sampler.scheduleAtFixedRate(() -> heartbeat.sample(System.nanoTime()), 0, 250, TimeUnit.MILLISECONDS);
        }
        if (latency.length > 0)
        {
            sampler.scheduleAtFixedRate(this::sampleLatency, 1, 1, TimeUnit.SECONDS);
        }

        try
        {
            server = HttpServer.create(new InetSocketAddress(ctx.host(), ctx.port()), 64);
        }
        catch (final BindException ex)
        {
            throw portInUse(ctx, ex);
        }
        httpThreads = Executors.newFixedThreadPool(4, daemon("peregrine-ops-http"));
        server.setExecutor(httpThreads);
        server.createContext("/", this::onStatic);
        server.createContext("/webjars/", this::onWebjar);
        server.createContext("/metrics", exact(this::onMetrics));
        server.createContext("/health", exact(this::onHealth));
        server.createContext("/api/snapshot", exact(this::onSnapshot));
        server.createContext("/api/risk", exact(this::onRisk));
        server.createContext("/admin", new AdminApi(token, audit, stats, coreCommands, targets.gateway()));
        server.start();
        closeables.add(() ->
        {
            server.stop(0);
            stop(httpThreads);
        });
        LOG.info("ops console on http://{}:{}/ (metrics /metrics, health /health, admin /admin/... with the token " +
            "in {}, audit log {})", ctx.host(), port(), token.file().toAbsolutePath(), audit.file().toAbsolutePath());
    }

    /**
     * Aeron closed the console's client (see {@link AeronClientWatch}): its counters and the admin API's publications
     * go with it, so the threads that read or offer them stop before Aeron unmaps them; the launcher's main exits.
     */
    private void stopServing()
    {
        if (null != server)
        {
            server.stop(0);
            stop(httpThreads);
        }
        if (null != sampler)
        {
            stop(sampler);
        }
    }

    private void sampleLatency()
    {
        try
        {
            for (final LatencyWindow window : latency)
            {
                window.sample();
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("latency sampling failed", ex);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(final String name)
    {
        final AtomicInteger count = new AtomicInteger();
        return (runnable) ->
        {
            final Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void stop(final ExecutorService executor)
    {
        executor.shutdownNow();
        try
        {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Handler
    {
        void handle(HttpExchange exchange) throws IOException;
    }

    private com.sun.net.httpserver.HttpHandler exact(final Handler handler)
    {
        return (exchange) ->
        {
            try
            {
                if (!exchange.getHttpContext().getPath().equals(exchange.getRequestURI().getPath()))
                {
                    notFound(exchange);
                    return;
                }
                if (HttpReply.refuseMethod(exchange, "GET"))
                {
                    stats.onBadRequest();
                    return;
                }
                handler.handle(exchange);
            }
            catch (final RuntimeException ex)
            {
                LOG.error("ops request {} failed", exchange.getRequestURI(), ex);
                HttpReply.error(exchange, 500, "internal error: " + ex);
            }
        };
    }

    private void notFound(final HttpExchange exchange) throws IOException
    {
        stats.onBadRequest();
        HttpReply.error(exchange, 404, "no such page " + exchange.getRequestURI().getPath() +
            "; try /, /metrics, /health, /api/snapshot, /api/risk or POST /admin/...");
    }

    private void onMetrics(final HttpExchange exchange) throws IOException
    {
        final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        final MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        JvmRegistry.INSTANCE.scrape().forEach(snapshots::metricSnapshot);
        registry.scrape().forEach(snapshots::metricSnapshot);
        writer.write(out, snapshots.build());
        HttpReply.send(exchange, 200, writer.getContentType(), out.toByteArray());
    }

    private void onHealth(final HttpExchange exchange) throws IOException
    {
        final HealthCheck.Result result = health.check();
        HttpReply.json(exchange, result.ready() ? 200 : 503, result.toJson());
    }

    private void onRisk(final HttpExchange exchange) throws IOException
    {
        final String risk = RiskStateJson.render(scan.read());
        if (null == risk)
        {
            HttpReply.error(exchange, 503, "no core's risk state on this console's media driver: ask the console " +
                "of 'run.sh stack' or 'run.sh gateway'");
            return;
        }
        HttpReply.json(exchange, 200, risk);
    }

        private void onSnapshot(final HttpExchange exchange) throws IOException
    {
        final StringBuilder sb = new StringBuilder(4096);
        sb.append("{\"time\":").append(System.currentTimeMillis()).append(",\"counters\":{");
        boolean first = true;
        for (final CounterReading reading : scan.read())
        {
            sb.append(first ? "" : ",").append(Json.quote(reading.seriesId())).append(':').append(reading.value());
            first = false;
        }
        sb.append("},\"latency\":[");
        for (int i = 0; i < latency.length; i++)
        {
            final LatencyWindow window = latency[i];
            sb.append(i > 0 ? "," : "").append("{\"").append(window.labelName()).append("\":")
                .append(Json.quote(window.stage()))
                .append(",\"p50\":").append(window.percentileSeconds(50))
                .append(",\"p90\":").append(window.percentileSeconds(90))
                .append(",\"p99\":").append(window.percentileSeconds(99))
                .append(",\"p999\":").append(window.percentileSeconds(99.9))
                .append(",\"max\":").append(window.maxSeconds())
                .append(",\"windowCount\":").append(window.windowCount()).append('}');
        }
        sb.append("],\"ops\":{\"unauthorized\":").append(stats.unauthorized())
            .append(",\"adminApplied\":").append(stats.adminApplied())
            .append(",\"adminRejected\":").append(stats.adminRejected()).append('}')
            .append(",\"health\":").append(health.check().toJson()).append('}');
        HttpReply.json(exchange, 200, sb.toString());
    }

    private void onStatic(final HttpExchange exchange) throws IOException
    {
        final String file = STATIC_FILES.get(exchange.getRequestURI().getPath());
        if (null == file)
        {
            notFound(exchange);
            return;
        }
        if (HttpReply.refuseMethod(exchange, "GET"))
        {
            stats.onBadRequest();
            return;
        }
        final String type = file.endsWith(".html") ? "text/html; charset=utf-8" :
            file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        HttpReply.send(exchange, 200, type, resource(DASHBOARD_RESOURCES + file));
    }

    private void onWebjar(final HttpExchange exchange) throws IOException
    {
        if (!"/webjars/chart.js/chart.umd.min.js".equals(exchange.getRequestURI().getPath()))
        {
            notFound(exchange);
            return;
        }
        if (HttpReply.refuseMethod(exchange, "GET"))
        {
            stats.onBadRequest();
            return;
        }
        HttpReply.send(exchange, 200, "text/javascript; charset=utf-8", resource(CHART_JS_RESOURCE));
    }

    private static byte[] resource(final String name) throws IOException
    {
        try (InputStream in = OpsConsole.class.getResourceAsStream(name))
        {
            if (null == in)
            {
                throw new IllegalStateException("missing resource " + name + " on the classpath");
            }
            return in.readAllBytes();
        }
    }

    /**
     * @return the port the HTTP endpoint listens on (the bound one when configured 0).
     */
    public int port()
    {
        return server.getAddress().getPort();
    }

    /**
     * @return the base URL, e.g. {@code http://127.0.0.1:9900}.
     */
    public String url()
    {
        return "http://" + ctx.host() + ":" + port();
    }

    /**
     * @return the admin token's file.
     */
    public Path tokenFile()
    {
        return token.file();
    }

    /**
     * @return the admin audit log file.
     */
    public Path auditFile()
    {
        return audit.file();
    }

    /**
     * @return the health now (same as {@code GET /health}).
     */
    public HealthCheck.Result health()
    {
        return health.check();
    }

    /**
     * @return the watch of the console's Aeron client (connected to the core's driver when the console watches a core;
     *         never lost otherwise): a launcher's main exits when it is lost, as for the core's and the gateway's.
     */
    public AeronClientWatch aeronClient()
    {
        return aeronClient;
    }

    /**
     * @return the console's Aeron client context, or null without a core (tests check its settings).
     */
    Aeron.Context aeronContext()
    {
        return null == aeron ? null : aeron.context();
    }

    /**
     * @return the console's own counts.
     */
    public OpsStats stats()
    {
        return stats;
    }

    /**
     * Stops the HTTP endpoint and the sampling thread, and closes the Aeron client and the audit log. Idempotent.
     */
    public void close()
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
        closeables.clear();
    }

    /**
     * The process's JVM metrics, in one registry for every console of the process. Prometheus' {@link JvmMetrics}
     * keeps each registry it is registered with for the life of the process (so as never to register twice): a
     * console's own registry registered there would keep the closed console, and the whole stack it watched,
     * reachable, one more with every console an embedding application opens and closes.
     */
    private static final class JvmRegistry
    {
        static final PrometheusRegistry INSTANCE = new PrometheusRegistry();

        static
        {
            JvmMetrics.builder().register(INSTANCE);
        }
    }

    /**
     * Refuses a console port in use before anything starts (a launcher calls it before the core), with the message
     * the console's own start gives.
     *
     * @param ctx the console's configuration.
     * @throws IllegalStateException naming the keys that fix it.
     */
    public static void requirePortFree(final OpsContext ctx)
    {
        if (0 == ctx.port())
        {
            return;
        }
        try
        {
            new java.net.ServerSocket(ctx.port(), 1, java.net.InetAddress.getByName(ctx.host())).close();
        }
        catch (final BindException ex)
        {
            throw portInUse(ctx, ex);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException("ops console cannot listen on " + ctx.host() + ":" + ctx.port(), ex);
        }
    }

    private static IllegalStateException portInUse(final OpsContext ctx, final BindException ex)
    {
        return new IllegalStateException("ops console cannot listen on " + ctx.host() + ":" + ctx.port() + " (" +
            ex.getMessage() + "): stop what uses the port, or set -D" + Ops.PORT.name() + "=<port> (0 = any " +
            "free port), or -D" + Ops.ENABLED.name() + "=false", ex);
    }
}
