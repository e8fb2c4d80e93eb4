package io.peregrine.config;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README key tables are public contract: every key declared in {@link PeregrineKeys} must have a row in the root
 * README or a module README, and every row naming it must show the key's default (when it has one). A key renamed or a default
 * changed in code without the README fails here.
 * <p>
 * A row may name several keys the README way: {@code `peregrine.gateway.ingress.stream` / `egress.stream`} with the
 * defaults {@code `1001` / `1002`} in the same order.
 */
class PeregrineKeysReadmeTest
{
    private static final Pattern KEY = Pattern.compile("`([a-zA-Z0-9.<>*_-]+)`");
    private static final List<String> ROWS = new ArrayList<>();

    @BeforeAll
    static void readTables() throws IOException
    {
        final Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(root.resolve("README.md")), "root README not found from " + root);
        final List<Path> readmes = new ArrayList<>();
        readmes.add(root.resolve("README.md"));
        try (Stream<Path> modules = Files.list(root))
        {
            modules.map(module -> module.resolve("README.md")).filter(Files::isRegularFile).sorted()
                .forEach(readmes::add);
        }
        for (final Path readme : readmes)
        {
            for (final String line : Files.readAllLines(readme, StandardCharsets.UTF_8))
            {
                if (line.startsWith("| `peregrine."))
                {
                    ROWS.add(line);
                }
            }
        }
    }

    static List<ConfigKey<?>> keys()
    {
        return PeregrineKeys.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void everyKeyHasAReadmeRowShowingItsDefault(final ConfigKey<?> key)
    {
        final List<String> defaultCells = new ArrayList<>();
        for (final String row : ROWS)
        {
            final String cell = defaultCellOf(row, key.name());
            if (null != cell)
            {
                defaultCells.add(cell);
            }
        }
        assertFalse(defaultCells.isEmpty(), key.name() + " has no row in the README key tables (root or module)");
        final Object defaultValue = key.defaultValue();
        if (null == defaultValue || defaultValue.toString().isEmpty())
        {
            return; // the README says "unset", "none" or "Aeron's default" in words
        }
        final String shown = defaultValue.toString();
        final String grouped = defaultValue instanceof Number ? String.format("%,d", defaultValue) : shown;
        assertTrue(defaultCells.stream().allMatch(cell -> shows(cell, shown) || shows(cell, grouped)),
            key.name() + ": the README rows show " + defaultCells + " as its default, the code has " + shown);
    }

    @Test
    void readsAbbreviatedKeysOfARowInOrder()
    {
        final String row = "| `peregrine.gateway.ingress.stream` / `egress.stream` | `1001` / `1002` | streams |";
        assertEquals("`1002`", defaultCellOf(row, "peregrine.gateway.egress.stream"));
        assertEquals("`1001`", defaultCellOf(row, "peregrine.gateway.ingress.stream"));
        assertNull(defaultCellOf(row, "peregrine.egress.stream"));
        final String dotted = "| `peregrine.gateway.tls.keystore.file` / `.keystore.password.file` | unset | files |";
        assertEquals("unset", defaultCellOf(dotted, "peregrine.gateway.tls.keystore.password.file"));
        final String shorter = "| `peregrine.sim.fix.log.max.file.bytes` / `fix.log.max.files` | `16777216` / `4` | log |";
        assertEquals("`4`", defaultCellOf(shorter, "peregrine.sim.fix.log.max.files"));
        final String root = "| `peregrine.ingress.stream` / `egress.stream` | 1001 / 1002 | streams |";
        assertEquals("1002", defaultCellOf(root, "peregrine.egress.stream"));
    }

    /**
     * @return the part of the row's second cell that gives {@code key}'s default, or null when the row does not
     *         name {@code key}.
     */
    private static String defaultCellOf(final String row, final String key)
    {
        final String[] cells = row.split("\\|");
        if (cells.length < 3)
        {
            return null;
        }
        final List<String> named = new ArrayList<>();
        String full = null;
        final Matcher matcher = KEY.matcher(cells[1]);
        while (matcher.find())
        {
            final String token = matcher.group(1);
            if (token.startsWith("peregrine."))
            {
                full = token;
                named.add(token);
            }
            else if (null != full)
            {
                named.add(expand(full, token));
            }
        }
        final int index = named.indexOf(key);
        if (index < 0)
        {
            return null;
        }
        final String[] defaults = cells[2].split(" / ");
        return (defaults.length == named.size() ? defaults[index] : cells[2]).trim();
    }

    /**
     * @return {@code abbreviation} completed from the row's last full key: it replaces the full key's parts from the
     *         first one it starts with ({@code broker.port} after {@code peregrine.gateway.broker.host},
     *         {@code .keystore.password.file} after {@code peregrine.gateway.tls.keystore.file}), else as many
     *         trailing parts as it has ({@code egress.stream} after {@code peregrine.gateway.ingress.stream}).
     */
    private static String expand(final String full, final String abbreviation)
    {
        final String tail = abbreviation.startsWith(".") ? abbreviation.substring(1) : abbreviation;
        final List<String> parts = List.of(full.split("\\."));
        final String[] tailParts = tail.split("\\.");
        final int from = parts.subList(1, parts.size()).indexOf(tailParts[0]);
        final int kept = from >= 0 ? from + 1 : parts.size() - tailParts.length;
        return kept < 1 ? abbreviation : String.join(".", parts.subList(0, kept)) + "." + tail;
    }

    private static boolean shows(final String cell, final String value)
    {
        return Pattern.compile("(^|[^0-9A-Za-z_.:,/-])" + Pattern.quote(value) + "($|[^0-9A-Za-z_.:,/-])")
            .matcher(cell).find();
    }
}
