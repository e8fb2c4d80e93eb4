package io.peregrine.core;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;

/**
 * The demo universe's ids and prices as the core's tests use them (accounts ACC1 and ACC2, symbols AAPL and MSFT
 * at their reference prices, as in {@code peregrine-risk-demo.properties}), packed once here instead of in every
 * test. Constants only.
 */
public final class DemoUniverse
{
    public static final long ACC1 = PackedAscii.pack("ACC1");
    public static final long ACC2 = PackedAscii.pack("ACC2");
    public static final long AAPL = PackedAscii.pack("AAPL");
    public static final long MSFT = PackedAscii.pack("MSFT");
    /** AAPL's reference price, 190.00: inside the collar. */
    public static final long AAPL_PX = 190 * Prices.SCALE;
    /** MSFT's reference price, 420.00: inside the collar. */
    public static final long MSFT_PX = 420 * Prices.SCALE;

    private DemoUniverse()
    {
    }
}
