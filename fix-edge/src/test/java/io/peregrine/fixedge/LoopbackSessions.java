package io.peregrine.fixedge;

import io.peregrine.testsupport.FreePorts;
import io.peregrine.testsupport.TempDirs;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.DefaultSessionFactory;
import quickfix.FileStoreFactory;
import quickfix.SessionFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One FIX session on loopback for fix-edge's system tests: a client CompID of its own (so sessions of earlier tests
 * in the JVM never interfere), a port on 127.0.0.1 held until closed (a second acceptor binds it again), and the
 * connectors of both ends: an {@link InlineSocketAcceptor} playing {@code VENUE} and an {@link InlineSocketInitiator}
 * logging on to it as the client, each with a file store in a temp directory of the pair's (so connectors made again
 * carry on with the sequence numbers). The test starts and stops the connectors; closing this releases the port and
 * deletes the stores.
 */
final class LoopbackSessions implements AutoCloseable
{
    private static final String VENUE = "VENUE";
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final FreePorts.Reservation reservedPort = FreePorts.reserve();
    private final Path dir = TempDirs.create("loopback-sessions-");
    /** The initiator's end: the client logged on to VENUE. */
    final SessionID clientSide;
    /** The acceptor's end: VENUE, with the client as target. */
    final SessionID venueSide;

    /**
     * @param clientPrefix the client CompID is this followed by a number unique in the JVM.
     */
    LoopbackSessions(final String clientPrefix)
    {
        final String client = clientPrefix + SESSIONS.incrementAndGet();
        clientSide = new SessionID(FixSessionDefaults.BEGIN_STRING, client, VENUE);
        venueSide = new SessionID(FixSessionDefaults.BEGIN_STRING, VENUE, client);
    }

    InlineSocketAcceptor acceptor(final Application application) throws ConfigError
    {
        return new InlineSocketAcceptor(
            application, store("acceptor"), settings("acceptor", venueSide), null, new DefaultMessageFactory());
    }

    /** An initiator with the connector's default frame size limit. */
    InlineSocketInitiator initiator(final Application application) throws ConfigError
    {
        return new InlineSocketInitiator(settings("initiator", clientSide), initiatorSessions(application));
    }

    InlineSocketInitiator initiator(final Application application, final FrameSizeLimit frameSizeLimit)
        throws ConfigError
    {
        return new InlineSocketInitiator(
            settings("initiator", clientSide), initiatorSessions(application), frameSizeLimit);
    }

    @Override
    public void close()
    {
        reservedPort.close();
        TempDirs.delete(dir);
    }

    private SessionFactory initiatorSessions(final Application application)
    {
        return new DefaultSessionFactory(application, store("initiator"), null, new DefaultMessageFactory());
    }

    private FileStoreFactory store(final String type)
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString("FileStorePath", dir.resolve(type).resolve("store").toString());
        return new FileStoreFactory(settings);
    }

    private SessionSettings settings(final String type, final SessionID id)
    {
        final SessionSettings settings = FixSessionDefaults.applyTo(new SessionSettings());
        settings.setString("ConnectionType", type);
        settings.setLong("HeartBtInt", 30);
        settings.setString("FileStorePath", dir.resolve(type).resolve("store").toString());
        settings.setString(id, "BeginString", FixSessionDefaults.BEGIN_STRING);
        settings.setString(id, "SenderCompID", id.getSenderCompID());
        settings.setString(id, "TargetCompID", id.getTargetCompID());
        if ("acceptor".equals(type))
        {
            settings.setString("SocketAcceptAddress", "127.0.0.1");
            settings.setLong("SocketAcceptPort", reservedPort.port());
        }
        else
        {
            settings.setString(id, "SocketConnectHost", "127.0.0.1");
            settings.setLong(id, "SocketConnectPort", reservedPort.port());
            settings.setLong("ReconnectInterval", 1);
        }
        return settings;
    }
}
