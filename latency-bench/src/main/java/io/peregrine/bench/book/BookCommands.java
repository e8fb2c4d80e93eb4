package io.peregrine.bench.book;

import java.util.Arrays;

/**
 * A pre-generated stream of order-book commands held in parallel primitive arrays, so that replaying it reads
 * arrays and allocates nothing. Each command carries what both books under test need: matching-sim's
 * {@code MatchingEngine} (total quantities, limit prices) and exchange-core's {@code OrderBookDirectImpl} (reduce-by
 * sizes, FOK budgets).
 * <p>
 * Order ids are 1, 2, 3, ... in the order of the new-order commands, which is how {@code MatchingEngine} assigns
 * them; the stream ends with an empty book, so a replay can run it again with every id shifted by
 * {@link #newOrders()}. Built once by {@link BookFlowGenerator}; read-only afterwards and safe to share.
 */
public final class BookCommands
{
    /** New LIMIT GTC order: rests what it does not match. */
    public static final byte LIMIT_GTC = 0;
    /** New LIMIT IOC order: the remainder expires. */
    public static final byte LIMIT_IOC = 1;
    /** New LIMIT FOK order: trades completely or not at all ({@link #exchangePrice} holds exchange-core's budget). */
    public static final byte LIMIT_FOK = 2;
    /** Moves a resting order to a new price, keeping its quantity; it may trade there. */
    public static final byte MOVE = 3;
    /** Lowers a resting order's quantity, keeping its time priority. */
    public static final byte REDUCE = 4;
    /** Cancels a resting order. */
    public static final byte CANCEL = 5;

    private final byte[] kinds;
    private final boolean[] buys;
    private final long[] orderIds;
    private final long[] accounts;
    private final long[] prices;
    private final long[] quantities;
    private final long[] exchangePrices;
    private final long[] exchangeSizes;
    private final int count;
    private final long newOrders;
    private final BookFlow flow;
    private final BookFlowStats stats;

    private BookCommands(final Builder builder, final long newOrders, final BookFlow flow, final BookFlowStats stats)
    {
        // the builder's arrays as they are (possibly longer than count): it is not used again
        count = builder.count;
        kinds = builder.kinds;
        buys = builder.buys;
        orderIds = builder.orderIds;
        accounts = builder.accounts;
        prices = builder.prices;
        quantities = builder.quantities;
        exchangePrices = builder.exchangePrices;
        exchangeSizes = builder.exchangeSizes;
        this.newOrders = newOrders;
        this.flow = flow;
        this.stats = stats;
    }

    /**
     * @return number of commands.
     */
    public int count()
    {
        return count;
    }

    /**
     * @return number of new-order commands, so the highest order id of one pass.
     */
    public long newOrders()
    {
        return newOrders;
    }

    /**
     * @return the settings the stream was generated from.
     */
    public BookFlow flow()
    {
        return flow;
    }

    /**
     * @return what the stream holds (realised mix, depth, trades), measured while generating it.
     */
    public BookFlowStats stats()
    {
        return stats;
    }

    /**
     * @param i command index.
     * @return one of {@link #LIMIT_GTC}, {@link #LIMIT_IOC}, {@link #LIMIT_FOK}, {@link #MOVE}, {@link #REDUCE},
     * {@link #CANCEL}.
     */
    public byte kind(final int i)
    {
        return kinds[i];
    }

    /**
     * @param i command index.
     * @return whether the order is a buy (for every kind: the side of the order the command names).
     */
    public boolean buy(final int i)
    {
        return buys[i];
    }

    /**
     * @param i command index.
     * @return the order id: the id a new order gets, or the id of the resting order a command names.
     */
    public long orderId(final int i)
    {
        return orderIds[i];
    }

    /**
     * @param i command index.
     * @return the account (exchange-core's uid) of the order.
     */
    public long account(final int i)
    {
        return accounts[i];
    }

    /**
     * @param i command index.
     * @return the limit price of a new order, or the new price of a move or reduce.
     */
    public long price(final int i)
    {
        return prices[i];
    }

    /**
     * @param i command index.
     * @return the total quantity: of a new order, or the order's new total after a move or reduce (matching-sim's
     * replace takes the total); 0 for a cancel.
     */
    public long quantity(final int i)
    {
        return quantities[i];
    }

    /**
     * @param i command index.
     * @return exchange-core's price field: the limit price, except for a FOK order, where it is the budget (the
     * total cost of the fill) that makes exchange-core's FOK_BUDGET decide as a limit FOK does.
     */
    public long exchangePrice(final int i)
    {
        return exchangePrices[i];
    }

    /**
     * @param i command index.
     * @return exchange-core's size field: the quantity of a new order, or how much a reduce removes.
     */
    public long exchangeSize(final int i)
    {
        return exchangeSizes[i];
    }

    /**
     * Collects commands one at a time into growing arrays; {@link BookFlowGenerator} uses it while it generates.
     * Set-up code: allocates, single-threaded.
     */
    static final class Builder
    {
        private byte[] kinds;
        private boolean[] buys;
        private long[] orderIds;
        private long[] accounts;
        private long[] prices;
        private long[] quantities;
        private long[] exchangePrices;
        private long[] exchangeSizes;
        private int count;

        /**
         * @param expected commands expected; the arrays grow past it if needed.
         */
        Builder(final int expected)
        {
            kinds = new byte[expected];
            buys = new boolean[expected];
            orderIds = new long[expected];
            accounts = new long[expected];
            prices = new long[expected];
            quantities = new long[expected];
            exchangePrices = new long[expected];
            exchangeSizes = new long[expected];
        }

        /**
         * Appends one command; the arguments are what the accessors of the same names return for it.
         */
        void add(
            final byte kind,
            final boolean buy,
            final long orderId,
            final long account,
            final long price,
            final long quantity,
            final long exchangePrice,
            final long exchangeSize)
        {
            if (count == kinds.length)
            {
                grow(count + (count >> 1) + 16);
            }
            kinds[count] = kind;
            buys[count] = buy;
            orderIds[count] = orderId;
            accounts[count] = account;
            prices[count] = price;
            quantities[count] = quantity;
            exchangePrices[count] = exchangePrice;
            exchangeSizes[count] = exchangeSize;
            count++;
        }

        /**
         * Ends the builder: add nothing after this.
         *
         * @param newOrders number of new-order commands.
         * @param flow      the settings the commands were generated from.
         * @param stats     what they hold.
         * @return the commands added so far, read-only.
         */
        BookCommands build(final long newOrders, final BookFlow flow, final BookFlowStats stats)
        {
            return new BookCommands(this, newOrders, flow, stats);
        }

        private void grow(final int capacity)
        {
            kinds = Arrays.copyOf(kinds, capacity);
            buys = Arrays.copyOf(buys, capacity);
            orderIds = Arrays.copyOf(orderIds, capacity);
            accounts = Arrays.copyOf(accounts, capacity);
            prices = Arrays.copyOf(prices, capacity);
            quantities = Arrays.copyOf(quantities, capacity);
            exchangePrices = Arrays.copyOf(exchangePrices, capacity);
            exchangeSizes = Arrays.copyOf(exchangeSizes, capacity);
        }
    }
}
