package io.peregrine.risk;

/**
 * Kill switches: one global and one per account slot. While on, new orders and replaces are refused
 * ({@code KILL_SWITCH_GLOBAL} / {@code KILL_SWITCH_ACCOUNT}); fills and closes are still booked. Core thread only;
 * allocation free after construction.
 */
final class KillSwitch
{
    private final boolean[] accountKilled;
    private boolean globalKilled;

    KillSwitch(final int accountCapacity)
    {
        accountKilled = new boolean[accountCapacity];
    }

    boolean isGlobalKilled()
    {
        return globalKilled;
    }

    void global(final boolean killed)
    {
        globalKilled = killed;
    }

    boolean isAccountKilled(final int accountSlot)
    {
        return accountKilled[accountSlot];
    }

    void account(final int accountSlot, final boolean killed)
    {
        accountKilled[accountSlot] = killed;
    }
}
