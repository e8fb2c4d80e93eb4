package io.peregrine.risk;

/**
 * Where the risk state that must survive a restart goes: positions, the executed (daily) notional per account, kill
 * switches and the limits in force. {@link PreTradeRisk} keeps the working copy in arrays and writes through.
 * <p>
 * Binding ({@code bind*}) happens when a slot is handed out (startup, restore, limit adoption) and may allocate;
 * {@link #position(int, long)} and {@link #executedNotional(int, long)} run on every fill, {@link #flush()} once per
 * duty cycle; none of them may allocate. {@link #saveLimits(RiskLimits)} may be called from any thread (under
 * {@link PreTradeRisk}'s publish lock); everything else on the core thread.
 */
interface RiskStore extends AutoCloseable
{
    /**
     * Receives stored positions on restore.
     */
    interface PositionVisitor
    {
        void onPosition(long account, long symbol);
    }

    /**
     * @return the last saved limits, or null if none were saved.
     */
    RiskLimits loadLimits();

    void saveLimits(RiskLimits limits);

    void forEachPosition(PositionVisitor visitor);

    /**
     * Binds a pair to its persisted position; its account is bound first ({@link #bindAccount(int, long)}).
     *
     * @param pairIndex   the pair's index.
     * @param accountSlot the slot its account was bound to.
     * @param account     packed account.
     * @param symbol      packed symbol.
     * @return the stored position of the pair, 0 if none.
     */
    long bindPosition(int pairIndex, int accountSlot, long account, long symbol);

    /**
     * @return the stored executed notional of the account, 0 if none.
     */
    long bindAccount(int accountSlot, long account);

    /**
     * A pair's new position; durable once {@link #flush()} returned (a store may write it earlier).
     */
    void position(int pairIndex, long value);

    /**
     * An account's new executed notional; durable once {@link #flush()} returned (a store may write it earlier).
     */
    void executedNotional(int accountSlot, long value);

    /**
     * Writes the positions and executed notionals given since the last flush, the latest value of each once.
     * Core thread, once per duty cycle; allocation free.
     */
    void flush();

    /**
     * @return the trading day the executed notionals belong to ({@link TradingDay#dayOf}), or
     *         {@link PreTradeRisk#NO_TRADING_DAY} if none was stored (a new store, or one written before days were).
     */
    long tradingDay();

    /**
     * The trading day the executed notionals belong to from now on; written at once (after the new day's zeroed
     * notionals were flushed, so a crash between the two repeats the reset, never skips it). Core thread, allocation
     * free.
     */
    void tradingDay(long day);

    boolean isAccountKilled(long account);

    void accountKilled(long account, boolean killed);

    boolean isGlobalKilled();

    void globalKilled(boolean killed);

    void close();
}
