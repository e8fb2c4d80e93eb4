package io.peregrine.ops.metrics;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.RejectReason;

/**
 * The value of one Peregrine counter at one moment.
 *
 * @param entry    what the counter is.
 * @param key      its 8-byte key (0 when it has none).
 * @param label    the label it was allocated with.
 * @param value    its value.
 */
public record CounterReading(CounterCatalog.Entry entry, long key, String label, long value)
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
                return PackedAscii.isValid(key) ? PackedAscii.unpack(key) : Long.toString(key);
            default:
                return null;
        }
    }

    /**
     * @return a stable id of the series: the exposed name plus the key label if any.
     */
    public String seriesId()
    {
        final String keyText = keyText();
        return null == keyText ? entry.exposedName() :
            entry.exposedName() + "{" + entry.key().labelName() + "=\"" + keyText + "\"}";
    }
}
