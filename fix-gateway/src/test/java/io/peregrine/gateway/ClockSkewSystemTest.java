package io.peregrine.gateway;

import io.peregrine.testsupport.Await;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FIX logons refused because the two machines' clocks differ (QuickFIX/J's SendingTime(52) check, before the
 * gateway's application sees the Logon), on raw sockets that set the SendingTime they like. Broker side: a Logon 5
 * minutes off is counted as a broker logon refusal (counter 1213) and named (a WARN naming the session and
 * "synchronise both clocks", at most once a minute per session). Venue side: a venue refusing the gateway's Logon so
 * has its {@code /health} detail name the fix, not only QuickFIX/J's words.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClockSkewSystemTest
{
    private static final long WAIT_MS = 15_000;
    private static final DateTimeFormatter SENDING_TIME =
        DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    @AutoClose
    private final GatewayStack stack = GatewayStack.withTestCore("clock-skew", WAIT_MS);

    @Test
    void aBrokerLogonWhoseSendingTimeIsFiveMinutesOffIsCountedAndNamedAsARefusedLogon() throws Exception
    {
        final FixGateway gateway = stack.startGateway(stack.gatewayContext().venues(List.of()));

        final String answer = logon(Instant.now().minusSeconds(300), 1);
        assertTrue(answer.contains("\u000135=5\u0001") && answer.contains("SendingTime accuracy problem"),
            answer.replace('\u0001', '|'));
        Await.until("the refusal counted", () -> 1 == gateway.counters().brokerLogonRefusals().get(), WAIT_MS);
        assertEquals(1, gateway.brokerApplication().clockSkewRefusals());

        logon(Instant.now().plusSeconds(300), 2); // ahead as well
        Await.until("the second refusal counted", () -> 2 == gateway.counters().brokerLogonRefusals().get(), WAIT_MS);
        assertEquals(2, gateway.brokerApplication().clockSkewRefusals());
    }

    @Test
    void aVenueLogonRefusedForItsSendingTimeNamesTheFixInTheVenuesHealth() throws Exception
    {
        final AtomicInteger answered = new AtomicInteger();
        try (ServerSocket venue = new ServerSocket(stack.venuePort, 8, InetAddress.getLoopbackAddress()))
        {
            final Thread refusing = new Thread(() -> refuseEveryLogon(venue, answered), "skewed-venue");
            refusing.setDaemon(true);
            refusing.start();
            final FixGateway gateway = stack.startGateway(stack.gatewayContext()
                .venueReconnectSeconds(1)
                .brokerStartVenueWaitMs(0));

            Await.until("two logons refused", () -> gateway.venueSessionHealth().logonRefusals(
                GatewayStack.VENUE_ID) >= 2, WAIT_MS);
            final String problem = gateway.venueSessionHealth().lastProblem(GatewayStack.VENUE_ID);
            assertTrue(problem.startsWith("logon refused: Invalid Logon message: SendingTime accuracy problem") &&
                problem.contains("differ by more than the receiver's SendingTime(52) tolerance (QuickFIX/J's " +
                "MaxLatency, 120 s") && problem.contains("synchronise both clocks (NTP)"),
                problem);
            assertTrue(answered.get() >= 2);
        }
    }

    /**
     * Sends BROKER1's Logon stamped {@code sendingTime} on a raw socket.
     *
     * @return what the gateway answered until it closed the connection.
     */
    private String logon(final Instant sendingTime, final int seqNum) throws IOException
    {
        final String body = "35=A\u000134=" + seqNum + "\u000149=BROKER1\u000152=" + SENDING_TIME.format(sendingTime) +
            "\u000156=PEREGRINE\u000198=0\u0001108=30\u0001141=Y\u0001";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), stack.brokerPort))
        {
            socket.setSoTimeout((int)WAIT_MS);
            socket.getOutputStream().write(message(body));
            socket.getOutputStream().flush();
            final ByteArrayOutputStream answer = new ByteArrayOutputStream();
            final InputStream in = socket.getInputStream();
            final byte[] buffer = new byte[4096];
            try
            {
                for (int n; (n = in.read(buffer)) > 0; )
                {
                    answer.write(buffer, 0, n);
                }
            }
            catch (final SocketTimeoutException ex)
            {
                // what came is the answer
            }
            return answer.toString(StandardCharsets.US_ASCII);
        }
    }

    private static void refuseEveryLogon(final ServerSocket venue, final AtomicInteger answered)
    {
        while (!venue.isClosed())
        {
            try (Socket socket = venue.accept())
            {
                socket.setSoTimeout(5_000);
                readOneMessage(socket.getInputStream());
                socket.getOutputStream().write(logout(answered.incrementAndGet()));
                socket.getOutputStream().flush();
                Thread.sleep(100);
            }
            catch (final IOException | InterruptedException ex)
            {
                // closed by the test, or the gateway hung up
            }
        }
    }

    private static void readOneMessage(final InputStream in) throws IOException
    {
        final StringBuilder read = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0)
        {
            read.append((char)c);
            final int trailer = read.lastIndexOf("\u000110=");
            if (trailer >= 0 && read.length() == trailer + 8 && '\u0001' == c)
            {
                return;
            }
        }
    }

    private static byte[] logout(final int seqNum)
    {
        return message("35=5\u000134=" + seqNum + "\u000149=SIMVENUE\u000152=" + SENDING_TIME.format(Instant.now()) +
            "\u000156=PEREGRINE\u000158=Invalid Logon message: SendingTime accuracy problem, field=52\u0001");
    }

    /**
     * @return the FIX 4.4 message of this body: BeginString, BodyLength, the body, CheckSum.
     */
    private static byte[] message(final String body)
    {
        final String head = "8=FIX.4.4\u00019=" + body.length() + "\u0001" + body;
        int sum = 0;
        for (final byte b : head.getBytes(StandardCharsets.US_ASCII))
        {
            sum += b;
        }
        return (head + "10=" + String.format("%03d", sum & 0xFF) + "\u0001").getBytes(StandardCharsets.US_ASCII);
    }
}
