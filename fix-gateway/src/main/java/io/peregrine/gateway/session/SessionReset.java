package io.peregrine.gateway.session;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PropertyReader;
import quickfix.SessionID;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ./scripts/run.sh reset-session <SENDER>-<TARGET>}: resets one stopped FIX session's sequence store so that
 * it can log on again after its store and the counterparty's drifted apart (a lost or restored data directory, a
 * SIGKILL on one side with stores of different ages). It deletes the session's QuickFIX/J FileStore files
 * (sequence numbers and the messages kept for resends) under {@code <data>/venue/store} or {@code <data>/broker/store}
 * and leaves a {@code .reset-requested} marker: the gateway's next Logon on a venue session carries
 * ResetSeqNumFlag=Y, so the venue restarts its numbers too (the marker is removed once that logon is accepted).
 * <p>
 * The cost: messages sent before the reset can no longer be resent on either side. Orders still working at the
 * venue are not lost (reconciliation asks the venue for their status), but a report the venue had not yet
 * delivered is only recovered by that reconciliation, not by a FIX resend. A broker session's store can be reset
 * too; the broker must then also log on with ResetSeqNumFlag=Y (an acceptor cannot ask for it).
 * <p>
 * Refuses to run while a gateway holds the data directory ({@link DataDirLock}). Edge code, caller's thread.
 */
public final class SessionReset
{
    /** Suffix of the marker file beside the store files. */
    public static final String MARKER_SUFFIX = ".reset-requested";
    private static final String[] STORE_SUFFIXES = {".body", ".header", ".senderseqnums", ".targetseqnums", ".session"};

    private SessionReset()
    {
    }

    /**
     * @param args one argument: {@code SENDER-TARGET}, for example {@code PEREGRINE-SIMVENUE}.
     */
    public static void main(final String[] args)
    {
        final boolean help = 1 == args.length && ("--help".equals(args[0]) || "-h".equals(args[0]));
        if (help || args.length != 1 || args[0].startsWith("-"))
        {
            (help ? System.out : System.err).println("usage: ./scripts/run.sh reset-session <SENDER>-<TARGET>   " +
                "(for example PEREGRINE-SIMVENUE); the gateway must be stopped; data directory from -D" +
                Gateway.DATA_DIR.name() + " (default " + Gateway.DATA_DIR.defaultValue() + ")");
            System.exit(help ? 0 : 2);
        }
        final Path dataDir = Gateway.DATA_DIR.read(PropertyReader.system());
        try
        {
            final List<Path> deleted = reset(dataDir, args[0]);
            System.out.println("reset-session: " + args[0] + ": deleted " + deleted.size() + " store files " +
                deleted + "; its next logon sends ResetSeqNumFlag=Y (messages sent before this are not resent)");
        }
        catch (final IllegalStateException ex)
        {
            System.err.println("reset-session: " + ex.getMessage());
            System.exit(1);
        }
    }

    /**
     * Deletes the session's store files and writes its reset marker.
     *
     * @param dataDir the gateway data directory.
     * @param session {@code SENDER-TARGET}.
     * @return the deleted files.
     * @throws IllegalStateException with the fix in its message when the gateway runs or the session is unknown.
     */
    @SuppressWarnings("try") // the data directory lock is held for the whole reset, never read
    public static List<Path> reset(final Path dataDir, final String session)
    {
        try (DataDirLock ignored = DataDirLock.acquire(dataDir))
        {
            final List<Path> storeDirs = new ArrayList<>();
            for (final String side : new String[] {"venue", "broker"})
            {
                final Path storeDir = dataDir.resolve(side).resolve("store");
                if (Files.exists(storeDir.resolve(fileName(session) + ".senderseqnums")) ||
                    Files.exists(storeDir.resolve(fileName(session) + ".session")))
                {
                    storeDirs.add(storeDir);
                }
            }
            if (storeDirs.isEmpty())
            {
                throw new IllegalStateException("no FIX store of session " + session + " under " + dataDir +
                    " (known: " + knownSessions(dataDir) + "); name it as <SENDER>-<TARGET>, for example " +
                    "PEREGRINE-SIMVENUE, and check -D" + Gateway.DATA_DIR.name());
            }
            final List<Path> deleted = new ArrayList<>();
            for (final Path storeDir : storeDirs)
            {
                for (final String suffix : STORE_SUFFIXES)
                {
                    final Path file = storeDir.resolve(fileName(session) + suffix);
                    if (Files.deleteIfExists(file))
                    {
                        deleted.add(file);
                    }
                }
                Files.writeString(storeDir.resolve(fileName(session) + MARKER_SUFFIX),
                    "reset by reset-session at " + java.time.Instant.now() + "\n");
            }
            return deleted;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param storeDir  the connector's FileStorePath.
     * @param sessionId a session.
     * @return whether reset-session asked this session to reset on its next logon.
     */
    public static boolean isRequested(final Path storeDir, final SessionID sessionId)
    {
        return Files.exists(marker(storeDir, sessionId));
    }

    /**
     * Removes the marker once a logon with ResetSeqNumFlag was accepted.
     */
    public static void clear(final Path storeDir, final SessionID sessionId)
    {
        try
        {
            Files.deleteIfExists(marker(storeDir, sessionId));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static Path marker(final Path storeDir, final SessionID sessionId)
    {
        return storeDir.resolve(fileName(sessionId.getSenderCompID() + "-" + sessionId.getTargetCompID()) +
            MARKER_SUFFIX);
    }

    private static String fileName(final String session)
    {
        return "FIX.4.4-" + session;
    }

    private static List<String> knownSessions(final Path dataDir) throws IOException
    {
        final List<String> names = new ArrayList<>();
        for (final String side : new String[] {"venue", "broker"})
        {
            final Path storeDir = dataDir.resolve(side).resolve("store");
            if (!Files.isDirectory(storeDir))
            {
                continue;
            }
            try (Stream<Path> files = Files.list(storeDir))
            {
                files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("FIX.4.4-") && n.endsWith(".senderseqnums"))
                    .map(n -> n.substring("FIX.4.4-".length(), n.length() - ".senderseqnums".length()))
                    .forEach(names::add);
            }
        }
        return names;
    }
}
