package io.peregrine.ops.launch;

import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.testsupport.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run.sh gateway} and {@code run.sh stack} as a user runs them (the launcher's main in a child JVM, working
 * directory a fresh folder): {@code --help} prints the usage and exits 0, an unknown option prints it to standard
 * error and exits 2, and neither starts anything (no {@code data/} directory, no Aeron directory). The child's ports
 * and Aeron directory are the test's own, so a launcher that did start would not touch a stack running here.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherHelpSystemTest
{
    private static final long EXIT_WAIT_SECONDS = 30;

    @TempDir
    Path dir;

    @AutoClose
    private final ChildStackPorts ports = new ChildStackPorts();
    private Process child;

    @AfterEach
    void stopChild()
    {
        if (null != child)
        {
            child.destroyForcibly(); // only if a wait below failed: the launcher exits by itself
        }
    }

    @Test
    void gatewayHelpPrintsTheUsageAndStartsNothing() throws Exception
    {
        final List<String> output = run(GatewayMain.class, 0, "--help");
        assertTrue(output.contains("usage: run.sh gateway [config.properties]"), () -> String.join("\n", output));
    }

    @Test
    void stackHelpPrintsTheUsageAndStartsNothing() throws Exception
    {
        final List<String> output = run(StackMain.class, 0, "--no-market-maker", "--help");
        assertTrue(output.contains("usage: run.sh stack [--no-market-maker] [config.properties]"),
            () -> String.join("\n", output));
    }

    @Test
    void gatewayRefusesAnUnknownOptionWithTheUsage() throws Exception
    {
        final List<String> output = run(GatewayMain.class, 2, "--no-market-maker");
        assertEquals("peregrine: gateway: unknown option --no-market-maker", output.get(0));
        assertTrue(output.contains("usage: run.sh gateway [config.properties]"), () -> String.join("\n", output));
    }

    @Test
    void stackRefusesAnUnknownOptionWithTheUsage() throws Exception
    {
        final List<String> output = run(StackMain.class, 2, "--no-market-makr");
        assertEquals("peregrine: stack: unknown option --no-market-makr", output.get(0));
        assertTrue(output.contains("usage: run.sh stack [--no-market-maker] [config.properties]"),
            () -> String.join("\n", output));
    }

    private List<String> run(final Class<?> launcher, final int exitStatus, final String... args) throws Exception
    {
        final Properties isolated = new Properties();
        ports.applyTo(isolated);
        isolated.setProperty(Core.AERON_DIR.name(), dir.resolve("aeron").toString());
        final List<String> jvmArgs = new ArrayList<>();
        isolated.stringPropertyNames().forEach(key -> jvmArgs.add("-D" + key + "=" + isolated.getProperty(key)));
        final Path console = dir.resolve("console.log");
        child = new ProcessBuilder(ChildJvm.command("128m", jvmArgs, launcher, args))
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        assertTrue(child.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS), "the launcher exits by itself");
        final List<String> output = Files.readAllLines(console, StandardCharsets.UTF_8);
        assertEquals(exitStatus, child.exitValue(), () -> "exit status; output:\n" + String.join("\n", output));
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of(console), files.toList(), "nothing started: no data/, no Aeron directory");
        }
        return output;
    }
}
