package io.peregrine.protocol;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The counters one owner allocates from its {@link CounterDescriptor}s, wherever they live: the one place that turns
 * a descriptor (and, for a keyed counter, its key) into an allocated counter, keeps what it allocated to free it, and
 * finds a counter again by its descriptor. A producer's counter class only declares which counters it has.
 * <p>
 * Every counter gets an 8-byte key (0 for an unkeyed one; 16 bytes for {@link CounterKey#ACCOUNT_SYMBOL}) and the label {@code prefix + descriptor label + key text},
 * in US-ASCII. Allocate on one thread (launch; allocates); {@link #get(CounterDescriptor)} may then be called from any
 * thread that sees the set through a final field (it allocates nothing), and the counters are used like any Aeron
 * counter.
 * <p>
 * <b>A failed add closes the set.</b> When an add throws (the allocator fails, e.g. its counters file is full, or the
 * descriptor's key does not fit the call), every counter the set allocated before is freed and the exception
 * rethrown: owners allocate their counters in their constructors, and an owner whose constructor throws is never
 * closed, so without this its counters would stay allocated in the counters file for the life of the driver.
 */
public final class CounterSet implements AutoCloseable
{
    /**
     * Adds one counter. The shape of {@code Aeron.addCounter} and {@code CountersManager.newCounter}, so
     * {@code aeron::addCounter} (the media driver's CnC file) and {@code countersManager::newCounter} (a
     * {@link CountersManager}, e.g. {@link InProcessCounters}) are both allocators.
     */
    @FunctionalInterface
    public interface Allocator
    {
        /**
         * @param typeId      the counter's type id.
         * @param keyBuffer   holds its key.
         * @param keyOffset   of the key in keyBuffer.
         * @param keyLength   of the key.
         * @param labelBuffer holds its label.
         * @param labelOffset of the label in labelBuffer.
         * @param labelLength of the label.
         * @return the new counter.
         */
        AtomicCounter newCounter(
            int typeId, DirectBuffer keyBuffer, int keyOffset, int keyLength, DirectBuffer labelBuffer,
            int labelOffset, int labelLength);
    }

    private final Allocator allocator;
    private final String labelPrefix;
    private final List<AtomicCounter> allocated = new ArrayList<>();
    /** The counters of {@link #allocated} that are not gauges, for {@link #zeroCounts()}. */
    private final List<AtomicCounter> counts = new ArrayList<>();
    private final Int2ObjectHashMap<AtomicCounter> byType = new Int2ObjectHashMap<>();
    private final IntHashSet typesAddedMoreThanOnce = new IntHashSet();

    /**
     * @param allocator where the counters are allocated.
     */
    public CounterSet(final Allocator allocator)
    {
        this(allocator, "");
    }

    /**
     * @param allocator   where the counters are allocated.
     * @param labelPrefix put before every label, e.g. {@code "gateway broker acceptor: "} for one of several owners
     *                    of the same counters.
     */
    public CounterSet(final Allocator allocator, final String labelPrefix)
    {
        this.allocator = allocator;
        this.labelPrefix = labelPrefix;
    }

    /**
     * @param counter an unkeyed counter ({@link CounterKey#NONE}).
     * @return it, allocated with key 0 and its label.
     * @throws IllegalArgumentException if the counter is keyed.
     */
    public AtomicCounter add(final CounterDescriptor counter)
    {
        if (CounterKey.NONE != counter.key())
        {
            throw closedAfter(new IllegalArgumentException("counter " + counter.typeId() + " is keyed by " +
                counter.key() + ": add it with its key"));
        }
        return allocate(counter, 0, 0, "");
    }

    /**
     * @param counter a keyed counter.
     * @param key     what its key holds (a reject reason's value, a venue id, a packed symbol).
     * @param keyText the key as its label ends, e.g. the reason's name or the symbol.
     * @return it, allocated with that key and its label followed by keyText.
     * @throws IllegalArgumentException if the counter is not keyed.
     */
    public AtomicCounter add(final CounterDescriptor counter, final long key, final String keyText)
    {
        if (CounterKey.NONE == counter.key() || CounterKey.ACCOUNT_SYMBOL == counter.key())
        {
            throw closedAfter(new IllegalArgumentException("counter " + counter.typeId() + " is keyed by " +
                counter.key() + ": add it with " + (CounterKey.NONE == counter.key() ? "no key" : "its two keys")));
        }
        return allocate(counter, key, 0, keyText);
    }

    /**
     * @param counter a counter keyed by {@link CounterKey#ACCOUNT_SYMBOL}.
     * @param account the packed account (the key's first 8 bytes).
     * @param symbol  the packed symbol (its last 8).
     * @param keyText the key as its label ends, e.g. {@code "ACC1 AAPL"}.
     * @return it, allocated with that 16-byte key and its label followed by keyText.
     * @throws IllegalArgumentException if the counter is not keyed by ACCOUNT_SYMBOL.
     */
    public AtomicCounter add(final CounterDescriptor counter, final long account, final long symbol,
        final String keyText)
    {
        if (CounterKey.ACCOUNT_SYMBOL != counter.key())
        {
            throw closedAfter(new IllegalArgumentException("counter " + counter.typeId() + " is keyed by " +
                counter.key() + ", not " + CounterKey.ACCOUNT_SYMBOL));
        }
        return allocate(counter, account, symbol, keyText);
    }

    /**
     * Adds each of the counters that is unkeyed, in the list's order; the keyed ones are left out.
     *
     * @param counters e.g. {@code CounterDescriptor.declaredIn(producer)}.
     */
    public void addUnkeyed(final List<CounterDescriptor> counters)
    {
        for (final CounterDescriptor counter : counters)
        {
            if (CounterKey.NONE == counter.key())
            {
                add(counter);
            }
        }
    }

    /**
     * Adds, with one key, each of the counters keyed by what it is, in the list's order; the others are left out.
     *
     * @param counters e.g. {@code CounterDescriptor.declaredIn(producer)}.
     * @param kind     what the key is, e.g. {@link CounterKey#VENUE}; not {@link CounterKey#NONE}.
     * @param key      the key's value, e.g. a venue id.
     * @param keyText  the key as the labels end.
     */
    public void addKeyed(
        final List<CounterDescriptor> counters, final CounterKey kind, final long key, final String keyText)
    {
        if (CounterKey.NONE == kind)
        {
            throw closedAfter(new IllegalArgumentException("not a key: " + kind));
        }
        for (final CounterDescriptor counter : counters)
        {
            if (kind == counter.key())
            {
                add(counter, key, keyText);
            }
        }
    }

    /**
     * @param counter one this set added once.
     * @return its counter; allocation free.
     * @throws IllegalArgumentException if this set did not add it, or added it with several keys (keep what
     *                                  {@link #add(CounterDescriptor, long, String)} returned for those).
     */
    public AtomicCounter get(final CounterDescriptor counter)
    {
        final AtomicCounter found = byType.get(counter.typeId());
        if (null == found)
        {
            throw new IllegalArgumentException(typesAddedMoreThanOnce.contains(counter.typeId()) ?
                "counter " + counter.typeId() + " was added with several keys" :
                "counter " + counter.typeId() + " was not added");
        }
        return found;
    }

    private AtomicCounter allocate(final CounterDescriptor counter, final long key, final long key2,
        final String keyText)
    {
        final UnsafeBuffer keyBuffer = new UnsafeBuffer(new byte[counter.key().length()]);
        keyBuffer.putLong(0, key);
        if (CounterKey.ACCOUNT_SYMBOL == counter.key())
        {
            keyBuffer.putLong(Long.BYTES, key2);
        }
        final byte[] label = (labelPrefix + counter.label() + keyText).getBytes(StandardCharsets.US_ASCII);
        final AtomicCounter allocatedCounter;
        try
        {
            allocatedCounter = allocator.newCounter(
                counter.typeId(), keyBuffer, 0, keyBuffer.capacity(), new UnsafeBuffer(label), 0, label.length);
        }
        catch (final RuntimeException ex)
        {
            throw closedAfter(ex);
        }
        allocated.add(allocatedCounter);
        if (!counter.gauge())
        {
            counts.add(allocatedCounter);
        }
        if (typesAddedMoreThanOnce.contains(counter.typeId()) || null != byType.remove(counter.typeId()))
        {
            typesAddedMoreThanOnce.add(counter.typeId());
        }
        else
        {
            byType.put(counter.typeId(), allocatedCounter);
        }
        return allocatedCounter;
    }

    /**
     * Frees what the set allocated because an add failed (see the class comment).
     *
     * @return {@code failure}, with the failures of freeing added as suppressed, for the caller to throw.
     */
    private RuntimeException closedAfter(final RuntimeException failure)
    {
        try
        {
            close();
        }
        catch (final RuntimeException ex)
        {
            failure.addSuppressed(ex);
        }
        return failure;
    }

    /**
     * Sets every counter this set allocated that is not a gauge back to 0; gauges keep their level. For an owner
     * whose counts start over at a point after allocation: the core rebuilds its state by replaying its journal
     * through the logic that counts, and its counts mean "since this process started", so the replay must not show.
     * Call it before the counters' writer thread starts (or on it); allocation free.
     */
    public void zeroCounts()
    {
        for (int i = 0, size = counts.size(); i < size; i++)
        {
            counts.get(i).setRelease(0);
        }
    }

    /**
     * Frees every counter this set allocated (all are closed even if one fails); closing again does nothing, as a
     * counter closes once. {@link #get(CounterDescriptor)} still answers, with the closed counter.
     */
    public void close()
    {
        CloseHelper.closeAll(allocated);
    }
}
