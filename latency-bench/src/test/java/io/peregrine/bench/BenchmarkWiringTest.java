package io.peregrine.bench;

import io.peregrine.bench.codec.SbeCodecBenchmark;
import io.peregrine.bench.ipc.IpcRoundTripBenchmark;
import io.peregrine.bench.pipeline.CorePipelineBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.infra.Blackhole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs each benchmark's set-up, a few operations and tear-down without JMH, so a change in the core that breaks a
 * benchmark fails the build instead of the next measurement. Times nothing.
 */
class BenchmarkWiringTest
{
    private static final Blackhole BLACKHOLE = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    @Timeout(30)
    void codecBenchmarkEncodesWhatItDecodes()
    {
        final SbeCodecBenchmark benchmark = new SbeCodecBenchmark();
        benchmark.setUp();

        assertTrue(benchmark.encodeNewOrder() > 8);
        assertTrue(benchmark.encodeExecutionReport() > benchmark.encodeNewOrder());
        benchmark.decodeNewOrder(BLACKHOLE);
        benchmark.decodeExecutionReport(BLACKHOLE);
    }

    @Test
    @Timeout(60)
    void corePipelineRunsOrdersThroughTheRealAgent()
    {
        final CorePipelineBenchmark benchmark = new CorePipelineBenchmark();
        benchmark.setUp();
        try
        {
            benchmark.startIteration();
            long lastOrderId = 0;
            for (int i = 0; i < 100; i++)
            {
                final long orderId = benchmark.orderLifecycle();
                assertTrue(orderId > lastOrderId, "the core assigns increasing order ids");
                lastOrderId = orderId;
                benchmark.riskReject();
                benchmark.harnessOnly();
            }
            benchmark.endIteration();
        }
        finally
        {
            benchmark.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dedicated", "shared" })
    @Timeout(60)
    void ipcRoundTripsReachTheCoreTheEchoAndTheRelay(final String threading) throws Exception
    {
        final IpcRoundTripBenchmark benchmark = new IpcRoundTripBenchmark();
        benchmark.idle = "backoff";
        benchmark.threading = threading;
        benchmark.setUp();
        try
        {
            for (int i = 1; i <= 50; i++)
            {
                benchmark.coreRoundTrip();
                benchmark.cancelMeasuredOrder();
                assertEquals(2L * i - 1, benchmark.rawEchoRoundTrip());
                assertEquals(2L * i, benchmark.rawRelayRoundTrip());
            }
        }
        finally
        {
            benchmark.tearDown();
        }
    }
}
