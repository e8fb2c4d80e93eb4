package io.peregrine.core.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.File;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cycle files ({@code *.cq4}) of a core journal as they are on disk, by cycle: what retention deletes, and what
 * the readers look at to tell a position in a deleted cycle from one of another journal. Chronicle's own listing
 * (its {@code metadata.cq4t}) is refreshed by the writer only ({@code refreshDirectoryListing}); a read-only queue,
 * or a core that has not started yet, can hold a stale one, so the files are listed here and named the way Chronicle
 * names them ({@link RollingResourcesCache}, with the queue's roll cycle and epoch).
 * <p>
 * Edge code (lists a directory, allocates); any thread.
 */
final class JournalCycles
{
    private static final String SUFFIX = ".cq4";

    private JournalCycles()
    {
    }

    /**
     * @param queue an open journal queue (read-only or not).
     * @return its cycle files now on disk, by cycle, oldest first.
     */
    static TreeMap<Integer, File> files(final ChronicleQueue queue)
    {
        final SingleChronicleQueue single = (SingleChronicleQueue)queue;
        final File directory = single.file();
        final RollingResourcesCache names = new RollingResourcesCache(single.rollCycle(), single.epoch(),
            (name) -> new File(directory, name + SUFFIX),
            (file) -> file.getName().substring(0, file.getName().length() - SUFFIX.length()));
        final TreeMap<Integer, File> files = new TreeMap<>();
        final File[] listed = directory.listFiles((dir, name) -> name.endsWith(SUFFIX));
        if (null != listed)
        {
            for (final File file : listed)
            {
                try
                {
                    files.put(names.toLong(file).intValue(), file);
                }
                catch (final RuntimeException ex)
                {
                    // Not named by this roll cycle: not a cycle of this queue (Chronicle ignores it too).
                }
            }
        }
        return files;
    }

    /**
     * @param queue an open journal queue.
     * @return index of the first entry its oldest cycle file on disk can hold, or {@link Long#MAX_VALUE} if none.
     */
    static long firstPossibleIndex(final ChronicleQueue queue)
    {
        final TreeMap<Integer, File> files = files(queue);
        return files.isEmpty() ? Long.MAX_VALUE : queue.rollCycle().toIndex(files.firstKey(), 0);
    }

    /**
     * @return the file of the cycle an index is in, for messages ("20261207.cq4"), or "cycle N" if it is not on disk.
     */
    static String fileOf(final ChronicleQueue queue, final long index)
    {
        final int cycle = queue.rollCycle().toCycle(index);
        for (final Map.Entry<Integer, File> entry : files(queue).entrySet())
        {
            if (entry.getKey() == cycle)
            {
                return entry.getValue().getName();
            }
        }
        return "cycle " + cycle;
    }
}
