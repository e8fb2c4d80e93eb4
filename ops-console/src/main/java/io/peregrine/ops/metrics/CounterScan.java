package io.peregrine.ops.metrics;

import io.peregrine.protocol.CounterKey;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads every Peregrine counter ({@link CounterCatalog}) from one or more {@link CountersReader}s: the media driver's
 * counters (in this process through an Aeron client, or another process's through its CnC file) and in-process
 * ones (a venue running without a driver). Any thread; allocates the readings (edge).
 */
public final class CounterScan
{
    private final List<CountersReader> readers;

    /**
     * @param readers where to look.
     */
    public CounterScan(final List<CountersReader> readers)
    {
        this.readers = List.copyOf(readers);
    }

    /**
     * @return the Peregrine counters allocated now, in counter id order per reader.
     */
    public List<CounterReading> read()
    {
        final List<CounterReading> readings = new ArrayList<>();
        for (final CountersReader reader : readers)
        {
            reader.forEach((final int counterId, final int typeId, final DirectBuffer keyBuffer, final String label) ->
            {
                final CounterCatalog.Entry entry = CounterCatalog.entry(typeId);
                if (null != entry)
                {
                    final long key = CounterKey.NONE == entry.key() ? 0 : keyBuffer.getLong(0);
                    final long key2 =
                        CounterKey.ACCOUNT_SYMBOL == entry.key() ? keyBuffer.getLong(Long.BYTES) : 0;
                    readings.add(new CounterReading(entry, key, key2, label, reader.getCounterValue(counterId)));
                }
            });
        }
        return readings;
    }

    /**
     * @param readings from {@link #read()}.
     * @param typeId   a type id.
     * @return the sum of every reading of that type (0 if none).
     */
    public static long sum(final List<CounterReading> readings, final int typeId)
    {
        long sum = 0;
        for (final CounterReading reading : readings)
        {
            if (reading.entry().typeId() == typeId)
            {
                sum += reading.value();
            }
        }
        return sum;
    }
}
