package io.peregrine.ops.launch;

import java.util.Set;

/**
 * {@code run.sh stack}: the whole demo stack in one process: the core (embedded media driver), the matching-sim
 * venue (FIX acceptor on 127.0.0.1:9890, its counters in the driver's CnC file), the FIX gateway (broker acceptor
 * on 127.0.0.1:9880, venue initiator to the sim) and the ops console (127.0.0.1:9900), until SIGINT/SIGTERM, then
 * stops them in reverse order (console first, then gateway sessions log out).
 * <p>
 * Usage: {@code StackMain [--no-market-maker] [config.properties]}.
 */
public final class StackMain
{
    private static final String NO_MARKET_MAKER = "--no-market-maker";

    /** What {@code run.sh stack --help} prints. */
    static final String USAGE = String.join("\n",
        "usage: run.sh stack [--no-market-maker] [config.properties]",
        "  venue + core + FIX gateway + ops console in one process, until SIGINT/SIGTERM",
        "  --no-market-maker  the venue's book starts empty (no simulated market maker quoting)",
        "  config.properties  peregrine.* keys (core, peregrine.gateway.*, peregrine.sim.*, peregrine.ops.*); a key",
        "                     given with -D wins over the file",
        "  --help             this text");

    private StackMain()
    {
    }

    /**
     * A start refused because of what it found (a lock held by a running stack, a damaged or other-version journal,
     * a port in use, a bad configuration value or file) ends with one line naming the fix and exit status 1
     * ({@link StartRefusal}). {@code --help} prints {@link #USAGE} and starts nothing (exit status 0); an unknown
     * option is refused with the usage, exit status 2, starting nothing ({@link LaunchArguments}).
     *
     * @param args {@code [--no-market-maker] [config.properties]}.
     */
    public static void main(final String[] args)
    {
        final LaunchArguments arguments = LaunchArguments.parseOrExit("stack", USAGE, Set.of(NO_MARKET_MAKER), args);
        if (null == arguments)
        {
            return;
        }
        arguments.applyConfigFilesOrExit("stack");
        GatewayMain.serve("stack", true, !arguments.has(NO_MARKET_MAKER));
    }
}
