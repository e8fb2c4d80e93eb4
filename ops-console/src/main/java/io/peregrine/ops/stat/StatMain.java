package io.peregrine.ops.stat;

import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.peregrine.ops.metrics.CounterReading;
import io.peregrine.ops.metrics.CounterScan;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.PrintStream;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code run.sh stat [--aeron-dir D] [--watch N]}: prints every Peregrine counter of a running process from its
 * media driver's CnC file (another process: nothing is attached to the stack), with rates per second. Without
 * {@code --watch} it samples twice, one second apart, and exits; with {@code --watch N} it prints every N seconds
 * until Ctrl-C. Main thread only.
 */
public final class StatMain
{
    static final String USAGE = "usage: run.sh stat [--aeron-dir <dir>] [--watch <seconds>]\n" +
        "  --aeron-dir <dir>   the media driver directory of the running process (default: -Dperegrine.aeron.dir,\n" +
        "                      else Aeron's default " + CommonContext.getAeronDirectoryName() + ")\n" +
        "  --watch <seconds>   print again every <seconds> until Ctrl-C (default: print once, rates over 1 s)";

    private StatMain()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args see {@link #USAGE}.
     * @param out  where the table goes.
     * @param err  where errors go.
     * @return the exit code: 0, 1 when no running driver, 2 on bad arguments.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
        throws InterruptedException
    {
        String dir = System.getProperty("peregrine.aeron.dir", CommonContext.getAeronDirectoryName());
        long watchSeconds = 0;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--aeron-dir":
                    if (++i >= args.length)
                    {
                        return usage(err, "--aeron-dir needs a directory");
                    }
                    dir = args[i];
                    break;
                case "--watch":
                    if (++i >= args.length)
                    {
                        return usage(err, "--watch needs a number of seconds");
                    }
                    try
                    {
                        watchSeconds = Long.parseLong(args[i]);
                    }
                    catch (final NumberFormatException ex)
                    {
                        watchSeconds = -1;
                    }
                    if (watchSeconds <= 0)
                    {
                        return usage(err, "--watch needs a positive whole number of seconds, got '" + args[i] + "'");
                    }
                    break;
                case "--help":
                case "-h":
                    out.println(USAGE);
                    return 0;
                default:
                    return usage(err, "unknown argument '" + args[i] + "'");
            }
        }

        final File cncFile = new File(dir, CncFileDescriptor.CNC_FILE);
        if (!cncFile.exists())
        {
            err.println("stat: no media driver in " + dir + " (no " + CncFileDescriptor.CNC_FILE + "): start " +
                "'run.sh stack' or 'run.sh gateway' first, or pass --aeron-dir with the peregrine.aeron.dir of the " +
                "running process");
            return 1;
        }
        final String stale = "stat: the media driver of " + dir + " is not running (its " +
            CncFileDescriptor.CNC_FILE + " is stale: the process stopped or was killed); start the stack again, or " +
            "delete " + dir;
        if (!CommonContext.isDriverActive(new File(dir), 5_000, (message) -> { }))
        {
            err.println(stale);
            return 1;
        }
        final MappedByteBuffer cnc = IoUtil.mapExistingFile(cncFile, CncFileDescriptor.CNC_FILE);
        try
        {
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(cnc);
            CncFileDescriptor.checkVersion(metaData.getInt(CncFileDescriptor.cncVersionOffset(0)));
            // The heartbeat check above lets a killed driver pass for up to its timeout: its pid says it at once
            // (the directory is a local one, as the driver's process is).
            if (!ProcessHandle.of(CncFileDescriptor.pid(metaData)).map(ProcessHandle::isAlive).orElse(false))
            {
                err.println(stale);
                return 1;
            }
            final CountersReader reader = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(cnc, metaData),
                CncFileDescriptor.createCountersValuesBuffer(cnc, metaData), StandardCharsets.US_ASCII);
            final CounterScan scan = new CounterScan(List.of(reader));
            final long pid = CncFileDescriptor.pid(metaData);
            List<CounterReading> previous = scan.read();
            long previousNanos = System.nanoTime();
            final long intervalMs = watchSeconds > 0 ? watchSeconds * 1000 : 1000;
            do
            {
                Thread.sleep(intervalMs);
                final List<CounterReading> now = scan.read();
                final long nowNanos = System.nanoTime();
                print(out, dir, pid, previous, now, (nowNanos - previousNanos) / 1e9);
                previous = now;
                previousNanos = nowNanos;
            }
            while (watchSeconds > 0);
            return 0;
        }
        finally
        {
            IoUtil.unmap(cnc);
        }
    }

    private static void print(
        final PrintStream out,
        final String dir,
        final long pid,
        final List<CounterReading> before,
        final List<CounterReading> now,
        final double seconds)
    {
        final Map<String, Long> previous = new HashMap<>();
        for (final CounterReading reading : before)
        {
            previous.merge(reading.seriesId() + "|" + reading.label(), reading.value(), Long::sum);
        }
        out.printf(Locale.ROOT, "%s  Peregrine counters of driver pid %d in %s (%d counters, rates over %.1f s)%n",
            LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), pid, dir, now.size(), seconds);
        out.printf(Locale.ROOT, "%6s  %-58s %16s %12s%n", "type", "label", "value", "per second");
        for (final CounterReading reading : now)
        {
            final Long old = previous.get(reading.seriesId() + "|" + reading.label());
            final String rate = reading.entry().gauge() || null == old ? "" :
                String.format(Locale.ROOT, "%.1f", (reading.value() - old) / seconds);
            out.printf(Locale.ROOT, "%6d  %-58s %16d %12s%n", reading.entry().typeId(), reading.label(),
                reading.value(), rate);
        }
        out.flush();
    }

    private static int usage(final PrintStream err, final String problem)
    {
        err.println("stat: " + problem);
        err.println(USAGE);
        return 2;
    }
}
