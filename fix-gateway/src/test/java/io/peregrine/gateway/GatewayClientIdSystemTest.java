package io.peregrine.gateway;

import io.peregrine.client.PeregrineClient;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.TempDirs;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.field.ExecType;

import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static io.peregrine.testsupport.FixRequests.cancel;
import static io.peregrine.testsupport.FixRequests.newOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway takes its client id (9880) at its start, before it accepts a broker (hft-core README, "Access control";
 * fix-gateway README, "Data directory and core journal"): another local publication using the id after that is
 * refused, a gateway that finds the id held stops naming the holder, and requests another publication sent under the
 * id before the gateway connected are not taken for the gateway's at its next start without a way to keep both
 * journals.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GatewayClientIdSystemTest
{
    private static final long WAIT_MS = 15_000;

    @AutoClose
    private final GatewayStack stack = GatewayStack.withCore("clientid", WAIT_MS, "sleeping", UnaryOperator.identity());
    private GatewayContext gatewayContext;

    @BeforeEach
    void setUp() throws Exception
    {
        gatewayContext = stack.startOnCoreJournal(UnaryOperator.identity(), UnaryOperator.identity());
    }

    @Test
    void anotherPublicationUsingTheGatewaysIdBeforeItsFirstBrokerRequestIsRefusedAndLaterStartsAreNot()
        throws Exception
    {
        // The gateway started and no broker has sent anything: the id is already the gateway's.
        try (PeregrineClient impostor = impostor())
        {
            sendOrder(impostor, 1000);
            Await.until("the impostor's order decided", () ->
                1 == stack.core().authorisation().notAuthorised().get() ||
                stack.core().counters().ordersAccepted().get() > 0, WAIT_MS);
            assertEquals(1, stack.core().authorisation().notAuthorised().get(), "refused NOT_AUTHORISED");
            assertEquals(0, stack.core().counters().ordersAccepted().get(), "not accepted");
        }

        // Nothing under the gateway's id in the core journal that is not the gateway's: a new data directory starts.
        stack.stopGateway();
        TempDirs.delete(gatewayContext.dataDir());
        stack.startGateway(gatewayContext);
        stack.awaitVenueLoggedOn();
        try (FixCounterparty broker = stack.broker("BROKER1"))
        {
            broker.send(newOrder("N1", '1', "AAPL", "189.00", 10));
            broker.nextReport("N1", ExecType.NEW, WAIT_MS);
        }
    }

    @Test
    void aGatewayStartingWhileAnotherPublicationHoldsItsIdStopsNamingTheHolder() throws Exception
    {
        stack.stopGateway();
        restartCore(); // the id is free from the core's start
        try (PeregrineClient impostor = impostor())
        {
            // With no venue connected the order is rejected, but its client id check came first: it took the id.
            sendOrder(impostor, 1000);
            Await.until("the impostor's order rejected",
                () -> 1 == stack.core().counters().ordersRejected().get(), WAIT_MS);
            assertEquals(0, stack.core().authorisation().notAuthorised().get());

            final String message =
                assertThrows(IllegalStateException.class, () -> stack.startGateway(gatewayContext)).getMessage();
            assertTrue(message.contains("another ingress publication holds the gateway's client id " +
                gatewayContext.clientId()), message);
            assertTrue(message.contains("Aeron session ") && message.contains("IN-CLIENT client=9880"), message);
            assertTrue(message.contains("Stop the process that uses client id 9880"), message);
            assertTrue(stack.core().authorisation().notAuthorised().get() >= 1, "the gateway's claims, refused");
        }
    }

    @Test
    void requestsOfAnotherPublicationAboveTheGatewaysOwnAreNamedAsSuchAndTheFlagStartsKeepingBothJournals()
        throws Exception
    {
        final FixCounterparty broker = stack.broker("BROKER1");
        broker.send(newOrder("K1", '1', "AAPL", "189.00", 10));
        broker.nextReport("K1", ExecType.NEW, WAIT_MS);
        broker.close();

        // What an earlier release let happen (or a process using the id before the gateway connected): a request
        // under the gateway's id, far above the gateway's clOrdIds, in the core journal.
        stack.stopGateway();
        restartCore();
        try (PeregrineClient impostor = impostor())
        {
            sendOrder(impostor, 1_796_656_537_511_035L);
            Await.until("the impostor's order rejected",
                () -> 1 == stack.core().counters().ordersRejected().get(), WAIT_MS);
        }
        restartCore(); // the impostor's publication gone for certain: the id is free again

        final String message =
            assertThrows(IllegalStateException.class, () -> stack.startGateway(gatewayContext)).getMessage();
        assertTrue(message.contains("is older than the core journal") &&
            message.contains("or did not send all of its requests"), message);
        assertTrue(message.contains("or they are another publication's, sent under the gateway's client id 9880"),
            message);
        assertTrue(message.contains("keep both directories and start with " +
            "-Dperegrine.gateway.accept.orphaned.orders=true"), message);
        assertFalse(message.contains("move both directories aside"), message);

        // Taken as the impostor's: the gateway starts on both journals, and its own order is still its brokers'.
        stack.startGateway(gatewayContext.acceptOrphanedOrders(true));
        stack.awaitVenueLoggedOn();
        final FixCounterparty after = stack.broker("BROKER1");
        after.send(cancel("K2", "K1"));
        after.nextReport("K2", ExecType.CANCELED, WAIT_MS);
        after.send(newOrder("K3", '1', "AAPL", "188.00", 5));
        after.nextReport("K3", ExecType.NEW, WAIT_MS);
        after.close();
        assertEquals(1, stack.gateway().counters().brokerReportsUnroutable().get(),
            "the impostor's reject only: the answers to the gateway's claims at its three starts are no broker's");
    }

    private PeregrineClient impostor()
    {
        final PeregrineClient impostor = PeregrineClient.connect(new PeregrineClient.Context()
            .aeronDirectoryName(stack.aeronDir)
            .clientId(gatewayContext.clientId()));
        Await.until("impostor connected", impostor::isConnected, WAIT_MS);
        return impostor;
    }

    private static void sendOrder(final PeregrineClient impostor, final long clOrdId)
    {
        Await.until("impostor's order offered", () -> impostor.newOrder(clOrdId,
            PackedAscii.pack("ACC1"), PackedAscii.pack("AAPL"), Side.BUY, OrdType.LIMIT, TimeInForce.DAY,
            Prices.parse("189.00"), 10), WAIT_MS);
    }

    private void restartCore()
    {
        stack.stopCore();
        stack.startCoreOnJournal(UnaryOperator.identity());
    }
}
