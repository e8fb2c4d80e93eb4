package io.peregrine.core.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The clock the core journal's Chronicle Queue picks its cycle file by: the wall clock, but never behind the newest
 * cycle the journal holds nor behind any time it returned before.
 * <p>
 * <b>Why.</b> Chronicle names the file an append goes to from the current time. After it rolled to a new cycle (say
 * the next UTC day), a wall clock stepped back (NTP correction, a VM restored, an operator) names the previous cycle,
 * whose file is already closed by an end-of-file marker: every append then throws {@code WriteAfterEOFException},
 * the core refuses every order, and a restart fails the same way until the real date reaches the newest file's day.
 * Holding the cycle clock at the newest cycle keeps appending to the newest file, in order; the entries still carry
 * the core's own timestamps, so nothing the logic sees changes. A clock behind by more than
 * {@link #WARN_BEHIND_MS} is logged once per episode (WARN when it starts, INFO when the wall clock caught up).
 * <p>
 * Threads: any (the appending thread and tailers ask Chronicle for the current cycle); lock free, allocation free
 * except for the two log lines of an episode.
 */
final class JournalCycleClock implements TimeProvider
{
    /** How far the wall clock may be behind the journal before it is reported (below: a small NTP correction). */
    static final long WARN_BEHIND_MS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(JournalCycleClock.class);
    private static final VarHandle LAST;
    private static final VarHandle BEHIND;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            LAST = lookup.findVarHandle(JournalCycleClock.class, "lastMillis", long.class);
            BEHIND = lookup.findVarHandle(JournalCycleClock.class, "behind", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final TimeProvider wallClock;
    private final Path directory;
    @SuppressWarnings("unused") // through LAST
    private volatile long lastMillis;
    @SuppressWarnings("unused") // through BEHIND
    private volatile boolean behind;

    /**
     * @param wallClock the real clock (Chronicle's system clock, or a test's).
     * @param directory the journal directory, for the log lines.
     */
    JournalCycleClock(final TimeProvider wallClock, final Path directory)
    {
        this.wallClock = wallClock;
        this.directory = directory;
    }

    /**
     * Never returns less than {@code millis} from now on: called at open with the start of the journal's newest cycle,
     * so that a core restarted with its clock behind the newest file goes on appending to it.
     *
     * @param millis epoch milliseconds.
     */
    void notBefore(final long millis)
    {
        advanceTo(millis);
    }

    /**
     * @return the wall clock's epoch milliseconds, or the latest time returned (or set by {@link #notBefore}) if that
     *         is later.
     */
    @Override
    public long currentTimeMillis()
    {
        final long now = wallClock.currentTimeMillis();
        final long last = advanceTo(now);
        if (now >= last)
        {
            if ((boolean)BEHIND.getOpaque(this) && BEHIND.compareAndSet(this, true, false))
            {
                LOG.info("the wall clock caught up with the core journal in {}: its cycle files follow the wall " +
                    "clock again", directory.toAbsolutePath());
            }
            return now;
        }
        if (last - now > WARN_BEHIND_MS && !(boolean)BEHIND.getOpaque(this) && BEHIND.compareAndSet(this, false, true))
        {
            LOG.warn("the wall clock is {} s behind the core journal in {} (it was stepped back, or the journal was " +
                "written on a machine whose clock was ahead): the journal keeps appending to its newest cycle file " +
                "until the clock catches up; synchronise the clock (NTP)", (last - now) / 1000.0,
                directory.toAbsolutePath());
        }
        return last;
    }

    /**
     * @return the later of {@code millis} and the latest time returned, which it becomes.
     */
    private long advanceTo(final long millis)
    {
        long last = (long)LAST.getVolatile(this);
        while (millis > last)
        {
            if (LAST.compareAndSet(this, last, millis))
            {
                return millis;
            }
            last = (long)LAST.getVolatile(this);
        }
        return last;
    }
}
