package io.peregrine.bench.cli;

import picocli.CommandLine.Option;

/**
 * The options every fixed-rate run of latency-bench shares ({@code LoadRun}, {@code RawEchoRun}, {@code FullLoopRun},
 * {@code FixLoopLatency}): those of every tool ({@link CommonOptions}: {@code -h}/{@code --help}, {@code --idle})
 * and {@code --out}. A picocli mixin: a tool puts {@code @Mixin RunArguments run;} in its {@code @Command} object.
 * Filled once at start-up.
 */
public final class RunArguments extends CommonOptions
{
    /** Output folder when {@code --out} is not given. */
    public static final String DEFAULT_OUT = "target/peregrine-run";

    @Option(names = "--out", paramLabel = "<dir>", defaultValue = DEFAULT_OUT,
        description = "Folder for the HdrHistogram logs (and step-load CSVs) (default: ${DEFAULT-VALUE}).")
    public String out;
}
