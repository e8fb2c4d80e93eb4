package io.peregrine.gateway.broker;

import quickfix.MemoryStore;
import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.SessionID;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * In-memory stores for a test session ({@link UnconnectedSessions}) whose writes meet trouble when a test asks: a full
 * disk (the message's write fails, an IOException QuickFIX/J logs), or a fault of a mapped file, raised as the JVM
 * raises it, an InternalError at a later point than the access: here in QuickFIX/J's send, when the store is given the
 * message or once it has stored it.
 *
 * @param full               whether writes fail now.
 * @param faultBeforeStoring whether a fault is raised when the store is given a message (not stored).
 * @param faultAfterStoring  whether a fault is raised once the store took a message.
 * @param faults             the faults still to raise, shared by the stores that raise them.
 */
record FaultingStores(
    BooleanSupplier full, BooleanSupplier faultBeforeStoring, BooleanSupplier faultAfterStoring, AtomicInteger faults)
    implements MessageStoreFactory
{
    public MessageStore create(final SessionID sessionId)
    {
        try
        {
            return new MemoryStore()
            {
                public boolean set(final int sequence, final String message) throws IOException
                {
                    if (full.getAsBoolean())
                    {
                        throw new IOException("No space left on device");
                    }
                    if (faultBeforeStoring.getAsBoolean())
                    {
                        fault();
                    }
                    return super.set(sequence, message);
                }

                public void incrNextSenderMsgSeqNum() throws IOException
                {
                    super.incrNextSenderMsgSeqNum();
                    if (faultAfterStoring.getAsBoolean())
                    {
                        fault();
                    }
                }
            };
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Runs the agent's duty cycles through a fault and past its pause ({@link JournalCursor#FAULT_RETRY_NS}, twice,
     * and half a second): a report to be read again has been by then.
     *
     * @param agent the broker report agent under test.
     * @throws InterruptedException if interrupted between duty cycles.
     */
    static void dutyCyclesPastTheFaultPause(final BrokerReportAgent agent) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 2 * JournalCursor.FAULT_RETRY_NS +
            java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() - deadline < 0)
        {
            agent.doWork();
            Thread.sleep(1);
        }
    }

    private void fault()
    {
        if (faults.getAndUpdate((left) -> Math.max(0, left - 1)) > 0)
        {
            throw new InternalError("a fault occurred in an unsafe memory access operation");
        }
    }
}
