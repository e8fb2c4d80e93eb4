package io.peregrine.gateway.broker;

import io.peregrine.core.AtomicFile;
import io.peregrine.core.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.InvalidMessage;
import quickfix.Message;
import quickfix.MessageStore;
import quickfix.MessageUtils;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.field.MsgType;
import quickfix.field.OrigSendingTime;
import quickfix.field.PossDupFlag;
import quickfix.field.PossResend;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a broker's Logon with ResetSeqNumFlag=Y (141=Y) from throwing away the reports it has not received.
 * QuickFIX/J answers such a logon by emptying the session's store: a report the gateway stored while the broker was
 * logged out (or sent while the broker's side was going down) would never be resent, since a reset broker asks for
 * nothing below 1. So, before the reset, the application messages the broker is not known to have received are
 * copied out of the store into {@code <dir>/<SENDER>-<TARGET>.pending}, and once the logon completes they are sent
 * again, PossResend(97)=Y, with the new sequence numbers, under one WARN naming how many. A broker's back office
 * takes them as FIX says a PossResend must be taken: it checks the ExecID and drops the ones it has.
 * <p>
 * What the broker is known to have received is kept in {@code <dir>/<SENDER>-<TARGET>.received}: what the last
 * complete logout handshake proves, the gateway's Logout when the broker answered it (FIX has the logout's initiator
 * read every message up to the other side's Logout), the last message the gateway had sent when the broker's own Logout
 * arrived (a broker that closes its connection right after its Logout reads nothing later), 0 after a reset logon,
 * together with the creation time of the store it numbers (a store reset another way, e.g. {@code reset-session},
 * makes it void). A session without a valid record at start counts as having received what its store holds then
 * (nothing is resent on an upgrade). A session that ended without a logout handshake has received nothing known
 * since the last one: all of its reports since are sent again. A broker that resets every morning after a clean
 * logout with nothing reported since gets nothing extra.
 * <p>
 * From the copy until the resend is done (or the logon fails or ends) the session's deliveries from other threads are
 * held ({@link ResetLogonHold}): QuickFIX/J resets the store after {@code fromAdmin} with nothing locking the gap, and
 * a newer report sent before the copies would overtake them.
 * <p>
 * Both files are replaced whole ({@link AtomicFile}): a gateway killed at any point, with the broker logged out or in
 * the middle of its reset logon, loses no report waiting for it. Nothing kept stops a later logon: a kept message that
 * no longer parses is appended to {@code .unsendable}, a {@code .pending} file that cannot be read is renamed aside
 * ({@code .pending.corrupt-<millis>}), each with one ERROR naming the file, and a {@code .received} record that cannot
 * be written after a reset logon does not stop its resend. Runs on QuickFIX/J's session threads (logon,
 * logout); the state of a session is touched by its own session thread only. Allocates (edge code).
 */
public final class ResetLogonResend
{
    private static final Logger LOG = LoggerFactory.getLogger(ResetLogonResend.class);
    private static final String RECEIVED_SUFFIX = ".received";
    private static final String PENDING_SUFFIX = ".pending";
    private static final String UNSENDABLE_SUFFIX = ".unsendable";
    private static final String CORRUPT_SUFFIX = ".corrupt-";

    private final Path dir;
    private final Map<SessionID, Handshake> handshakes = new ConcurrentHashMap<>();
    private final Set<SessionID> resetLogons = ConcurrentHashMap.newKeySet();

    /**
     * @param dir the directory of the records, created if missing ({@code <data>/broker/reset-resend}).
     */
    public ResetLogonResend(final Path dir)
    {
        this.dir = dir;
    }

    /**
     * At the session's creation (gateway start): a session without a valid record counts as having received what
     * its store holds.
     *
     * @param sessionId the broker session.
     * @param store     its message store.
     */
    public void onCreate(final SessionID sessionId, final MessageStore store)
    {
        try
        {
            final long creation = store.getCreationTime().getTime();
            if (receivedThrough(sessionId, creation) < 0)
            {
                writeReceived(sessionId, creation, store.getNextSenderMsgSeqNum() - 1);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot record what broker session " + sessionId + " has received in " +
                dir, ex);
        }
    }

