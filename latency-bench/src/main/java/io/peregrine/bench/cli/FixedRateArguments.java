package io.peregrine.bench.cli;

import picocli.CommandLine.Mixin;

/**
 * The options of a fixed-rate run that sends for a count or a duration ({@code LoadRun}, {@code RawEchoRun},
 * {@code FullLoopRun}): {@link RunArguments} ({@code -h}/{@code --help}, {@code --idle}, {@code --out}) and
 * {@link RunLength} ({@code --count}, {@code --duration}). The base of such a tool's {@code @Command} object, which
 * adds its own rate and warm-up options (picocli reads the mixins of a superclass). Filled once at start-up.
 */
public class FixedRateArguments
{
    /** Help, idle strategy and output folder. */
    @Mixin
    public RunArguments run = new RunArguments();

    /** How long the run sends. */
    @Mixin
    public RunLength length = new RunLength();
}
