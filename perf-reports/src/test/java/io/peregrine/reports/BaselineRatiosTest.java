package io.peregrine.reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pairs the real run does not cover (its IPC JSON is too large to keep as a resource, and exchange-core lands from
 * another branch): JMH results in the shape JMH writes, with known numbers.
 */
class BaselineRatiosTest
{
    @TempDir
    Path dir;

    @Test
    void pairsTheCoreRoundTripWithTheRawRelayAndEchoAndTheBookWithExchangeCore() throws Exception
    {
        final Path json = dir.resolve("jmh.json");
        Files.writeString(json, "[" + sample("IpcRoundTripBenchmark.coreRoundTrip", 8.0) + ","
            + sample("IpcRoundTripBenchmark.rawRelayRoundTrip", 4.0) + ","
            + sample("IpcRoundTripBenchmark.rawEchoRoundTrip", 2.0) + ","
            + avgt("BookVsExchangeCoreBenchmark.peregrine", 300) + ","
            + avgt("BookVsExchangeCoreBenchmark.exchangeCore", 600) + "]");

        final List<BaselineRatios.Ratio> ratios = BaselineRatios.of(RunData.read(List.of(json), 1.0));

        assertEquals(5, ratios.size(), ratios.toString());
        assertEquals("p50", ratios.get(0).statistic());
        assertEquals(2.0, ratios.get(0).ratio(), 0.01, "core 8 us over relay 4 us");
        assertTrue(ratios.get(0).what().contains("raw Aeron relay"));
        assertEquals(4.0, ratios.get(2).ratio(), 0.01, "core 8 us over echo 2 us");
        assertEquals("order book: Peregrine vs exchange-core", ratios.get(4).what());
        assertEquals(0.5, ratios.get(4).ratio(), 1e-9);
        assertEquals(300, ratios.get(4).peregrine(), 1e-9);
        assertEquals("ns/op", ratios.get(4).unit());
    }

    private static String sample(final String benchmark, final double micros)
    {
        return "{\"benchmark\": \"io.peregrine.bench.ipc." + benchmark + "\", \"mode\": \"sample\","
            + " \"params\": {\"idle\": \"backoff\"},"
            + " \"primaryMetric\": {\"score\": " + micros + ", \"scoreError\": 0.1, \"scoreUnit\": \"us/op\","
            + " \"scorePercentiles\": {\"50.0\": " + micros + "},"
            + " \"rawDataHistogram\": [[[[" + micros + ", 1000], [" + (micros * 10) + ", 5]]]]},"
            + " \"secondaryMetrics\": {}}";
    }

    private static String avgt(final String benchmark, final double nanos)
    {
        return "{\"benchmark\": \"io.peregrine.bench.book." + benchmark + "\", \"mode\": \"avgt\","
            + " \"primaryMetric\": {\"score\": " + nanos + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"ns/op\","
            + " \"rawData\": [[" + nanos + "]]}, \"secondaryMetrics\": {}}";
    }
}
