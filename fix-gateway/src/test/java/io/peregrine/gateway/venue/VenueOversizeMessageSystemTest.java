package io.peregrine.gateway.venue;

import io.peregrine.gateway.BrokerLogon;
import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayStack;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A venue sends the gateway an ExecutionReport declaring a 100 MB body (a huge Text): the venue session cuts the
 * connection at the BodyLength, before QuickFIX/J buffers anything, counts it, reconnects and logs on again, and the
 * broker sessions, whose heartbeats run on the QuickFIX/J timer thread the venue reconnect also uses, keep receiving
 * them all along.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VenueOversizeMessageSystemTest
{
    private static final long WAIT_MS = 20_000;

    private final GatewayStack stack = GatewayStack.withTestCore("venue-oversize", WAIT_MS);
    private RawVenue venue;

    @AfterEach
    void stop() throws Exception
    {
        stack.close();
        if (null != venue)
        {
            venue.close();
        }
    }

    @Test
    void anOversizeVenueFrameClosesTheConnectionWhichReconnectsWhileBrokerHeartbeatsGoOn() throws Exception
    {
        venue = new RawVenue(stack.venuePort, GatewayStack.VENUE_COMP_ID, GatewayStack.GATEWAY_COMP_ID);
        final FixGateway gateway = stack.startGateway(stack.gatewayContext().venueReconnectSeconds(1));
        Await.until("the venue session logged on",
            () -> venue.logons.get() == 1 && gateway.isVenueLoggedOn(GatewayStack.VENUE_ID), WAIT_MS);
        final FixCounterparty broker = BrokerLogon.loggedOn(
            stack.broker("BROKER1", (settings) -> settings.setLong("HeartBtInt", 1)), WAIT_MS);

        final long written = venue.sendOversizeExecutionReport(100_000_000L);
        assertTrue(written < 16L * 1024 * 1024, "body bytes the gateway let in before the cut: " + written);
        Await.until("the oversize frame counted",
            () -> gateway.counters().venueOversizeFrames().get() == 1, WAIT_MS);
        Await.until("the venue session logged on again",
            () -> venue.logons.get() == 2 && gateway.isVenueLoggedOn(GatewayStack.VENUE_ID), WAIT_MS);

        final int heartbeatsFrom = broker.session().getStore().getNextTargetMsgSeqNum();
        Await.until("three more broker heartbeats (1 s apart)",
            () -> nextTargetSeqNum(broker) >= heartbeatsFrom + 3, WAIT_MS);
        assertEquals(1, broker.logonsSent.get(), "the broker session never had to log on again");
        assertEquals(1, venue.connectionsEnded.get(), "one venue connection lost, the one cut");
        assertEquals(0, gateway.counters().venueMalformedFrames().get());
        assertEquals(1, gateway.counters().venueOversizeFrames().get());
    }

    private static int nextTargetSeqNum(final FixCounterparty broker)
    {
        try
        {
            return broker.session().getStore().getNextTargetMsgSeqNum();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
