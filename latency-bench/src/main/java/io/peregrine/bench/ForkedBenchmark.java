package io.peregrine.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fork every Peregrine JMH benchmark runs in: one fork with the JVM flags Agrona and Chronicle need on Java 17
 * ({@link JvmFlags#ALL}, the root pom's {@code peregrine.jvm.flags}), and the default iterations: 3 warm-up and 5
 * measured, 1 s each. Benchmarks extend it instead of repeating them: JMH reads {@code @Fork}, {@code @Warmup} and
 * {@code @Measurement} from the superclass, and a benchmark's own {@code @Warmup} or {@code @Measurement} replaces the
 * one here (longer iterations where one operation takes longer). A benchmark may still set its own
 * {@code @Fork(value = n)} only by repeating the flags.
 */
@Fork(value = 1, jvmArgsAppend = {
    JvmFlags.EXPORT_INTERNAL_MISC, JvmFlags.OPEN_LANG, JvmFlags.OPEN_LANG_REFLECT, JvmFlags.OPEN_IO,
    JvmFlags.OPEN_NIO, JvmFlags.OPEN_NIO_CH, JvmFlags.EXPORT_NIO_CH, JvmFlags.EXPORT_JAVAC_FILE,
    JvmFlags.EXPORT_INTERNAL_REF, JvmFlags.OPEN_JAVAC, JvmFlags.EXPORT_SUN_MISC, JvmFlags.CHRONICLE_NO_ANALYTICS,
    JvmFlags.CHRONICLE_NO_ANNOUNCER, JvmFlags.CHRONICLE_NO_DISK_MONITOR, JvmFlags.AERON_NO_PRE_TOUCH })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ForkedBenchmark
{
}
