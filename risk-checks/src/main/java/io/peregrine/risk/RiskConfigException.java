package io.peregrine.risk;

/**
 * A risk configuration entry is missing or invalid. The message names the key, the value and why it was refused,
 * e.g. {@code instrument.AAPL.tickSize=0.001x: not a decimal number}.
 */
public final class RiskConfigException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;

    /**
     * @param key    the configuration key at fault.
     * @param value  its value as given (null when missing).
     * @param reason why it was refused.
     */
    public RiskConfigException(final String key, final String value, final String reason)
    {
        this(key + "=" + (null == value ? "<missing>" : value) + ": " + reason, key, value, null);
    }

    private RiskConfigException(final String message, final String key, final String value, final Throwable cause)
    {
        super(message, cause);
        this.key = key;
        this.value = value;
    }

    /**
     * @param source where the entry was read, e.g. the limits file.
     * @return the same refusal (same key and value, this as its cause), its message ending with
     *         {@code (in <source>)}.
     */
    RiskConfigException in(final Object source)
    {
        return new RiskConfigException(getMessage() + " (in " + source + ")", key, value, this);
    }

    /**
     * @return the configuration key at fault.
     */
    public String key()
    {
        return key;
    }

    /**
     * @return its value as given, or null when missing.
     */
    public String value()
    {
        return value;
    }
}
