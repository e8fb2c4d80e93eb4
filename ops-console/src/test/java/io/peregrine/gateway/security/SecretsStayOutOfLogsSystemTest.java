package io.peregrine.gateway.security;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PeregrineKeys.Ops;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.ChildJvm;
import io.peregrine.ops.launch.ChildStackPorts;
import io.peregrine.testsupport.TempDirs;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import io.peregrine.ops.launch.StackMain;
import io.peregrine.core.OwnerOnlyFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.HandlInst;
import quickfix.field.MsgType;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full run of {@code run.sh stack} (StackMain in a child JVM, as a user runs it) with broker passwords and TLS
 * configured: brokers log on over TLS (one attempt with a wrong password first), trade with each other, and the
 * stack is stopped with SIGTERM. Then no file the stack wrote under its data directory and no line of its console
 * output contains a broker password, the wrong password tried, or a keystore/truststore password; and the gateway's
 * data directory and the core journal (which holds the risk state) are owner-only (directories 0700, files 0600).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SecretsStayOutOfLogsSystemTest
{
    private static final long WAIT_MS = 30_000;
    /** A stack's start in a child JVM: 45 s on a loaded 2-core machine here (core, venue, gateway, ops console). */
    private static final long START_WAIT_MS = 120_000;
    private static final String PASSWORD1 = "Broker1-Secret-Pw";
    private static final String PASSWORD2 = "Broker2-Secret-Pw";
    private static final String WRONG_PASSWORD = "Wrong-Guess-Pw";

    private Path dir;
    private Process child;
    @AutoClose
    private final ChildStackPorts ports = new ChildStackPorts();

    @AfterEach
    void tearDown()
    {
        if (null != child)
        {
            child.destroyForcibly();
        }
        TempDirs.delete(dir);
    }

    @Test
    void noFileOrLogLineOfAFullRunHoldsAConfiguredSecret() throws Exception
    {
        dir = TempDirs.create("peregrine-secrets-");
        final Path data = dir.resolve("data");
        final int brokerPort = ports.brokerPort();
        final Properties config = new Properties();
        config.setProperty("peregrine.aeron.dir", dir.resolve("aeron-" + UUID.randomUUID()).toString());
        config.setProperty("peregrine.idle.strategy", "sleeping");
        config.setProperty("peregrine.journal.dir", data.resolve("core").toString());
        config.setProperty("peregrine.sim.fix.store.dir", data.resolve("venue/store").toString());
        config.setProperty("peregrine.sim.fix.log", "file");
        config.setProperty("peregrine.sim.fix.log.dir", data.resolve("venue/log").toString());
        config.setProperty("peregrine.sim.idle.strategy", "sleeping");
        config.setProperty(Gateway.DATA_DIR.name(), data.resolve("fix-gateway").toString());
        // The ops console the stack starts: its token and audit log live under the data directory grepped below. Its
        // port is reserved with the venue's and the broker port (never the public default 9900, which a running stack
        // may hold).
        config.setProperty(Ops.DATA_DIR.name(), data.resolve("ops").toString());
        ports.applyTo(config);
        config.setProperty(Gateway.IDLE_STRATEGY.name(), "sleeping");
        config.setProperty(Gateway.FIX_MESSAGE_LOG.name(), "true");
        config.setProperty("peregrine.gateway.broker.BROKER1.username", "broker1");
        config.setProperty("peregrine.gateway.broker.BROKER1.password.hash",
            PasswordHash.create(PASSWORD1.toCharArray(), PasswordHash.MIN_ITERATIONS).encoded());
        config.setProperty("peregrine.gateway.broker.BROKER2.username", "broker2");
        config.setProperty("peregrine.gateway.broker.BROKER2.password.hash",
            PasswordHash.create(PASSWORD2.toCharArray(), PasswordHash.MIN_ITERATIONS).encoded());
        config.setProperty(Gateway.BROKER_TLS.name(), "true");
        config.setProperty(Gateway.TLS_KEYSTORE_FILE.name(), TestTls.GATEWAY.file().toString());
        config.setProperty(Gateway.TLS_KEYSTORE_PASSWORD_FILE.name(), TestTls.GATEWAY.passwordFile().toString());
        config.setProperty(Gateway.TLS_TRUSTSTORE_FILE.name(), TestTls.GATEWAY_TRUST.file().toString());
        config.setProperty(Gateway.TLS_TRUSTSTORE_PASSWORD_FILE.name(),
            TestTls.GATEWAY_TRUST.passwordFile().toString());
        final Path configFile = dir.resolve("stack.properties");
        try (var out = Files.newOutputStream(configFile))
        {
            config.store(out, null);
        }

        final Path console = dir.resolve("console.log");
        child = startStack(configFile, console);
        // The brokers' waits below start once the stack is up: timed from the launch, they ran out while it started.
        Await.until("the stack running", () -> !child.isAlive() || read(console).contains("Peregrine stack running"),
            START_WAIT_MS);
        assertTrue(child.isAlive(), () -> "the stack runs: " + read(console));

        try (FixCounterparty wrong = broker(brokerPort, "BROKER1").credentials("broker1", WRONG_PASSWORD).start())
        {
            try
            {
                wrong.nextAdmin(MsgType.LOGOUT, WAIT_MS);
            }
            catch (final AssertionError ex)
            {
                throw new AssertionError(ex.getMessage() + "; stack alive=" + child.isAlive() + ", console: " +
                    read(console), ex);
            }
        }
        try (FixCounterparty broker1 = broker(brokerPort, "BROKER1").credentials("broker1", PASSWORD1).start();
            FixCounterparty broker2 = broker(brokerPort, "BROKER2").credentials("broker2", PASSWORD2).start())
        {
            assertTrue(broker1.awaitLogon(WAIT_MS), () -> "BROKER1 logs on; console: " + read(console));
            assertTrue(broker2.awaitLogon(WAIT_MS), "BROKER2 logs on");
            broker1.send(FixRequests.newOrder("B1", '1', "AAPL", "190.00", 10));
            broker1.nextReport("B1", ExecType.NEW, WAIT_MS);
            broker2.send(FixRequests.newOrder("S1", '2', "AAPL", "190.00", 10));
            broker2.nextReport("S1", ExecType.TRADE, WAIT_MS);
            broker1.nextReport("B1", ExecType.TRADE, WAIT_MS);
        }

        child.destroy();   // SIGTERM: the clean shutdown a user gets with Ctrl-C
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the stack stops on SIGTERM");

        final List<String> secrets = List.of(PASSWORD1, PASSWORD2, WRONG_PASSWORD, TestTls.GATEWAY.password(),
            TestTls.GATEWAY_TRUST.password());
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(data))
        {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        files.add(console);
        assertTrue(files.stream().anyMatch((f) -> f.toString().contains("fix-gateway") &&
            f.toString().contains("log")), "the FIX message logs were written: " + files);
        final String consoleText = read(console);
        assertTrue(consoleText.contains("logon from 127.0.0.1 refused"), "the refused logon was logged");
        for (final Path file : files)
        {
            assertFalse(holdsAny(file, secrets), file + " holds a secret");
        }

        for (final Path root : new Path[]{data.resolve("fix-gateway"), data.resolve("core")})
        {
            try (Stream<Path> walk = Files.walk(root))
            {
                walk.forEach((path) -> assertFalse(OwnerOnlyFiles.isOpenToOthers(path), path + " is not owner-only"));
            }
        }
    }

    private static Process startStack(final Path configFile, final Path console) throws Exception
    {
        final List<String> command =
            ChildJvm.command("384m", StackMain.class, "--no-market-maker", configFile.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile()).start();
    }

    private static FixCounterparty broker(final int port, final String compId) throws Exception
    {
        return FixCounterparty.broker(port, compId, "PEREGRINE", (settings) ->
        {
            TestTls.apply(settings, TestTls.BROKER, TestTls.PEER_TRUST, false);
            settings.setBool("ResetOnLogon", true);
        });
    }



    /**
     * Scans the file once, in chunks, for all the secrets: the data directory holds journal and queue files of tens to
     * hundreds of megabytes (Chronicle preallocates, sparse), which read whole into one string ran this JVM out of heap.
     */
    private static boolean holdsAny(final Path file, final List<String> secrets) throws java.io.IOException
    {
        final List<byte[]> wanted = new ArrayList<>();
        int longest = 0;
        for (final String secret : secrets)
        {
            wanted.add(secret.getBytes(StandardCharsets.ISO_8859_1));
            longest = Math.max(longest, secret.length());
        }
        final byte[] chunk = new byte[1 << 20];
        try (var in = Files.newInputStream(file))
        {
            // The last longest - 1 bytes of a chunk are kept at the start of the next, so a secret cut in two by a
            // chunk boundary is still found whole.
            int kept = 0;
            int read;
            while ((read = in.read(chunk, kept, chunk.length - kept)) > 0)
            {
                final int length = kept + read;
                for (final byte[] secret : wanted)
                {
                    if (indexOf(chunk, length, secret) >= 0)
                    {
                        return true;
                    }
                }
                kept = Math.min(longest - 1, length);
                System.arraycopy(chunk, length - kept, chunk, 0, kept);
            }
        }
        return false;
    }

    private static int indexOf(final byte[] bytes, final int length, final byte[] wanted)
    {
        outer:
        for (int i = 0; i <= length - wanted.length; i++)
        {
            for (int j = 0; j < wanted.length; j++)
            {
                if (bytes[i + j] != wanted[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        }
        catch (final java.io.IOException ex)
        {
            return "<" + ex + ">";
        }
    }
}
