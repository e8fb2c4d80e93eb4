package io.peregrine.risk;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Positions and open exposure in flat pre-sized arrays: per account and instrument pair (index
 * {@code accountSlot * instrumentCapacity + instrumentSlot}) the position, open buy and open sell quantity; per
 * account the open order count, open (reserved) notional and executed notional of the day.
 * <p>
 * Positions and executed notional are written through to the {@link RiskStore}. Releases never drive a value below
 * zero: a release larger than what is open (a bookkeeping error by the caller) is clamped and counted in
 * {@link #anomalies()}, and when an account's last open order closes its open notional is reset to exactly zero,
 * so rounding of MARKET reservations cannot accumulate. Core thread only; allocation free after construction.
 */
final class ExposureBook
{
    private final RiskStore store;
    private final int instrumentCapacity;
    private final long[] position;
    private final long[] openBuy;
    private final long[] openSell;
    private final int[] openOrders;
    private final long[] openNotional;
    private final long[] executedNotional;
    /** A pair's snapshot record, in order: position, open buy, open sell (8 bytes each). */
    private final long[][] pairColumns;
    /** An account's snapshot record after its open order count (4 bytes): open, executed notional (8 bytes each). */
    private final long[][] accountColumns;
    private long anomalies;

    ExposureBook(final RiskStore store, final int accountCapacity, final int instrumentCapacity)
    {
        this.store = store;
        this.instrumentCapacity = instrumentCapacity;
        final int pairs = accountCapacity * instrumentCapacity;
        position = new long[pairs];
        openBuy = new long[pairs];
        openSell = new long[pairs];
        openOrders = new int[accountCapacity];
        openNotional = new long[accountCapacity];
        executedNotional = new long[accountCapacity];
        pairColumns = new long[][]{position, openBuy, openSell};
        accountColumns = new long[][]{openNotional, executedNotional};
    }

    int pair(final int accountSlot, final int instrumentSlot)
    {
        return accountSlot * instrumentCapacity + instrumentSlot;
    }

    void restorePosition(final int pair, final long value)
    {
        position[pair] = value;
    }

    void restoreExecutedNotional(final int accountSlot, final long value)
    {
        executedNotional[accountSlot] = value;
    }

    long position(final int pair)
    {
        return position[pair];
    }

    long openBuy(final int pair)
    {
        return openBuy[pair];
    }

    long openSell(final int pair)
    {
        return openSell[pair];
    }

    int openOrders(final int accountSlot)
    {
        return openOrders[accountSlot];
    }

    long openNotional(final int accountSlot)
    {
        return openNotional[accountSlot];
    }

    long executedNotional(final int accountSlot)
    {
        return executedNotional[accountSlot];
    }

    long anomalies()
    {
        return anomalies;
    }

    void open(final int accountSlot, final int pair, final boolean buy, final long quantity, final long notional)
    {
        reserve(accountSlot, pair, buy, quantity, notional);
        openOrders[accountSlot]++;
    }

    void move(
        final int accountSlot,
        final int pair,
        final boolean buy,
        final long oldQuantity,
        final long oldNotional,
        final long newQuantity,
        final long newNotional)
    {
        releaseQuantity(pair, buy, oldQuantity);
        releaseNotional(accountSlot, oldNotional);
        reserve(accountSlot, pair, buy, newQuantity, newNotional);
    }

    private void reserve(
        final int accountSlot, final int pair, final boolean buy, final long quantity, final long notional)
    {
        if (buy)
        {
            openBuy[pair] = Notional.add(openBuy[pair], quantity);
        }
        else
        {
            openSell[pair] = Notional.add(openSell[pair], quantity);
        }
        openNotional[accountSlot] = Notional.add(openNotional[accountSlot], notional);
    }

    /**
     * Books a fill: releases {@code releasedQty} (and {@code reservedNotional}) of the open exposure and moves the
     * position by {@code quantity}, which is larger when the venue filled beyond the order's open reservation (the
     * caller caps the release at what the order holds, so other orders' reservations stay).
     */
    void fill(
        final int accountSlot,
        final int pair,
        final boolean buy,
        final long releasedQty,
        final long reservedNotional,
        final long quantity,
        final long executed)
    {
        releaseQuantity(pair, buy, releasedQty);
        releaseNotional(accountSlot, reservedNotional);

        final long newPosition = buy ?
            Notional.add(position[pair], quantity) : Notional.subtract(position[pair], quantity);
        position[pair] = newPosition;
        store.position(pair, newPosition);

        final long newExecuted = Notional.add(executedNotional[accountSlot], executed);
        executedNotional[accountSlot] = newExecuted;
        store.executedNotional(accountSlot, newExecuted);
    }

    void close(final int accountSlot, final int pair, final boolean buy, final long leaves, final long reservedNotional)
    {
        releaseQuantity(pair, buy, leaves);
        releaseNotional(accountSlot, reservedNotional);
        if (openOrders[accountSlot] > 0)
        {
            openOrders[accountSlot]--;
        }
        else
        {
            anomalies++;
        }
        if (openOrders[accountSlot] == 0)
        {
            openNotional[accountSlot] = 0;
        }
    }

    void resetExecutedNotional(final int accountSlot)
    {
        executedNotional[accountSlot] = 0;
        store.executedNotional(accountSlot, 0);
    }

    private void releaseQuantity(final int pair, final boolean buy, final long quantity)
    {
        final long[] open = buy ? openBuy : openSell;
        final long current = open[pair];
        if (quantity > current)
        {
            anomalies++;
            open[pair] = 0;
        }
        else
        {
            open[pair] = current - quantity;
        }
    }

    private void releaseNotional(final int accountSlot, final long notional)
    {
        final long current = openNotional[accountSlot];
        openNotional[accountSlot] = notional > current ? 0 : current - notional;
    }

    /**
     * Writes an account's open order count, open and executed notional for a core snapshot. Allocation free.
     *
     * @return offset after what was written.
     */
    int snapshotAccountTo(final int accountSlot, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, openOrders[accountSlot]);
        return snapshotTo(accountColumns, accountSlot, buffer, offset + 4);
    }

    /**
     * Restores what {@link #snapshotAccountTo} wrote (not written through to the store: snapshots go with the
     * in-memory store). Launching thread.
     *
     * @return offset after what was read.
     */
    int restoreAccountFrom(final int accountSlot, final DirectBuffer buffer, final int offset)
    {
        openOrders[accountSlot] = buffer.getInt(offset);
        return restoreFrom(accountColumns, accountSlot, buffer, offset + 4);
    }

    /**
     * Writes a pair's position, open buy and open sell quantity for a core snapshot. Allocation free.
     *
     * @return offset after what was written.
     */
    int snapshotPairTo(final int pair, final MutableDirectBuffer buffer, final int offset)
    {
        return snapshotTo(pairColumns, pair, buffer, offset);
    }

    /**
     * Restores what {@link #snapshotPairTo} wrote. Launching thread.
     *
     * @return offset after what was read.
     */
    int restorePairFrom(final int pair, final DirectBuffer buffer, final int offset)
    {
        return restoreFrom(pairColumns, pair, buffer, offset);
    }

    private static int snapshotTo(
        final long[][] columns, final int index, final MutableDirectBuffer buffer, final int offset)
    {
        int at = offset;
        for (final long[] column : columns)
        {
            buffer.putLong(at, column[index]);
            at += 8;
        }
        return at;
    }

    private static int restoreFrom(final long[][] columns, final int index, final DirectBuffer buffer, final int offset)
    {
        int at = offset;
        for (final long[] column : columns)
        {
            column[index] = buffer.getLong(at);
            at += 8;
        }
        return at;
    }

    void anomalies(final long value)
    {
        anomalies = value;
    }

    /**
     * Zeroes every array (before a snapshot is restored into a used instance).
     */
    void clear()
    {
        java.util.Arrays.fill(position, 0);
        java.util.Arrays.fill(openBuy, 0);
        java.util.Arrays.fill(openSell, 0);
        java.util.Arrays.fill(openOrders, 0);
        java.util.Arrays.fill(openNotional, 0);
        java.util.Arrays.fill(executedNotional, 0);
        anomalies = 0;
    }
}
