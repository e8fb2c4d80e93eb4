package io.peregrine.bench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long a fixed-rate run sends ({@code LoadRun}, {@code RawEchoRun}, {@code FullLoopRun}): {@code --count} and
 * {@code --duration}, whichever ends first. A picocli mixin ({@code @Mixin RunLength length;}); each tool checks the
 * values against its own limits. Also brings the exit statuses these runs share into the usage. Filled once at
 * start-up.
 */
@Command(
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {
        "0:every order got a final report",
        "1:some did not",
        "2:bad arguments" })
public final class RunLength
{
    /** Measured sending time when {@code --duration} is not given, seconds. */
    public static final long DEFAULT_DURATION_SECONDS = 30;

    @Option(names = "--count", paramLabel = "<n>",
        description = "Measured orders to send, all paths together, split in proportion to the rates (default: "
            + "rate x duration).")
    public Long count;

    @Option(names = "--duration", paramLabel = "<s>", defaultValue = "" + DEFAULT_DURATION_SECONDS,
        description = "Longest measured sending time in seconds (default: ${DEFAULT-VALUE}); whichever of count and "
            + "duration ends first stops sending.")
    public long duration;
}
