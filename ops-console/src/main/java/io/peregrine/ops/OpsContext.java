package io.peregrine.ops;

import io.peregrine.config.PropertyReader;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Configuration of the ops console. Every setting is a system property with a default that works on a laptop, and a
 * fluent method; the property names are the public constants below. Read through {@link PropertyReader} and checked
 * by {@link #conclude()}, like every Peregrine context.
 * <p>
 * Used on the launching thread only.
 */
public final class OpsContext
{
    /** Start the ops console with {@code run.sh stack|gateway|venue}. */
    public static final String ENABLED_PROP = "peregrine.ops.enabled";
    /** Default: on. */
    public static final boolean ENABLED_DEFAULT = true;
    /** Address the HTTP endpoint binds to. */
    public static final String HOST_PROP = "peregrine.ops.host";
    /** Default: loopback only. */
    public static final String HOST_DEFAULT = "127.0.0.1";
    /** HTTP port; 0 picks a free one. */
    public static final String PORT_PROP = "peregrine.ops.port";
    /** Default port. */
    public static final int PORT_DEFAULT = 9900;
    /** File holding the admin bearer token; unset: generated on first start into the data directory. */
    public static final String ADMIN_TOKEN_FILE_PROP = "peregrine.ops.admin.token.file";
    /** Directory of the generated admin token and the admin audit log. */
    public static final String DATA_DIR_PROP = "peregrine.ops.data.dir";
    /** Default data directory. */
    public static final String DATA_DIR_DEFAULT = "./data/ops";
    /** How long an admin command waits for the core's AdminResponse. */
    public static final String ADMIN_TIMEOUT_MS_PROP = "peregrine.ops.admin.timeout.ms";
    /** Default admin timeout. */
    public static final long ADMIN_TIMEOUT_MS_DEFAULT = 5_000;
    /** The core is DOWN on /health when its heartbeat counter has not moved for this long. */
    public static final String HEARTBEAT_STALL_MS_PROP = "peregrine.ops.heartbeat.stall.ms";
    /** Default heartbeat stall. */
    public static final long HEARTBEAT_STALL_MS_DEFAULT = 2_000;

    private boolean enabled;
    private String host;
    private int port;
    private Path adminTokenFile;
    private Path dataDir;
    private long adminTimeoutMs;
    private long heartbeatStallMs;

    /**
     * A context with the defaults, overridden by any system property of the same name.
     */
    public OpsContext()
    {
        this(System.getProperties());
    }

    /**
     * @param p properties to read the keys from (nothing else: the caller layers them).
     */
    public OpsContext(final Properties p)
    {
        final PropertyReader reader = PropertyReader.of(p);
        enabled = reader.booleanValue(ENABLED_PROP, ENABLED_DEFAULT);
        host = reader.string(HOST_PROP, HOST_DEFAULT);
        port = reader.intValue(PORT_PROP, PORT_DEFAULT);
        adminTokenFile = reader.path(ADMIN_TOKEN_FILE_PROP);
        dataDir = reader.path(DATA_DIR_PROP, DATA_DIR_DEFAULT);
        adminTimeoutMs = reader.longValue(ADMIN_TIMEOUT_MS_PROP, ADMIN_TIMEOUT_MS_DEFAULT);
        heartbeatStallMs = reader.longValue(HEARTBEAT_STALL_MS_PROP, HEARTBEAT_STALL_MS_DEFAULT);
    }

    /**
     * Checks the settings; calling it again is harmless.
     *
     * @return this.
     * @throws IllegalArgumentException naming the key that is wrong.
     */
    public OpsContext conclude()
    {
        if (port < 0 || port > 65_535)
        {
            throw new IllegalArgumentException(PORT_PROP + " must be 0-65535, got " + port);
        }
        if (adminTimeoutMs <= 0)
        {
            throw new IllegalArgumentException(ADMIN_TIMEOUT_MS_PROP + " must be positive, got " + adminTimeoutMs);
        }
        if (heartbeatStallMs <= 0)
        {
            throw new IllegalArgumentException(HEARTBEAT_STALL_MS_PROP + " must be positive, got " + heartbeatStallMs);
        }
        return this;
    }

    public boolean enabled()
    {
        return enabled;
    }

    public OpsContext enabled(final boolean enabled)
    {
        this.enabled = enabled;
        return this;
    }

    public String host()
    {
        return host;
    }

    public OpsContext host(final String host)
    {
        this.host = host;
        return this;
    }

    public int port()
    {
        return port;
    }

    public OpsContext port(final int port)
    {
        this.port = port;
        return this;
    }

    /** @return the configured token file, or null to generate one in {@link #dataDir()}. */
    public Path adminTokenFile()
    {
        return adminTokenFile;
    }

    public OpsContext adminTokenFile(final Path adminTokenFile)
    {
        this.adminTokenFile = adminTokenFile;
        return this;
    }

    public Path dataDir()
    {
        return dataDir;
    }

    public OpsContext dataDir(final Path dataDir)
    {
        this.dataDir = dataDir;
        return this;
    }

    public long adminTimeoutMs()
    {
        return adminTimeoutMs;
    }

    public OpsContext adminTimeoutMs(final long adminTimeoutMs)
    {
        this.adminTimeoutMs = adminTimeoutMs;
        return this;
    }

    public long heartbeatStallMs()
    {
        return heartbeatStallMs;
    }

    public OpsContext heartbeatStallMs(final long heartbeatStallMs)
    {
        this.heartbeatStallMs = heartbeatStallMs;
        return this;
    }

    public String toString()
    {
        return "OpsContext{enabled=" + enabled + ", http=" + host + ":" + port + ", tokenFile=" +
            (null == adminTokenFile ? "(generated in data dir)" : adminTokenFile) + ", dataDir=" + dataDir +
            ", adminTimeoutMs=" + adminTimeoutMs + ", heartbeatStallMs=" + heartbeatStallMs + "}";
    }
}
