package io.peregrine.ops.launch;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line of {@code run.sh gateway} and {@code run.sh stack}: {@code --help} anywhere asks for the usage,
 * an option the launcher does not know is refused, the rest are configuration files.
 */
class LaunchArgumentsTest
{
    private static final Set<String> STACK_FLAGS = Set.of("--no-market-maker");

    @Test
    void helpAnywhereAsksForTheUsageOnly()
    {
        assertTrue(LaunchArguments.parse(new String[]{"--help"}, Set.of()).help());
        assertTrue(LaunchArguments.parse(new String[]{"-h"}, Set.of()).help());
        final LaunchArguments late = LaunchArguments.parse(new String[]{"stack.properties", "--help"}, STACK_FLAGS);
        assertTrue(late.help());
        assertEquals(List.of(), late.configFiles());
    }

    @Test
    void refusesAnOptionTheLauncherDoesNotKnow()
    {
        final IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
            () -> LaunchArguments.parse(new String[]{"--no-market-makr"}, STACK_FLAGS));
        assertEquals("unknown option --no-market-makr", typo.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> LaunchArguments.parse(new String[]{"--no-market-maker"}, Set.of()), "the gateway has no venue");
        assertThrows(IllegalArgumentException.class, () -> LaunchArguments.parse(new String[]{"-x"}, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> LaunchArguments.parse(new String[]{""}, Set.of()));
    }

    @Test
    void readsItsFlagsAndConfigurationFilesInOrder()
    {
        final LaunchArguments arguments = LaunchArguments.parse(
            new String[]{"a.properties", "--no-market-maker", "b.properties"}, STACK_FLAGS);
        assertFalse(arguments.help());
        assertTrue(arguments.has("--no-market-maker"));
        assertEquals(List.of(Path.of("a.properties"), Path.of("b.properties")), arguments.configFiles());
        assertFalse(LaunchArguments.parse(new String[]{}, STACK_FLAGS).has("--no-market-maker"));
    }
}
