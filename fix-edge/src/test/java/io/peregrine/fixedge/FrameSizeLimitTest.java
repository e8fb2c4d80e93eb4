package io.peregrine.fixedge;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.session.DummySession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FrameSizeLimit} as a filter: what it hands on, what closes the connection, what it counts.
 */
class FrameSizeLimitTest
{
    private final List<Object> handedOn = new ArrayList<>();
    private final FrameSizeLimit limit = FrameSizeLimit.counted("test", 256);
    private final DummySession session = new DummySession();

    @BeforeEach
    void connect() throws Exception
    {
        limit.sessionCreated(recording(), session);
    }

    @Test
    void handsWellFormedFramesOnAndCutsAnOversizeOneBeforeTheDecoder() throws Exception
    {
        final byte[] heartbeat = FixFrameScannerTest.frame("35=0\u000134=2\u000149=A\u000156=B\u0001");
        limit.messageReceived(recording(), session, IoBuffer.wrap(heartbeat));
        assertEquals(1, handedOn.size(), "a frame within the limit reaches the decoder");
        assertFalse(session.isClosing());

        limit.messageReceived(recording(), session,
            IoBuffer.wrap("8=FIX.4.4\u00019=100000000\u000135=8\u0001".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(1, handedOn.size(), "the oversize frame's bytes never reach the decoder");
        assertTrue(session.isClosing(), "the connection is closed");
        assertEquals(1, limit.oversizeFrames());
        assertEquals(0, limit.malformedFrames());

        limit.messageReceived(recording(), session, IoBuffer.wrap(heartbeat));
        assertEquals(1, handedOn.size(), "nothing more is handed on from a closing connection");
    }

    @Test
    void countsBytesThatAreNotFixFramingAsMalformed() throws Exception
    {
        limit.messageReceived(recording(), session,
            IoBuffer.wrap("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(session.isClosing());
        assertEquals(0, handedOn.size());
        assertEquals(1, limit.malformedFrames());
    }

    @Test
    void anOutOfMemoryErrorBehindItClosesTheConnectionInsteadOfEndingTheIoThread() throws Exception
    {
        final byte[] heartbeat = FixFrameScannerTest.frame("35=0\u000134=2\u000149=A\u000156=B\u0001");
        final IoFilter.NextFilter decoderOutOfMemory = nextFilter((method) ->
        {
            throw new OutOfMemoryError("Java heap space");
        });

        limit.messageReceived(decoderOutOfMemory, session, IoBuffer.wrap(heartbeat)); // does not throw
        assertTrue(session.isClosing(), "the connection is closed, its decoder's buffer dropped");
    }

    @Test
    void refusesAnUnusableLimit()
    {
        assertThrows(IllegalArgumentException.class, () -> FrameSizeLimit.counted("test", 63));
    }

    private IoFilter.NextFilter recording()
    {
        return nextFilter((message) -> handedOn.add(message));
    }

    /** A next filter whose messageReceived is the given action; every other event is ignored. */
    private static IoFilter.NextFilter nextFilter(final java.util.function.Consumer<Object> onMessage)
    {
        return (IoFilter.NextFilter)Proxy.newProxyInstance(FrameSizeLimitTest.class.getClassLoader(),
            new Class<?>[] {IoFilter.NextFilter.class}, (proxy, method, args) ->
            {
                if ("messageReceived".equals(method.getName()))
                {
                    onMessage.accept(args[1]);
                }
                return null;
            });
    }
}
