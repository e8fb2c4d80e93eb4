package io.peregrine.bench.book;

import java.util.Locale;

/**
 * Settings of a realistic order-book command stream for {@link BookFlowGenerator}: size of the book, how deep it is
 * and the command mix. Two presets: {@link #deep()} (the stream of the exchange-core comparison) and
 * {@link #shallow()} (a small, dense book like {@code OrderBookBenchmark}'s). Plain mutable settings, set-up time only.
 * <p>
 * The mix is in percent of the steady-state commands and must add up to 100. The generator keeps the number of live
 * orders near {@link #liveOrders()} by turning a new GTC order into a cancel when the book is 10% above it and a
 * cancel into a new GTC order when it is 10% below; {@link BookFlowStats} reports the mix it actually produced.
 */
public final class BookFlow
{
    private String name = "custom";
    private long seed = 1;
    private int commands = 1_000_000;
    private int liveOrders = 1_000;
    private int depthTicks = 5_850;
    private int crossTicks = 0;
    private double concentration = 3;
    private long tickSize = 10_000;             // 0.01 with 6 implied decimals
    private long startPrice = 190_000_000;      // 190.00
    private int accounts = 100;
    private int maxQuantity = 100;
    private Mix mix = new Mix(72, 12, 7, 7, 1.5, 0.5);

    /**
     * The command mix, in percent of the steady-state commands: six non-negative shares adding up to 100.
     *
     * @param move   moves of a resting order to a new price.
     * @param limit  new LIMIT GTC orders.
     * @param cancel cancels.
     * @param reduce quantity reductions.
     * @param ioc    new LIMIT IOC orders.
     * @param fok    new LIMIT FOK orders.
     */
    public record Mix(double move, double limit, double cancel, double reduce, double ioc, double fok)
    {
        /** Checks the shares. */
        public Mix
        {
            final double sum = move + limit + cancel + reduce + ioc + fok;
            if (Math.abs(sum - 100) > 1e-9 || move < 0 || limit < 0 || cancel < 0 || reduce < 0 || ioc < 0 || fok < 0)
            {
                throw new IllegalArgumentException(
                    "the mix must be six non-negative percentages adding up to 100: " + sum);
            }
        }
    }

    /**
     * The deep book of issue #13: about 1,000 live orders spread over about 450 price levels per side, prices up to
     * 5,850 ticks either side of the mid (a range of about 11,700 ticks), distances {@code 5,850 * u^3}; 72% moves to
     * a new price, 12% new GTC limits, 7% cancels, 7% quantity reductions, 1.5% IOC, 0.5% FOK.
     *
     * @return new settings.
     */
    public static BookFlow deep()
    {
        return new BookFlow().name("deep");
    }

    /**
     * A shallow, dense book: about 2,000 live orders within 20 ticks of the mid (20 levels per side), same mix as
     * {@link #deep()}.
     *
     * @return new settings.
     */
    public static BookFlow shallow()
    {
        return new BookFlow().name("shallow").liveOrders(2_000).depthTicks(20);
    }

    /**
     * @param name {@code deep} or {@code shallow}.
     * @return that preset.
     * @throws IllegalArgumentException for another name.
     */
    public static BookFlow preset(final String name)
    {
        switch (name)
        {
            case "deep":
                return deep();
            case "shallow":
                return shallow();
            default:
                throw new IllegalArgumentException("unknown book flow preset '" + name + "': use deep or shallow");
        }
    }

    public BookFlow name(final String name)
    {
        this.name = name;
        return this;
    }

    /** Seed of the random choices: the same settings always give the same stream. */
    public BookFlow seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    /** Steady-state commands, besides the ramp that fills the book and the cancels that empty it at the end. */
    public BookFlow commands(final int commands)
    {
        this.commands = commands;
        return this;
    }

    /** Live orders the steady state stays near. */
    public BookFlow liveOrders(final int liveOrders)
    {
        this.liveOrders = liveOrders;
        return this;
    }

    /**
     * How far from the mid (in ticks) resting orders are placed. Distances are drawn as
     * {@code depthTicks * u^concentration} ({@code u} uniform), so orders are denser near the mid and thin out deep in the book.
     */
    public BookFlow depthTicks(final int depthTicks)
    {
        this.depthTicks = depthTicks;
        return this;
    }

    /**
     * The exponent {@code k} of the distance draw {@code depthTicks * u^k}: higher puts more orders near the mid and
     * fewer, sparser levels deep in the book.
     */
    public BookFlow concentration(final double concentration)
    {
        this.concentration = concentration;
        return this;
    }

    /** A new or moved order may be priced up to this many ticks through the mid, which is where trades come from. */
    public BookFlow crossTicks(final int crossTicks)
    {
        this.crossTicks = crossTicks;
        return this;
    }

    public BookFlow tickSize(final long tickSize)
    {
        this.tickSize = tickSize;
        return this;
    }

    public BookFlow startPrice(final long startPrice)
    {
        this.startPrice = startPrice;
        return this;
    }

    /** Accounts the orders are spread over (ids 1..accounts). */
    public BookFlow accounts(final int accounts)
    {
        this.accounts = accounts;
        return this;
    }

    /** Quantities of new orders are uniform in 1..maxQuantity (lot size 1). */
    public BookFlow maxQuantity(final int maxQuantity)
    {
        this.maxQuantity = maxQuantity;
        return this;
    }

    /**
     * Sets the command mix in percent; the six must add up to 100.
     *
     * @return this.
     */
    public BookFlow mix(
        final double move, final double limit, final double cancel, final double reduce, final double ioc,
        final double fok)
    {
        mix = new Mix(move, limit, cancel, reduce, ioc, fok);
        return this;
    }

    public String name()
    {
        return name;
    }

    public long seed()
    {
        return seed;
    }

    public int commands()
    {
        return commands;
    }

    public int liveOrders()
    {
        return liveOrders;
    }

    public int depthTicks()
    {
        return depthTicks;
    }

    public int crossTicks()
    {
        return crossTicks;
    }

    public double concentration()
    {
        return concentration;
    }

    public long tickSize()
    {
        return tickSize;
    }

    public long startPrice()
    {
        return startPrice;
    }

    public int accounts()
    {
        return accounts;
    }

    public int maxQuantity()
    {
        return maxQuantity;
    }

    public Mix mix()
    {
        return mix;
    }

    /**
     * @return one line with every setting, for logs and reports.
     */
    public String describe()
    {
        return String.format(Locale.ROOT,
            "%s: seed %d, %,d commands, ~%,d live orders, depth %,d ticks (u^%.1f, +%d through the mid), tick %d, " +
            "start %d, " +
            "%d accounts, qty 1..%d, mix move %.1f%% / GTC %.1f%% / cancel %.1f%% / reduce %.1f%% / IOC %.1f%% / " +
            "FOK %.1f%%",
            name, seed, commands, liveOrders, depthTicks, concentration, crossTicks, tickSize, startPrice, accounts, maxQuantity,
            mix.move(), mix.limit(), mix.cancel(), mix.reduce(), mix.ioc(), mix.fok());
    }

    void validate()
    {
        if (commands < 0 || liveOrders <= 0 || depthTicks <= 0 || crossTicks < 0 || tickSize <= 0 || accounts <= 0 ||
            maxQuantity <= 1 || concentration <= 0 || startPrice <= 0 || startPrice % tickSize != 0)
        {
            throw new IllegalArgumentException("invalid book flow settings: " + describe());
        }
    }
}
