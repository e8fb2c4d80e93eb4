package io.peregrine.bench.book;

import java.util.Arrays;

/**
 * A pre-generated stream of order-book commands held in one primitive array, a row of longs per command, so that
 * replaying it reads an array and allocates nothing. Each command carries what both books under test need: matching-sim's
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

    // one row of FIELDS longs per command, the fields of a command side by side (a replay reads them together)
    private static final int KIND = 0;
    private static final int BUY = 1;
    private static final int ORDER_ID = 2;
    private static final int ACCOUNT = 3;
    private static final int PRICE = 4;
    private static final int QUANTITY = 5;
    private static final int EXCHANGE_PRICE = 6;
    private static final int EXCHANGE_SIZE = 7;
    private static final int FIELDS = 8;

    private final long[] rows;
    private final int count;
    private final long newOrders;
    private final BookFlow flow;
    private final BookFlowStats stats;

    private BookCommands(final Builder builder, final long newOrders, final BookFlow flow, final BookFlowStats stats)
    {
        // the builder's array as it is (possibly longer than count rows): it is not used again
        count = builder.count;
        rows = builder.rows;
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
        return (byte)rows[i * FIELDS + KIND];
    }

    /**
     * @param i command index.
     * @return whether the order is a buy (for every kind: the side of the order the command names).
     */
    public boolean buy(final int i)
    {
        return rows[i * FIELDS + BUY] != 0;
    }

    /**
     * @param i command index.
     * @return the order id: the id a new order gets, or the id of the resting order a command names.
     */
    public long orderId(final int i)
    {
        return rows[i * FIELDS + ORDER_ID];
    }

    /**
     * @param i command index.
     * @return the account (exchange-core's uid) of the order.
     */
    public long account(final int i)
    {
        return rows[i * FIELDS + ACCOUNT];
    }

    /**
     * @param i command index.
     * @return the limit price of a new order, or the new price of a move or reduce.
     */
    public long price(final int i)
    {
        return rows[i * FIELDS + PRICE];
    }

    /**
     * @param i command index.
     * @return the total quantity: of a new order, or the order's new total after a move or reduce (matching-sim's
     * replace takes the total); 0 for a cancel.
     */
    public long quantity(final int i)
    {
        return rows[i * FIELDS + QUANTITY];
    }

    /**
     * @param i command index.
     * @return exchange-core's price field: the limit price, except for a FOK order, where it is the budget (the
     * total cost of the fill) that makes exchange-core's FOK_BUDGET decide as a limit FOK does.
     */
    public long exchangePrice(final int i)
    {
        return rows[i * FIELDS + EXCHANGE_PRICE];
    }

    /**
     * @param i command index.
     * @return exchange-core's size field: the quantity of a new order, or how much a reduce removes.
     */
    public long exchangeSize(final int i)
    {
        return rows[i * FIELDS + EXCHANGE_SIZE];
    }

    /**
     * Collects commands one at a time into growing arrays; {@link BookFlowGenerator} uses it while it generates.
     * Set-up code: allocates, single-threaded.
     */
    static final class Builder
    {
        private long[] rows;
        private int count;

        /**
         * @param expected commands expected; the rows grow past it if needed.
         */
        Builder(final int expected)
        {
            rows = new long[expected * FIELDS];
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
            final int row = count * FIELDS;
            if (row == rows.length)
            {
                rows = Arrays.copyOf(rows, (count + (count >> 1) + 16) * FIELDS);
            }
            rows[row + KIND] = kind;
            rows[row + BUY] = buy ? 1 : 0;
            rows[row + ORDER_ID] = orderId;
            rows[row + ACCOUNT] = account;
            rows[row + PRICE] = price;
            rows[row + QUANTITY] = quantity;
            rows[row + EXCHANGE_PRICE] = exchangePrice;
            rows[row + EXCHANGE_SIZE] = exchangeSize;
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
    }
}
