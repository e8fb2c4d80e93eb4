package io.peregrine.ops.launch;

import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PeregrineKeys.Ops;
import io.peregrine.config.ProcessFileLock;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.ReaderPosition;
import io.peregrine.core.journal.SnapshotStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import io.peregrine.testsupport.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run.sh stack} (StackMain in a child JVM, as a user runs it) that refuses to start because of what it finds
 * ends with exit status 1 and one line naming the fix, and no stack trace: a second stack on the data directory of
 * a running one (the core journal's {@code core.lock} held by another process, here this test's JVM), and a stack
 * whose venue, broker or ops console port is taken (the parts started before are closed again), and a core journal
 * that is damaged or not a journal (queue files of garbage of any size, a real one cut short, garbage metadata).
 * What the gateway refuses and can tell without the core (a FIX session store it cannot trust, a core journal entry
 * before the last it cannot read although the core, recovering from a later snapshot, never reads it, the gateway's
 * data directory locked by a running gateway, or used beside another core journal than the one the core would run on,
 * or holding working orders under a broker CompID the configuration changed)
 * is refused before the core starts: every file under the data directory (core journal, snapshots, venue and gateway
 * files) is byte for byte as it was, and no Aeron directory is left.
 * {@code run.sh gateway} and {@code run.sh stack} asked for {@code --help} print the usage and exit 0, given an option
 * they do not know print it and exit 2, and neither starts anything.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StartRefusalSystemTest
{
    private static final long EXIT_WAIT_SECONDS = 60;

    @TempDir
    Path dir;

    private Path journal;
    private Path configFile;
    @AutoClose
    private final ChildStackPorts ports = new ChildStackPorts();
    private Process child;

    @BeforeEach
    void writeConfig() throws Exception
    {
        journal = dir.resolve("data/core");
        configFile = ChildStackConfig.write(dir, ports);
    }

    @AfterEach
    void stopChild()
    {
        if (null != child)
        {
            child.destroyForcibly(); // only if a wait below failed: the stack exits by itself
        }
    }

    @Test
    void aSecondStackOnTheSameDataDirectoryIsOneLineNamingTheFix() throws Exception
    {
        // As a running core holds it: this JVM is "another process" for the child.
        final ProcessFileLock running = ProcessFileLock.acquire(journal.resolve(CoreJournal.LOCK_FILE),
            "a core is running", "not asked");
        try
        {
            final List<String> output = runStack(List.of());
            assertRefusedWithOneLine(output, journal.resolve(CoreJournal.LOCK_FILE).toAbsolutePath() +
                " is locked by another process (or already by this one): a core is running with journal " +
                journal.toAbsolutePath() + "; stop it first, or give this core another peregrine.journal.dir");
        }
        finally
        {
            running.close();
        }
    }

    @Test
    void aSecondStackOnALockedAeronDirectoryLeavesNoJournalBehind() throws Exception
    {
        // As a running stack's embedded driver holds it (DriverDirectoryLock): this JVM is "another process".
        final Path aeronDir = dir.resolve("aeron");
        final ProcessFileLock running = ProcessFileLock.acquire(dir.resolve("aeron.lock"),
            "a Peregrine process runs its embedded media driver in " + aeronDir, "give this process another " +
            "peregrine.aeron.dir");
        try
        {
            final List<String> output = runStack(List.of());
            assertRefusedWithOneLine(output, dir.resolve("aeron.lock").toAbsolutePath() + " is locked by another " +
                "process (or already by this one): a Peregrine process runs its embedded media driver in " +
                aeronDir + "; stop it first, or give this process another peregrine.aeron.dir");
        }
        finally
        {
            running.close();
        }
        assertFalse(Files.exists(journal), "the refused start created no core journal");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listeners")
    void aPortInUseIsOneLineNamingTheKeyBeforeAnythingStarts(
        final String listener, final String portKey, final String message) throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")))
        {
            final int port = taken.getLocalPort();
            final List<String> jvmArgs = new ArrayList<>(List.of("-D" + portKey + "=" + port));
            if ("peregrine.sim.port".equals(portKey))
            {
                jvmArgs.add("-Dperegrine.gateway.venue.1.port=" + port);
            }
            final List<String> output = runStack(jvmArgs);
            assertRefusedWithOneLine(output, message.replace("<P>", Integer.toString(port)));
        }
        // Each port is checked before the core starts: a new data directory gets no journal of a stack that never ran.
        assertNothingStarted();
    }

    static Stream<Arguments> listeners()
    {
        return Stream.of(
            Arguments.of("venue", "peregrine.sim.port", "venue SIMVENUE cannot listen on 127.0.0.1:<P> (Address " +
                "already in use): stop what uses the port (another Peregrine stack?), or set peregrine.sim.port=<port>"),
            Arguments.of("gateway", Gateway.BROKER_PORT.name(), "the gateway's broker acceptor cannot listen " +
                "on 127.0.0.1:<P> (Address already in use): stop what uses the port (another Peregrine stack?), or " +
                "set " + Gateway.BROKER_PORT.name() + "=<port>"),
            Arguments.of("ops console", Ops.PORT.name(), "ops console cannot listen on 127.0.0.1:<P> (Address " +
                "already in use): stop what uses the port, or set -D" + Ops.PORT.name() + "=<port> (0 = any " +
                "free port), or -D" + Ops.ENABLED.name() + "=false"));
    }

    /** What a user may find in the journal directory: written over, cut short, or another program's files. */
    @FunctionalInterface
    interface JournalDamage
    {
        void apply(Path journal, Path cycleFile) throws Exception;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedJournals")
    void aDamagedOrForeignJournalIsOneLineNamingTheFix(final String what, final JournalDamage damage)
        throws Exception
    {
        CoreJournal.open(journal, 0).close();
        final Path cycleFile;
        try (Stream<Path> files = Files.list(journal))
        {
            cycleFile = files.filter((f) -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        damage.apply(journal, cycleFile);

        final List<String> output = runStack(List.of());
        assertRefusedWithOneLineStarting(output, "the core journal in " + journal.toAbsolutePath() + " ",
            "Move the directory away (keep it for the audit) and start again, or point peregrine.journal.dir " +
            "elsewhere");
    }

    static Stream<Arguments> damagedJournals()
    {
        return Stream.of(
            Arguments.of("queue file of 100 bytes of garbage", garbage(100)),
            Arguments.of("queue file of 4 KiB of garbage", garbage(4 * 1024)),
            Arguments.of("queue file of 64 KiB of garbage", garbage(64 * 1024)),
            Arguments.of("queue file of 1 MiB of garbage", garbage(1024 * 1024)),
            Arguments.of("real queue file cut to 8 bytes", truncated(8)),
            Arguments.of("real queue file cut to 100 bytes", truncated(100)),
            Arguments.of("a foreign queue file of an earlier day beside the journal's",
                (JournalDamage)(journal, cycleFile) ->
                    Files.write(journal.resolve("20200101F.cq4"), random(64 * 1024))),
            Arguments.of("queue metadata file of garbage",
                (JournalDamage)(journal, cycleFile) ->
                    Files.write(journal.resolve("metadata.cq4t"), random(128 * 1024))));
    }

    private static JournalDamage garbage(final int bytes)
    {
        return (journal, cycleFile) -> Files.write(cycleFile, random(bytes));
    }

    private static JournalDamage truncated(final int bytes)
    {
        return (journal, cycleFile) ->
        {
            try (FileChannel file = FileChannel.open(cycleFile, StandardOpenOption.WRITE))
            {
                file.truncate(bytes);
            }
        };
    }

    private static byte[] random(final int bytes)
    {
        final byte[] garbage = new byte[bytes];
        new Random(bytes).nextBytes(garbage);
        return garbage;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessionStores")
    void aDamagedFixStoreIsRefusedBeforeTheCoreStartsAndChangesNoFile(final String side, final String session)
        throws Exception
    {
        journalWithSnapshot();
        final Path store = dir.resolve("data/fix-gateway").resolve(side).resolve("store");
        Files.createDirectories(store);
        // Cut mid-record: a header is a sequence of 16-byte records.
        final Path header = store.resolve("FIX.4.4-" + session + ".header");
        Files.write(header, new byte[17]);
        final Map<String, String> before = filesUnder(dir.resolve("data"));

        final List<String> output = runStack(List.of());
        assertRefusedWithOneLineStarting(output, "a FIX session store in " + store.toAbsolutePath() + " cannot be " +
            "read (java.io.IOException: " + header.toAbsolutePath() + " is 17 bytes long",
            "./scripts/run.sh reset-session " + session + " (both sides then start again at sequence number 1");
        assertUntouched(before);
    }

    static Stream<Arguments> sessionStores()
    {
        return Stream.of(Arguments.of("broker", "PEREGRINE-BROKER1"), Arguments.of("venue", "PEREGRINE-SIMVENUE"));
    }

    @Test
    void aCoreJournalEntryTheGatewayCannotReadIsRefusedBeforeTheCoreStartsAndChangesNoFile() throws Exception
    {
        journalWithSnapshot();
        // Before the snapshot: the core's recovery starts after it and would not see the damage; the gateway's scan
        // reads every entry.
        final long damaged = damageFirstEntryAfterStart();
        final Map<String, String> before = filesUnder(dir.resolve("data"));

        final List<String> output = runStack(List.of());
        assertRefusedWithOneLineStarting(output, "the core journal " + journal.toAbsolutePath() + " cannot be read " +
            "at index " + Long.toHexString(damaged) + " (checksum mismatch",
            "the gateway cannot tell which of its requests the core received");
        assertUntouched(before);
    }

    @ParameterizedTest(name = "core journal there: {0}")
    @ValueSource(booleans = {true, false})
    void aGatewayDataDirectoryOfAnotherCoreJournalIsRefusedBeforeTheCoreStartsAndChangesNoFile(
        final boolean journalThere) throws Exception
    {
        if (journalThere)
        {
            journalWithSnapshot();
        }
        // A data directory that delivered reports read from another journal (created 1 ns after the epoch).
        final Path dataDir = dir.resolve("data/fix-gateway");
        Files.createDirectories(dataDir.resolve("broker"));
        Files.writeString(dataDir.resolve("broker/core-journal.properties"),
            "createdTime=1\ndirectory=/elsewhere/core\n");
        try (ReaderPosition position = new ReaderPosition(dataDir.resolve("broker/core-report-position")))
        {
            position.save(3);
        }
        final Map<String, String> before = filesUnder(dir.resolve("data"));

        final List<String> output = runStack(List.of());
        assertRefusedWithOneLineStarting(output, "the gateway's data directory " + dataDir + " was used beside " +
            "another core journal (created 1970-01-01T00:00:00.000000001Z, in /elsewhere/core) than the core " +
            "journal " + journal + " (" + (journalThere ? "created " : "not created yet"),
            "Start with the core journal of the run that wrote the gateway data directory");
        assertUntouched(before);
    }

    @Test
    void aGatewayDataDirectoryInUseIsRefusedBeforeTheCoreStartsAndChangesNoFile() throws Exception
    {
        journalWithSnapshot();
        final Path dataDir = dir.resolve("data/fix-gateway");
        final Path lockFile = dataDir.resolve("gateway.lock");
        Files.createDirectories(dataDir);
        Files.createFile(lockFile);
        // Read before the lock is taken: closing any file of this JVM on the lock file would release its POSIX lock.
        final Map<String, String> before = filesUnder(dir.resolve("data"));
        // As a running gateway holds it: this JVM is "another process" for the child.
        final ProcessFileLock running = ProcessFileLock.acquire(lockFile, "a gateway runs", "not asked");
        try
        {
            final List<String> output = runStack(List.of());
            assertRefusedWithOneLine(output, lockFile.toAbsolutePath() + " is locked by another process (or already " +
                "by this one): a gateway is running with data directory " + dataDir.toAbsolutePath() + "; stop it " +
                "first, or give this one another peregrine.gateway.data.dir");
        }
        finally
        {
            running.close();
        }
        assertUntouched(before);
    }

    @Test
    void aChangedBrokerCompIdWithAWorkingOrderIsRefusedBeforeTheCoreStartsAndChangesNoFile() throws Exception
    {
        journalWithSnapshot();
        // A broker order an earlier gateway placed under the default CompID, still working.
        final Path broker = dir.resolve("data/fix-gateway/broker");
        Files.createDirectories(broker);
        final quickfix.SessionID session = new quickfix.SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
        try (io.peregrine.gateway.broker.OrderRoutes routes =
            new io.peregrine.gateway.broker.OrderRoutes(broker.resolve("clordids.log"), List.of(session)))
        {
            routes.newOrder(session, "B1-IBM-1", "ACC1", "IBM", '1');
        }
        final Map<String, String> before = filesUnder(dir.resolve("data"));

        final List<String> output = runStack(List.of("-D" + Gateway.BROKER_COMP_ID.name() + "=PEREGRINEX"));

        assertRefusedWithOneLineStarting(output, "peregrine.gateway.broker.comp.id changed from PEREGRINE to " +
            "PEREGRINEX since the last start, and the gateway data directory ", "holds 1 working order placed " +
            "before it (BROKER1 ClOrdID B1-IBM-1 (ACC1 IBM)): this start does not serve their session " +
            "PEREGRINE->BROKER1, so their fills would not reach the broker, and its " +
            "cancels and status requests would be answered as for unknown orders. Fix: start with " +
            "peregrine.gateway.broker.comp.id=PEREGRINE, cancel those orders or let them finish, stop the gateway, " +
            "then make the change");
        assertUntouched(before);
    }

    @Test
    void anOpsDataDirectoryThatCannotBeWrittenIsRefusedBeforeTheCoreStartsAndChangesNoFile() throws Exception
    {
        journalWithSnapshot();
        // A file where the console's directory would go (a read-only mount is the field case; root ignores modes).
        Files.writeString(dir.resolve("data/ops"), "not a directory");
        final Map<String, String> before = filesUnder(dir.resolve("data"));
        final List<String> output = runStack(List.of());
        assertRefusedWithOneLine(output, "the ops console cannot write its data directory " +
            dir.resolve("data/ops").toAbsolutePath() + " (" + dir.resolve("data/ops").toAbsolutePath() +
            " is not a directory): make it writable, or set peregrine.ops.data.dir, or peregrine.ops.enabled=false");
        assertUntouched(before);
    }

    /**
     * A core journal as a stack leaves it: its START, two inputs, and the snapshot a clean shutdown writes after them
     * (a core run in this JVM, on an Aeron directory of its own).
     */
    private void journalWithSnapshot()
    {
        try (CoreJournal core = CoreJournal.open(journal, 0))
        {
            final long now = System.currentTimeMillis() * 1_000_000L;
            assertTrue(core.appendValue(JournalEntry.RESTART, now, 0));
            assertTrue(core.appendValue(JournalEntry.RESTART, now + 1, 0));
        }
        Peregrine.launch(new PeregrineContext().aeronDirectoryName(dir.resolve("aeron-setup").toString())
            .journalDir(journal).idleStrategyName("sleeping")).close();
        assertFalse(SnapshotStore.snapshots(journal).isEmpty(), "the clean shutdown wrote a snapshot");
    }

    /**
     * Flips a timestamp bit of the journal's first entry after its START, where the cycle file holds it.
     *
     * @return its index.
     */
    private long damageFirstEntryAfterStart() throws Exception
    {
        final long index;
        final byte[] entry;
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journal))
        {
            final ExcerptTailer tailer = queue.createTailer();
            try (DocumentContext start = tailer.readingDocument())
            {
                assertTrue(start.isPresent());
            }
            try (DocumentContext first = tailer.readingDocument())
            {
                index = first.index();
                entry = first.wire().bytes().toByteArray();
            }
        }
        try (Stream<Path> files = Files.list(journal);
            FileChannel cycleFile = FileChannel.open(files.filter((f) -> f.toString().endsWith(".cq4")).findFirst()
                .orElseThrow(), StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer head = ByteBuffer.allocate((int)Math.min(cycleFile.size(), 1 << 20));
            cycleFile.read(head, 0);
            final int at = indexOf(head.array(), entry);
            assertTrue(at >= 0, "the entry is in the cycle file's first MiB");
            cycleFile.write(ByteBuffer.wrap(new byte[]{ (byte)(entry[1] ^ 0x10) }), at + 1);
        }
        return index;
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            int matched = 0;
            while (matched < needle.length && haystack[i + matched] == needle[matched])
            {
                matched++;
            }
            if (matched == needle.length)
            {
                return i;
            }
        }
        return -1;
    }

    /** @return every regular file under root (relative path) with the SHA-256 of its bytes. */
    private static Map<String, String> filesUnder(final Path root) throws Exception
    {
        final Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path file : walk.filter(Files::isRegularFile).toList())
            {
                final MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (InputStream in = Files.newInputStream(file))
                {
                    final byte[] chunk = new byte[1 << 16];
                    for (int read; (read = in.read(chunk)) > 0; )
                    {
                        sha.update(chunk, 0, read);
                    }
                }
                files.put(root.relativize(file).toString(), HexFormat.of().formatHex(sha.digest()));
            }
        }
        return files;
    }

    /** Nothing under the data directory changed, none was added, and no Aeron directory was left. */
    private void assertUntouched(final Map<String, String> before) throws Exception
    {
        final Map<String, String> after = filesUnder(dir.resolve("data"));
        final List<String> changed = new ArrayList<>();
        for (final String file : before.keySet())
        {
            if (!before.get(file).equals(after.get(file)))
            {
                changed.add(after.containsKey(file) ? "changed " + file : "deleted " + file);
            }
        }
        after.keySet().stream().filter((file) -> !before.containsKey(file)).forEach((file) -> changed.add("new " + file));
        assertEquals(List.of(), changed, "every file under the data directory as it was");
        assertFalse(Files.exists(dir.resolve("aeron")), "no Aeron directory");
    }

    /**
     * Run on, the misspelt risk limits file would have left the demo limits in force without a word. A misspelt
     * {@code -D} is only a WARN (system properties are the whole JVM's).
     */
    @Test
    void aMisspeltKeyInTheConfigFileIsOneLineNamingTheKeyItProbablyMeant() throws Exception
    {
        Files.writeString(configFile, "peregrine.risk.limit.file=" + dir.resolve("limits.properties") + "\n",
            StandardOpenOption.APPEND);
        final List<String> output = runStack(List.of("-Dperegrine.ops.prot=9911"));
        assertRefusedWithOneLine(output, "configuration file " + configFile + ": peregrine.risk.limit.file is not a " +
            "key (did you mean peregrine.risk.limits.file?): correct or remove it (the keys are in the README's " +
            "Configuration tables)");
        assertTrue(output.stream().anyMatch(line -> line.contains("WARN") && line.endsWith(
            "system property peregrine.ops.prot is not a key (did you mean peregrine.ops.port?), so it is ignored")),
            () -> String.join("\n", output));
        assertNothingStarted();
    }

    /**
     * Run on, the gateway would have connected to venue 1 only, and the key meant for venue 3 (or for venue 1, with a
     * typo in its id) would have done nothing; so would the client ids of an account the risk limits do not have. Such
     * a {@code -D} is only a WARN.
     */
    @Test
    void aKeyOfAVenueTheConfigurationDoesNotListIsOneLineNamingTheVenuesItLists() throws Exception
    {
        Files.writeString(configFile, "peregrine.gateway.venue.3.host=10.0.0.3\nperegrine.accounts.AC1.client.ids=5\n",
            StandardOpenOption.APPEND);
        final List<String> output = runStack(List.of("-Dperegrine.gateway.broker.BROKR1.username=broker1"));
        assertRefusedWithOneLine(output, "configuration file " + configFile + ": peregrine.accounts.AC1.client.ids is " +
            "a key of account AC1, which peregrine.risk.limits.file (unset: the demo limits) does not list (it lists " +
            "ACC1, ACC2), so nothing reads it: correct the account in the key, or add the account to " +
            "peregrine.risk.limits.file (unset: the demo limits); peregrine.gateway.venue.3.host is a " +
            "key of venue 3, which peregrine.gateway.venues does not list (it lists 1), so nothing reads it: correct " +
            "the venue in the key, or add the venue to peregrine.gateway.venues");
        assertTrue(output.stream().anyMatch(line -> line.contains("WARN") && line.endsWith(
            "system property peregrine.gateway.broker.BROKR1.username is a key of broker session BROKR1, which " +
            "peregrine.gateway.broker.sessions does not list (it lists BROKER1, BROKER2), so nothing reads it: " +
            "correct the broker session in the key, or add the broker session to peregrine.gateway.broker.sessions; " +
            "it is ignored")), () -> String.join("\n", output));
        assertNothingStarted();
    }

    /**
     * A value of the wrong type in the file was refused naming the key only (the contexts read the system properties
     * the file was copied into), so that a user with several files, or a -D beside them, had to search for it. Exit
     * status 2, as for a bad key. A value outside its key's range ({@code peregrine.order.capacity=-5}) was refused by
     * the context's {@code conclude()}, exit status 1 without the file; a venue's or broker session's key only by the
     * context too.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badFileValues")
    void aBadValueInTheConfigFileIsOneLineNamingTheFileAndTheKey(final String setting, final String refusal)
        throws Exception
    {
        Files.writeString(configFile, setting + "\n", StandardOpenOption.APPEND);
        final List<String> output = runLauncher(StackMain.class, LaunchArguments.USAGE_EXIT_STATUS, List.of(),
            "--no-market-maker", configFile.toString());
        assertRefusedWithOneLine(output, "configuration file " + configFile + ": " + refusal);
        assertNothingStarted();
    }

    static Stream<Arguments> badFileValues()
    {
        return Stream.of(
            Arguments.of("peregrine.gateway.offer.timeout.ms=fast",
                "peregrine.gateway.offer.timeout.ms must be a whole number, got 'fast'"),
            Arguments.of("peregrine.order.capacity=-5", "peregrine.order.capacity must be 1..16777216, got -5"),
            Arguments.of("peregrine.sim.instrument.AAPL.lot.size=0",
                "peregrine.sim.instrument.AAPL.lot.size must be 1 or more, got 0"),
            Arguments.of("peregrine.gateway.broker.BROKER1.cancel.on.disconnect=maybe",
                "peregrine.gateway.broker.BROKER1.cancel.on.disconnect must be true or false, got 'maybe'"));
    }

    /**
     * A route to a venue the gateway does not connect to started, WARNed nothing, reported UP and rejected every order
     * for the symbol "Venue unavailable".
     */
    @Test
    void aRouteToAVenueTheGatewayDoesNotConnectToIsOneLineNamingTheKeyTheVenueAndTheFix() throws Exception
    {
        final List<String> output = runStack(List.of("-Dperegrine.venue.routes=AAPL=2,MSFT=1"));
        assertRefusedWithOneLine(output, "peregrine.venue.routes routes AAPL to venue 2, which this gateway does not " +
            "connect to (peregrine.gateway.venues lists 1), so every order for it would be rejected: add 2 to " +
            "peregrine.gateway.venues with its peregrine.gateway.venue.2.port and " +
            "peregrine.gateway.venue.2.target.comp.id (README \"A second venue\"), or route the symbol to a listed " +
            "venue");
        assertNothingStarted();
    }

    /** The core's settings come from system properties too; one the context refuses was a stack trace. */
    @Test
    void aBadCoreSettingIsOneLineNamingTheKey() throws Exception
    {
        final List<String> output = runStack(List.of("-Dperegrine.driver.threading.mode=bogus"));
        assertRefusedWithOneLineStarting(output, "peregrine.driver.threading.mode must be SHARED, SHARED_NETWORK, " +
            "DEDICATED or INVOKER, got 'bogus'", "got 'bogus'");
        assertNothingStarted();
    }

    /**
     * Risk state kept the way before the journal, without one: after a crash the core would issue order ids and
     * ExecIDs again from 1 in the same FIX sessions and forget the orders resting at the venue.
     */
    @Test
    void aRiskStateDirectoryWithoutAJournalIsOneLineNamingTheJournalKey() throws Exception
    {
        final Properties config = new Properties();
        try (InputStream in = Files.newInputStream(configFile))
        {
            config.load(in);
        }
        config.remove(Core.JOURNAL_DIR.name());
        config.setProperty(Core.RISK_STATE_DIR.name(), dir.resolve("data/risk").toString());
        try (OutputStream out = Files.newOutputStream(configFile))
        {
            config.store(out, null);
        }
        final List<String> output = runStack(List.of());
        assertRefusedWithOneLineStarting(output, "peregrine.risk.state.dir is set without peregrine.journal.dir",
            "Unset peregrine.risk.state.dir to journal under ./data/core");
        assertNothingStarted();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("helpRequests")
    void helpPrintsTheUsageAndStartsNothing(final String command, final List<String> args) throws Exception
    {
        final List<String> output = runLauncher(launcher(command), 0, args.toArray(new String[0]));
        assertTrue(output.contains(usageLine(command)), () -> String.join("\n", output));
        assertNothingStarted();
    }

    static Stream<Arguments> helpRequests()
    {
        return Stream.of(
            Arguments.of("gateway", List.of("--help", "stack.properties")),
            Arguments.of("stack", List.of("--no-market-maker", "-h", "stack.properties")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownOptions")
    void anUnknownOptionIsRefusedWithTheUsageAndStartsNothing(final String command, final String option)
        throws Exception
    {
        final List<String> output = runLauncher(launcher(command), LaunchArguments.USAGE_EXIT_STATUS, option,
            "stack.properties");
        assertEquals("peregrine: " + command + ": unknown option " + option, output.get(0));
        assertTrue(output.contains(usageLine(command)), () -> String.join("\n", output));
        assertNothingStarted();
    }

    static Stream<Arguments> unknownOptions()
    {
        // The gateway has no venue to start without its market maker; the stack's flag misspelt.
        return Stream.of(Arguments.of("gateway", "--no-market-maker"), Arguments.of("stack", "--no-market-makr"));
    }

    private static Class<?> launcher(final String command)
    {
        return "stack".equals(command) ? StackMain.class : GatewayMain.class;
    }

    private static String usageLine(final String command)
    {
        return ("stack".equals(command) ? StackMain.USAGE : GatewayMain.USAGE).lines().findFirst().orElseThrow();
    }

    /** No core journal, no Aeron directory: a launcher that did start would have made both (the config's). */
    private void assertNothingStarted()
    {
        assertFalse(Files.exists(dir.resolve("data")), "no data directory");
        assertFalse(Files.exists(dir.resolve("aeron")), "no Aeron directory");
    }

    private List<String> runStack(final List<String> jvmArgs) throws Exception
    {
        return runLauncher(StackMain.class, StartRefusal.EXIT_STATUS, jvmArgs, "--no-market-maker",
            configFile.toString());
    }

    private List<String> runLauncher(final Class<?> launcher, final int exitStatus, final String... args)
        throws Exception
    {
        return runLauncher(launcher, exitStatus, List.of(), args);
    }

    /**
     * Runs a launcher's main in a child JVM whose working directory is the test's (a default {@code ./data} lands
     * there), until it exits by itself.
     */
    private List<String> runLauncher(
        final Class<?> launcher, final int exitStatus, final List<String> jvmArgs, final String... args)
        throws Exception
    {
        final Path console = dir.resolve("console.log");
        child = new ProcessBuilder(ChildJvm.command("256m", jvmArgs, launcher, args))
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        final boolean exited = child.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        final List<String> output = Files.readAllLines(console, StandardCharsets.UTF_8);
        assertTrue(exited, () -> "the launcher exits by itself; output:\n" + String.join("\n", output));
        assertEquals(exitStatus, child.exitValue(), () -> "exit status; output:\n" + output);
        return output;
    }

    private static void assertRefusedWithOneLineStarting(
        final List<String> output, final String start, final String fix)
    {
        final String prefix = "peregrine: stack cannot start: " + start;
        final List<String> lines = output.stream().filter((line) -> line.startsWith("peregrine: ")).toList();
        assertEquals(1, lines.size(), () -> "one error line; output:\n" + String.join("\n", output));
        assertTrue(lines.get(0).startsWith(prefix) && lines.get(0).contains(fix), () -> "the line '" + prefix +
            "... " + fix + "'; output:\n" + String.join("\n", output));
        assertTrue(lines.get(0).chars().noneMatch(Character::isISOControl), () -> "printable: " + lines.get(0));
        assertFalse(output.stream().anyMatch((line) -> line.startsWith("\tat ") || line.startsWith("Caused by")),
            () -> "no stack trace; output:\n" + String.join("\n", output));
    }

    private static void assertRefusedWithOneLine(final List<String> output, final String message)
    {
        final String expected = "peregrine: stack cannot start: " + message;
        assertEquals(1, output.stream().filter((line) -> line.startsWith("peregrine: ")).count(),
            () -> "one error line; output:\n" + String.join("\n", output));
        assertTrue(output.contains(expected), () -> "the line '" + expected + "'; output:\n" +
            String.join("\n", output));
        assertFalse(output.stream().anyMatch((line) -> line.startsWith("\tat ") || line.startsWith("Caused by")),
            () -> "no stack trace; output:\n" + String.join("\n", output));
    }
}
