package io.peregrine.gateway.broker;

import io.peregrine.core.journal.JournalNotReadableException;
import io.peregrine.core.journal.JournalReader;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader of the core journal's reports ({@link JournalReportDelivery}'s reading in order, or its reading of the
 * waiting sessions' reports), with its own fault state: a fault pauses this reader alone for {@link #FAULT_RETRY_NS},
 * said once per episode, and only this reader's entry is read again, and only if it was not handed to QuickFIX/J.
 * <p>
 * A fault is the memory map's (a full tmpfs, a file cut short: SIGBUS, which the JVM raises as an InternalError). The
 * reader raises one met in its own read as {@link JournalNotReadableException} and repositions itself after the entry
 * it returned last ({@link #readFault}). The JVM may also raise the InternalError later, after the read returned, at
 * any point of the thread ({@link #lateFault}): the fault is then this reader's, or another mapped file's touched
 * while its entry was delivered (the other reader's, the gateway's retired ClOrdIDs), which cannot be told apart.
 * <p>
 * Broker report agent's thread only. Allocates nothing but on a fault (its message).
 */
final class JournalCursor
{
    /** How long a reader waits after a fault before it reads again. */
    static final long FAULT_RETRY_NS = 1_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(JournalCursor.class);

    private final JournalReader reader;
    private final String reports;

    /**
     * @param reader  the journal reader, owned by the agent's thread.
     * @param reports what the reader delivers, for the log ("the reports read in order").
     */
    JournalCursor(final JournalReader reader, final String reports)
    {
        this.reader = reader;
        this.reports = reports;
    }

    /** Whether a fault paused this reader (said once per episode), and until when. */
    private boolean faulted;
    private long retryAtNs;
    /** Counts faults, or null until {@link #countFaultsIn}. */
    private AtomicCounter faults;

    /**
     * @param counter counts this reader's faults from now on.
     */
    void countFaultsIn(final AtomicCounter counter)
    {
        faults = counter;
    }

    JournalReader reader()
    {
        return reader;
    }

    /**
     * @param nowNs {@code System.nanoTime()}.
     * @return whether this reader waits after a fault: it must not be read now.
     */
    boolean paused(final long nowNs)
    {
        return faulted && nowNs - retryAtNs < 0;
    }

    /**
     * The reader's own read faulted: nothing was read, the reader reads the same entry again at the retry.
     *
     * @param fault what the reader raised.
     */
    void readFault(final JournalNotReadableException fault)
    {
        if (!faulted)
        {
            LOG.error("{}; {} wait (none lost) and are read again every second", fault.getMessage(), reports);
        }
        pause();
    }

    /**
     * The JVM raised a fault's InternalError after this reader returned the entry at {@code index}, while it was
     * delivered.
     *
     * @param ex         the JVM's error.
     * @param index      the journal index of the entry in hand.
     * @param handedOver whether that entry was handed to QuickFIX/J (stored: {@link BrokerReportDispatch#handedOver()})
     *                   or needs nothing more: it is then not read again (it would reach the broker twice under one
     *                   ExecID); else the reader reads it again at the retry.
     */
    void lateFault(final InternalError ex, final long index, final boolean handedOver)
    {
        if (!handedOver)
        {
            reader.faulted(ex); // repositions before the entry it returned last
        }
        if (!faulted)
        {
            LOG.error("a memory-mapped file faulted ({}) while core journal entry {} of {} was being delivered: a " +
                "full file system (tmpfs) or a file cut short, under the core journal or under the gateway data " +
                "directory (its retired ClOrdIDs are mapped files): free space there. {}; the reports wait (none " +
                "lost) and are read again every second", ex.getMessage(), Long.toHexString(index), reports,
                handedOver ? "That entry is not read again: its report, if any, was handed to QuickFIX/J (stored)" :
                "That entry is read again: its report was not handed to QuickFIX/J");
        }
        pause();
    }

    /**
     * A read of this reader went through: a fault episode, if any, is over.
     */
    void readOn()
    {
        if (faulted)
        {
            faulted = false;
            LOG.info("core journal readable again: {} are delivered on", reports);
        }
    }

    private void pause()
    {
        if (null != faults)
        {
            faults.incrementRelease();
        }
        faulted = true;
        retryAtNs = System.nanoTime() + FAULT_RETRY_NS;
    }
}
