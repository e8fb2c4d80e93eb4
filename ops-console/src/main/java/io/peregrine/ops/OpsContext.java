package io.peregrine.ops;

import io.peregrine.config.ConfigKey;
import io.peregrine.config.KeyRenames;
import io.peregrine.config.PeregrineKeys.Ops;
import io.peregrine.config.PropertyReader;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Configuration of the ops console. Every setting is a system property with a default that works on a laptop, and a
 * fluent method; the keys and their defaults are declared once in {@link Ops}. Read through {@link PropertyReader}
 * and checked by {@link #conclude()}, like every Peregrine context.
 * <p>
 * Used on the launching thread only.
 */
public final class OpsContext
{
    /** Every key read here: an old name one of them declares ({@code renamedFrom}) is honoured by this context. */
    private static final List<ConfigKey<?>> KEYS = List.of(Ops.ENABLED, Ops.HOST, Ops.PORT, Ops.ADMIN_TOKEN_FILE,
        Ops.DATA_DIR, Ops.ADMIN_TIMEOUT_MS, Ops.HEARTBEAT_STALL_MS, Ops.MIN_FREE_BYTES);

    private boolean portChosen;
    private boolean enabled;
    private String host;
    private int port;
    private Path adminTokenFile;
    private Path dataDir;
    private long adminTimeoutMs;
    private long heartbeatStallMs;
    private long minFreeBytes;

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
        this(PropertyReader.of(p));
    }

    /**
     * @param properties where to read the keys; the old names the keys declare are added to its renames.
     */
    public OpsContext(final PropertyReader properties)
    {
        final PropertyReader reader = properties.withRenames(KeyRenames.of(KEYS, KeyRenames.NONE));
        portChosen = Ops.PORT.isSetIn(reader);
        enabled = Ops.ENABLED.read(reader);
        host = Ops.HOST.read(reader);
        port = Ops.PORT.read(reader);
        adminTokenFile = Ops.ADMIN_TOKEN_FILE.read(reader);
        dataDir = Ops.DATA_DIR.read(reader);
        adminTimeoutMs = Ops.ADMIN_TIMEOUT_MS.read(reader);
        heartbeatStallMs = Ops.HEARTBEAT_STALL_MS.read(reader);
        minFreeBytes = Ops.MIN_FREE_BYTES.read(reader);
    }

    /**
     * Checks the settings; calling it again is harmless.
     *
     * @return this.
     * @throws IllegalArgumentException naming the key that is wrong.
     */
    public OpsContext conclude()
    {
        // Each key's own range (the message a configuration file's value gets too, KeyCatalog.checkValues).
        Ops.PORT.check(port);
        Ops.ADMIN_TIMEOUT_MS.check(adminTimeoutMs);
        Ops.HEARTBEAT_STALL_MS.check(heartbeatStallMs);
        Ops.MIN_FREE_BYTES.check(minFreeBytes);
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
        portChosen = true;
        return this;
    }

    /**
     * A launcher's own port for its console ({@code run.sh venue}: 9901), used unless {@code peregrine.ops.port} (or
     * an old name of it) was set where this context was read from (the same check as the reading of its value) or
     * {@link #port(int)} was called.
     *
     * @param port the port when the key is unset.
     * @return this.
     */
    public OpsContext portUnlessSet(final int port)
    {
        if (!portChosen)
        {
            this.port = port;
        }
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

    /**
     * @return free space, bytes, below which a data directory of the gateway or the ops console makes {@code /health}
     * DOWN ({@code peregrine.ops.min.free.bytes}); 0: no check.
     */
    public long minFreeBytes()
    {
        return minFreeBytes;
    }

    public OpsContext minFreeBytes(final long minFreeBytes)
    {
        this.minFreeBytes = minFreeBytes;
        return this;
    }

    public String toString()
    {
        return "OpsContext{enabled=" + enabled + ", http=" + host + ":" + port + ", tokenFile=" +
            (null == adminTokenFile ? "(generated in data dir)" : adminTokenFile) + ", dataDir=" + dataDir +
            ", adminTimeoutMs=" + adminTimeoutMs + ", heartbeatStallMs=" + heartbeatStallMs + ", minFreeBytes=" + minFreeBytes + "}";
    }
}
