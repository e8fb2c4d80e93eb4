package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * STAND-IN for the risk branch: an immutable snapshot of instrument and account limits. Replaced by branch risk.
 */
public final class RiskLimits
{
    static final class Instrument
    {
        long referencePrice;
        long tickSize = Prices.SCALE / 100;
        long lotSize = 1;
        long maxOrderQty = 100_000;
        long collarBps = 1_000;
        boolean tradable = true;
        boolean restricted;

        Instrument copy()
        {
            final Instrument c = new Instrument();
            c.referencePrice = referencePrice;
            c.tickSize = tickSize;
            c.lotSize = lotSize;
            c.maxOrderQty = maxOrderQty;
            c.collarBps = collarBps;
            c.tradable = tradable;
            c.restricted = restricted;
            return c;
        }
    }

    static final class Account
    {
        long maxOrderNotional = Long.MAX_VALUE;
        long maxPosition = Long.MAX_VALUE;
        long dailyNotional = Long.MAX_VALUE;
        long maxOpenOrders = Long.MAX_VALUE;
        long maxOrdersPerSecond = Long.MAX_VALUE;

        Account copy()
        {
            final Account c = new Account();
            c.maxOrderNotional = maxOrderNotional;
            c.maxPosition = maxPosition;
            c.dailyNotional = dailyNotional;
            c.maxOpenOrders = maxOpenOrders;
            c.maxOrdersPerSecond = maxOrdersPerSecond;
            return c;
        }
    }

    final Long2ObjectHashMap<Instrument> instruments;
    final Long2ObjectHashMap<Account> accounts;

    RiskLimits(final Long2ObjectHashMap<Instrument> instruments, final Long2ObjectHashMap<Account> accounts)
    {
        this.instruments = instruments;
        this.accounts = accounts;
    }

    public static RiskLimits demo()
    {
        final Properties p = new Properties();
        p.setProperty("instrument.AAPL.referencePrice", "190.00");
        p.setProperty("instrument.MSFT.referencePrice", "420.00");
        p.setProperty("account.ACC1", "");
        p.setProperty("account.ACC2", "");
        return fromProperties(p);
    }

    public static RiskLimits load(final Path propertiesFile)
    {
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(propertiesFile))
        {
            p.load(in);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read " + propertiesFile, ex);
        }
        return fromProperties(p);
    }

    public static RiskLimits fromProperties(final Properties p)
    {
        final Long2ObjectHashMap<Instrument> instruments = new Long2ObjectHashMap<>();
        final Long2ObjectHashMap<Account> accounts = new Long2ObjectHashMap<>();
        for (final String key : p.stringPropertyNames())
        {
            final String[] parts = key.split("\\.");
            if (parts.length >= 2 && parts[0].equals("instrument"))
            {
                final Instrument instrument =
                    instruments.computeIfAbsent(PackedAscii.pack(parts[1]), k -> new Instrument());
                if (parts.length == 3 && parts[2].equals("referencePrice"))
                {
                    instrument.referencePrice = Prices.parse(p.getProperty(key));
                }
            }
            else if (parts.length >= 2 && parts[0].equals("account"))
            {
                accounts.computeIfAbsent(PackedAscii.pack(parts[1]), k -> new Account());
            }
        }
        return new RiskLimits(instruments, accounts);
    }

    RiskLimits copy()
    {
        final Long2ObjectHashMap<Instrument> i = new Long2ObjectHashMap<>();
        instruments.forEachLong((k, v) -> i.put(k, v.copy()));
        final Long2ObjectHashMap<Account> a = new Long2ObjectHashMap<>();
        accounts.forEachLong((k, v) -> a.put(k, v.copy()));
        return new RiskLimits(i, a);
    }
}
