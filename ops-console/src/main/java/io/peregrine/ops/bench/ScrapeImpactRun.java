package io.peregrine.ops.bench;

import io.peregrine.bench.loop.FullLoopRun;
import io.peregrine.bench.loop.LoopOptions;
import io.peregrine.bench.loop.LoopResult;
import io.peregrine.bench.loop.LoopStack;
import io.peregrine.ops.OpsConsole;
import io.peregrine.ops.OpsContext;
import io.peregrine.ops.OpsTargets;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does watching the core move its latency? Runs the main job ({@link FullLoopRun}) several times in one JVM,
 * alternating plain runs with runs where the ops console is attached and a scraper fetches {@code /metrics} and
 * {@code /api/snapshot} (what an open dashboard polls) every second; prints, per run, the paths' first-report
 * latency, the core's own ingress latency, and the bytes the core thread allocated during the run.
 * <p>
 * Usage: {@code ScrapeImpactRun [--rounds N] [FullLoopRun flags]}; each round is one plain and one scraped run, the
 * order swapped every round. Main thread plus one scraper thread.
 */
public final class ScrapeImpactRun
{
    private ScrapeImpactRun()
    {
    }

    /** What one run measured. */
    private record Row(String mode, int round, LoopResult result, Histogram coreIngress, long coreAllocatedBytes,
        long scrapes, long scrapeFailures, double scrapeMillisMean)
    {
    }

    /**
     * @param args {@code [--rounds N]} then FullLoopRun's flags.
     * @throws Exception if a run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        int rounds = 2;
        final List<String> loopArgs = new ArrayList<>(Arrays.asList(args));
        final int at = loopArgs.indexOf("--rounds");
        if (at >= 0)
        {
            rounds = Integer.parseInt(loopArgs.get(at + 1));
            loopArgs.remove(at + 1);
            loopArgs.remove(at);
        }
        final LoopOptions options = LoopOptions.parse(loopArgs.toArray(new String[0]));
        final List<Row> rows = new ArrayList<>();
        System.out.println("ScrapeImpactRun: " + rounds + " rounds of (plain, scraped) main job runs: " + options);
        for (int round = 1; round <= rounds; round++)
        {
            final boolean scrapedFirst = round % 2 == 0;
            for (int i = 0; i < 2; i++)
            {
                final boolean scraped = (i == 0) == scrapedFirst;
                rows.add(runOnce(options, round, scraped));
                final Row row = rows.get(rows.size() - 1);
                System.out.println(line(row));
            }
        }
        System.out.println();
        System.out.println("| run | mode | FIX ack p50 us | FIX ack p99 us | IPC ack p50 us | IPC ack p99 us | " +
            "core ingress p50 us | p99 us | p99.9 us | core thread bytes allocated | scrapes (failed) | scrape ms |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (final Row row : rows)
        {
            System.out.println(tableRow(row));
        }
    }

    private static Row runOnce(final LoopOptions options, final int round, final boolean scraped) throws IOException
    {
        final Path dir = Files.createTempDirectory("peregrine-scrape-impact");
        final Histogram[] ingress = new Histogram[1];
        final long[] allocated = new long[1];
        final AtomicLong scrapes = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong scrapeNanos = new AtomicLong();
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final LoopResult result;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8))
        {
            result = FullLoopRun.run(options, out, (stack) -> attach(stack, scraped, dir, ingress, allocated, scrapes,
                failures, scrapeNanos));
        }
        finally
        {
            IoUtil.delete(dir.toFile(), true);
        }
        final String text = captured.toString(StandardCharsets.UTF_8);
        if (result.missing() > 0)
        {
            System.out.println(text);
            throw new IllegalStateException("run " + round + (scraped ? " scraped" : " plain") + ": " +
                result.missing() + " orders got no final report");
        }
        return new Row(scraped ? "scraped 1 s" : "plain", round, result, ingress[0], allocated[0], scrapes.get(),
            failures.get(), scrapes.get() == 0 ? 0 : scrapeNanos.get() / 1e6 / scrapes.get());
    }

    private static Closeable attach(
        final LoopStack stack,
        final boolean scraped,
        final Path dir,
        final Histogram[] ingress,
        final long[] allocated,
        final AtomicLong scrapes,
        final AtomicLong failures,
        final AtomicLong scrapeNanos)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long coreThread = stack.core().agent().threadId();
        final long allocatedBefore = threads.getThreadAllocatedBytes(coreThread);
        final OpsConsole ops = scraped ? OpsConsole.launch(new OpsContext(new Properties()).port(0)
            .dataDir(dir.resolve("ops")), OpsTargets.none().withCore(stack.core()).withGateway(stack.gateway())
            .withVenue(stack.venue())) : null;
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread scraper = new Thread(() ->
        {
            final HttpClient http = HttpClient.newHttpClient();
            while (running.get() && null != ops)
            {
                for (final String path : new String[]{"/metrics", "/api/snapshot"})
                {
                    final long start = System.nanoTime();
                    try
                    {
                        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(ops.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200)
                        {
                            failures.incrementAndGet();
                        }
                    }
                    catch (final IOException ex)
                    {
                        failures.incrementAndGet();
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                    scrapeNanos.addAndGet(System.nanoTime() - start);
                    scrapes.incrementAndGet();
                }
                try
                {
                    Thread.sleep(1000);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }, "scrape-impact-scraper");
        scraper.setDaemon(true);
        scraper.start();
        return () ->
        {
            running.set(false);
            scraper.interrupt();
            try
            {
                scraper.join(5_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            allocated[0] = threads.getThreadAllocatedBytes(coreThread) - allocatedBefore;
            ingress[0] = stack.core().latency().ingress();
            if (null != ops)
            {
                ops.close();
            }
        };
    }

    private static double us(final Histogram histogram, final double percentile)
    {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String line(final Row row)
    {
        return String.format(Locale.ROOT, "round %d %-11s FIX ack p50 %.0f us p99 %.0f us; IPC ack p50 %.0f us " +
            "p99 %.0f us; core ingress p50 %.2f us p99 %.2f us; core thread allocated %,d B; scrapes %d (%d failed)",
            row.round(), row.mode(), us(row.result().fix().firstReport(), 50), us(row.result().fix().firstReport(), 99),
            us(row.result().ipc().firstReport(), 50), us(row.result().ipc().firstReport(), 99),
            us(row.coreIngress(), 50), us(row.coreIngress(), 99), row.coreAllocatedBytes(), row.scrapes(),
            row.scrapeFailures());
    }

    private static String tableRow(final Row row)
    {
        return String.format(Locale.ROOT, "| %d | %s | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %,d | %d (%d) | %.1f |",
            row.round(), row.mode(), us(row.result().fix().firstReport(), 50), us(row.result().fix().firstReport(), 99),
            us(row.result().ipc().firstReport(), 50), us(row.result().ipc().firstReport(), 99),
            us(row.coreIngress(), 50), us(row.coreIngress(), 99), us(row.coreIngress(), 99.9),
            row.coreAllocatedBytes(), row.scrapes(), row.scrapeFailures(), row.scrapeMillisMean());
    }
}
