package io.peregrine.ops.launch;

import java.nio.file.Path;

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
    private StackMain()
    {
    }

    /**
     * A start refused because of what it found (a lock held by a running stack, a damaged or other-version journal,
     * a port in use, a bad configuration value or file) ends with one line naming the fix and exit status 1
     * ({@link StartRefusal}).
     *
     * @param args {@code [--no-market-maker] [config.properties]}.
     */
    public static void main(final String[] args)
    {
        boolean marketMaker = true;
        for (final String arg : args)
        {
            if ("--no-market-maker".equals(arg))
            {
                marketMaker = false;
            }
            else if (arg.startsWith("--"))
            {
                StartRefusal.exit("stack", "unknown option " + arg + "; usage: [--no-market-maker] [file]");
            }
            else
            {
                Launch.applyConfigFileOrExit("stack", Path.of(arg));
            }
        }
        GatewayMain.serve("stack", true, marketMaker);
    }
}
