package io.peregrine.bench.book;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the benchmark's set-up (which replays one checked pass) and some operations for both books and both streams
 * without JMH, so a change that breaks it fails the build instead of the next measurement. Times nothing.
 */
@Timeout(120)
class BookVsExchangeCoreBenchmarkWiringTest
{
    @Test
    void bothBooksReplayBothStreams()
    {
        for (final String stream : new String[] { "deep", "shallow" })
        {
            final BookVsExchangeCoreBenchmark peregrine = benchmark(stream, "peregrine");
            final BookVsExchangeCoreBenchmark exchangeCore = benchmark(stream, "exchangeCore");
            long ours = 0;
            long theirs = 0;
            for (int i = 0; i < 50_000; i++)
            {
                ours = peregrine.peregrine();
                theirs = exchangeCore.exchangeCore();
            }
            assertTrue(ours > 50_000 && theirs > 0, ours + " / " + theirs);
            peregrine.tearDown();
            exchangeCore.tearDown();
        }
    }

    private static BookVsExchangeCoreBenchmark benchmark(final String stream, final String method)
    {
        final BookVsExchangeCoreBenchmark benchmark = new BookVsExchangeCoreBenchmark();
        benchmark.stream = stream;
        benchmark.commands = 20_000;
        benchmark.setUp(BookVsExchangeCoreBenchmark.class.getName() + "." + method);
        return benchmark;
    }
}
