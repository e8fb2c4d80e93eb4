package io.peregrine.fixedge;

import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteToClosedSessionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import quickfix.mina.SessionConnector;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link ConnectionGuard} passes on to QuickFIX/J's handler of a connection's exceptions: a write to a connection
 * that closed after its FIX session ended (a clean stop's logout while the engine still sends) is not, so no ERROR
 * with a stack trace is logged for it; every other exception is.
 */
class ConnectionGuardTest
{
    private final ConnectionGuard guard = new ConnectionGuard("test acceptor",
        ConnectionLimits.defaults(), ConnectionCounters.inMemory("test acceptor"));
    private final List<Throwable> passedOn = new ArrayList<>();
    private final IoFilter.NextFilter next = (IoFilter.NextFilter)Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[]{IoFilter.NextFilter.class}, (proxy, method, args) ->
        {
            if ("exceptionCaught".equals(method.getName()))
            {
                passedOn.add((Throwable)args[1]);
            }
            return null;
        });

    @AfterEach
    void close()
    {
        guard.close();
    }

    @Test
    void aWriteToAConnectionClosedAfterItsSessionEndedIsNotPassedOnAsAnError() throws Exception
    {
        final DummySession connection = new DummySession();
        guard.exceptionCaught(next, connection, new WriteToClosedSessionException(new DefaultWriteRequest("8=FIX")));
        assertEquals(List.of(), passedOn);
        assertTrue(connection.isClosing());
    }

    @Test
    void everyOtherExceptionAndOneOfAConnectionWithItsSessionStillAttachedArePassedOn() throws Exception
    {
        final DummySession withSession = new DummySession();
        withSession.setAttribute(SessionConnector.QF_SESSION, "attached");
        final WriteToClosedSessionException closed = new WriteToClosedSessionException(new DefaultWriteRequest("x"));
        guard.exceptionCaught(next, withSession, closed);
        final IOException reset = new IOException("Connection reset by peer");
        guard.exceptionCaught(next, new DummySession(), reset);
        assertEquals(2, passedOn.size());
        assertSame(closed, passedOn.get(0));
        assertSame(reset, passedOn.get(1));
    }
}
