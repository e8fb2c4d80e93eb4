package io.peregrine.bench.cli;

import java.util.Arrays;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One case of a tool's command-line tests: arguments the tool must refuse, and what its message must say. The cases of
 * a tool are a {@code @MethodSource} of a {@code @ParameterizedTest}.
 *
 * @param expected part of the message.
 * @param args     the command line.
 */
public record BadArgument(String expected, String... args)
{
    /**
     * @param parser the tool's parser, throwing {@link IllegalArgumentException} on a bad argument.
     */
    public void assertRefusedBy(final Function<String[], ?> parser)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> parser.apply(args));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    @Override
    public String toString()
    {
        return Arrays.toString(args) + " -> " + expected;
    }
}
