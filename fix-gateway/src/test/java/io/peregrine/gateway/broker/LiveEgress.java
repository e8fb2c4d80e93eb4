package io.peregrine.gateway.broker;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.TestAeronClients;
import org.agrona.CloseHelper;
import quickfix.SessionID;

import java.nio.file.Path;
import java.util.List;

/**
 * A core's egress stream (1002) on a private media driver, connected, with the routes of one broker session: what a
 * test of the report agent reading the live stream publishes to and reads from.
 */
final class LiveEgress implements AutoCloseable
{
    final MediaDriverFixture driver;
    final Aeron aeron;
    final ExclusivePublication egress;
    final Subscription subscription;
    final OrderRoutes routes;

    /**
     * @param dir     where the routes are kept.
     * @param session the broker session.
     */
    LiveEgress(final Path dir, final SessionID session) throws Exception
    {
        driver = MediaDriverFixture.launch();
        aeron = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName()));
        egress = aeron.addExclusivePublication("aeron:ipc?term-length=65536", 1002);
        subscription = aeron.addSubscription("aeron:ipc?term-length=65536", 1002);
        routes = new OrderRoutes(dir.resolve("clordids.log"), List.of(session));
        Await.until("the egress subscription connected", subscription::isConnected, 10_000);
    }

    public void close()
    {
        CloseHelper.closeAll(routes, subscription, egress, aeron, driver);
    }
}
