package io.peregrine.testsupport;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM for crash tests (SIGKILL at a random instant): the test JVM's own {@code java},
 * its {@code --add-*} and {@code -D} flags (so Agrona and Chronicle work and surefire's {@code java.io.tmpdir}
 * holds), a heap cap and the test classpath. The caller starts it with a {@link ProcessBuilder}, bounds every wait
 * on it and destroys it in its clean-up.
 */
public final class ChildJvm
{
    /**
     * JVM options for a child that lives a few seconds between starts and kills: the client compiler only and the
     * serial collector start it faster and keep C2 compiler threads and G1's set-up off the 2 cores the test JVM
     * shares with it (its work before the kill is too short for C2 code to pay).
     */
    public static final List<String> SHORT_LIVED_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private ChildJvm()
    {
    }

    /**
     * @param maxHeap   {@code -Xmx} value, e.g. {@code "256m"}, or null for the JVM's default.
     * @param mainClass the class whose {@code main} runs.
     * @param args      its arguments.
     * @return the command, ready for a {@link ProcessBuilder}.
     */
    public static List<String> command(final String maxHeap, final Class<?> mainClass, final String... args)
    {
        return command(maxHeap, List.of(), mainClass, args);
    }

    /**
     * @param maxHeap   {@code -Xmx} value, e.g. {@code "256m"}, or null for the JVM's default.
     * @param jvmArgs   more JVM options, after the heap cap (e.g. {@code -XX:+UseSerialGC}, {@code -Dkey=value}).
     * @param mainClass the class whose {@code main} runs.
     * @param args      its arguments.
     * @return the command, ready for a {@link ProcessBuilder}.
     */
    public static List<String> command(
        final String maxHeap, final List<String> jvmArgs, final Class<?> mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-D"))
            {
                command.add(argument);
            }
        }
        if (null != maxHeap)
        {
            command.add("-Xmx" + maxHeap);
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }
}
