package io.peregrine.risk;

import io.peregrine.protocol.Prices;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The {@code .properties} format of {@link RiskLimits}: parsing with clear errors, and writing back (used by
 * persistence). Every key and its default is listed in {@code risk-checks/README.md}. Edge code: allocates freely.
 */
final class LimitsProperties
{
    static final String RISK_PREFIX = "risk.";
    static final String INSTRUMENT_PREFIX = "instrument.";
    static final String ACCOUNT_PREFIX = "account.";

    static final String ACCOUNT_CAPACITY = "accountCapacity";
    static final String INSTRUMENT_CAPACITY = "instrumentCapacity";
    static final String CL_ORD_ID_WINDOW = "clOrdIdWindow";

    static final String REFERENCE_PRICE = "referencePrice";
    static final String TICK_SIZE = "tickSize";
    static final String LOT_SIZE = "lotSize";
    static final String COLLAR_BPS = "collarBps";
    static final String MAX_ORDER_QTY = "maxOrderQty";
    static final String TRADABLE = "tradable";
    static final String RESTRICTED = "restricted";

    static final String MAX_ORDER_NOTIONAL = "maxOrderNotional";
    static final String MAX_POSITION = "maxPosition";
    static final String DAILY_NOTIONAL = "dailyNotional";
    static final String MAX_OPEN_ORDERS = "maxOpenOrders";
    static final String MAX_ORDERS_PER_SECOND = "maxOrdersPerSecond";
    static final String RESTRICTED_SYMBOLS = "restrictedSymbols";

    private static final List<String> INSTRUMENT_FIELDS =
        Arrays.asList(REFERENCE_PRICE, TICK_SIZE, LOT_SIZE, COLLAR_BPS, MAX_ORDER_QTY, TRADABLE, RESTRICTED);
    private static final List<String> ACCOUNT_FIELDS = Arrays.asList(MAX_ORDER_QTY, MAX_ORDER_NOTIONAL, MAX_POSITION,
        DAILY_NOTIONAL, MAX_OPEN_ORDERS, MAX_ORDERS_PER_SECOND, RESTRICTED_SYMBOLS);
    private static final List<String> RISK_FIELDS = Arrays.asList(ACCOUNT_CAPACITY, INSTRUMENT_CAPACITY, CL_ORD_ID_WINDOW);

    private LimitsProperties()
    {
    }

    static RiskLimits parse(final Properties properties)
    {
        final Map<String, Map<String, String>> instruments = new LinkedHashMap<>();
        final Map<String, Map<String, String>> accounts = new LinkedHashMap<>();
        final Map<String, String> settings = new LinkedHashMap<>();

        for (final String key : new TreeSet<>(properties.stringPropertyNames()))
        {
            final String value = properties.getProperty(key).trim();
            if (key.startsWith(INSTRUMENT_PREFIX))
            {
                group(key, value, INSTRUMENT_PREFIX, INSTRUMENT_FIELDS, instruments);
            }
            else if (key.startsWith(ACCOUNT_PREFIX))
            {
                group(key, value, ACCOUNT_PREFIX, ACCOUNT_FIELDS, accounts);
            }
            else if (key.startsWith(RISK_PREFIX))
            {
                final String field = key.substring(RISK_PREFIX.length());
                if (!RISK_FIELDS.contains(field))
                {
                    throw new RiskConfigException(key, value, "unknown setting, expected one of " + RISK_FIELDS);
                }
                settings.put(field, value);
            }
            else
            {
                throw new RiskConfigException(key, value,
                    "unknown key, expected risk.<setting>, instrument.<SYMBOL>.<field> or account.<ACCOUNT>.<field>");
            }
        }

        final List<InstrumentLimits> instrumentLimits = new ArrayList<>();
        for (final Map.Entry<String, Map<String, String>> entry : instruments.entrySet())
        {
            instrumentLimits.add(instrument(entry.getKey(), entry.getValue()));
        }
        final List<AccountLimits> accountLimits = new ArrayList<>();
        for (final Map.Entry<String, Map<String, String>> entry : accounts.entrySet())
        {
            accountLimits.add(account(entry.getKey(), entry.getValue()));
        }

        return new RiskLimits(
            instrumentLimits,
            accountLimits,
            (int)parseLong(RISK_PREFIX + ACCOUNT_CAPACITY, settings.get(ACCOUNT_CAPACITY),
                RiskLimits.DEFAULT_ACCOUNT_CAPACITY, 1, RiskLimits.MAX_ACCOUNT_CAPACITY),
            (int)parseLong(RISK_PREFIX + INSTRUMENT_CAPACITY, settings.get(INSTRUMENT_CAPACITY),
                RiskLimits.DEFAULT_INSTRUMENT_CAPACITY, 1, RiskLimits.MAX_INSTRUMENT_CAPACITY),
            (int)parseLong(RISK_PREFIX + CL_ORD_ID_WINDOW, settings.get(CL_ORD_ID_WINDOW),
                RiskLimits.DEFAULT_CL_ORD_ID_WINDOW, RiskLimits.MIN_CL_ORD_ID_WINDOW, RiskLimits.MAX_CL_ORD_ID_WINDOW));
    }

