package io.peregrine.bench.loop;

import io.peregrine.bench.load.IdleMode;
import picocli.CommandLine;
import quickfix.ConfigError;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The broker side of {@link FixLoopLatency}: one FIX 4.4 initiator session ({@code BROKER1} -> {@code PEREGRINE})
 * that runs phases ({@link PhaseSpec}) at fixed offered rates and times every order's reports. It runs either in the
 * measuring JVM ({@link SameJvmLoadClient}) or in a JVM of its own ({@link ChildJvmLoadClient}), so that its threads,
 * JIT and GC do not share the process (and safepoints) with the stack it measures, as a broker would not.
 * Threads: one caller at a time.
 */
interface LoadClient extends AutoCloseable
{
    /**
     * Runs a phase: the warm-up orders, sent and answered, then the measured ones.
     *
     * @param spec what to send.
     * @return what was measured, with the CPU per measured order.
     */
    PhaseResult run(PhaseSpec spec);

    /** Logs out and stops (and, for a child JVM, waits for it to end). */
    void close();

    /**
     * Starts a load client and waits for its logon.
     *
     * @param where         in this JVM or a child one.
     * @param port          the acceptor's port on 127.0.0.1.
     * @param storeDir      the session's FileStore folder.
     * @param runId         prefix of the run's ClOrdIDs.
     * @param idle          idle strategy of the sending thread.
     * @param timeoutMillis longest wait for the logon.
     * @return the logged-on client.
     * @throws ConfigError if QuickFIX/J refuses the settings (same JVM).
     */
    static LoadClient start(
        final Where where,
        final int port,
        final Path storeDir,
        final String runId,
        final IdleMode idle,
        final long timeoutMillis) throws ConfigError
    {
        return where == Where.CHILD_JVM ? ChildJvmLoadClient.start(port, storeDir, runId, idle, timeoutMillis) :
            SameJvmLoadClient.start(port, storeDir, runId, idle, timeoutMillis);
    }

    /** Where the load client runs. */
    enum Where
    {
        /** In the JVM of the stack it measures (its threads are one CPU group there). */
        SAME_JVM,
        /** In a JVM of its own, started with this JVM's options and class path. */
        CHILD_JVM;

        /** @return the command-line name: {@code same-jvm} or {@code child-jvm}. */
        String cliName()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Reads a {@link Where} by its command-line name, for picocli. */
        static final class Name implements CommandLine.ITypeConverter<Where>, Iterable<String>
        {
            @Override
            public Where convert(final String value)
            {
                for (final Where where : values())
                {
                    if (where.cliName().equals(value))
                    {
                        return where;
                    }
                }
                throw new CommandLine.TypeConversionException("--load-client must be same-jvm or child-jvm, got '" +
                    value + "'");
            }

            /** @return the valid names, for the usage text. */
            @Override
            public Iterator<String> iterator()
            {
                return List.of(SAME_JVM.cliName(), CHILD_JVM.cliName()).iterator();
            }
        }
    }
}
