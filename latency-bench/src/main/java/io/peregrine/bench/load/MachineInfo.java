package io.peregrine.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Describes the machine a run happened on, so every printed number says where it came from.
 */
public final class MachineInfo
{
    private MachineInfo()
    {
    }

    /** @return e.g. {@code 2 cores, AMD EPYC 7B13, Linux 6.1 amd64}. */
    public static String describe()
    {
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + ", " +
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
            System.getProperty("os.arch");
    }

    /** @return e.g. {@code OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1}. */
    public static String jdk()
    {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    /** @return the first {@code model name} of {@code /proc/cpuinfo}, or {@code unknown CPU}. */
    public static String cpuModel()
    {
        final Path cpuinfo = Paths.get("/proc/cpuinfo");
        try
        {
            final List<String> lines = Files.readAllLines(cpuinfo);
            for (final String line : lines)
            {
                if (line.startsWith("model name"))
                {
                    final int colon = line.indexOf(':');
                    return colon < 0 ? line : line.substring(colon + 1).trim();
                }
            }
        }
        catch (final IOException | SecurityException ex)
        {
            // not Linux, or not readable: say so below
        }
        return "unknown CPU";
    }

    /** @return the 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or {@code unknown}. */
    public static String loadAverage()
    {
        try
        {
            final String[] parts = Files.readString(Paths.get("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown";
        }
    }
}
