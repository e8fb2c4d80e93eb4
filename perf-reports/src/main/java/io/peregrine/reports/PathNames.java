package io.peregrine.reports;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the path a histogram log measured, from its file name, so legends and tables say "FIX path" rather than
 * repeating the same tag once per file. The tools of latency-bench name their logs
 * {@code <tool>-<ISO time>-<path>[-<rate>].hlog}; the time is dropped so two runs of the same path get the same key.
 */
final class PathNames
{
    private static final Pattern STAMP = Pattern.compile("-?\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}(\\.\\d+)?Z");
    private static final Pattern RATE = Pattern.compile("(.*)-(\\d+)$");

    private PathNames()
    {
    }

    /**
     * @param fileName e.g. {@code fullloop-2026-12-06T02-00-00Z-fix.hlog}.
     * @return the file name without extension and time, e.g. {@code fullloop-fix}: equal across runs.
     */
    static String key(final String fileName)
    {
        final int dot = fileName.lastIndexOf('.');
        final String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        return STAMP.matcher(stem).replaceAll("");
    }

    /**
     * @param fileName a histogram log's file name.
     * @return the figure its curves go in: a path and its baseline share one (the FIX loop and the bare echo at the
     * same rate; the core-only run and the raw echo), each step-load series gets its own, any other file its own.
     */
    static String figureGroup(final String fileName)
    {
        final String key = key(fileName);
        final Matcher rated = RATE.matcher(key);
        if (rated.matches() && (rated.group(1).equals("fixloop-echo") || rated.group(1).equals("fixloop-loop")))
        {
            return "FIX round trip at " + rated.group(2) + "/s: full loop and bare QuickFIX/J echo";
        }
        if (rated.matches() && rated.group(1).startsWith("fixloop-step-"))
        {
            return "step load, " + rated.group(1).substring("fixloop-step-".length()) + ", every step";
        }
        if (key.equals("loadrun") || key.startsWith("rawecho"))
        {
            return "core only and raw Aeron IPC echo at a fixed rate";
        }
        if (key.startsWith("fullloop-"))
        {
            return "main job: FIX and IPC paths";
        }
        return describe(fileName);
    }

    /**
     * @param fileName a histogram log's file name.
     * @return what path it measured, for a reader: e.g. {@code FIX path (full loop)},
     * {@code bare QuickFIX/J echo at 1000/s}; the key itself for a file it does not know.
     */
    static String describe(final String fileName)
    {
        final String key = key(fileName);
        final Matcher rated = RATE.matcher(key);
        final String base = rated.matches() ? rated.group(1) : key;
        final String rate = rated.matches() ? " at " + rated.group(2) + "/s" : "";
        switch (base)
        {
            case "fullloop-fix": return "FIX path (broker -> gateway -> core -> venue)";
            case "fullloop-ipc": return "IPC path (Aeron client -> core -> venue)";
            case "loadrun": return "core only (IPC -> core -> auto-fill venue)";
            case "rawecho": return "raw Aeron IPC echo" + rate;
            case "fixloop-echo": return "bare QuickFIX/J echo" + rate;
            case "fixloop-loop": return "full FIX loop" + rate;
            case "fixloop-step-loop": return "full FIX loop, step" + rate;
            case "fixloop-step-gateway": return "gateway only, step" + rate;
            case "fixloop-steps-loop": return "full FIX loop, step load";
            case "fixloop-steps-gateway": return "broker -> gateway -> core only, step load";
            default: return key;
        }
    }
}