    static Properties write(final RiskLimits limits)
    {
        final Properties p = new Properties();
        p.setProperty(RISK_PREFIX + ACCOUNT_CAPACITY, Integer.toString(limits.accountCapacity()));
        p.setProperty(RISK_PREFIX + INSTRUMENT_CAPACITY, Integer.toString(limits.instrumentCapacity()));
        p.setProperty(RISK_PREFIX + CL_ORD_ID_WINDOW, Integer.toString(limits.clOrdIdWindow()));
        for (final InstrumentLimits i : limits.instruments())
        {
            final String prefix = INSTRUMENT_PREFIX + i.name() + ".";
            p.setProperty(prefix + REFERENCE_PRICE, Prices.format(i.referencePrice()));
            p.setProperty(prefix + TICK_SIZE, Prices.format(i.tickSize()));
            p.setProperty(prefix + LOT_SIZE, Long.toString(i.lotSize()));
            p.setProperty(prefix + COLLAR_BPS, Integer.toString(i.collarBps()));
            p.setProperty(prefix + MAX_ORDER_QTY, Long.toString(i.maxOrderQty()));
            p.setProperty(prefix + TRADABLE, Boolean.toString(i.tradable()));
            p.setProperty(prefix + RESTRICTED, Boolean.toString(i.restricted()));
        }
        for (final AccountLimits a : limits.accounts())
        {
            final String prefix = ACCOUNT_PREFIX + a.name() + ".";
            p.setProperty(prefix + MAX_ORDER_QTY, Long.toString(a.maxOrderQty()));
            p.setProperty(prefix + MAX_ORDER_NOTIONAL, Prices.format(a.maxOrderNotional()));
            p.setProperty(prefix + MAX_POSITION, Long.toString(a.maxPosition()));
            p.setProperty(prefix + DAILY_NOTIONAL, Prices.format(a.dailyNotional()));
            p.setProperty(prefix + MAX_OPEN_ORDERS, Integer.toString(a.maxOpenOrders()));
            p.setProperty(prefix + MAX_ORDERS_PER_SECOND, Long.toString(a.maxOrdersPerSecond()));
            p.setProperty(prefix + RESTRICTED_SYMBOLS, String.join(",", a.restrictedSymbolNames()));
        }
        return p;
    }

    private static void group(
        final String key,
        final String value,
        final String prefix,
        final List<String> fields,
        final Map<String, Map<String, String>> byName)
    {
        final int lastDot = key.lastIndexOf('.');
        if (lastDot <= prefix.length())
        {
            throw new RiskConfigException(key, value, "expected " + prefix + "<NAME>.<field>");
        }
        final String name = key.substring(prefix.length(), lastDot);
        final String field = key.substring(lastDot + 1);
        if (!io.peregrine.protocol.PackedAscii.isPackable(name))
        {
            throw new RiskConfigException(key, value, "'" + name + "' must be 1 to 8 printable ASCII characters");
        }
        if (!fields.contains(field))
        {
            throw new RiskConfigException(key, value, "unknown field '" + field + "', expected one of " + fields);
        }
        byName.computeIfAbsent(name, (n) -> new LinkedHashMap<>()).put(field, value);
    }

