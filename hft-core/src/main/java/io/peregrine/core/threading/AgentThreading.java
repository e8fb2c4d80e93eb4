package io.peregrine.core.threading;

import java.util.Locale;

/**
 * How a process's Peregrine agents map onto threads, like Aeron's {@code ThreadingMode}
 * ({@value #PROP_NAME}).
 * <ul>
 *     <li>{@link #DEDICATED}: one thread per agent (the core agent, the gateway's venue adapter, the gateway's broker
 *     report agent). For production with {@code busy-spin} and CPU affinity, where each agent owns a core.</li>
 *     <li>{@link #SHARED}: those agents, when they run in one process on one media driver directory, take turns on
 *     one thread ({@link SharedAgentThread}): a message from one to another is read in the same duty cycle instead
 *     of waking a parked thread. For small machines, where more runnable threads than cores cost context
 *     switches.</li>
 * </ul>
 * The embedded media driver runs SHARED in both modes by default ({@code peregrine.driver.threading.mode}): on IPC
 * its sender and receiver have nothing to do.
 */
public enum AgentThreading
{
    /** One thread per agent. */
    DEDICATED,
    /** The process's agents on one thread. */
    SHARED;

    /** System property choosing the mode: {@code dedicated} or {@code shared}. */
    public static final String PROP_NAME = "peregrine.threading";
    /** Default of {@link #PROP_NAME}: one thread per agent (what a production deployment pins and spins). */
    public static final String DEFAULT = "dedicated";

    /**
     * @param name {@code dedicated} or {@code shared} (any case).
     * @return the mode.
     * @throws IllegalArgumentException naming the key and the accepted values.
     */
    public static AgentThreading parse(final String name)
    {
        final String value = null == name ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (value)
        {
            case "dedicated":
                return DEDICATED;
            case "shared":
                return SHARED;
            default:
                throw new IllegalArgumentException(PROP_NAME + " must be dedicated or shared, got '" + name + "'");
        }
    }

    /**
     * @return the mode of the {@link #PROP_NAME} system property, or {@link #DEFAULT}.
     */
    public static AgentThreading fromSystemProperty()
    {
        return parse(System.getProperty(PROP_NAME, DEFAULT));
    }

    /**
     * @return the configuration name ({@code dedicated} or {@code shared}).
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
