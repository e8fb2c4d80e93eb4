package io.peregrine.client;

import io.aeron.exceptions.DriverTimeoutException;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.MediaDriverFixture;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a {@link PeregrineClient} says once it is closed: by the app, or by Aeron when its media driver goes away
 * (the driver here is closed in-process, which Aeron reports at once as "MediaDriver ... has been shutdown"; the
 * SIGKILL case, with its driver timeout, is {@link PeregrineClientRestartTest}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeregrineClientClosedTest
{
    private static final long ACC1 = PackedAscii.pack("ACC1");
    private static final long AAPL = PackedAscii.pack("AAPL");

    private final ReportListener ignore = new ReportListener()
    {
    };
    private MediaDriverFixture driver = MediaDriverFixture.launch();
    private PeregrineClient client;

    @AfterEach
    void tearDown()
    {
        if (null != client)
        {
            client.close();
        }
        if (null != driver)
        {
            driver.close();
        }
    }

    @Test
    void pollAndEveryOfferThrowOnceTheAppClosedTheClient()
    {
        client = PeregrineClient.connect(new PeregrineClient.Context()
            .aeronDirectoryName(driver.aeronDirectoryName()).clientId(5));
        assertFalse(client.isClosed());
        assertTrue(client.poll(ignore, 10) >= 0);
        client.close();

        assertTrue(client.isClosed());
        final ClientClosedException polled = assertThrows(ClientClosedException.class, () -> client.poll(ignore, 10));
        assertTrue(polled.getMessage().contains("(client id 5) is closed: close() was called"), polled.getMessage());
        assertThrows(ClientClosedException.class, () ->
            client.newOrder(1, ACC1, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, 1, 1));
        assertThrows(ClientClosedException.class, () -> client.cancel(2, 1, 0, ACC1));
        assertThrows(ClientClosedException.class, () -> client.orderStatus(3, 1, 0, ACC1));
        assertThrows(ClientClosedException.class, () -> client.offerRaw(new UnsafeBuffer(new byte[64]), 0, 64));
    }

    @Test
    void theDriverGoingAwayReachesTheContextsErrorHandlerAndThePollInsteadOfExitingTheJvm()
    {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        client = PeregrineClient.connect(new PeregrineClient.Context()
            .aeronDirectoryName(driver.aeronDirectoryName()).clientId(6).errorHandler(errors::add));
        driver.close();
        driver = null;

        Await.until("the client closed by Aeron", client::isClosed, 30_000);
        Await.until("the error handed to the app", () -> !errors.isEmpty(), 30_000);
        assertInstanceOf(DriverTimeoutException.class, errors.get(0));
        final ClientClosedException polled = assertThrows(ClientClosedException.class, () -> client.poll(ignore, 10));
        assertTrue(polled.getMessage().contains("(client id 6) is closed: Aeron closed its Aeron client (" +
            "io.aeron.exceptions.DriverTimeoutException"), polled.getMessage());
        assertInstanceOf(DriverTimeoutException.class, polled.getCause());
        assertThrows(ClientClosedException.class, () -> client.cancel(2, 1, 0, ACC1));
    }
}
