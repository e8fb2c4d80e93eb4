package io.peregrine.gateway.kill;

import quickfix.Session;
import quickfix.SessionID;

import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link GatewayProcess} whose BROKER1 session's FIX store fails, as on a full disk, once the file {@link #BREAK_FILE}
 * appears beside the gateway data directory: its store is closed (as {@code UnstoredReportSystemTest} does in one
 * JVM), and the process prints {@code BROKEN}. For {@link WaitingReportsKillSystemTest}; same arguments.
 */
public final class BrokenStoreGatewayProcess
{
    /** The file that breaks BROKER1's store, beside the gateway data directory. */
    static final String BREAK_FILE = "break-broker1-store";

    private BrokenStoreGatewayProcess()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path trigger = Path.of(args[2]).resolveSibling(BREAK_FILE);
        final Thread breaker = new Thread(() ->
        {
            try
            {
                while (!Files.exists(trigger))
                {
                    Thread.sleep(5);
                }
                final Session session = Session.lookupSession(new SessionID("FIX.4.4", "PEREGRINE", "BROKER1"));
                ((Closeable)session.getStore()).close();
                System.out.println("BROKEN");
                System.out.flush();
            }
            catch (final Exception ex)
            {
                System.out.println("NOT BROKEN " + ex);
                System.out.flush();
            }
        }, "store-breaker");
        breaker.setDaemon(true);
        breaker.start();
        GatewayProcess.main(args);
    }
}
