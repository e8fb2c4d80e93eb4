package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link InstrumentLimits} and {@link AccountLimits} as values: derived fields follow from the configured ones, the
 * canonical constructors refuse derived values that do not, and equal configurations are equal.
 */
@Timeout(10)
class LimitsValuesTest
{
    private static final long REF = Prices.parse("190.00");
    private static final long TICK = Prices.parse("0.01");

    @Test
    void instrumentDerivesItsPackedSymbolAndCollarBoundsOnce()
    {
        final InstrumentLimits aapl = new InstrumentLimits("AAPL", REF, TICK, 1, 1_000, 100_000, true, false);

        assertEquals(PackedAscii.pack("AAPL"), aapl.symbol());
        assertEquals(Prices.parse("171.00"), aapl.collarLow());
        assertEquals(Prices.parse("209.00"), aapl.collarHigh());
    }

    @Test
    void instrumentWhoseDerivedValuesDoNotFollowIsRefused()
    {
        final InstrumentLimits aapl = new InstrumentLimits("AAPL", REF, TICK, 1, 1_000, 100_000, true, false);

        assertThrows(IllegalArgumentException.class, () -> new InstrumentLimits("AAPL", PackedAscii.pack("MSFT"),
            REF, TICK, 1, 1_000, 100_000, true, false, aapl.collarLow(), aapl.collarHigh()));
        assertThrows(IllegalArgumentException.class, () -> new InstrumentLimits("AAPL", aapl.symbol(),
            REF, TICK, 1, 1_000, 100_000, true, false, aapl.collarLow() - 1, aapl.collarHigh()));
        assertThrows(IllegalArgumentException.class, () -> new InstrumentLimits("AAPL", aapl.symbol(),
            REF, TICK, 1, 1_000, 100_000, true, false, aapl.collarLow(), aapl.collarHigh() + 1));
        assertEquals(aapl, new InstrumentLimits("AAPL", aapl.symbol(),
            REF, TICK, 1, 1_000, 100_000, true, false, aapl.collarLow(), aapl.collarHigh()));
    }

    @Test
    void theCanonicalConstructorsCheckRangesAsTheConfiguredOnesDo()
    {
        final RiskConfigException instrument = assertThrows(RiskConfigException.class, () -> new InstrumentLimits(
            "AAPL", PackedAscii.pack("AAPL"), REF, 0, 1, 1_000, 100_000, true, false, REF, REF));
        assertEquals("instrument.AAPL.tickSize", instrument.key());

        final RiskConfigException account = assertThrows(RiskConfigException.class, () -> new AccountLimits(
            "ACC1", PackedAscii.pack("ACC1"), 100, 1, 0, 0, 0, 0, new RestrictedSymbols("k", List.of())));
        assertEquals("account.ACC1.maxOrdersPerSecond", account.key());
    }

    @Test
    void equalConfigurationsAreEqualWhateverTheOrderOfRestrictedSymbols()
    {
        assertEquals(
            new InstrumentLimits("MSFT", REF, TICK, 1, 500, 10, false, true),
            new InstrumentLimits("MSFT", REF, TICK, 1, 500, 10, false, true));
        assertNotEquals(
            new InstrumentLimits("MSFT", REF, TICK, 1, 500, 10, false, true),
            new InstrumentLimits("MSFT", REF, TICK, 1, 501, 10, false, true));

        final AccountLimits one = new AccountLimits("ACC1", 100, 1_000, 10, 5_000, 3, 7, List.of("MSFT", "AAPL"));
        final AccountLimits two = new AccountLimits("ACC1", 100, 1_000, 10, 5_000, 3, 7, Set.of("AAPL", "MSFT"));
        assertEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());
        assertNotEquals(one, new AccountLimits("ACC1", 100, 1_000, 10, 5_000, 3, 7, List.of("AAPL")));
    }

    @Test
    void anAccountWithAnotherPackedIdThanItsNameIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new AccountLimits(
            "ACC1", PackedAscii.pack("ACC2"), 100, 1_000, 10, 5_000, 3, 7, new RestrictedSymbols("k", List.of())));
    }

    @Test
    void restrictedSymbolsAreLookedUpPacked()
    {
        final AccountLimits account = new AccountLimits("ACC1", 100, 1_000, 10, 5_000, 3, 7, List.of("IBM", "AAPL"));

        assertTrue(account.isRestricted(PackedAscii.pack("IBM")));
        assertTrue(account.isRestricted(PackedAscii.pack("AAPL")));
        assertFalse(account.isRestricted(PackedAscii.pack("MSFT")));
        assertEquals(List.of("AAPL", "IBM"), List.copyOf(account.restrictedSymbolNames()));
        assertFalse(new AccountLimits("ACC2", 100, 1_000, 10, 5_000, 3, 7, List.of())
            .isRestricted(PackedAscii.pack("IBM")));
    }
}
