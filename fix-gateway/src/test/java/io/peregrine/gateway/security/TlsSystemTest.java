package io.peregrine.gateway.security;

import io.peregrine.gateway.GatewayStack;
import io.peregrine.gateway.venue.VenueClientConfig;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixReports;
import io.peregrine.testsupport.FixRequests;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * FIX over TLS on loopback, both sides of the gateway: a broker logs on to the TLS acceptor with a client
 * certificate, and the gateway's venue initiator logs on to a TLS venue that requires the gateway's certificate;
 * an order makes the round trip. Plain TCP against the TLS acceptor, a broker with an untrusted certificate and a
 * venue with an untrusted certificate are all refused before any FIX session exists, and the gateway keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TlsSystemTest
{
    private static final long WAIT_MS = 15_000;
    private static final char SOH = '\u0001';

    private final FixReports reports = new FixReports("X");
    private GatewayStack stack;
    private FixCounterparty venue;
    private FixCounterparty broker1;
    private SSLServerSocket rogueVenue;
    private Thread rogueVenueThread;
    private final AtomicInteger rogueVenueHandshakeFailures = new AtomicInteger();

    @BeforeAll
    void setUp() throws Exception
    {
        stack = GatewayStack.withCore("tls", WAIT_MS, "sleeping", UnaryOperator.identity());
        venue = stack.fixVenue((settings) -> TestTls.apply(settings, TestTls.VENUE, TestTls.PEER_TRUST, true));
        venue.onApp((message, sessionId) -> acknowledge(message));
        venue.start();

        rogueVenue = (SSLServerSocket)TestTls.sslContext(TestTls.ROGUE, TestTls.PEER_TRUST).getServerSocketFactory()
            .createServerSocket(0, 4, InetAddress.getLoopbackAddress());
        rogueVenueThread = new Thread(this::serveRogueVenue, "rogue-venue");
        rogueVenueThread.setDaemon(true);
        rogueVenueThread.start();

        stack.startGateway(TestTls.brokerAcceptor(stack.gatewayContext(), true)
            .venues(List.of(
                new VenueClientConfig(1, "127.0.0.1", stack.venuePort, "PEREGRINE", "SIMVENUE", false, true, true),
                new VenueClientConfig(2, "127.0.0.1", rogueVenue.getLocalPort(), "PEREGRINE", "ROGUE", false, true, true)))
            .fixMessageLog(true));

        broker1 = stack.broker("BROKER1", (settings) ->
        {
            TestTls.apply(settings, TestTls.BROKER, TestTls.PEER_TRUST, false);
            settings.setString("EndpointIdentificationAlgorithm", "HTTPS");
        }).start();
        assertTrue(broker1.awaitLogon(WAIT_MS), "BROKER1 logs on over TLS with its client certificate");
        assertTrue(venue.awaitLogon(WAIT_MS), "the gateway logs on to the TLS venue with its certificate");
    }

    @AfterAll
    void tearDown() throws Exception
    {
        CloseHelper.closeAll(Throwable::printStackTrace, stack, rogueVenue);
        if (null != rogueVenueThread)
        {
            rogueVenueThread.join(5_000);
        }
    }

    @Test
    void anOrderMakesTheRoundTripOverTlsOnBothSides() throws Exception
    {
        broker1.send(FixRequests.newOrder("TLS-1", '1', "AAPL", "190.00", 10));
        final Message atVenue = venue.nextApp(WAIT_MS);
        assertEquals(MsgType.NEW_ORDER_SINGLE, atVenue.getHeader().getString(MsgType.FIELD));
        final Message report = broker1.nextReport("TLS-1", WAIT_MS);
        assertEquals(ExecType.NEW, report.getChar(ExecType.FIELD));
        assertEquals(OrdStatus.NEW, report.getChar(OrdStatus.FIELD));
    }

    @Test
    void aPlainTcpClientAgainstTheTlsAcceptorIsDisconnectedWithoutASession() throws Exception
    {
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), stack.brokerPort))
        {
            plain.setSoTimeout((int)WAIT_MS);
            assertRefused(() ->
            {
                plain.getOutputStream().write(plainLogon("BROKER2").getBytes(StandardCharsets.US_ASCII));
                plain.getOutputStream().flush();
                assertClosedByPeer(plain.getInputStream());
            });
        }
        assertFalse(brokerSession("BROKER2").isLoggedOn());
        assertTrue(broker1.isLoggedOn(), "the gateway keeps serving the TLS session");
    }

    @Test
    void aBrokerWithAnUntrustedCertificateIsRefused() throws Exception
    {
        try (SSLSocket rogue = (SSLSocket)TestTls.sslContext(TestTls.ROGUE, TestTls.PEER_TRUST).getSocketFactory()
            .createSocket(InetAddress.getLoopbackAddress(), stack.brokerPort))
        {
            rogue.setSoTimeout((int)WAIT_MS);
            // Refused during the handshake, or (TLS 1.3 checks the client certificate after the client considers
            // the handshake done) on the first write or read.
            assertRefused(() ->
            {
                rogue.startHandshake();
                rogue.getOutputStream().write(plainLogon("BROKER2").getBytes(StandardCharsets.US_ASCII));
                rogue.getOutputStream().flush();
                assertClosedByPeer(rogue.getInputStream());
            });
        }
        assertFalse(brokerSession("BROKER2").isLoggedOn());
        assertTrue(broker1.isLoggedOn());
    }

    @Test
    void aVenueWithAnUntrustedCertificateIsRefused() throws Exception
    {
        Await.holdsWithin(() -> rogueVenueHandshakeFailures.get() > 0, WAIT_MS);
        assertTrue(rogueVenueHandshakeFailures.get() > 0, "the gateway tried the rogue venue and aborted TLS");
        final Session session = Session.lookupSession(new SessionID("FIX.4.4", "PEREGRINE", "ROGUE"));
        assertFalse(session.isLoggedOn());
        assertTrue(venue.isLoggedOn(), "the trusted venue stays logged on");
    }

    /** The rogue venue: completes TLS with its untrusted certificate if the gateway lets it, and counts failures. */
    private void serveRogueVenue()
    {
        while (!rogueVenue.isClosed())
        {
            try (SSLSocket socket = (SSLSocket)rogueVenue.accept())
            {
                socket.setSoTimeout((int)WAIT_MS);
                try
                {
                    socket.startHandshake();
                    if (-1 == socket.getInputStream().read())
                    {
                        rogueVenueHandshakeFailures.incrementAndGet();
                    }
                }
                catch (final IOException ex)
                {
                    rogueVenueHandshakeFailures.incrementAndGet();
                }
            }
            catch (final IOException closed)
            {
                return;
            }
        }
    }

    private interface Exchange
    {
        void run() throws IOException;
    }

    /** The exchange ends with the peer closing the connection (end of stream, reset, broken pipe or TLS alert). */
    private static void assertRefused(final Exchange exchange)
    {
        try
        {
            exchange.run();
        }
        catch (final SocketTimeoutException ex)
        {
            fail("the acceptor neither answered nor closed the connection within " + WAIT_MS + " ms");
        }
        catch (final IOException refused)
        {
            // closed by the peer
        }
    }

    private static void assertClosedByPeer(final InputStream in) throws IOException
    {
        try
        {
            final byte[] buffer = new byte[256];
            int read;
            while ((read = in.read(buffer)) != -1)
            {
                final String text = new String(buffer, 0, read, StandardCharsets.US_ASCII);
                if (text.contains("35=A"))
                {
                    fail("the acceptor answered a Logon: " + text);
                }
            }
        }
        catch (final SocketTimeoutException ex)
        {
            fail("the acceptor kept the connection open for " + WAIT_MS + " ms");
        }
    }

    private static Session brokerSession(final String compId)
    {
        return Session.lookupSession(new SessionID("FIX.4.4", "PEREGRINE", compId));
    }

    private static String plainLogon(final String compId)
    {
        final String body = "35=A" + SOH + "34=1" + SOH + "49=" + compId + SOH + "52=20260101-00:00:00.000" + SOH +
            "56=PEREGRINE" + SOH + "98=0" + SOH + "108=30" + SOH;
        final String head = "8=FIX.4.4" + SOH + "9=" + body.length() + SOH;
        int sum = 0;
        for (final char c : (head + body).toCharArray())
        {
            sum += c;
        }
        return head + body + "10=" + String.format("%03d", sum % 256) + SOH;
    }

    private void acknowledge(final Message order)
    {
        try
        {
            if (MsgType.NEW_ORDER_SINGLE.equals(order.getHeader().getString(MsgType.FIELD)))
            {
                venue.send(reports.acknowledge(order));
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
