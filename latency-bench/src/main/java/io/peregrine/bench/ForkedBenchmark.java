package io.peregrine.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The fork every Peregrine JMH benchmark runs in: one fork with the JVM flags Agrona and Chronicle need on Java 17
 * ({@link JvmFlags#ALL}, the root pom's {@code peregrine.jvm.flags}). Benchmarks extend it instead of repeating the
 * list: JMH reads {@code @Fork} from the superclass. A benchmark may still set its own {@code @Fork(value = n)} only
 * by repeating the flags.
 */
@Fork(value = 1, jvmArgsAppend = {
    JvmFlags.EXPORT_INTERNAL_MISC, JvmFlags.OPEN_LANG, JvmFlags.OPEN_LANG_REFLECT, JvmFlags.OPEN_IO,
    JvmFlags.OPEN_NIO, JvmFlags.OPEN_NIO_CH, JvmFlags.EXPORT_NIO_CH, JvmFlags.EXPORT_JAVAC_FILE,
    JvmFlags.EXPORT_INTERNAL_REF, JvmFlags.OPEN_JAVAC, JvmFlags.EXPORT_SUN_MISC, JvmFlags.CHRONICLE_NO_ANALYTICS,
    JvmFlags.CHRONICLE_NO_ANNOUNCER, JvmFlags.AERON_NO_PRE_TOUCH })
public abstract class ForkedBenchmark
{
}
