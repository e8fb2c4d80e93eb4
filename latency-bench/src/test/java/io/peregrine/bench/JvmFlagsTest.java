package io.peregrine.bench;

import io.peregrine.bench.codec.SbeCodecBenchmark;
import io.peregrine.bench.ipc.IpcRoundTripBenchmark;
import io.peregrine.bench.pipeline.CorePipelineBenchmark;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmFlagsTest
{
    private static final List<Class<?>> BENCHMARKS =
        List.of(SbeCodecBenchmark.class, CorePipelineBenchmark.class, IpcRoundTripBenchmark.class);

    @Test
    void matchesTheRootPomProperty() throws Exception
    {
        final Path rootPom = Paths.get("..", "pom.xml");
        assertTrue(Files.exists(rootPom), "run from the module folder, as surefire does");
        final Matcher matcher = Pattern
            .compile("<peregrine\\.jvm\\.flags>(.*?)</peregrine\\.jvm\\.flags>", Pattern.DOTALL)
            .matcher(Files.readString(rootPom));
        assertTrue(matcher.find(), "root pom defines peregrine.jvm.flags");

        assertEquals(Arrays.asList(matcher.group(1).trim().split("\\s+")), JvmFlags.ALL);
    }

    @Test
    void everyBenchmarkForksWithAllTheFlags()
    {
        for (final Class<?> benchmark : BENCHMARKS)
        {
            final Fork fork = benchmark.getAnnotation(Fork.class);
            assertNotNull(fork, benchmark + " has @Fork");
            assertEquals(JvmFlags.ALL, List.of(fork.jvmArgsAppend()), benchmark.getName());
        }
    }
}
