package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;

import java.util.Properties;

/**
 * A small universe with round numbers, so every boundary is easy to compute by hand.
 * AAPL: ref 100.00, tick 0.05, lot 10, collar 500 bps = [95.00, 105.00], instrument max qty 1,000.
 * MSFT: ref 200.00, tick 0.01, lot 1, collar 1000 bps = [180.00, 220.00], instrument max qty 200.
 * ACC1: max qty 500, max order notional 50,000.00, max position 1,000, daily notional 200,000.00,
 * max open orders 5, 1,000,000 orders/s, restricted: IBM.  ACC2: defaults with a restricted list of MSFT.
 */
final class RiskFixture
{
    static final long ACC1 = PackedAscii.pack("ACC1");
    static final long ACC2 = PackedAscii.pack("ACC2");
    static final long ACC3 = PackedAscii.pack("ACC3");
    static final long ACC9 = PackedAscii.pack("ACC9");
    static final long AAPL = PackedAscii.pack("AAPL");
    static final long MSFT = PackedAscii.pack("MSFT");
    static final long IBM = PackedAscii.pack("IBM");
    static final long TSLA = PackedAscii.pack("TSLA");
    static final long NVDA = PackedAscii.pack("NVDA");

    private RiskFixture()
    {
    }

    static Properties properties()
    {
        final Properties p = new Properties();
        p.setProperty("risk.accountCapacity", "8");
        p.setProperty("risk.instrumentCapacity", "16");
        p.setProperty("risk.clOrdIdWindow", "1024");

        p.setProperty("instrument.AAPL.referencePrice", "100.00");
        p.setProperty("instrument.AAPL.tickSize", "0.05");
        p.setProperty("instrument.AAPL.lotSize", "10");
        p.setProperty("instrument.AAPL.collarBps", "500");
        p.setProperty("instrument.AAPL.maxOrderQty", "1000");

        p.setProperty("instrument.MSFT.referencePrice", "200.00");
        p.setProperty("instrument.MSFT.tickSize", "0.01");
        p.setProperty("instrument.MSFT.lotSize", "1");
        p.setProperty("instrument.MSFT.collarBps", "1000");
        p.setProperty("instrument.MSFT.maxOrderQty", "200");

        p.setProperty("instrument.IBM.referencePrice", "150.00");

        p.setProperty("account.ACC1.maxOrderQty", "500");
        p.setProperty("account.ACC1.maxOrderNotional", "50000.00");
        p.setProperty("account.ACC1.maxPosition", "1000");
        p.setProperty("account.ACC1.dailyNotional", "200000.00");
        p.setProperty("account.ACC1.maxOpenOrders", "5");
        p.setProperty("account.ACC1.maxOrdersPerSecond", "1000000");
        p.setProperty("account.ACC1.restrictedSymbols", "IBM");

        p.setProperty("account.ACC2.restrictedSymbols", "MSFT");
        return p;
    }

    static RiskLimits limits()
    {
        return RiskLimits.fromProperties(properties());
    }

    static RiskLimits limits(final String... keyValues)
    {
        return limits().withSettings(keyValues);
    }

    static long px(final String price)
    {
        return Prices.parse(price);
    }
}
