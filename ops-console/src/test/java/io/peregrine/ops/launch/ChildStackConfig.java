package io.peregrine.ops.launch;

import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PeregrineKeys.Ops;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The configuration file of a {@code run.sh stack} or {@code gateway} a test starts in a child JVM: every file under
 * the test's directory (Aeron directory {@code aeron}, core journal {@code data/core}, venue, gateway and ops data
 * under {@code data/}), sleeping idle strategies, the ports of a {@link ChildStackPorts}. Test thread only.
 */
final class ChildStackConfig
{
    private ChildStackConfig()
    {
    }

    /**
     * @param dir   the test's directory.
     * @param ports the stack's ports.
     * @return the written file, {@code stack.properties} in {@code dir}.
     * @throws IOException if it cannot be written.
     */
    static Path write(final Path dir, final ChildStackPorts ports) throws IOException
    {
        final Properties config = new Properties();
        config.setProperty(Core.AERON_DIR.name(), dir.resolve("aeron").toString());
        config.setProperty(Core.JOURNAL_DIR.name(), dir.resolve("data/core").toString());
        config.setProperty("peregrine.idle.strategy", "sleeping");
        config.setProperty("peregrine.sim.fix.store.dir", dir.resolve("data/venue/store").toString());
        config.setProperty("peregrine.sim.idle.strategy", "sleeping");
        config.setProperty(Gateway.DATA_DIR.name(), dir.resolve("data/fix-gateway").toString());
        config.setProperty(Gateway.IDLE_STRATEGY.name(), "sleeping");
        config.setProperty(Ops.DATA_DIR.name(), dir.resolve("data/ops").toString());
        ports.applyTo(config);
        final Path file = dir.resolve("stack.properties");
        try (OutputStream out = Files.newOutputStream(file))
        {
            config.store(out, null);
        }
        return file;
    }
}
