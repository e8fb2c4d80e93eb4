package io.peregrine.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line must be a HELP or TYPE
 * comment or a sample; metric and label names must match the format's grammar; label values must be properly
 * escaped; values must be floats (or NaN/+Inf/-Inf); TYPE must come before the family's samples and at most once;
 * sample names must belong to their family with the suffixes its type allows (_total for counters; _sum, _count
 * and quantile labels for summaries; _bucket with le for histograms); no series may appear twice. The Java client
 * 1.x has no text parser, so this is the equivalent strict check the issue asks for.
 */
final class PrometheusText
{
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern SAMPLE = Pattern.compile(
        "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? ([^ ]+)( -?[0-9]+)?");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "summary", "histogram", "untyped");

    /** One sample. */
    record Sample(String name, Map<String, String> labels, double value)
    {
    }

    final Map<String, String> types = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static PrometheusText parse(final String text)
    {
        final PrometheusText parsed = new PrometheusText();
        final Set<String> seriesSeen = new HashSet<>();
        final Map<String, String> help = new HashMap<>();
        int lineNumber = 0;
        if (!text.endsWith("\n"))
        {
            throw new AssertionError("exposition must end with a newline");
        }
        for (final String line : text.split("\n", -1))
        {
            lineNumber++;
            if (line.isEmpty())
            {
                continue;
            }
            final String where = "line " + lineNumber + " '" + line + "': ";
            if (line.startsWith("# HELP "))
            {
                final String[] parts = line.substring(7).split(" ", 2);
                name(parts[0], where);
                if (null != help.put(parts[0], parts.length > 1 ? parts[1] : ""))
                {
                    throw new AssertionError(where + "second HELP for " + parts[0]);
                }
            }
            else if (line.startsWith("# TYPE "))
            {
                final String[] parts = line.substring(7).split(" ");
                if (parts.length != 2 || !TYPES.contains(parts[1]))
                {
                    throw new AssertionError(where + "bad TYPE line");
                }
                name(parts[0], where);
                if (null != parsed.types.put(parts[0], parts[1]))
                {
                    throw new AssertionError(where + "second TYPE for " + parts[0]);
                }
                for (final Sample sample : parsed.samples)
                {
                    if (family(sample.name(), parts[0], parts[1]))
                    {
                        throw new AssertionError(where + "TYPE after samples of " + parts[0]);
                    }
                }
            }
            else if (line.startsWith("#"))
            {
                continue;
            }
            else
            {
                final Matcher m = SAMPLE.matcher(line);
                if (!m.matches())
                {
                    throw new AssertionError(where + "not a sample line");
                }
                final Map<String, String> labels = null == m.group(3) ? Map.of() : labels(m.group(3), where);
                final double value = value(m.group(4), where);
                final Sample sample = new Sample(m.group(1), labels, value);
                checkFamily(parsed.types, sample, where);
                if (!seriesSeen.add(sample.name() + new java.util.TreeMap<>(labels)))
                {
                    throw new AssertionError(where + "duplicate series");
                }
                parsed.samples.add(sample);
            }
        }
        return parsed;
    }

    private static void checkFamily(final Map<String, String> types, final Sample sample, final String where)
    {
        for (final Map.Entry<String, String> type : types.entrySet())
        {
            if (family(sample.name(), type.getKey(), type.getValue()))
            {
                final String suffix = sample.name().substring(type.getKey().length());
                switch (type.getValue())
                {
                    case "counter":
                        if (!"_total".equals(suffix) && !"_created".equals(suffix) &&
                            !(suffix.isEmpty() && type.getKey().endsWith("_total")))
                        {
                            throw new AssertionError(where + "counter sample must end _total");
                        }
                        if (sample.value() < 0)
                        {
                            throw new AssertionError(where + "negative counter");
                        }
                        return;
                    case "summary":
                        if (suffix.isEmpty() && !sample.labels().containsKey("quantile"))
                        {
                            throw new AssertionError(where + "summary sample without quantile label");
                        }
                        return;
                    case "histogram":
                        if ("_bucket".equals(suffix) && !sample.labels().containsKey("le"))
                        {
                            throw new AssertionError(where + "histogram bucket without le");
                        }
                        return;
                    default:
                        return;
                }
            }
        }
        throw new AssertionError(where + "sample without a TYPE");
    }

    private static boolean family(final String sampleName, final String familyName, final String type)
    {
        if (sampleName.equals(familyName))
        {
            // Client 1.x names the counter family with its _total in TYPE/HELP: then the sample has the same name.
            return !"counter".equals(type) || familyName.endsWith("_total");
        }
        if (!sampleName.startsWith(familyName))
        {
            return false;
        }
        final String suffix = sampleName.substring(familyName.length());
        switch (type)
        {
            case "counter": return "_total".equals(suffix) || "_created".equals(suffix);
            case "summary": return "_sum".equals(suffix) || "_count".equals(suffix) || "_created".equals(suffix);
            case "histogram": return "_bucket".equals(suffix) || "_sum".equals(suffix) || "_count".equals(suffix) ||
                "_created".equals(suffix);
            default: return false;
        }
    }

    private static void name(final String name, final String where)
    {
        if (!NAME.matcher(name).matches())
        {
            throw new AssertionError(where + "bad metric name '" + name + "'");
        }
    }

    private static Map<String, String> labels(final String text, final String where)
    {
        final Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length())
        {
            final int eq = text.indexOf('=', i);
            if (eq < 0)
            {
                throw new AssertionError(where + "label without '='");
            }
            final String name = text.substring(i, eq);
            if (!LABEL_NAME.matcher(name).matches())
            {
                throw new AssertionError(where + "bad label name '" + name + "'");
            }
            if (eq + 1 >= text.length() || text.charAt(eq + 1) != '"')
            {
                throw new AssertionError(where + "label value not quoted");
            }
            final StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (true)
            {
                if (j >= text.length())
                {
                    throw new AssertionError(where + "unterminated label value");
                }
                final char c = text.charAt(j);
                if (c == '\\')
                {
                    final char e = j + 1 < text.length() ? text.charAt(j + 1) : ' ';
                    if (e != '\\' && e != '"' && e != 'n')
                    {
                        throw new AssertionError(where + "bad escape in label value");
                    }
                    value.append(e == 'n' ? '\n' : e);
                    j += 2;
                    continue;
                }
                if (c == '"')
                {
                    break;
                }
                if (c == '\n')
                {
                    throw new AssertionError(where + "raw newline in label value");
                }
                value.append(c);
                j++;
            }
            if (null != labels.put(name, value.toString()))
            {
                throw new AssertionError(where + "label '" + name + "' twice");
            }
            i = j + 1;
            if (i < text.length())
            {
                if (text.charAt(i) != ',')
                {
                    throw new AssertionError(where + "expected ',' between labels");
                }
                i++;
            }
        }
        return labels;
    }

    private static double value(final String text, final String where)
    {
        switch (text)
        {
            case "NaN": return Double.NaN;
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            default:
                try
                {
                    return Double.parseDouble(text);
                }
                catch (final NumberFormatException ex)
                {
                    throw new AssertionError(where + "bad value '" + text + "'");
                }
        }
    }

    /** @return the value of the one sample with this name and these labels (subset match), or NaN if none. */
    double value(final String name, final String... labelPairs)
    {
        for (final Sample sample : samples)
        {
            if (sample.name().equals(name) && matches(sample, labelPairs))
            {
                return sample.value();
            }
        }
        return Double.NaN;
    }

    /** @return the sum over samples with this name. */
    double sum(final String name)
    {
        return samples.stream().filter((s) -> s.name().equals(name)).mapToDouble(Sample::value).sum();
    }

    /** @return every sample name. */
    Set<String> names()
    {
        final Set<String> names = new HashSet<>();
        samples.forEach((s) -> names.add(s.name()));
        return names;
    }

    private static boolean matches(final Sample sample, final String... labelPairs)
    {
        for (int i = 0; i < labelPairs.length; i += 2)
        {
            if (!labelPairs[i + 1].equals(sample.labels().get(labelPairs[i])))
            {
                return false;
            }
        }
        return true;
    }
}
