package io.peregrine.ops.metrics;

import io.peregrine.protocol.CounterKey;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.RejectReason;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * The value of one Peregrine counter at one moment.
 *
 * @param entry    what the counter is.
 * @param key      its (first) 8-byte key (0 when it has none): for ACCOUNT_SYMBOL the account.
 * @param key2     the second 8 bytes of an ACCOUNT_SYMBOL key (the symbol), else 0.
 * @param label    the label it was allocated with.
 * @param value    its value.
 */
public record CounterReading(CounterCatalog.Entry entry, long key, long key2, String label, long value)
{
    /**
     * @return the key as a label value: the reason's name, the venue id or the symbol; null when the counter has no
     *         key.
     */
    public String keyText()
    {
        switch (entry.key())
        {
            case REASON:
                final RejectReason reason = RejectReason.get((short)key);
                return RejectReason.NULL_VAL == reason ? Long.toString(key) : reason.name();
            case VENUE:
                return Long.toString(key);
            case SYMBOL:
            case ACCOUNT:
                return ascii(key);
            case ACCOUNT_SYMBOL:
                return ascii(key) + "," + ascii(key2);
            default:
                return null;
        }
    }

    /**
     * @return the label names and values of the series, as Prometheus takes them: none, one, or (ACCOUNT_SYMBOL)
     *         account and symbol.
     */
    public Labels labels()
    {
        switch (entry.key())
        {
            case NONE:
                return Labels.EMPTY;
            case ACCOUNT_SYMBOL:
                return Labels.of("account", ascii(key), "symbol", ascii(key2));
            default:
                return Labels.of(entry.labelName(), keyText());
        }
    }

    private static String ascii(final long packed)
    {
        return PackedAscii.isValid(packed) ? PackedAscii.unpack(packed) : Long.toString(packed);
    }

    /**
     * @return a stable id of the series: the exposed name plus the key label if any.
     */
    public String seriesId()
    {
        if (CounterKey.ACCOUNT_SYMBOL == entry.key())
        {
            return entry.exposedName() + "{account=\"" + ascii(key) + "\",symbol=\"" + ascii(key2) + "\"}";
        }
        final String keyText = keyText();
        return null == keyText ? entry.exposedName() :
            entry.exposedName() + "{" + entry.labelName() + "=\"" + keyText + "\"}";
    }
}
