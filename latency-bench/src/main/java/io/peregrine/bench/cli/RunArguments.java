package io.peregrine.bench.cli;

import io.peregrine.bench.load.IdleMode;
import picocli.CommandLine.Option;

/**
 * The options every fixed-rate run of latency-bench shares ({@code LoadRun}, {@code RawEchoRun}, {@code FullLoopRun},
 * {@code FixLoopLatency}): {@code -h}/{@code --help}, {@code --idle} and {@code --out}. A picocli mixin: a tool puts
 * {@code @Mixin RunArguments run;} in its {@code @Command} object. Filled once at start-up.
 */
public final class RunArguments
{
    /** Output folder when {@code --out} is not given. */
    public static final String DEFAULT_OUT = "target/peregrine-run";

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
    public boolean help;

    @Option(names = "--idle", paramLabel = "<strategy>", defaultValue = "backoff",
        converter = IdleModeName.class, completionCandidates = IdleModeName.class,
        description = "Idle strategy of every agent of the run (core, driver, venue, gateway) and of the load "
            + "client: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); busy-spin needs a free core per thread.")
    public IdleMode idle;

    @Option(names = "--out", paramLabel = "<dir>", defaultValue = DEFAULT_OUT,
        description = "Folder for the HdrHistogram logs (and step-load CSVs) (default: ${DEFAULT-VALUE}).")
    public String out;
}
