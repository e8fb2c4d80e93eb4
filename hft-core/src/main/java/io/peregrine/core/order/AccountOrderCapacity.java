package io.peregrine.core.order;

import org.agrona.collections.Long2LongHashMap;

/**
 * Caps the working orders one account may hold in the {@link OrderTable}, so that a flooding account cannot take
 * the slots every other account needs: with the cap at a quarter of the table (the default), an account that hits
 * it is refused {@code THROTTLED} while three quarters of the table stay free for the others.
 * <p>
 * Counts per account: +1 when an order is indexed, -1 when it closes. An account's entry stays at 0 when its last
 * order closes rather than being removed, so an account trading one order at a time costs two in-place updates, not
 * an insert and a removal (with the map's backward-shift compaction) per order. Entries exist only for accounts
 * that had an order opened, which risk admits only for known accounts. Pre-sized for the expected number of
 * accounts; an account beyond that grows the map once (start-up sized, not per order). Single threaded: the core
 * agent thread, through {@link OrderTable}.
 */
public final class AccountOrderCapacity
{
    private static final long NONE = -1;

    private final int maxPerAccount;
    private final Long2LongHashMap working;

    /**
     * @param maxPerAccount    most working orders per account, at least 1.
     * @param expectedAccounts accounts to pre-size for.
     */
    public AccountOrderCapacity(final int maxPerAccount, final int expectedAccounts)
    {
        if (maxPerAccount < 1)
        {
            throw new IllegalArgumentException("max working orders per account must be at least 1: " + maxPerAccount);
        }
        this.maxPerAccount = maxPerAccount;
        this.working = new Long2LongHashMap(Math.max(16, expectedAccounts * 2), 0.65f, NONE);
    }

    /**
     * @return most working orders per account.
     */
    public int maxPerAccount()
    {
        return maxPerAccount;
    }

    /**
     * @param account packed account.
     * @return whether the account may open one more order.
     */
    public boolean hasRoomFor(final long account)
    {
        return workingOrders(account) < maxPerAccount;
    }

    /**
     * @param account packed account.
     * @return its working orders.
     */
    public long workingOrders(final long account)
    {
        final long count = working.get(account);
        return NONE == count ? 0 : count;
    }

    void onWorking(final long account)
    {
        working.put(account, workingOrders(account) + 1);
    }

    void onClosed(final long account)
    {
        working.put(account, Math.max(0, workingOrders(account) - 1));
    }
}
