package io.peregrine.bench.journal;

import io.peregrine.bench.DirectoryTree;
import io.peregrine.bench.ForkedBenchmark;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One core journal append ({@link CoreJournal#append}) of a message the size of the core's messages (a NewOrder is
 * 70 bytes, an ExecutionReport ~200 with no text), from an off-heap buffer as Aeron hands them over: the journal's
 * own cost per entry on the core thread, without the round trip around it. A round trip journals 4 entries.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CoreJournalAppendBenchmark extends ForkedBenchmark
{
    /** Payload bytes per entry. */
    @Param({ "70", "200" })
    public int length;

    private final UnsafeBuffer message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(4096, 64));
    private Path directory;
    private CoreJournal journal;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        directory = Files.createTempDirectory("peregrine-append-bench");
        journal = CoreJournal.open(directory, 0);
        for (int i = 0; i < length; i++)
        {
            message.putByte(i, (byte)i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        journal.close();
        DirectoryTree.delete(directory);
    }

    @Benchmark
    public boolean append()
    {
        return journal.append(JournalEntry.INGRESS, 1L, 7, message, 0, length);
    }
}
