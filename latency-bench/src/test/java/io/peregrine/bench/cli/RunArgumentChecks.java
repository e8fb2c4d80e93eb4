package io.peregrine.bench.cli;

import io.peregrine.bench.load.IdleMode;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The checks of the flags every fixed-rate tool takes from {@link RunArguments} ({@code -h}/{@code --help},
 * {@code --idle}, {@code --out}) and picocli's rules, written once: each tool's test runs them on its own parser as
 * a {@code @TestFactory}, and keeps only the checks of its own flags.
 *
 * @param commandClass the tool's {@code @Command} class.
 * @param usage        the tool's usage text.
 * @param parser       the tool's parser, throwing {@link IllegalArgumentException} on a bad argument.
 * @param idle         the idle strategy of a parsed command line.
 * @param out          the output folder of a parsed command line, as given.
 * @param <T>          the tool's options.
 */
public record RunArgumentChecks<T extends ToolOptions>(
    Class<?> commandClass,
    String usage,
    Function<String[], T> parser,
    Function<T, IdleMode> idle,
    Function<T, String> out)
{
    /** @return the checks, one test each. */
    public Stream<DynamicTest> tests()
    {
        final List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest("help in both spellings needs no other argument", () ->
        {
            assertTrue(parser.apply(new String[]{ "--help" }).help());
            assertTrue(parser.apply(new String[]{ "-h" }).help());
            assertFalse(parser.apply(new String[0]).help());
        }));
        tests.add(dynamicTest("defaults: backoff, " + RunArguments.DEFAULT_OUT, () ->
        {
            final T defaults = parser.apply(new String[0]);
            assertEquals(IdleMode.BACKOFF, idle.apply(defaults));
            assertEquals(RunArguments.DEFAULT_OUT, out.apply(defaults));
        }));
        tests.add(dynamicTest("every idle strategy by name, --out in both spellings", () ->
        {
            for (final IdleMode mode : IdleMode.values())
            {
                assertEquals(mode, idle.apply(parser.apply(new String[]{ "--idle", mode.cliName() })));
            }
            assertEquals("o", out.apply(parser.apply(new String[]{ "--out=o" })));
            assertEquals("/tmp/x", out.apply(parser.apply(new String[]{ "--out", "/tmp/x" })));
        }));
        for (final BadArgument bad : List.of(
            new BadArgument("--idle must be busy-spin, backoff, sleeping or yielding, got 'spin'", "--idle", "spin"),
            new BadArgument("Missing required parameter for option '--out'", "--out"),
            new BadArgument("Unknown option: '--bogus'", "--bogus"),
            new BadArgument("Unmatched argument", "extra")))
        {
            tests.add(dynamicTest("refuses " + bad, () -> bad.assertRefusedBy(parser)));
        }
        tests.add(dynamicTest("usage lists the shared flags, their defaults and the exit statuses", () ->
            HelpTexts.assertUsageNames(usage, commandClass.getAnnotation(picocli.CommandLine.Command.class).name(),
                "--idle", "--out", "--help", "default: backoff", "default: " + RunArguments.DEFAULT_OUT,
                "busy-spin, backoff, sleeping, yielding", "Exit status")));
        tests.add(dynamicTest("help texts format without picocli warnings",
            () -> HelpTexts.assertEveryTextFormats(commandClass)));
        return tests.stream();
    }
}
