package io.peregrine.core;

import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.TempDirs;
import io.peregrine.core.system.ReportCollector;
import io.peregrine.core.system.TestStack;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.Side;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static io.peregrine.core.DemoUniverse.ACC1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeregrineLaunchTest
{
    @Test
    void embeddedDriverDeletesItsDirectoryOnClose()
    {
        final String dir;
        try (TestStack stack = new TestStack(AutoFillVenue.Mode.FILL))
        {
            dir = stack.core.aeronDirectoryName();
            assertTrue(new File(dir).exists());
            fillOneOrder(stack, 1);
        }
        assertFalse(new File(dir).exists(), "aeron dir deleted: " + dir);
    }

    @Test
    void connectsToExternalDriverWhenEmbeddedIsOff()
    {
        try (MediaDriverFixture external = MediaDriverFixture.launch())
        {
            final String dir = external.aeronDirectoryName();
            try (TestStack stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext()
                .embeddedDriver(false)
                .aeronDirectoryName(external.aeronDirectoryName())))
            {
                assertEquals(dir, stack.core.aeronDirectoryName());
                fillOneOrder(stack, 1);
            }
            assertTrue(new File(dir).exists(), "the external driver's directory is left to its owner");
        }
    }

    @Test
    void runsUnpinnedWhenPinningIsNotPossibleAndRecordsLatency()
    {
        // CPU 1 may be free, taken by another process's lock, or missing on a 1-cpu machine: pinning is best
        // effort and the core runs either way.
        try (TestStack stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().cpuAffinity(1)))
        {
            fillOneOrder(stack, 1);
            fillOneOrder(stack, 2);
            final Histogram ingress = stack.core.latency().ingress();
            final Histogram venueIn = stack.core.latency().venueIn();
            assertEquals(2, ingress.getTotalCount());
            assertEquals(4, venueIn.getTotalCount(), "ack and fill per order");
            assertTrue(ingress.getMaxValue() > 0);
        }
    }

    @Test
    void keepsPositionsAcrossRestartsWithPersistentRiskState()
    {
        final Path stateDir = TempDirs.create("peregrine-risk-state");
        try
        {
            try (TestStack stack = new TestStack(AutoFillVenue.Mode.FILL,
                new PeregrineContext().riskStateDir(stateDir)))
            {
                fillOneOrder(stack, 1);
            }
            // Closed before the position is read: the persisted state, not a live core's, must hold both fills.
            final TestStack stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().riskStateDir(stateDir));
            try
            {
                fillOneOrder(stack, 2);
            }
            finally
            {
                stack.close();
            }
            assertEquals(10, stack.core.risk().position(ACC1, AAPL), "5 before the restart, 5 after");
        }
        finally
        {
            TempDirs.delete(stateDir);
        }
    }

    @Test
    void concludeRejectsInvalidSettings()
    {
        assertThrows(IllegalArgumentException.class, () -> new PeregrineContext().egressStreamId(1001).conclude());
        assertEquals("peregrine.order.capacity must be 1..16777216, got -5",
            assertThrows(IllegalArgumentException.class, () -> new PeregrineContext().orderCapacity(-5).conclude())
            .getMessage(), "named by its key");
        assertThrows(IllegalArgumentException.class, () -> new PeregrineContext().channel("udp://x").conclude());
        assertThrows(IllegalArgumentException.class, () -> new PeregrineContext().defaultVenueId(0).conclude());
        assertThrows(IllegalArgumentException.class,
            () -> new PeregrineContext().venueIdForSymbol("TOO_LONG_SYMBOL", 2).conclude());
        assertThrows(IllegalArgumentException.class, () -> new PeregrineContext().idleStrategyName("nap").conclude());
    }

    @Test
    void readsDefaultsFromSystemProperties()
    {
        System.setProperty(Core.ORDER_CAPACITY.name(), "123");
        System.setProperty(Core.VENUE_ROUTES.name(), "MSFT=2, IBM=3");
        System.setProperty(Core.EMBEDDED_DRIVER.name(), "false");
        try
        {
            final PeregrineContext ctx = new PeregrineContext().conclude();
            assertEquals(123, ctx.orderCapacity());
            assertEquals(2, ctx.venueRoutes().get("MSFT"));
            assertEquals(3, ctx.venueRoutes().get("IBM"));
            assertFalse(ctx.embeddedDriver());
            assertEquals(Core.CHANNEL.defaultValue(), ctx.channel());
            assertEquals(1001, ctx.ingressStreamId());
            assertEquals(1002, ctx.egressStreamId());
            assertEquals(2001, ctx.venueOutStreamId());
            assertEquals(2002, ctx.venueInStreamId());
            assertEquals(1, ctx.defaultVenueId());
            assertEquals(-1, ctx.cpuAffinity());
            assertTrue(ctx.idleStrategy() instanceof io.peregrine.config.WakeableIdleStrategy);
        }
        finally
        {
            System.clearProperty(Core.ORDER_CAPACITY.name());
            System.clearProperty(Core.VENUE_ROUTES.name());
            System.clearProperty(Core.EMBEDDED_DRIVER.name());
        }
    }

    private static void fillOneOrder(final TestStack stack, final long clOrdId)
    {
        stack.newLimitOrder(clOrdId, ACC1, AAPL, Side.BUY, AAPL_PX, 5);
        final ReportCollector.Execution fill =
            stack.awaitExecution(clOrdId, ExecType.FILL, "fill");
        assertEquals(5, fill.cumQty());
    }
}