    /**
     * The session's connection ended: a logout handshake not complete by now never will be.
     *
     * @param sessionId the broker session.
     */
    public void onLogout(final SessionID sessionId)
    {
        handshakes.remove(sessionId);
        resetLogons.remove(sessionId);
        ResetLogonHold.release(sessionId);
    }

    /**
     * The broker's Logout arrived: if it answers the gateway's, the handshake is complete, the broker having read
     * through the gateway's Logout; if the broker began the logout, what the gateway had sent by now is what it may have
     * read before it ({@link #onLogoutSent} completes the handshake with that).
     *
     * @param sessionId the broker session.
     */
    public void onLogoutReceived(final SessionID sessionId)
    {
        final Handshake handshake = handshakes.computeIfAbsent(sessionId, id -> new Handshake());
        if (handshake.logoutSentSeqNum > 0)
        {
            handshake.logoutReceived = true;
            completed(sessionId, handshake.logoutSentSeqNum);
            return;
        }
        handshake.sentBeforeLogoutReceived = lastSent(sessionId);
        handshake.logoutReceived = true;
    }

    /**
     * The gateway sends its Logout: an answer to the broker's completes the handshake, with the last message the gateway
     * sent before the broker's Logout arrived (a broker that closes its connection right after its Logout never reads
     * what came after it; those are sent again after a reset logon).
     *
     * @param sessionId the broker session.
     * @param seqNum    the Logout's MsgSeqNum.
     */
    public void onLogoutSent(final SessionID sessionId, final int seqNum)
    {
        final Handshake handshake = handshakes.computeIfAbsent(sessionId, id -> new Handshake());
        if (handshake.logoutReceived)
        {
            if (handshake.sentBeforeLogoutReceived >= 0)
            {
                completed(sessionId, handshake.sentBeforeLogoutReceived);
            }
            return;
        }
        handshake.logoutSentSeqNum = seqNum;
    }

    /** @return the sequence number of the last message the session's store holds as sent, or -1 if unknown. */
    private int lastSent(final SessionID sessionId)
    {
        final Session session = Session.lookupSession(sessionId);
        try
        {
            return null == session ? -1 : session.getStore().getNextSenderMsgSeqNum() - 1;
        }
        catch (final IOException ex)
        {
            LOG.error("broker session {}: cannot read its store at its Logout, its reports since the last logout " +
                "handshake count as not received: {}", sessionId, ex.toString());
            return -1;
        }
    }

    /**
     * A Logon with ResetSeqNumFlag=Y passed the gateway's checks and QuickFIX/J is about to empty the store: the
     * application messages above what the broker is known to have received are kept for {@link #onLogon}.
     *
     * @param sessionId the broker session.
     * @param store     its message store, not yet reset.
     */
    public void beforeReset(final SessionID sessionId, final MessageStore store)
    {
        handshakes.remove(sessionId);
        // Held before the copy: a report another thread stored after it would be wiped by the reset.
        ResetLogonHold.hold(sessionId);
        resetLogons.add(sessionId);
        try
        {
            final int last = store.getNextSenderMsgSeqNum() - 1;
            final int received = Math.max(0, receivedThrough(sessionId, store.getCreationTime().getTime()));
            // A logon that failed after an earlier capture left its messages kept: each is kept once.
            final Set<String> kept = new LinkedHashSet<>(pending(sessionId));
            if (last > received)
            {
                final List<String> stored = new ArrayList<>();
                store.get(received + 1, last, stored);
                for (final String message : stored)
                {
                    if (!MessageUtils.isAdminMessage(MessageUtils.getMessageType(message)))
                    {
                        kept.add(message);
                    }
                }
            }
            if (!kept.isEmpty())
            {
                writePending(sessionId, new ArrayList<>(kept));
            }
        }
        catch (final IOException | InvalidMessage | RuntimeException ex)
        {
            resetLogons.remove(sessionId);
            ResetLogonHold.release(sessionId); // the logon is refused: nothing is reset
            throw new UncheckedIOException("cannot keep broker session " + sessionId + "'s unreceived reports " +
                "before its reset logon", ex instanceof IOException ? (IOException)ex : new IOException(ex));
        }
    }

