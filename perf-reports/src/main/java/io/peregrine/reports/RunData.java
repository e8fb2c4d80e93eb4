package io.peregrine.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything read from one run: histogram logs, JMH results, step loads and the machine description.
 *
 * @param name       what to call the run (its folder, or the first input).
 * @param histograms one series per tag of each {@code .hlog}.
 * @param jmh        every JMH result.
 * @param steps      every step-load CSV.
 * @param machine    the machine description, or null when the inputs had none.
 */
record RunData(
    String name,
    List<LatencySeries> histograms,
    List<JmhResult> jmh,
    List<StepLoadCurve> steps,
    MachineDescription machine)
{
    /**
     * @param inputs        files ({@code .hlog}, {@code .json}, {@code *steps*.csv}, {@code machine.json}) or folders
     *                      (every such file directly inside).
     * @param nanosPerValue nanoseconds per recorded unit of the histogram logs.
     * @return what they hold.
     * @throws IOException if an input does not exist or cannot be read.
     * @throws IllegalArgumentException if a file is not what its name says.
     */
    static RunData read(final List<Path> inputs, final double nanosPerValue) throws IOException
    {
        final List<LatencySeries> histograms = new ArrayList<>();
        final List<JmhResult> jmh = new ArrayList<>();
        final List<StepLoadCurve> steps = new ArrayList<>();
        MachineDescription machine = null;
        for (final Path input : expand(inputs))
        {
            final String name = input.getFileName().toString();
            if (name.endsWith(".hlog"))
            {
                histograms.addAll(HistogramLogSummary.read(input, nanosPerValue));
            }
            else if (name.equals(MachineDescription.FILE_NAME))
            {
                machine = MachineDescription.read(input);
            }
            else if (name.endsWith(".json"))
            {
                jmh.addAll(JmhResult.read(input));
            }
            else if (name.endsWith(".csv"))
            {
                steps.add(StepLoadCurve.read(input));
            }
            else
            {
                throw new IllegalArgumentException(input + ": expected a .hlog, JMH .json or step-load .csv file");
            }
        }
        final Path first = inputs.get(0).toAbsolutePath().normalize();
        final String runName = null == first.getFileName() ? first.toString() : first.getFileName().toString();
        return new RunData(runName, histograms, jmh, steps, machine);
    }

    /**
     * One folder may hold one run (result files directly inside) or several repeated runs (one sub-folder each,
     * e.g. {@code run-a/}, {@code run-b/}): the comparison uses the spread between repeats as noise.
     *
     * @param dir           a run folder, or a folder of run folders.
     * @param nanosPerValue nanoseconds per recorded unit of the histogram logs.
     * @return the runs found, at least one.
     * @throws IOException if the folder cannot be read.
     * @throws IllegalArgumentException if it holds no results at all.
     */
    static List<RunData> readRuns(final Path dir, final double nanosPerValue) throws IOException
    {
        if (!Files.isDirectory(dir))
        {
            throw new IOException(dir + ": no such directory");
        }
        if (!inputsIn(dir).isEmpty())
        {
            return List.of(read(List.of(dir), nanosPerValue));
        }
        final List<RunData> runs = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir))
        {
            for (final Path child : children.filter(Files::isDirectory).sorted().toList())
            {
                if (!inputsIn(child).isEmpty())
                {
                    runs.add(read(List.of(child), nanosPerValue));
                }
            }
        }
        if (runs.isEmpty())
        {
            throw new IllegalArgumentException(dir + ": no .hlog, JMH .json or step-load .csv files in it or in its "
                + "sub-folders");
        }
        return runs;
    }

    private static List<Path> expand(final List<Path> inputs) throws IOException
    {
        final List<Path> files = new ArrayList<>();
        for (final Path input : inputs)
        {
            if (Files.isDirectory(input))
            {
                files.addAll(inputsIn(input));
            }
            else if (Files.isRegularFile(input))
            {
                files.add(input);
            }
            else
            {
                throw new IOException(input + ": no such file or directory");
            }
        }
        return files;
    }

    private static List<Path> inputsIn(final Path dir) throws IOException
    {
        try (Stream<Path> children = Files.list(dir))
        {
            return children
                .filter(Files::isRegularFile)
                .filter(p ->
                {
                    final String name = p.getFileName().toString();
                    return name.endsWith(".hlog") || name.endsWith(".json") ||
                        (name.endsWith(".csv") && name.contains("steps"));
                })
                .sorted()
                .toList();
        }
    }
}
