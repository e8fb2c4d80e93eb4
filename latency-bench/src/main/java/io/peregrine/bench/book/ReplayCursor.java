package io.peregrine.bench.book;

/**
 * Where a replay stands in a {@link BookCommands} stream, shared by {@link PeregrineReplay} and
 * {@link ExchangeCoreReplay} so both books see exactly the same commands. At the end of the stream it wraps to the
 * start and shifts every order id by the number of new orders, so a replayed pass never reuses a live id.
 * Allocation free; used by the replay's thread only.
 */
final class ReplayCursor
{
    private final BookCommands commands;
    private final int count;
    private int index;
    private long idOffset;

    ReplayCursor(final BookCommands commands)
    {
        this.commands = commands;
        this.count = commands.count();
    }

    /** @return the command to play now. */
    int index()
    {
        return index;
    }

    /** @return the order id of command {@code i} in the current pass. */
    long orderId(final int i)
    {
        return commands.orderId(i) + idOffset;
    }

    /**
     * Moves past the current command, wrapping at the end of the stream.
     *
     * @return true when that ended a pass (the cursor is back at the start).
     */
    boolean advance()
    {
        if (index + 1 == count)
        {
            index = 0;
            idOffset += commands.newOrders();
            return true;
        }
        index++;
        return false;
    }
}
