package io.peregrine.bench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peregrine.bench.JvmFlags;
import io.peregrine.bench.load.MachineInfo;
import io.peregrine.core.PeregrineContext;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code machine.json} of a bench-suite run: CPU, cores, memory, load, OS, JDK, JVM flags, idle strategy,
 * driver threading mode, pinning, git commit, JMH settings and the outcome of each step, written with Jackson.
 * perf-reports shows it at the top of the report. Edge code on the suite's main thread.
 */
final class MachineDescription
{
    /** File name in the suite's output folder. */
    static final String FILE_NAME = "machine.json";

    /** Checkout whose git commit is recorded ({@code run.sh} sets it to the repository root); default: here. */
    static final String SOURCE_DIR_PROP_NAME = "peregrine.source.dir";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> entries = new LinkedHashMap<>();
    private final Map<String, String> steps = new LinkedHashMap<>();

    /**
     * Describes this machine and JVM now.
     *
     * @param plan what the suite runs.
     * @param startedAt when it started.
     */
    MachineDescription(final SuitePlan plan, final Instant startedAt)
    {
        final PeregrineContext defaults = new PeregrineContext();
        entries.put("suite", plan.quick() ? "quick" : "full");
        entries.put("started", startedAt.toString());
        entries.put("git commit", gitCommit());
        entries.put("cpu", MachineInfo.cpuModel());
        entries.put("cores", Runtime.getRuntime().availableProcessors());
        entries.put("memory", memory());
        entries.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"));
        entries.put("load average at start", MachineInfo.loadAverage());
        entries.put("jdk", MachineInfo.jdk());
        entries.put("jvm flags (every child JVM and JMH fork)", String.join(" ", JvmFlags.ALL));
        entries.put("suite JVM arguments", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        entries.put("idle strategy", plan.idle().describe() + " (core, driver, venue, gateway agents, echo/relay "
            + "agents, load threads)");
        entries.put("driver threading mode", defaults.driverThreadingMode().name() + " (embedded media driver)");
        entries.put("agent threading", defaults.threading().configName() + " (peregrine.threading), hand-off wake " +
            (io.peregrine.config.WakeableIdleStrategy.wakeEnabled() ? "on" : "off") + " (peregrine.idle.wake)");
        entries.put("thread pinning", defaults.cpuAffinity() < 0 ? "none (peregrine.cpu.affinity unset)" :
            "core thread on CPU " + defaults.cpuAffinity() + " (best effort)");
        entries.put("jmh", plan.jmhSettings());
        entries.put("steps", steps);
    }

    /**
     * Records how a step ended.
     *
     * @param name    the step.
     * @param outcome e.g. {@code ok, 42 s} or {@code FAILED (exit 1)}.
     */
    void step(final String name, final String outcome)
    {
        steps.put(name, outcome);
    }

    /**
     * @param finishedAt when the suite ended.
     */
    void finish(final Instant finishedAt)
    {
        entries.put("finished", finishedAt.toString());
        entries.put("load average at end", MachineInfo.loadAverage());
    }

    /**
     * @param dir where {@value #FILE_NAME} goes.
     * @throws IOException if it cannot be written.
     */
    void write(final Path dir) throws IOException
    {
        Files.writeString(dir.resolve(FILE_NAME), JSON.writeValueAsString(entries), StandardCharsets.UTF_8);
    }

    /** @return the entries so far (for tests). */
    Map<String, Object> entries()
    {
        return entries;
    }


    private static String memory()
    {
        try
        {
            for (final String line : Files.readAllLines(Paths.get("/proc/meminfo")))
            {
                if (line.startsWith("MemTotal:"))
                {
                    final long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(java.util.Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // not Linux: say so below
        }
        return "unknown";
    }

    /** @return {@code git rev-parse HEAD} of the working directory, with {@code (modified)} if it has changes. */
    static String gitCommit()
    {
        final String commit = git("rev-parse", "HEAD");
        if (null == commit)
        {
            return "unknown (not a git checkout, or git not installed)";
        }
        final String status = git("status", "--porcelain", "--untracked-files=no");
        return commit + (null != status && !status.isEmpty() ? " (modified)" : "");
    }

    private static String git(final String... args)
    {
        final List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try
        {
            final Process process = new ProcessBuilder(command)
                .directory(Paths.get(System.getProperty(SOURCE_DIR_PROP_NAME, ".")).toFile())
                .redirectErrorStream(true)
                .start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0)
            {
                process.destroyForcibly();
                return null;
            }
            return output;
        }
        catch (final IOException ex)
        {
            return null;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
