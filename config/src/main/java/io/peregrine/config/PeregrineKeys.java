package io.peregrine.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The public configuration keys of Peregrine's processes, each declared once with its default and type
 * ({@link ConfigKey}): the core and its clients ({@link Core}), the FIX gateway ({@link Gateway}), the ops console
 * ({@link Ops}) and the simulated exchange ({@link Sim}). Each context ({@code PeregrineContext},
 * {@code PeregrineClient.Context}, {@code GatewayContext}, {@code OpsContext}, {@code SimVenueContext}) reads its keys
 * from here, so a key read by two processes (the streams, the gateway's client id)
 * has one name and one default. The keys and defaults are public contract: {@code PeregrineKeysReadmeTest} checks
 * that the README tables (root or module) show every one of them with its default.
 * <p>
 * Keys of other settings live with the code they configure: the process-wide idle keys in {@link IdleStrategies},
 * {@code peregrine.threading} in {@code AgentThreading}.
 */
public final class PeregrineKeys
{
    private PeregrineKeys()
    {
    }

    /**
     * @return every key declared here ({@link Core}, {@link Gateway}, {@link Ops}, {@link Sim}), in declaration order
     * within each group; edge code (reflection), for catalogs and checks ({@link KeyCatalog}), not for reading values.
     */
    public static List<ConfigKey<?>> all()
    {
        final List<ConfigKey<?>> keys = new ArrayList<>();
        for (final Class<?> group : PeregrineKeys.class.getClasses())
        {
            for (final Field field : group.getFields())
            {
                if (Modifier.isStatic(field.getModifiers()) && ConfigKey.class == field.getType())
                {
                    try
                    {
                        keys.add((ConfigKey<?>)field.get(null));
                    }
                    catch (final IllegalAccessException ex)
                    {
                        throw new IllegalStateException("cannot read " + field, ex);
                    }
                }
            }
        }
        return Collections.unmodifiableList(keys);
    }

    /**
     * The core's keys ({@code PeregrineContext}); the Aeron wiring (directory, channel, streams, public defaults
     * 1001/1002/2001/2002) is also read by the core's clients, and the gateway falls back to it.
     */
    public static final class Core
    {
        /** Aeron directory; unset: Aeron's own default ({@code aeron.dir}, else {@code /dev/shm/aeron-<user>}). */
        public static final ConfigKey<String> AERON_DIR = ConfigKey.text("peregrine.aeron.dir", null);
        /** Aeron channel of all four streams. */
        public static final ConfigKey<String> CHANNEL = ConfigKey.text("peregrine.channel", "aeron:ipc");
        /** Stream clients offer orders and admin commands on. */
        public static final ConfigKey<Integer> INGRESS_STREAM_ID =
            ConfigKey.wholeNumber("peregrine.ingress.stream", 1001);
        /** Stream the core publishes reports on. */
        public static final ConfigKey<Integer> EGRESS_STREAM_ID =
            ConfigKey.wholeNumber("peregrine.egress.stream", 1002);
        /** Stream the core sends venue requests on (to the gateway's venue clients). */
        public static final ConfigKey<Integer> VENUE_OUT_STREAM_ID =
            ConfigKey.wholeNumber("peregrine.venue.out.stream", 2001);
        /** Stream venue clients send executions and session status to the core on. */
        public static final ConfigKey<Integer> VENUE_IN_STREAM_ID =
            ConfigKey.wholeNumber("peregrine.venue.in.stream", 2002);

        /** Whether to launch an embedded media driver; {@code false} connects to an external one (the Aeron way). */
        public static final ConfigKey<Boolean> EMBEDDED_DRIVER = ConfigKey.flag("peregrine.driver.embedded", true);
        /** Delete the Aeron directory when the embedded driver starts. */
        public static final ConfigKey<Boolean> DELETE_AERON_DIR_ON_START =
            ConfigKey.flag("peregrine.aeron.dir.delete.on.start", true);
        /** Delete the Aeron directory when the embedded driver shuts down. */
        public static final ConfigKey<Boolean> DELETE_AERON_DIR_ON_SHUTDOWN =
            ConfigKey.flag("peregrine.aeron.dir.delete.on.shutdown", true);
        /** Threading mode of the embedded driver; SHARED: one driver thread, friendly to small machines. */
        public static final ConfigKey<String> DRIVER_THREADING_MODE =
            ConfigKey.text("peregrine.driver.threading.mode", "SHARED");
        /**
         * Whether the embedded media driver's Aeron directory is made owner-only (0700, files 0600) once it starts.
         * Anyone who can write that directory can publish on every Peregrine stream: its permissions are the
         * security boundary of Aeron IPC. Set false only if clients run as another user (then use a shared group and
         * umask 007).
         */
        public static final ConfigKey<Boolean> AERON_DIR_OWNER_ONLY =
            ConfigKey.flag("peregrine.aeron.dir.owner.only", true);

        /**
         * Idle strategy of the core agent (and of the embedded driver): a name {@link IdleStrategies} knows; backoff
         * is safe on laptops, CI and 2-core machines. Its longest park is the process-wide
         * {@link IdleStrategies#BACKOFF_MAX_PARK_NS_PROP_NAME}.
         */
        public static final ConfigKey<String> IDLE_STRATEGY =
            ConfigKey.text("peregrine.idle.strategy", IdleStrategies.DEFAULT_NAME);
        /** CPU to pin the core thread to with OpenHFT affinity; -1 for no pinning. */
        public static final ConfigKey<Integer> CPU_AFFINITY = ConfigKey.wholeNumber("peregrine.cpu.affinity", -1)
            .within(-1, Integer.MAX_VALUE, "-1 (no pinning) or a cpu id");

        /** Properties file of risk limits; unset means the demo universe ({@code RiskLimits.demo()}). */
        public static final ConfigKey<Path> RISK_LIMITS_FILE = ConfigKey.path("peregrine.risk.limits.file", null);
        /** Directory of the persistent risk state; unset keeps risk state in memory. */
        public static final ConfigKey<Path> RISK_STATE_DIR = ConfigKey.path("peregrine.risk.state.dir", null);
        /**
         * Start of the trading day, {@code HH:mm} UTC: the first event at or after it zeroes the executed daily
         * notional (the credit limit's executed part), decided from the events' journaled times.
         */
        public static final ConfigKey<String> RISK_DAY_START = ConfigKey.text("peregrine.risk.day.start", "00:00");

        /** Most orders the core holds at once (working plus recently closed ones kept for late cancels). */
        public static final ConfigKey<Integer> ORDER_CAPACITY =
            ConfigKey.wholeNumber("peregrine.order.capacity", 65_536).within(1, 1 << 24, "1.." + (1 << 24));
        /**
         * Most working orders one account may hold in the order table; more are refused THROTTLED, so one account
         * cannot exhaust the table for the others. 0 (the default) means a quarter of {@link #ORDER_CAPACITY}.
         */
        public static final ConfigKey<Integer> ORDER_ACCOUNT_CAPACITY =
            ConfigKey.wholeNumber("peregrine.order.account.capacity", 0)
                .within(0, 1 << 24, "0 (a quarter of the order capacity) or 1..the order capacity");
        /** Venue id orders are routed to unless their symbol has its own route. */
        public static final ConfigKey<Integer> DEFAULT_VENUE_ID = ConfigKey.wholeNumber("peregrine.venue.default", 1)
            .atLeast(1);
        /** Per-symbol routes {@code SYMBOL=venueId}, comma separated (e.g. {@code MSFT=2,IBM=3}); none by default. */
        public static final ConfigKey<String> VENUE_ROUTES = ConfigKey.text("peregrine.venue.routes", "");
        /** Extra attempts of a back-pressured offer, with the offer idle strategy between them, before giving up. */
        public static final ConfigKey<Integer> OFFER_RETRIES = ConfigKey.wholeNumber("peregrine.offer.retries", 64)
            .atLeast(0);
        /** Fragments taken from the ingress stream per duty cycle (the venue-in stream: up to 4 times as many). */
        public static final ConfigKey<Integer> FRAGMENT_LIMIT = ConfigKey.wholeNumber("peregrine.fragment.limit", 32)
            .atLeast(1);

        /**
         * Client ids whose admin commands (KillSwitch, Resume, LimitUpdate) the core obeys and who may cancel or
         * replace any order, comma separated; everyone else gets NOT_AUTHORISED. Default 9900: the ops console's
         * client id (its port, as the gateway's).
         */
        public static final ConfigKey<String> ADMIN_CLIENT_IDS = ConfigKey.text("peregrine.admin.client.ids", "9900");
        /**
         * Prefix of the per-account keys {@code peregrine.accounts.<ACCOUNT>.client.ids}: the client ids that may send
         * orders for that account, comma separated. An account without the key may be traded by any client id.
         */
        public static final String ACCOUNT_CLIENT_IDS_PREFIX = "peregrine.accounts.";
        /** Suffix of the per-account keys, see {@link #ACCOUNT_CLIENT_IDS_PREFIX}. */
        public static final String ACCOUNT_CLIENT_IDS_SUFFIX = ".client.ids";
        /** The per-account keys as a family, see {@link #ACCOUNT_CLIENT_IDS_PREFIX}. */
        public static final KeyFamily ACCOUNT_KEYS =
            new KeyFamily(ACCOUNT_CLIENT_IDS_PREFIX, "account", ACCOUNT_CLIENT_IDS_SUFFIX);

        /**
         * Directory of the core journal (every input and output, in processing order; recovery replays it). Unset: no
         * journal, the core's state lives in memory only. {@code run.sh stack} and {@code run.sh gateway} set
         * {@code data/core}.
         */
        public static final ConfigKey<Path> JOURNAL_DIR = ConfigKey.path("peregrine.journal.dir", null);
        /** {@code false} runs without the journal even when {@link #JOURNAL_DIR} is set (bare-core benchmarks). */
        public static final ConfigKey<Boolean> JOURNAL_ENABLED = ConfigKey.flag("peregrine.journal.enabled", true);
        /**
         * Below this many free bytes (default 64 MiB) in the journal directory the core refuses client input that
         * does not lower risk (new orders, replaces, resumes, limit updates, status requests); it still takes what
         * lowers risk down to {@link #JOURNAL_HARD_MIN_FREE_BYTES}.
         */
        public static final ConfigKey<Long> JOURNAL_MIN_FREE_BYTES =
            ConfigKey.longNumber("peregrine.journal.min.free.bytes", 64L * 1024 * 1024).atLeast(0);
        /**
         * Below this many free bytes (default 16 MiB; never above {@link #JOURNAL_MIN_FREE_BYTES}) the core takes no
         * input at all. Between the two it takes only input that lowers risk or reports what happened (cancels, kill
         * switches, venue pauses, venue reports; not status requests): the reserve that lets an operator stop trading on a
         * filling disk while the venue still fills working orders.
         */
        public static final ConfigKey<Long> JOURNAL_HARD_MIN_FREE_BYTES =
            ConfigKey.longNumber("peregrine.journal.hard.min.free.bytes", 16L * 1024 * 1024).atLeast(0);
        /** Milliseconds between fsyncs of the journal (survive power loss up to that much); 0: never. */
        public static final ConfigKey<Long> JOURNAL_FSYNC_INTERVAL_MS =
            ConfigKey.longNumber("peregrine.journal.fsync.interval.ms", 0).atLeast(0);
        /** Journal entries between periodic core snapshots (bounds restart time); 0: none by count. */
        public static final ConfigKey<Long> SNAPSHOT_INTERVAL_ENTRIES =
            ConfigKey.longNumber("peregrine.snapshot.interval.entries", 1_000_000).atLeast(0);
        /** Milliseconds between periodic core snapshots (when anything was journaled); 0: none by time. */
        public static final ConfigKey<Long> SNAPSHOT_INTERVAL_MS =
            ConfigKey.longNumber("peregrine.snapshot.interval.ms", 600_000).atLeast(0);
        /** Core snapshots kept: the newest and older ones to fall back on if it is damaged. */
        public static final ConfigKey<Integer> SNAPSHOT_RETAINED =
            ConfigKey.wholeNumber("peregrine.snapshot.retained", 2).atLeast(1);
        /**
         * Core journal cycle files kept at least (the newest ones); older files before the oldest snapshot's cycle
         * are deleted after each snapshot. 0: keep every file.
         */
        public static final ConfigKey<Integer> JOURNAL_RETAIN_CYCLES =
            ConfigKey.wholeNumber("peregrine.journal.retain.cycles", 0)
                .within(0, Integer.MAX_VALUE, "0 (keep every cycle file) or more");
        /**
         * Whether a core whose replay of its journal differed from what the journal recorded (a damaged entry, or a
         * configuration that decides differently) starts on the rebuilt state; false: it refuses to start.
         */
        public static final ConfigKey<Boolean> JOURNAL_ACCEPT_REPLAY_MISMATCHES =
            ConfigKey.flag("peregrine.journal.accept.replay.mismatches", false);
        /**
         * Report readers' saved position files (comma separated): retention never deletes the journal file a saved
         * position is in, nor any file while one has none saved yet. Empty: none.
         */
        public static final ConfigKey<String> JOURNAL_RETAIN_READER_POSITIONS =
            ConfigKey.text("peregrine.journal.retain.reader.positions", "");

        private Core()
        {
        }
    }

    /**
     * The FIX gateway's keys ({@code GatewayContext}). Its Aeron wiring falls back to the core's keys, so one file
     * configures both sides of each stream.
     */
    public static final class Gateway
    {
        /** Aeron directory of the media driver the core uses; unset: {@link Core#AERON_DIR}. */
        public static final ConfigKey<String> AERON_DIR = ConfigKey.text("peregrine.gateway.aeron.dir", null);
        /** Aeron channel of all four streams; unset: {@link Core#CHANNEL}. */
        public static final ConfigKey<String> CHANNEL =
            ConfigKey.text("peregrine.gateway.channel", Core.CHANNEL.defaultValue());
        /** Unset: {@link Core#INGRESS_STREAM_ID}. */
        public static final ConfigKey<Integer> INGRESS_STREAM_ID =
            ConfigKey.wholeNumber("peregrine.gateway.ingress.stream", Core.INGRESS_STREAM_ID.defaultValue());
        /** Unset: {@link Core#EGRESS_STREAM_ID}. */
        public static final ConfigKey<Integer> EGRESS_STREAM_ID =
            ConfigKey.wholeNumber("peregrine.gateway.egress.stream", Core.EGRESS_STREAM_ID.defaultValue());
        /** Unset: {@link Core#VENUE_OUT_STREAM_ID}. */
        public static final ConfigKey<Integer> VENUE_OUT_STREAM_ID =
            ConfigKey.wholeNumber("peregrine.gateway.venue.out.stream", Core.VENUE_OUT_STREAM_ID.defaultValue());
        /** Unset: {@link Core#VENUE_IN_STREAM_ID}. */
        public static final ConfigKey<Integer> VENUE_IN_STREAM_ID =
            ConfigKey.wholeNumber("peregrine.gateway.venue.in.stream", Core.VENUE_IN_STREAM_ID.defaultValue());
        /**
         * The clientId the gateway stamps on ingress and filters egress by; the core reads the same key to reserve it
         * for one ingress publication at a time, so no other local client can have its reports routed to brokers.
         */
        public static final ConfigKey<Integer> CLIENT_ID = ConfigKey.wholeNumber("peregrine.gateway.client.id", 9880);
        /** Root of FIX stores, FIX message logs and the ClOrdID journals. */
        public static final ConfigKey<Path> DATA_DIR =
            ConfigKey.path("peregrine.gateway.data.dir", "./data/fix-gateway");
        /** Idle strategy of the gateway's agents: a name {@link IdleStrategies} knows (busy-spin, backoff, ...). */
        public static final ConfigKey<String> IDLE_STRATEGY =
            ConfigKey.text("peregrine.gateway.idle.strategy", IdleStrategies.DEFAULT_NAME);
        /**
         * Longest park, in nanoseconds, of the {@code backoff} idle strategy of the gateway's agents; unset falls back
         * to the process-wide {@link IdleStrategies#BACKOFF_MAX_PARK_NS_PROP_NAME}, then to its default (100 us).
         */
        public static final ConfigKey<Long> IDLE_BACKOFF_MAX_PARK_NS = ConfigKey.longNumber(
            "peregrine.gateway.idle.backoff.max.park.ns", IdleStrategies.BACKOFF_MAX_PARK_NS_DEFAULT)
            .within(IdleStrategies.BACKOFF_MAX_PARK_NS_MIN, IdleStrategies.BACKOFF_MAX_PARK_NS_MAX,
                IdleStrategies.MAX_PARK_NS_ALLOWED);
        /**
         * Whether FIX traffic is written to message log files under the data directory. Off by default, because a
         * write per message on the session thread measurably slows the loop
         * (perf-reports/results/2026-12-06-quiet-machine.md); session events are logged either way.
         */
        public static final ConfigKey<Boolean> FIX_MESSAGE_LOG =
            ConfigKey.flag("peregrine.gateway.fix.message.log", false);
        /**
         * QuickFIX/J {@code FileStoreSync} of the gateway's session stores: {@code true} fsyncs the store on every
         * message (survives a power loss, costs a disk flush in the latency path); {@code false} writes without fsync
         * (survives a process kill).
         */
        public static final ConfigKey<Boolean> FIX_STORE_SYNC =
            ConfigKey.flag("peregrine.gateway.fix.store.sync", false);
        /** How long an ingress offer may retry a back-pressured publication before the order is rejected. */
        public static final ConfigKey<Long> OFFER_TIMEOUT_MS =
            ConfigKey.longNumber("peregrine.gateway.offer.timeout.ms", 100).atLeast(0);

        /** Whether the gateway accepts broker sessions. */
        public static final ConfigKey<Boolean> BROKER_ENABLED =
            ConfigKey.flag("peregrine.gateway.broker.enabled", true);
        /** Address the broker acceptor binds. */
        public static final ConfigKey<String> BROKER_HOST =
            ConfigKey.text("peregrine.gateway.broker.host", "127.0.0.1");
        /** Port the broker acceptor binds. */
        public static final ConfigKey<Integer> BROKER_PORT =
            ConfigKey.wholeNumber("peregrine.gateway.broker.port", 9880).within(0, 65_535, "0-65535");
        /** The gateway's CompID towards brokers. */
        public static final ConfigKey<String> BROKER_COMP_ID =
            ConfigKey.text("peregrine.gateway.broker.comp.id", "PEREGRINE");
        /** Broker sessions as {@code COMPID:ACCOUNT} pairs, comma separated. */
        public static final ConfigKey<String> BROKER_SESSIONS =
            ConfigKey.text("peregrine.gateway.broker.sessions", "BROKER1:ACC1,BROKER2:ACC2");
        /**
         * Prefix of the per session keys: {@code peregrine.gateway.broker.<COMPID>.accounts|username|password.hash|
         * cancel.on.disconnect|tls.client.cert.required}.
         */
        public static final String BROKER_SESSION_PREFIX = "peregrine.gateway.broker.";
        /** Suffix of the per session key holding {@code ./scripts/run.sh hash-password}'s output. */
        public static final String PASSWORD_HASH_SUFFIX = ".password.hash";
        /**
         * Per session key suffix: {@code true} refuses the session's logons unless its TLS connection carries a client
         * certificate the truststore trusts, while other sessions on the same acceptor port may log on without one.
         */
        public static final String CLIENT_CERT_REQUIRED_SUFFIX = ".tls.client.cert.required";
        /** Suffix of the per session plain-text password key, refused since passwords are stored hashed. */
        public static final String PLAIN_PASSWORD_SUFFIX = ".password";
        /**
         * The per session keys as a family ({@link #BROKER_SESSION_PREFIX}); read only for the CompIDs of
         * {@link #BROKER_SESSIONS}.
         */
        public static final KeyFamily BROKER_SESSION_KEYS = new KeyFamily(BROKER_SESSION_PREFIX, "broker session",
            ConfigKey.text(".accounts", ""), ConfigKey.text(".username", null),
            ConfigKey.flag(".cancel.on.disconnect", false), ConfigKey.text(PASSWORD_HASH_SUFFIX, null),
            ConfigKey.text(PLAIN_PASSWORD_SUFFIX, null), ConfigKey.flag(CLIENT_CERT_REQUIRED_SUFFIX, false));
        /** Heartbeat interval of broker sessions, seconds. */
        public static final ConfigKey<Integer> BROKER_HEARTBEAT_SECONDS =
            ConfigKey.wholeNumber("peregrine.gateway.broker.heartbeat.seconds", 30).atLeast(1);
        /** Failed logons in a row, per session or per source address, before further logons are refused for a while. */
        public static final ConfigKey<Integer> LOGON_MAX_FAILURES =
            ConfigKey.wholeNumber("peregrine.gateway.broker.logon.max.failures", 5).atLeast(1);
        /** How long a session or source address is refused after too many failed logons. */
        public static final ConfigKey<Integer> LOGON_LOCKOUT_SECONDS =
            ConfigKey.wholeNumber("peregrine.gateway.broker.logon.lockout.seconds", 60).atLeast(0);

        /** Largest FIX frame a broker connection may send, bytes; default fix-edge's {@code ConnectionLimits}. */
        public static final ConfigKey<Integer> BROKER_MAX_MESSAGE_BYTES =
            ConfigKey.wholeNumber("peregrine.gateway.broker.max.message.bytes").atLeast(64);
        /** A broker connection not logged on this long after connecting is closed, ms; default ConnectionLimits'. */
        public static final ConfigKey<Long> BROKER_LOGON_TIMEOUT_MS =
            ConfigKey.longNumber("peregrine.gateway.broker.logon.timeout.ms").atLeast(1);
        /** Most broker connections from one address waiting to log on at once; default {@code ConnectionLimits}'. */
        public static final ConfigKey<Integer> BROKER_MAX_PENDING_PER_ADDRESS =
            ConfigKey.wholeNumber("peregrine.gateway.broker.max.pending.per.address").atLeast(1);
        /**
         * FIX messages per second one broker connection may send before its socket stops being read; 0: none. 1,000
         * by default, twice the default order rate.
         */
        public static final ConfigKey<Integer> BROKER_MAX_MESSAGES_PER_SECOND =
            ConfigKey.wholeNumber("peregrine.gateway.broker.max.messages.per.second", 1_000)
                .within(0, Integer.MAX_VALUE, "0 (no limit) or more");
        /**
         * Orders (new and replace) per second per broker session; 0 = no limit. 500 by default, well below what the
         * one venue session carries on a 2-core machine (~10,000/s), so one flooding session cannot queue the others
         * behind it.
         */
        public static final ConfigKey<Integer> BROKER_MAX_ORDERS_PER_SECOND =
            ConfigKey.wholeNumber("peregrine.gateway.broker.max.orders.per.second", 500)
                .within(0, Integer.MAX_VALUE, "0 (no limit) or more");
        /**
         * Inbound messages queued per broker session before its socket stops being read; 0: no session threads,
         * messages are handled on the acceptor's I/O threads (one thread hand-off less per message).
         */
        public static final ConfigKey<Integer> BROKER_QUEUE_HIGH_WATERMARK =
            ConfigKey.wholeNumber("peregrine.gateway.broker.queue.high.watermark", 1_000)
                .withinOrZero(4, Integer.MAX_VALUE,
                    "0 (no queue: messages are handled on the I/O threads) or at least 4");
        /**
         * Done broker orders whose routes the gateway keeps in full (the most recently done ones: late reports for them
         * still reach the broker); older done orders keep only their ClOrdIDs, core order id and last OrdStatus.
         */
        public static final ConfigKey<Integer> BROKER_DONE_ORDERS_RETAINED =
            ConfigKey.wholeNumber("peregrine.gateway.broker.done.orders.retained", 65_536).atLeast(0);
        /**
         * Microseconds of work one duty cycle of the broker report agent may take on the live stream (a gateway that
         * does not read the core journal) before it yields: on the shared thread ({@code peregrine.threading=shared})
         * the core waits while the agent hands reports to QuickFIX/J (allocating, locking), so its reads stop once
         * the budget is spent (the rest are read the next cycle, in order, none skipped). 500 us by default: a few QuickFIX/J sends, while reading reports that are not this
         * gateway's stays far below it.
         */
        public static final ConfigKey<Long> BROKER_REPORTS_CYCLE_BUDGET_US =
            ConfigKey.longNumber("peregrine.gateway.broker.reports.cycle.budget.us", 500).atLeast(1);
        /**
         * Milliseconds the broker acceptor waits at start for the venue sessions to log on, so that brokers
         * reconnecting at once do not have their orders rejected "venue not connected"; then it starts anyway. 0:
         * no wait.
         */
        public static final ConfigKey<Integer> BROKER_START_VENUE_WAIT_MS =
            ConfigKey.wholeNumber("peregrine.gateway.broker.start.venue.wait.ms", 5_000).atLeast(0);
        /**
         * ClOrdIDs per broker session (per data directory: a trading day) the off-heap duplicate-detection index of
         * retired orders is sized for, so it is not rebuilt while orders arrive; more are accepted (the index then
         * doubles).
         */
        public static final ConfigKey<Integer> BROKER_CLORDIDS_PER_SESSION =
            ConfigKey.wholeNumber("peregrine.gateway.broker.clordids.per.session", 262_144).atLeast(1);
        /**
         * Whether a gateway whose data directory is new starts although the core journal it reads holds working orders
         * an earlier gateway placed (their brokers can no longer reach them): false refuses the start, naming them.
         */
        public static final ConfigKey<Boolean> ACCEPT_ORPHANED_ORDERS =
            ConfigKey.flag("peregrine.gateway.accept.orphaned.orders", false);
        /** Size at which a FIX message or event log file rolls, bytes; default fix-edge's {@code RollingLogLimits}. */
        public static final ConfigKey<Long> FIX_LOG_MAX_FILE_BYTES =
            ConfigKey.longNumber("peregrine.gateway.fix.log.max.file.bytes").atLeast(1024);
        /** Files kept per FIX log, the current one included; default {@code RollingLogLimits}'. */
        public static final ConfigKey<Integer> FIX_LOG_MAX_FILES =
            ConfigKey.wholeNumber("peregrine.gateway.fix.log.max.files").atLeast(1);

        /** Whether the broker acceptor speaks FIX over TLS (keystore required). */
        public static final ConfigKey<Boolean> BROKER_TLS = ConfigKey.flag("peregrine.gateway.broker.tls", false);
        /** Whether brokers must present a client certificate the truststore trusts (QuickFIX/J NeedClientAuth). */
        public static final ConfigKey<Boolean> BROKER_TLS_NEED_CLIENT_AUTH =
            ConfigKey.flag("peregrine.gateway.broker.tls.need.client.auth", false);
        /** Keystore (PKCS12 or JKS) with this gateway's private key and certificate. */
        public static final ConfigKey<Path> TLS_KEYSTORE_FILE =
            ConfigKey.path("peregrine.gateway.tls.keystore.file", null);
        /** File whose first line is the keystore's password (keep it 0600). */
        public static final ConfigKey<Path> TLS_KEYSTORE_PASSWORD_FILE =
            ConfigKey.path("peregrine.gateway.tls.keystore.password.file", null);
        /** Truststore with the certificates of the venues (and, with client auth, brokers) this gateway trusts. */
        public static final ConfigKey<Path> TLS_TRUSTSTORE_FILE =
            ConfigKey.path("peregrine.gateway.tls.truststore.file", null);
        /** File whose first line is the truststore's password. */
        public static final ConfigKey<Path> TLS_TRUSTSTORE_PASSWORD_FILE =
            ConfigKey.path("peregrine.gateway.tls.truststore.password.file", null);

        /** Venue ids the gateway connects to, comma separated; empty for none. */
        public static final ConfigKey<String> VENUES = ConfigKey.text("peregrine.gateway.venues", "1");
        /**
         * Prefix of the per venue keys {@code peregrine.gateway.venue.<ID>.host|port|sender.comp.id|target.comp.id|
         * reset.on.logon|tls|tls.verify.hostname}; their defaults are the {@code VENUE_*_DEFAULT} constants below.
         */
        public static final String VENUE_PREFIX = "peregrine.gateway.venue.";
        /** The per venue keys as a family ({@link #VENUE_PREFIX}); read only for the ids of {@link #VENUES}. */
        public static final KeyFamily VENUE_KEYS = new KeyFamily(VENUE_PREFIX, "venue",
            ConfigKey.text(".host", Gateway.VENUE_HOST_DEFAULT),
            ConfigKey.wholeNumber(".port", Gateway.VENUE_PORT_DEFAULT).within(1, 65_535, "1-65535"),
            ConfigKey.text(".sender.comp.id", Gateway.VENUE_SENDER_COMP_ID_DEFAULT),
            ConfigKey.text(".target.comp.id", Gateway.VENUE_TARGET_COMP_ID_DEFAULT),
            ConfigKey.flag(".reset.on.logon", Gateway.VENUE_RESET_ON_LOGON_DEFAULT),
            ConfigKey.flag(".tls", Gateway.VENUE_TLS_DEFAULT),
            ConfigKey.flag(".tls.verify.hostname", Gateway.VENUE_TLS_VERIFY_HOSTNAME_DEFAULT));
        public static final String VENUE_HOST_DEFAULT = "127.0.0.1";
        public static final int VENUE_PORT_DEFAULT = 9890;
        public static final String VENUE_SENDER_COMP_ID_DEFAULT = "PEREGRINE";
        public static final String VENUE_TARGET_COMP_ID_DEFAULT = "SIMVENUE";
        public static final boolean VENUE_RESET_ON_LOGON_DEFAULT = false;
        /** Default of {@code peregrine.gateway.venue.<ID>.tls}. */
        public static final boolean VENUE_TLS_DEFAULT = false;
        /** Default of {@code peregrine.gateway.venue.<ID>.tls.verify.hostname}: the certificate must name the host. */
        public static final boolean VENUE_TLS_VERIFY_HOSTNAME_DEFAULT = true;
        /** Heartbeat interval of venue sessions, seconds. */
        public static final ConfigKey<Integer> VENUE_HEARTBEAT_SECONDS =
            ConfigKey.wholeNumber("peregrine.gateway.venue.heartbeat.seconds", 30).atLeast(1);
        /** Seconds between reconnect attempts of a venue session. */
        public static final ConfigKey<Integer> VENUE_RECONNECT_SECONDS =
            ConfigKey.wholeNumber("peregrine.gateway.venue.reconnect.seconds", 1).atLeast(1);
        /**
         * Largest FIX frame a venue session may receive, bytes (a larger one closes the connection, which reconnects);
         * default fix-edge's {@code ConnectionLimits}, the broker side's default.
         */
        public static final ConfigKey<Integer> VENUE_MAX_MESSAGE_BYTES =
            ConfigKey.wholeNumber("peregrine.gateway.venue.max.message.bytes").atLeast(64);

        /** Consecutive failures (ack timeouts, once per request; session-level rejects) that open a venue's breaker. */
        public static final ConfigKey<Integer> CIRCUIT_FAILURES =
            ConfigKey.wholeNumber("peregrine.gateway.circuit.failures", 5).atLeast(1);
        /** A request the venue has not answered within this many milliseconds counts as a failure. */
        public static final ConfigKey<Long> CIRCUIT_ACK_TIMEOUT_MS =
            ConfigKey.longNumber("peregrine.gateway.circuit.ack.timeout.ms", 2_000).atLeast(1);
        /**
         * OrderStatusRequests about one order a logged-on venue may leave unanswered in a row (each asked when the one
         * before timed out, at doubling intervals from {@link #CIRCUIT_ACK_TIMEOUT_MS} up to 60 s) before the gateway
         * stops asking: the order is counted and named in a WARN, and stays as the core last knew it, for ops to check
         * at the venue (the venue session's next logon asks about it again). 0: ask for as long as it stays unanswered.
         * The default, 10, is about 6 minutes at the default ack timeout.
         */
        public static final ConfigKey<Integer> VENUE_STATUS_MAX_REQUESTS =
            ConfigKey.wholeNumber("peregrine.gateway.venue.status.max.requests", 10)
                .within(0, Integer.MAX_VALUE, "0 (ask for as long as the order stays unanswered) or more");
        /** How long an open breaker waits before letting one probe order through. */
        public static final ConfigKey<Long> CIRCUIT_COOL_DOWN_MS =
            ConfigKey.longNumber("peregrine.gateway.circuit.cool.down.ms", 5_000).atLeast(1);
        /**
         * Requests a venue session may have sent and unanswered; the others wait in its fair queue (round-robin across
         * accounts), so a slow venue's backlog waits where one account cannot hold another's orders behind its own.
         */
        public static final ConfigKey<Integer> VENUE_SEND_WINDOW =
            ConfigKey.wholeNumber("peregrine.gateway.venue.send.window", 32).atLeast(1);
        /** Requests one account may have waiting for a venue session; more orders and replaces get THROTTLED. */
        public static final ConfigKey<Integer> VENUE_QUEUE_PER_ACCOUNT =
            ConfigKey.wholeNumber("peregrine.gateway.venue.queue.per.account", 1_000).atLeast(1);

        private Gateway()
        {
        }
    }

    /**
     * The ops console's keys ({@code OpsContext}).
     */
    public static final class Ops
    {
        /** Start the ops console with {@code run.sh stack|gateway|venue}. */
        public static final ConfigKey<Boolean> ENABLED = ConfigKey.flag("peregrine.ops.enabled", true);
        /** Address the HTTP endpoint binds to: loopback only by default. */
        public static final ConfigKey<String> HOST = ConfigKey.text("peregrine.ops.host", "127.0.0.1");
        /** HTTP port; 0 picks a free one. */
        public static final ConfigKey<Integer> PORT = ConfigKey.wholeNumber("peregrine.ops.port", 9900)
            .within(0, 65_535, "0-65535");
        /** File holding the admin bearer token; unset: generated on first start into the data directory. */
        public static final ConfigKey<Path> ADMIN_TOKEN_FILE = ConfigKey.path("peregrine.ops.admin.token.file", null);
        /** Directory of the generated admin token and the admin audit log. */
        public static final ConfigKey<Path> DATA_DIR = ConfigKey.path("peregrine.ops.data.dir", "./data/ops");
        /** How long an admin command waits for the core's AdminResponse. */
        public static final ConfigKey<Long> ADMIN_TIMEOUT_MS =
            ConfigKey.longNumber("peregrine.ops.admin.timeout.ms", 5_000).atLeast(1);
        /** The core is DOWN on /health when its heartbeat counter has not moved for this long. */
        public static final ConfigKey<Long> HEARTBEAT_STALL_MS =
            ConfigKey.longNumber("peregrine.ops.heartbeat.stall.ms", 2_000).atLeast(1);
        /**
         * {@code /health}'s {@code journal} part is DOWN when a data directory that is not the core journal's (the
         * gateway's, the ops console's) has less free space than this, bytes (the core journal has its own minimum); 0: no
         * check.
         */
        public static final ConfigKey<Long> MIN_FREE_BYTES =
            ConfigKey.longNumber("peregrine.ops.min.free.bytes", 64L * 1024 * 1024).atLeast(0);

        private Ops()
        {
        }
    }

    /**
     * The simulated exchange's keys ({@code SimVenueContext}, matching-sim). They were {@code peregrine.venue.*} before
     * (which now means only the core's routes to venues): each old name is declared with its key and keeps working
     * with a deprecation WARN naming the new one ({@link #RENAMES}, README "Migration").
     */
    public static final class Sim
    {
        /** Address the FIX acceptor binds. */
        public static final ConfigKey<String> HOST = ConfigKey.text("peregrine.sim.host", "127.0.0.1")
            .renamedFrom("peregrine.venue.host");
        /** Port the FIX acceptor binds; 0 picks a free ephemeral port (tests). */
        public static final ConfigKey<Integer> PORT = ConfigKey.wholeNumber("peregrine.sim.port", 9890)
            .within(0, 65_535, "0-65535")
            .renamedFrom("peregrine.venue.port");
        /** The venue's own CompID (SenderCompID on everything it sends). */
        public static final ConfigKey<String> COMP_ID = ConfigKey.text("peregrine.sim.comp.id", "SIMVENUE")
            .renamedFrom("peregrine.venue.compId", "peregrine.venue.comp.id");
        /** Comma separated CompIDs of the participants allowed to log on (their SenderCompID). */
        public static final ConfigKey<String> SESSIONS =
            ConfigKey.text("peregrine.sim.sessions", "PEREGRINE,PARTICIPANT1,PARTICIPANT2")
                .renamedFrom("peregrine.venue.sessions");
        /** Prefix of {@code peregrine.sim.session.<CompID>.account}: a session's account (STP); default its CompID. */
        public static final String SESSION_PREFIX = "peregrine.sim.session.";
        /** Suffix of the per-session account key, see {@link #SESSION_PREFIX}. */
        public static final String ACCOUNT_SUFFIX = ".account";
        /** The per-session keys as a family ({@link #SESSION_PREFIX}); read only for the CompIDs of {@link #SESSIONS}. */
        public static final KeyFamily SESSION_KEYS = new KeyFamily(SESSION_PREFIX, "session", ACCOUNT_SUFFIX);
        /** The per-session keys' old family, {@code peregrine.venue.session.<CompID>.account} ({@link #RENAMES}). */
        public static final KeyFamily OLD_SESSION_KEYS =
            new KeyFamily("peregrine.venue.session.", "session", ACCOUNT_SUFFIX);

        /** Directory of the QuickFIX/J file stores: sequence numbers and sent messages survive restarts. */
        public static final ConfigKey<Path> STORE_DIR =
            ConfigKey.path("peregrine.sim.fix.store.dir", "./data/matching-sim/fix-store")
                .renamedFrom("peregrine.venue.fix.storeDir", "peregrine.venue.fix.store.dir");
        /** FIX message/event log: {@code none}, {@code file} (under the log dir) or {@code slf4j}. */
        public static final ConfigKey<String> FIX_LOG = ConfigKey.text("peregrine.sim.fix.log", "none")
            .renamedFrom("peregrine.venue.fix.log");
        /** Directory of the FIX file logs when {@code peregrine.sim.fix.log=file}. */
        public static final ConfigKey<Path> LOG_DIR =
            ConfigKey.path("peregrine.sim.fix.log.dir", "./data/matching-sim/fix-log")
                .renamedFrom("peregrine.venue.fix.logDir", "peregrine.venue.fix.log.dir");
        /** Largest FIX frame a participant connection may send, bytes; default fix-edge's {@code ConnectionLimits}. */
        public static final ConfigKey<Integer> MAX_MESSAGE_BYTES =
            ConfigKey.wholeNumber("peregrine.sim.max.message.bytes").atLeast(64)
                .renamedFrom("peregrine.venue.maxMessageBytes", "peregrine.venue.max.message.bytes");
        /** A connection not logged on this long after connecting is closed, ms; default {@code ConnectionLimits}'. */
        public static final ConfigKey<Long> LOGON_TIMEOUT_MS = ConfigKey.longNumber("peregrine.sim.logon.timeout.ms")
            .atLeast(1)
            .renamedFrom("peregrine.venue.logonTimeoutMs", "peregrine.venue.logon.timeout.ms");
        /** Most connections from one address waiting to log on at once; default {@code ConnectionLimits}'. */
        public static final ConfigKey<Integer> MAX_PENDING_PER_ADDRESS =
            ConfigKey.wholeNumber("peregrine.sim.max.pending.per.address").atLeast(1)
                .renamedFrom("peregrine.venue.maxPendingPerAddress", "peregrine.venue.max.pending.per.address");
        /** Size at which a FIX file log rolls, bytes; default fix-edge's {@code RollingLogLimits}. */
        public static final ConfigKey<Long> LOG_MAX_FILE_BYTES =
            ConfigKey.longNumber("peregrine.sim.fix.log.max.file.bytes").atLeast(1024)
                .renamedFrom("peregrine.venue.fix.logMaxFileBytes", "peregrine.venue.fix.log.max.file.bytes");
        /** Files kept per FIX log, the current one included; default {@code RollingLogLimits}'. */
        public static final ConfigKey<Integer> LOG_MAX_FILES = ConfigKey.wholeNumber("peregrine.sim.fix.log.max.files")
            .atLeast(1)
            .renamedFrom("peregrine.venue.fix.logMaxFiles", "peregrine.venue.fix.log.max.files");

        /** Self-trade prevention: an order never trades against a resting order of the same account. */
        public static final ConfigKey<Boolean> STP = ConfigKey.flag("peregrine.sim.stp", false)
            .renamedFrom("peregrine.venue.stp");
        /** Capacity of each instrument's order book in the matching engine. */
        public static final ConfigKey<Integer> MAX_ORDERS_PER_BOOK =
            ConfigKey.wholeNumber("peregrine.sim.max.orders.per.book", 100_000).atLeast(1)
                .renamedFrom("peregrine.venue.maxOrdersPerBook", "peregrine.venue.max.orders.per.book");
        /**
         * Closed orders (and refused request ClOrdIDs) each session remembers, for "too late to cancel" answers and
         * duplicate ClOrdID checks; older ones are forgotten so memory stays bounded on long runs.
         */
        public static final ConfigKey<Integer> ORDER_RETENTION =
            ConfigKey.wholeNumber("peregrine.sim.order.retention", 100_000).atLeast(1)
                .renamedFrom("peregrine.venue.orderRetention", "peregrine.venue.order.retention");
        /** Capacity of the queue from the QuickFIX/J threads to the engine thread (a power of two). */
        public static final ConfigKey<Integer> COMMAND_QUEUE_CAPACITY =
            ConfigKey.wholeNumber("peregrine.sim.command.queue.capacity", 65_536)
                .powerOfTwoWithin(1, 1 << 30, "a power of two, 1..1073741824")
                .renamedFrom("peregrine.venue.commandQueueCapacity", "peregrine.venue.command.queue.capacity");
        /**
         * Where a session's requests are matched: {@code session} (on the QuickFIX/J thread that received them, under
         * the engine's lock, no queue hop; measured faster, perf-reports/results/2026-12-06-threading.md) or
         * {@code engine} (queued to the engine thread).
         */
        public static final ConfigKey<String> MATCHING_THREAD =
            ConfigKey.text("peregrine.sim.matching.thread", "session").renamedFrom("peregrine.venue.matching.thread");
        /** Idle strategy of the engine thread: a name {@link IdleStrategies} knows (backoff, busy-spin, ...). */
        public static final ConfigKey<String> IDLE_STRATEGY =
            ConfigKey.text("peregrine.sim.idle.strategy", IdleStrategies.DEFAULT_NAME)
                .renamedFrom("peregrine.venue.idleStrategy", "peregrine.venue.idle.strategy");
        /**
         * Longest park, in nanoseconds, of the engine thread's {@code backoff} idle strategy; unset falls back to the
         * process-wide {@link IdleStrategies#BACKOFF_MAX_PARK_NS_PROP_NAME}, then to this default, 1 ms (with
         * {@code peregrine.idle.wake=false}: to the process-wide default, 100 us). All the engine's work is queued
         * through {@code SimulatedExchangeAgent.offer}, which wakes a parked engine, so the park delays no work; it
         * only bounds how often an idle engine wakes. At the process-wide 100 us, the idle engine (which has nothing
         * to do while matching runs on the session threads) used 3-6 % of a core in {@code FixLoopLatency} at 1,000
         * orders/s. Accepted: {@link IdleStrategies#BACKOFF_MAX_PARK_NS_MIN} to
         * {@link IdleStrategies#BACKOFF_MAX_PARK_NS_MAX}.
         */
        public static final ConfigKey<Long> IDLE_BACKOFF_MAX_PARK_NS =
            ConfigKey.longNumber("peregrine.sim.idle.backoff.max.park.ns", 1_000_000)
                .within(IdleStrategies.BACKOFF_MAX_PARK_NS_MIN, IdleStrategies.BACKOFF_MAX_PARK_NS_MAX,
                    IdleStrategies.MAX_PARK_NS_ALLOWED)
                .renamedFrom("peregrine.venue.idleBackoffMaxParkNs", "peregrine.venue.idle.backoff.max.park.ns");

        /**
         * Comma separated symbols traded; each is configured by {@code peregrine.sim.instrument.<SYMBOL>.ref.price},
         * {@code .tick.size} ({@link #TICK_SIZE_DEFAULT}) and {@code .lot.size} ({@link #LOT_SIZE_DEFAULT}).
         */
        public static final ConfigKey<String> INSTRUMENTS = ConfigKey.text("peregrine.sim.instruments", "AAPL,MSFT")
            .renamedFrom("peregrine.venue.instruments");
        /** Prefix of the per-instrument keys, see {@link #INSTRUMENTS}. */
        public static final String INSTRUMENT_PREFIX = "peregrine.sim.instrument.";
        /** The per-instrument keys as a family; read only for the symbols of {@link #INSTRUMENTS}. */
        public static final KeyFamily INSTRUMENT_KEYS =
            new KeyFamily(INSTRUMENT_PREFIX, "instrument", ConfigKey.text(".ref.price", null),
                ConfigKey.text(".tick.size", Sim.TICK_SIZE_DEFAULT), ConfigKey.longNumber(".lot.size", 1).atLeast(1));
        /** The per-instrument keys' old family, {@code peregrine.venue.instrument.<SYMBOL>.*} ({@link #RENAMES}). */
        public static final KeyFamily OLD_INSTRUMENT_KEYS = new KeyFamily("peregrine.venue.instrument.", "instrument",
            ".refPrice", ".ref.price", ".tickSize", ".tick.size", ".lotSize", ".lot.size");
        public static final String TICK_SIZE_DEFAULT = "0.01";
        public static final long LOT_SIZE_DEFAULT = 1;

        /** Whether the built-in market maker quotes every instrument. */
        public static final ConfigKey<Boolean> MAKER_ENABLED = ConfigKey.flag("peregrine.sim.maker.enabled", true)
            .renamedFrom("peregrine.venue.maker.enabled");
        /** The market maker's account: distinct from every participant so STP never blocks them. */
        public static final ConfigKey<String> MAKER_ACCOUNT = ConfigKey.text("peregrine.sim.maker.account", "SIMMM")
            .renamedFrom("peregrine.venue.maker.account");
        /** Price levels quoted on each side. */
        public static final ConfigKey<Integer> MAKER_LEVELS = ConfigKey.wholeNumber("peregrine.sim.maker.levels", 5)
            .atLeast(1)
            .renamedFrom("peregrine.venue.maker.levels");
        /** Base quantity of each quote. */
        public static final ConfigKey<Long> MAKER_QUANTITY = ConfigKey.longNumber("peregrine.sim.maker.quantity", 100)
            .atLeast(1)
            .renamedFrom("peregrine.venue.maker.quantity");
        /** Up to this many extra units (rounded down to lots) are added to each quote, drawn from the seeded random. */
        public static final ConfigKey<Long> MAKER_QUANTITY_JITTER =
            ConfigKey.longNumber("peregrine.sim.maker.quantity.jitter", 50).atLeast(0)
                .renamedFrom("peregrine.venue.maker.quantityJitter", "peregrine.venue.maker.quantity.jitter");
        /** Distance in ticks from the reference price to the best bid and to the best ask. */
        public static final ConfigKey<Integer> MAKER_SPREAD_TICKS =
            ConfigKey.wholeNumber("peregrine.sim.maker.spread.ticks", 1).atLeast(1)
                .renamedFrom("peregrine.venue.maker.spreadTicks", "peregrine.venue.maker.spread.ticks");
        /** Distance in ticks between consecutive levels on one side. */
        public static final ConfigKey<Integer> MAKER_LEVEL_TICKS =
            ConfigKey.wholeNumber("peregrine.sim.maker.level.ticks", 1).atLeast(1)
                .renamedFrom("peregrine.venue.maker.levelTicks", "peregrine.venue.maker.level.ticks");
        /** Seed of the market maker's random quantities, so a run is reproducible. */
        public static final ConfigKey<Long> MAKER_SEED = ConfigKey.longNumber("peregrine.sim.maker.seed", 42)
            .renamedFrom("peregrine.venue.maker.seed");

        /**
         * Every old name of the keys above, and of the per-session and per-instrument keys (one {@code *} standing
         * for the CompID or symbol); {@code SimVenueContext} reads through them.
         */
        public static final KeyRenames RENAMES = KeyRenames.of(
            List.of(MATCHING_THREAD, HOST, PORT, COMP_ID, SESSIONS, STORE_DIR, FIX_LOG, LOG_DIR, LOG_MAX_FILE_BYTES,
                LOG_MAX_FILES, MAX_MESSAGE_BYTES, LOGON_TIMEOUT_MS, MAX_PENDING_PER_ADDRESS, STP, MAX_ORDERS_PER_BOOK,
                ORDER_RETENTION, COMMAND_QUEUE_CAPACITY, IDLE_STRATEGY, IDLE_BACKOFF_MAX_PARK_NS, INSTRUMENTS,
                MAKER_ENABLED, MAKER_ACCOUNT, MAKER_LEVELS, MAKER_QUANTITY, MAKER_QUANTITY_JITTER, MAKER_SPREAD_TICKS,
                MAKER_LEVEL_TICKS, MAKER_SEED),
            KeyRenames.of(
                "peregrine.venue.session.*.account", SESSION_PREFIX + "*" + ACCOUNT_SUFFIX,
                "peregrine.venue.instrument.*.refPrice", INSTRUMENT_PREFIX + "*.ref.price",
                "peregrine.venue.instrument.*.ref.price", INSTRUMENT_PREFIX + "*.ref.price",
                "peregrine.venue.instrument.*.tickSize", INSTRUMENT_PREFIX + "*.tick.size",
                "peregrine.venue.instrument.*.tick.size", INSTRUMENT_PREFIX + "*.tick.size",
                "peregrine.venue.instrument.*.lotSize", INSTRUMENT_PREFIX + "*.lot.size",
                "peregrine.venue.instrument.*.lot.size", INSTRUMENT_PREFIX + "*.lot.size"));

        private Sim()
        {
        }
    }
}
