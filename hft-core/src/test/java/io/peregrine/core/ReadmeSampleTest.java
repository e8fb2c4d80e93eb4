package io.peregrine.core;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.peregrine.client.PeregrineClient;
import io.peregrine.client.ReportListener;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedding sample of {@code hft-core/README.md}, verbatim between the markers, so the README cannot rot.
 */
class ReadmeSampleTest
{
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void readmeSampleRoutesAndFillsAnOrder()
    {
        final List<String> printed = new ArrayList<>();

        // README sample begin
        final PeregrineContext ctx = new PeregrineContext()
            .aeronDirectoryName(CommonContext.generateRandomDirName()) // private to this process, deleted on close
            .idleStrategyName("backoff");                              // "busy-spin" on a dedicated, pinned core

        try (Peregrine core = Peregrine.launch(ctx);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(core.aeronDirectoryName()));
            AutoFillVenue venue = new AutoFillVenue(aeron, new AutoFillVenue.Context());
            AgentRunner venueRunner =
                new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null, venue);
            PeregrineClient client = PeregrineClient.connect(
                new PeregrineClient.Context().aeronDirectoryName(core.aeronDirectoryName()).clientId(42)))
        {
            AgentRunner.startOnThread(venueRunner);
            while (!client.isConnected() || !venue.isConnected())
            {
                Thread.yield();
            }

            final long account = PackedAscii.pack("ACC1");
            final long symbol = PackedAscii.pack("AAPL");
            final long price = Prices.parse("190.00");
            while (!client.newOrder(1, account, symbol, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, price, 100))
            {
                Thread.yield(); // back-pressured or not connected yet: the order was not sent, offer again
            }

            final ExecType[] lastExecType = new ExecType[1];
            final ReportListener listener = new ReportListener()
            {
                public void onExecutionReport(final ExecutionReportDecoder report)
                {
                    if (report.clientId() == 42)
                    {
                        lastExecType[0] = report.execType();
                        printed.add(report.execType() + " orderId=" + report.orderId() + " cumQty=" + report.cumQty() +
                            " avgPx=" + Prices.format(report.avgPx()));
                    }
                }
            };
            while (lastExecType[0] != ExecType.FILL)
            {
                if (client.poll(listener, 10) == 0)
                {
                    Thread.yield();
                }
            }
            printed.forEach(System.out::println); // NEW ... cumQty=0 avgPx=0.00, FILL ... cumQty=100 avgPx=190.00
        }
        // README sample end

        assertEquals(List.of("NEW orderId=1 cumQty=0 avgPx=0.00", "FILL orderId=1 cumQty=100 avgPx=190.00"), printed);
        assertFalse(new File(ctx.aeronDirectoryName()).exists(), "embedded driver deleted its directory");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void readmeShowsThisSampleVerbatim() throws IOException
    {
        final String test = Files.readString(Path.of("src/test/java/io/peregrine/core/ReadmeSampleTest.java"));
        final String readme = Files.readString(Path.of("README.md"));
        final String sample = between(test, "        // README sample begin\n", "        // README sample end\n");
        final String unindented = sample.lines().map((line) -> line.length() >= 8 ? line.substring(8) : line.strip())
            .reduce("", (a, b) -> a + b + "\n");
        assertTrue(readme.contains(unindented), "README.md must show the sample of ReadmeSampleTest:\n" + unindented);
    }

    private static String between(final String text, final String begin, final String end)
    {
        final int start = text.indexOf(begin);
        final int finish = text.indexOf(end, start);
        assertTrue(start >= 0 && finish > start, "markers present");
        return text.substring(start + begin.length(), finish);
    }
}
