package io.peregrine.bench.cli;

import io.peregrine.bench.load.IdleMode;
import picocli.CommandLine.Option;

/**
 * The options every tool of latency-bench shares: {@code -h}/{@code --help} and {@code --idle}. A picocli mixin
 * ({@code @Mixin CommonOptions common;}), and the base of {@link RunArguments}. Filled once at start-up.
 */
public class CommonOptions
{
    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
    public boolean help;

    @Option(names = "--idle", paramLabel = "<strategy>", defaultValue = "backoff",
        converter = IdleModeName.class, completionCandidates = IdleModeName.class,
        description = "Idle strategy of every agent of the run (core, driver, venue, gateway) and of the load "
            + "clients: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); busy-spin needs a free core per thread.")
    public IdleMode idle;
}