    private static InstrumentLimits instrument(final String name, final Map<String, String> fields)
    {
        final String prefix = INSTRUMENT_PREFIX + name + ".";
        final String reference = fields.get(REFERENCE_PRICE);
        if (null == reference)
        {
            throw new RiskConfigException(prefix + REFERENCE_PRICE, null, "every instrument needs a reference price");
        }
        return new InstrumentLimits(
            name,
            parsePrice(prefix + REFERENCE_PRICE, reference, 0),
            parsePrice(prefix + TICK_SIZE, fields.get(TICK_SIZE), InstrumentLimits.DEFAULT_TICK_SIZE),
            parseLong(prefix + LOT_SIZE, fields.get(LOT_SIZE), InstrumentLimits.DEFAULT_LOT_SIZE,
                1, InstrumentLimits.MAX_QUANTITY),
            (int)parseLong(prefix + COLLAR_BPS, fields.get(COLLAR_BPS), InstrumentLimits.DEFAULT_COLLAR_BPS,
                0, InstrumentLimits.MAX_COLLAR_BPS),
            parseLong(prefix + MAX_ORDER_QTY, fields.get(MAX_ORDER_QTY), InstrumentLimits.DEFAULT_MAX_ORDER_QTY,
                1, InstrumentLimits.MAX_QUANTITY),
            parseBoolean(prefix + TRADABLE, fields.get(TRADABLE), true),
            parseBoolean(prefix + RESTRICTED, fields.get(RESTRICTED), false));
    }

    private static AccountLimits account(final String name, final Map<String, String> fields)
    {
        final String prefix = ACCOUNT_PREFIX + name + ".";
        final List<String> restricted = new ArrayList<>();
        final String restrictedText = fields.get(RESTRICTED_SYMBOLS);
        if (null != restrictedText)
        {
            for (final String symbol : restrictedText.split(","))
            {
                if (!symbol.isBlank())
                {
                    restricted.add(symbol.trim());
                }
            }
        }
        return new AccountLimits(
            name,
            parseLong(prefix + MAX_ORDER_QTY, fields.get(MAX_ORDER_QTY), AccountLimits.DEFAULT_MAX_ORDER_QTY,
                1, InstrumentLimits.MAX_QUANTITY),
            parsePrice(prefix + MAX_ORDER_NOTIONAL, fields.get(MAX_ORDER_NOTIONAL),
                AccountLimits.DEFAULT_MAX_ORDER_NOTIONAL),
            parseLong(prefix + MAX_POSITION, fields.get(MAX_POSITION), AccountLimits.DEFAULT_MAX_POSITION,
                0, InstrumentLimits.MAX_QUANTITY),
            parsePrice(prefix + DAILY_NOTIONAL, fields.get(DAILY_NOTIONAL), AccountLimits.DEFAULT_DAILY_NOTIONAL),
            (int)parseLong(prefix + MAX_OPEN_ORDERS, fields.get(MAX_OPEN_ORDERS), AccountLimits.DEFAULT_MAX_OPEN_ORDERS,
                0, Integer.MAX_VALUE),
            parseLong(prefix + MAX_ORDERS_PER_SECOND, fields.get(MAX_ORDERS_PER_SECOND),
                AccountLimits.DEFAULT_MAX_ORDERS_PER_SECOND, 1, AccountLimits.MAX_ORDERS_PER_SECOND),
            restricted);
    }

    static long parseLong(final String key, final String value, final long defaultValue, final long min, final long max)
    {
        if (null == value)
        {
            return defaultValue;
        }
        final long parsed;
        try
        {
            parsed = Long.parseLong(value.replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw new RiskConfigException(key, value, "not a whole number");
        }
        if (parsed < min || parsed > max)
        {
            throw new RiskConfigException(key, value, "out of range, must be " + min + " .. " + max);
        }
        return parsed;
    }

    static long parsePrice(final String key, final String value, final long defaultValue)
    {
        if (null == value)
        {
            return defaultValue;
        }
        try
        {
            return Prices.fromDecimal(new BigDecimal(value.replace("_", "")));
        }
        catch (final NumberFormatException ex)
        {
            throw new RiskConfigException(key, value, "not a decimal number");
        }
        catch (final ArithmeticException ex)
        {
            throw new RiskConfigException(key, value, "more than " + Prices.DECIMALS + " decimal places or too large");
        }
    }

    static boolean parseBoolean(final String key, final String value, final boolean defaultValue)
    {
        if (null == value)
        {
            return defaultValue;
        }
        if ("true".equalsIgnoreCase(value))
        {
            return true;
        }
        if ("false".equalsIgnoreCase(value))
        {
            return false;
        }
        throw new RiskConfigException(key, value, "expected true or false");
    }
}
