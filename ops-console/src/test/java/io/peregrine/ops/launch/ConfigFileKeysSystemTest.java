package io.peregrine.ops.launch;

import io.peregrine.testsupport.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run.sh stack file} (StackMain in a child JVM) whose file misspells a key stops before starting anything, with
 * one line naming the key and the key it probably meant: run on, the misspelt risk limits file would have left the
 * demo limits in force without a word. A misspelt {@code -D} is a WARN (system properties are the whole JVM's).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConfigFileKeysSystemTest
{
    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void stopChild()
    {
        if (null != child)
        {
            child.destroyForcibly(); // only if the wait below failed: the launcher exits by itself
        }
    }

    @Test
    void aMisspeltKeyInTheFileStopsTheStackNamingTheKeyItProbablyMeant() throws Exception
    {
        final Path file = dir.resolve("stack.properties");
        Files.writeString(file, "peregrine.aeron.dir=" + dir.resolve("aeron") + "\n" +
            "peregrine.journal.dir=" + dir.resolve("data/core") + "\n" +
            "peregrine.risk.limit.file=" + dir.resolve("limits.properties") + "\n");
        final Path console = dir.resolve("console.log");
        child = new ProcessBuilder(ChildJvm.command("256m", List.of("-Dperegrine.ops.prot=9911"), StackMain.class,
            "--no-market-maker", file.toString()))
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the launcher exits by itself");
        final List<String> output = Files.readAllLines(console, StandardCharsets.UTF_8);
        assertEquals(StartRefusal.EXIT_STATUS, child.exitValue(), () -> String.join("\n", output));

        assertEquals(List.of("peregrine: stack cannot start: configuration file " + file + ": peregrine.risk.limit.file " +
            "is not a key (did you mean peregrine.risk.limits.file?): correct or remove it (the keys are in the " +
            "README's Configuration tables)"),
            output.stream().filter(line -> line.startsWith("peregrine: ")).toList(), () -> String.join("\n", output));
        assertTrue(output.stream().anyMatch(line -> line.contains("WARN") && line.endsWith(
            "system property peregrine.ops.prot is not a key (did you mean peregrine.ops.port?), so it is ignored")),
            () -> String.join("\n", output));
        assertFalse(output.stream().anyMatch(line -> line.startsWith("\tat ")), () -> String.join("\n", output));
        assertFalse(Files.exists(dir.resolve("data")), "nothing started: no data directory");
        assertFalse(Files.exists(dir.resolve("aeron")), "nothing started: no Aeron directory");
    }
}