    /**
     * The session logged on: the reports kept before a reset are sent again, PossResend=Y, and a reset logon's
     * new store is recorded as received through 0.
     *
     * @param sessionId the broker session.
     */
    public void onLogon(final SessionID sessionId)
    {
        handshakes.remove(sessionId);
        final boolean reset = resetLogons.remove(sessionId);
        try
        {
            final Session session = Session.lookupSession(sessionId);
            if (null != session)
            {
                if (reset)
                {
                    recordReset(sessionId, session);
                }
                resend(sessionId, session);
            }
        }
        finally
        {
            // Newer reports go to the broker only after the ones sent again.
            ResetLogonHold.release(sessionId);
        }
    }

    private void recordReset(final SessionID sessionId, final Session session)
    {
        try
        {
            writeReceived(sessionId, session.getStore().getCreationTime().getTime(), 0);
        }
        catch (final IOException ex)
        {
            // Only less is known: the next reset logon sends again what this one's record would have spared.
            LOG.error("broker session {}: cannot record its reset logon in {}: {}", sessionId, dir, ex.toString());
        }
    }

    private void resend(final SessionID sessionId, final Session session)
    {
        try
        {
            final List<String> waiting = pending(sessionId);
            if (waiting.isEmpty())
            {
                return;
            }
            LOG.warn("broker session {} logged on after a ResetSeqNumFlag=Y logon: {} reports it is not known to " +
                "have received are sent again, PossResend=Y, with new sequence numbers", sessionId, waiting.size());
            for (int i = 0; i < waiting.size(); i++)
            {
                final Message message;
                try
                {
                    message = possResend(session, waiting.get(i));
                }
                catch (final InvalidMessage | RuntimeException ex)
                {
                    setAside(sessionId, waiting.get(i), ex);
                    continue;
                }
                if (!BrokerDelivery.send(message, sessionId))
                {
                    writePending(sessionId, waiting.subList(i, waiting.size()));
                    return;
                }
            }
            Files.deleteIfExists(file(sessionId, PENDING_SUFFIX));
        }
        catch (final IOException | SessionNotFound ex)
        {
            LOG.error("broker session {}: reports kept at its reset logon not sent again, kept for its next logon " +
                "in {}: {}", sessionId, dir, ex.toString());
        }
    }

    /** A kept message that does not parse would stop every later resend: it goes to the session's .unsendable. */
    private void setAside(final SessionID sessionId, final String stored, final Exception why) throws IOException
    {
        final Path unsendable = file(sessionId, UNSENDABLE_SUFFIX);
        OwnerOnlyFiles.createDirectories(dir);
        if (!Files.exists(unsendable))
        {
            Files.createFile(unsendable, PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.FILE));
        }
        Files.writeString(unsendable, stored + '\n', StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
        LOG.error("broker session {}: a report kept at its reset logon cannot be parsed ({}): not sent again, " +
            "appended to {} (one message a line) for an operator to send by hand", sessionId, why.toString(),
            unsendable);
    }

    private static Message possResend(final Session session, final String stored) throws InvalidMessage
    {
        final Message message = MessageUtils.parse(session.getMessageFactory(), session.getDataDictionary(),
            session.getValidationSettings(), stored, false);
        final Message.Header header = message.getHeader();
        header.removeField(PossDupFlag.FIELD);
        header.removeField(OrigSendingTime.FIELD);
        header.setBoolean(PossResend.FIELD, true);
        return message;
    }

    private void completed(final SessionID sessionId, final int logoutSeqNum)
    {
        handshakes.remove(sessionId);
        final Session session = Session.lookupSession(sessionId);
        if (null == session)
        {
            return;
        }
        try
        {
            writeReceived(sessionId, session.getStore().getCreationTime().getTime(), logoutSeqNum);
        }
        catch (final IOException ex)
        {
            // Only less is known: a later reset logon sends again what this handshake would have spared.
            LOG.error("broker session {}: cannot record its logout at {} in {}: {}", sessionId, logoutSeqNum, dir,
                ex.toString());
        }
    }

