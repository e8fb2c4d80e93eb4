package io.peregrine.bench.book;

/**
 * A replay of a {@link BookCommands} stream into one book under test, one command per {@link #next()}: where the
 * replay stands in the stream and what every replay counts the same way (the events the book reported, its trades,
 * the commands it refused, which a correct book never does on a generated stream). Both books under test replay
 * through it, so they see exactly the same commands. At the end of the stream it wraps to the start and shifts every
 * order id by the number of new orders, so a replayed pass never reuses a live id.
 * <p>
 * Single-threaded; allocates nothing after construction.
 */
public abstract class BookReplay
{
    final BookCommands commands;
    final TradeSink trades;
    private final int count;
    private int index;
    private long idOffset;
    long events;
    long tradeCount;
    long failures;

    BookReplay(final BookCommands commands, final TradeSink trades)
    {
        this.commands = commands;
        this.trades = trades;
        count = commands.count();
    }

    /**
     * Plays the next command.
     *
     * @return events reported so far (for a benchmark to consume).
     */
    public abstract long next();

    /**
     * Plays one whole pass from the current position to the end of the stream.
     */
    public final void runPass()
    {
        do
        {
            next();
        }
        while (0 != index);
    }

    /**
     * @return trades the book reported so far.
     */
    public final long trades()
    {
        return tradeCount;
    }

    /**
     * @return commands the book refused so far.
     */
    public final long failures()
    {
        return failures;
    }

    /** @return the command to play now. */
    final int index()
    {
        return index;
    }

    /** @return the order id of command {@code i} in the current pass. */
    final long orderId(final int i)
    {
        return commands.orderId(i) + idOffset;
    }

    /**
     * Moves past the current command, wrapping at the end of the stream.
     */
    final void advance()
    {
        if (index + 1 == count)
        {
            index = 0;
            idOffset += commands.newOrders();
        }
        else
        {
            index++;
        }
    }
}
