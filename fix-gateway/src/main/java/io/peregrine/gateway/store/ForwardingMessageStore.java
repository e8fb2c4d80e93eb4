package io.peregrine.gateway.store;

import quickfix.MessageStore;

import java.io.Closeable;
import java.io.IOException;
import java.util.Calendar;
import java.util.Collection;
import java.util.Date;

/**
 * A QuickFIX/J {@link MessageStore} that hands every call to another, and closes it if it can be closed: the base of
 * the gateway's store wrappers, which override only the calls they watch. Edge code; thread-safety as the wrapped
 * store's.
 */
public class ForwardingMessageStore implements MessageStore, Closeable
{
    private final MessageStore store;

    /**
     * @param store the store every call goes to.
     */
    public ForwardingMessageStore(final MessageStore store)
    {
        this.store = store;
    }

    public boolean set(final int sequence, final String message) throws IOException
    {
        return store.set(sequence, message);
    }

    public void get(final int startSequence, final int endSequence, final Collection<String> messages)
        throws IOException
    {
        store.get(startSequence, endSequence, messages);
    }

    public int getNextSenderMsgSeqNum() throws IOException
    {
        return store.getNextSenderMsgSeqNum();
    }

    public int getNextTargetMsgSeqNum() throws IOException
    {
        return store.getNextTargetMsgSeqNum();
    }

    public void setNextSenderMsgSeqNum(final int next) throws IOException
    {
        store.setNextSenderMsgSeqNum(next);
    }

    public void setNextTargetMsgSeqNum(final int next) throws IOException
    {
        store.setNextTargetMsgSeqNum(next);
    }

    public void incrNextSenderMsgSeqNum() throws IOException
    {
        store.incrNextSenderMsgSeqNum();
    }

    public void incrNextTargetMsgSeqNum() throws IOException
    {
        store.incrNextTargetMsgSeqNum();
    }

    public Date getCreationTime() throws IOException
    {
        return store.getCreationTime();
    }

    public Calendar getCreationTimeCalendar() throws IOException
    {
        return store.getCreationTimeCalendar();
    }

    public void reset() throws IOException
    {
        store.reset();
    }

    public void refresh() throws IOException
    {
        store.refresh();
    }

    public void close() throws IOException
    {
        if (store instanceof Closeable)
        {
            ((Closeable)store).close();
        }
    }
}