    /** @return the sequence number received through, or -1 when there is no record for this store. */
    private int receivedThrough(final SessionID sessionId, final long storeCreation) throws IOException
    {
        final Path file = file(sessionId, RECEIVED_SUFFIX);
        if (!Files.exists(file))
        {
            return -1;
        }
        final String[] fields = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
        try
        {
            return 2 == fields.length && Long.parseLong(fields[0]) == storeCreation ? Integer.parseInt(fields[1]) : -1;
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private void writeReceived(final SessionID sessionId, final long storeCreation, final int seqNum)
        throws IOException
    {
        OwnerOnlyFiles.createDirectories(dir);
        AtomicFile.write(file(sessionId, RECEIVED_SUFFIX),
            ByteBuffer.wrap((storeCreation + " " + seqNum + "\n").getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * @return the messages kept for the session; none when its file is corrupt (a torn or damaged file would refuse
     * every later reset logon), which is renamed aside with one ERROR naming it.
     */
    private List<String> pending(final SessionID sessionId) throws IOException
    {
        final Path file = file(sessionId, PENDING_SUFFIX);
        final List<String> messages = new ArrayList<>();
        if (!Files.exists(file))
        {
            return messages;
        }
        final byte[] bytes = Files.readAllBytes(file);
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        try
        {
            final int count = in.getInt();
            for (int i = 0; i < count; i++)
            {
                final int length = in.getInt();
                if (length < 0 || length > in.remaining())
                {
                    throw new BufferUnderflowException();
                }
                messages.add(new String(bytes, in.position(), length, StandardCharsets.ISO_8859_1));
                in.position(in.position() + length);
            }
            if (count < 0 || in.hasRemaining())
            {
                throw new BufferUnderflowException();
            }
            return messages;
        }
        catch (final BufferUnderflowException ex)
        {
            final Path aside = file.resolveSibling(file.getFileName() + CORRUPT_SUFFIX + System.currentTimeMillis());
            Files.move(file, aside);
            LOG.error("broker session {}: the reports kept for it at a reset logon cannot be read ({} is damaged), " +
                "moved aside to {}: those reports are not sent again; its readable messages can be sent by hand",
                sessionId, file, aside);
            return new ArrayList<>();
        }
    }

    private void writePending(final SessionID sessionId, final List<String> messages) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeInt(messages.size());
            for (final String message : messages)
            {
                final byte[] raw = message.getBytes(StandardCharsets.ISO_8859_1);
                out.writeInt(raw.length);
                out.write(raw);
            }
        }
        OwnerOnlyFiles.createDirectories(dir);
        AtomicFile.write(file(sessionId, PENDING_SUFFIX), ByteBuffer.wrap(bytes.toByteArray()));
    }

    private Path file(final SessionID sessionId, final String suffix)
    {
        return dir.resolve(sessionId.getSenderCompID() + '-' + sessionId.getTargetCompID() + suffix);
    }

    static boolean isReset(final Message logon)
    {
        try
        {
            return logon.isSetField(quickfix.field.ResetSeqNumFlag.FIELD) &&
                logon.getBoolean(quickfix.field.ResetSeqNumFlag.FIELD);
        }
        catch (final quickfix.FieldNotFound ex)
        {
            return false;
        }
    }

    static boolean isLogout(final Message message)
    {
        try
        {
            return MsgType.LOGOUT.equals(message.getHeader().getString(MsgType.FIELD));
        }
        catch (final quickfix.FieldNotFound ex)
        {
            return false;
        }
    }

    /** The logout handshake of a session's current connection, as far as it went. */
    private static final class Handshake
    {
        private volatile boolean logoutReceived;
        private volatile int logoutSentSeqNum;
        private volatile int sentBeforeLogoutReceived = -1;
    }
}
