package io.peregrine.bench.loop;

import io.peregrine.bench.load.IdleMode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The main class of a {@link ChildJvmLoadClient}'s JVM: a {@link SameJvmLoadClient} driven over standard input and
 * output, one line each way per step. Arguments: {@code <port> <store dir> <run id> <idle> <logon timeout ms>}. It
 * logs on to 127.0.0.1:{@code port} and prints {@code peregrine-load ready}; then, for each {@code phase <PhaseSpec line>} read,
 * it prints {@code peregrine-load measuring} before the first measured order, {@code peregrine-load measured} after
 * the last measured report, and {@code peregrine-load done <PhaseResult line>}. {@code quit}, or the end of its
 * input (the parent ended), logs out and exits 0; any failure prints {@code peregrine-load failed <why>} and exits 1.
 * QuickFIX/J's own log goes to standard error. Edge code: allocates.
 */
final class BrokerLoadProcess
{
    /** Prefix of every line of the protocol on the child's standard output. */
    static final String PREFIX = "peregrine-load ";
    /** The parent's command to run a phase: {@code phase <PhaseSpec line>}. */
    static final String PHASE = "phase ";
    /** The parent's command to log out and end. */
    static final String QUIT = "quit";

    /**
     * What the child says, one line each ({@link #PREFIX}, the word, and for {@link #DONE} and {@link #FAILED} a
     * space and the text).
     */
    enum Said
    {
        /** Logged on, waiting for commands. */
        READY,
        /** The first measured order is due. */
        MEASURING,
        /** The last measured order is answered (or the drain gave up). */
        MEASURED,
        /** The phase's {@link PhaseResult} line follows. */
        DONE,
        /** Why the child gave up follows; it ends. */
        FAILED;

        /** @return the line, e.g. {@code peregrine-load done <text>}. */
        String line(final String text)
        {
            return PREFIX + name().toLowerCase(Locale.ROOT) + (text.isEmpty() ? "" : " " + text);
        }

        /**
         * @param line a line of the child's output, without {@link #PREFIX}.
         * @return what it says, or null if it is not one of these.
         */
        static Said of(final String line)
        {
            final int space = line.indexOf(' ');
            final String word = space < 0 ? line : line.substring(0, space);
            for (final Said said : values())
            {
                if (said.name().toLowerCase(Locale.ROOT).equals(word))
                {
                    return said;
                }
            }
            return null;
        }

        /** @return the text after the word of a line that says this, "" without one. */
        static String textOf(final String line)
        {
            final int space = line.indexOf(' ');
            return space < 0 ? "" : line.substring(space + 1);
        }
    }

    private BrokerLoadProcess()
    {
    }

    /**
     * @param args {@code <port> <store dir> <run id> <idle strategy> <logon timeout ms>}.
     */
    public static void main(final String[] args)
    {
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length != 5)
        {
            out.println(Said.FAILED.line("usage: BrokerLoadProcess <port> <store dir> <run id> <idle strategy> " +
                "<logon timeout ms>"));
            System.exit(2);
            return;
        }
        System.exit(run(args, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out));
    }

    private static int run(final String[] args, final BufferedReader in, final PrintStream out)
    {
        try (SameJvmLoadClient client = SameJvmLoadClient.start(Integer.parseInt(args[0]), Paths.get(args[1]),
            args[2], IdleMode.fromCliName(args[3]), Long.parseLong(args[4])))
        {
            out.println(Said.READY.line(""));
            for (String line = in.readLine(); null != line && !QUIT.equals(line); line = in.readLine())
            {
                if (!line.startsWith(PHASE))
                {
                    throw new IllegalArgumentException("expected '" + PHASE + "<spec>' or '" + QUIT + "', got: " + line);
                }
                final PhaseResult result = client.run(PhaseSpec.decode(line.substring(PHASE.length())),
                    () -> out.println(Said.MEASURING.line("")), () -> out.println(Said.MEASURED.line("")));
                out.println(Said.DONE.line(result.encode()));
            }
            return 0;
        }
        catch (final Exception ex)
        {
            out.println(Said.FAILED.line(String.valueOf(ex).replace('\n', ' ')));
            ex.printStackTrace();
            return 1;
        }
    }
}
