package io.peregrine.bench;

import java.util.List;

/**
 * The JVM flags every Peregrine JVM needs on Java 17, as compile-time constants so JMH's
 * {@code @Fork(jvmArgsAppend = ...)} can use them. They mirror the root pom property {@code peregrine.jvm.flags}
 * one for one (a test fails if the two drift apart).
 * <p>
 * JMH passes every array element as one command-line argument, so each flag is its own constant; benchmarks list
 * them all in the same order as {@link #ALL}.
 */
public final class JvmFlags
{
    /** Agrona 2.x reaches into {@code jdk.internal.misc.Unsafe}. */
    public static final String EXPORT_INTERNAL_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Chronicle Map. */
    public static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    /** Chronicle Map. */
    public static final String OPEN_LANG_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    /** Chronicle Map. */
    public static final String OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    /** Chronicle Map. */
    public static final String OPEN_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    /** Chronicle Map. */
    public static final String OPEN_NIO_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Chronicle Map. */
    public static final String EXPORT_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Chronicle Map compiles its value classes at run time. */
    public static final String EXPORT_JAVAC_FILE = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    /** Silences Chronicle's cleaner warning. */
    public static final String EXPORT_INTERNAL_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    /** Chronicle Map compiles its value classes at run time. */
    public static final String OPEN_JAVAC = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    /** Chronicle and Aeron use {@code sun.misc.Unsafe}. */
    public static final String EXPORT_SUN_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    /** No phoning home from Chronicle. */
    public static final String CHRONICLE_NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    /** No banner from Chronicle. */
    public static final String CHRONICLE_NO_ANNOUNCER = "-Dchronicle.announcer.disable=true";
    /** No Chronicle disk space monitor: Peregrine checks its own free space, and the monitor logged "disk almost
     * full, the JVM may crash" ERRORs on healthy small file systems. */
    public static final String CHRONICLE_NO_DISK_MONITOR = "-Dchronicle.disk.monitor.disable=true";
    /** Term buffers are not pre-touched: start-up stays quick and memory small on shared machines. */
    public static final String AERON_NO_PRE_TOUCH = "-Daeron.pre.touch.mapped.memory=false";

    /** Every flag, in the order of the root pom property {@code peregrine.jvm.flags}. */
    public static final List<String> ALL = List.of(
        EXPORT_INTERNAL_MISC,
        OPEN_LANG,
        OPEN_LANG_REFLECT,
        OPEN_IO,
        OPEN_NIO,
        OPEN_NIO_CH,
        EXPORT_NIO_CH,
        EXPORT_JAVAC_FILE,
        EXPORT_INTERNAL_REF,
        OPEN_JAVAC,
        EXPORT_SUN_MISC,
        CHRONICLE_NO_ANALYTICS,
        CHRONICLE_NO_ANNOUNCER,
        CHRONICLE_NO_DISK_MONITOR,
        AERON_NO_PRE_TOUCH);

    private JvmFlags()
    {
    }
}
