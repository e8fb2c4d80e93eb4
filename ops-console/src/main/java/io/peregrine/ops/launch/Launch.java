package io.peregrine.ops.launch;

import io.peregrine.gateway.GatewayContext;
import io.peregrine.ops.OpsConsole;
import io.peregrine.ops.OpsContext;
import io.peregrine.ops.OpsTargets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the launchers share: config files into system properties, and starting the ops console unless
 * {@code peregrine.ops.enabled=false}. Launch thread.
 */
final class Launch
{
    private Launch()
    {
    }

    /**
     * Copies a properties file into the system properties, keeping any already set (e.g. with {@code -D}).
     *
     * @param file properties file.
     * @throws IOException if it cannot be read.
     */
    static void applyConfigFile(final Path file) throws IOException
    {
        final Properties properties = GatewayContext.loadProperties(file);
        for (final String key : properties.stringPropertyNames())
        {
            if (null == System.getProperty(key))
            {
                System.setProperty(key, properties.getProperty(key).trim());
            }
        }
    }

    /**
     * @param targets what runs in this process.
     * @return the running console, or null when disabled (try-with-resources accepts null).
     */
    static OpsConsole opsConsole(final OpsTargets targets)
    {
        final OpsContext ctx = new OpsContext();
        return ctx.enabled() ? OpsConsole.launch(ctx, targets) : null;
    }
}
