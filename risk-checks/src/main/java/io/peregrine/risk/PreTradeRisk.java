package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Pre-trade risk (SEC 15c3-5 style): evaluates new orders and replaces against a {@link RiskLimits} snapshot and
 * keeps the positions and open exposure they need.
 *
 * <h2>Checks, in this order (the first failure is returned)</h2>
 * <ol>
 *     <li>kill switch, global: {@code KILL_SWITCH_GLOBAL}</li>
 *     <li>known account: {@code UNKNOWN_ACCOUNT}</li>
 *     <li>kill switch of the account: {@code KILL_SWITCH_ACCOUNT}</li>
 *     <li>known, tradable instrument: {@code UNKNOWN_INSTRUMENT}, {@code INSTRUMENT_NOT_TRADABLE}</li>
 *     <li>restricted list (global flag, account's symbols): {@code RESTRICTED_INSTRUMENT}</li>
 *     <li>side and order type (LIMIT or MARKET): {@code INVALID_ENUM_VALUE}, {@code UNSUPPORTED_ORDER_TYPE}</li>
 *     <li>duplicate client order id of the account: {@code DUPLICATE_CLIENT_ORDER_ID}</li>
 *     <li>quantity above zero, at most min(account, instrument) max: {@code INVALID_QUANTITY},
 *     {@code QUANTITY_ABOVE_MAX}</li>
 *     <li>lot multiple: {@code LOT_SIZE_VIOLATION}</li>
 *     <li>LIMIT only: price above zero, tick multiple, inside the collar: {@code INVALID_PRICE},
 *     {@code TICK_SIZE_VIOLATION}, {@code PRICE_OUTSIDE_COLLAR}</li>
 *     <li>order notional: {@code MAX_NOTIONAL_EXCEEDED}</li>
 *     <li>worst-case position: {@code POSITION_LIMIT_EXCEEDED}</li>
 *     <li>daily notional / credit: {@code CREDIT_LIMIT_EXCEEDED}</li>
 *     <li>open orders (new orders only): {@code OPEN_ORDER_LIMIT_EXCEEDED}</li>
 *     <li>order rate: {@code ORDER_RATE_EXCEEDED}</li>
 * </ol>
 * Cheap, state-free refusals come first; quantity and price are bounded before any product or sum is formed, and
 * notionals and sums saturate ({@link Notional}), so no input can overflow a check into a pass. The checks that
 * change state (rate token, client order id, exposure) are applied only when every check passed.
 * <p>
 * MARKET orders are checked and reserved at the worst-case price {@link InstrumentLimits#collarHigh()} (reference
 * price + collar) for both sides: it is the largest notional the order can reach inside the collar, so notional,
 * position and credit checks stay conservative for buys and sells alike.
 *
 * <h2>Bookkeeping contract: the reservation</h2>
 * An accepted order's exposure is a {@link RiskReservation}: {@link #evaluateNewOrder} fills in the caller's
 * instance (account, symbol, side, the price reserved at, quantity) and the caller hands it back to
 * {@link #onFill} per execution, to {@link #evaluateReplace} / {@link #onReplaceSettled} when the order is replaced,
 * and to {@link #onOrderClosed} exactly once when the order leaves the book for any reason (filled, cancelled,
 * rejected, expired). The caller keeps those values with its order (the core's {@code OrderTable}) and loads them
 * into a reusable instance before each call; the engine keeps no per-order state and nothing links its calls but
 * the reservation. The price reserved at is exact for MARKET orders (the worst-case price at acceptance) even
 * across reference-price changes. A fill releases at most the order's own open reservation: a venue's overfill (or
 * a fill after the order closed) moves the position without touching the reservations of the account's other orders
 * in the symbol, and {@link #onFill(RiskReservation, long, long)} returns the quantity beyond the reservation.
 * Inconsistent calls (releasing more than is open, unknown account, releasing a
 * reservation twice) never throw or drive state negative; they are clamped and counted in
 * {@link #bookkeepingAnomalies()}.
 *
 * <h2>Threads and allocation</h2>
 * Single-threaded: every method except {@link #swapLimits(RiskLimits)} must be called on the core thread.
 * {@link #evaluateNewOrder}, {@link #evaluateReplace}, {@link #onFill}, {@link #onOrderClosed},
 * {@link #onReplaceSettled} and the queries allocate nothing and throw nothing for business outcomes, in memory and
 * persistent (proven by {@code RiskAllocationTest}) - except the one evaluation that adopts a newly swapped snapshot,
 * which may allocate state for accounts or instruments it has not seen before. Construction, kill switches, limit
 * updates and swaps are admin paths and allocate.
 *
 * <h2>Limit swaps</h2>
 * {@link #swapLimits(RiskLimits)} publishes an immutable snapshot through a volatile field; the core thread adopts
 * it at the start of its next evaluation (and of {@link #applyLimitUpdate}, kill and resume calls), so an
 * evaluation sees the old snapshot or the new one, never a mix. Positions, open exposure, rate buckets and client
 * order ids are keyed by account and symbol, not by snapshot, and survive swaps.
 *
 * <h2>Trading day</h2>
 * The executed part of the daily notional belongs to a trading day ({@link TradingDay}: days start at a configured
 * time of day, UTC). {@link #onTime(long)} hands risk the time of the event being handled (the evaluations call it
 * with their {@code nowNanos}, the core before booking a fill); the first time of a later day than the one the
 * executed notionals belong to zeroes them. What the day is follows only from the times passed in, so a replay of
 * the journal reaches the same state as the live run. The day only moves forward: a time of an earlier day (the
 * clock stepped back across the boundary) is booked into the current day and resets nothing, so a step back never
 * makes a second reset at the boundary, and the next boundary still resets once. Open reservations, positions,
 * client order ids, kill switches and rate buckets are not part of the day.
 *
 * <h2>Persistence</h2>
 * {@link #persistent(RiskLimits, Path)} keeps positions, executed daily notional, kill switches and the limits in
 * force in a memory-mapped state file and a Chronicle Map of limits ({@code ChronicleRiskStore}). Fills reach the
 * state file at the next {@link #flush()} (once per duty cycle); kill switches, limits and a new day are written at
 * once. Limits saved by an earlier run (the last swap or update) win over the {@code limits} argument. Open exposure
 * is not persisted: after a restart it is rebuilt by the caller re-submitting its working orders, or starts empty.
 */
public final class PreTradeRisk implements AutoCloseable
{
    /** The trading day before any time was seen (nothing booked belongs to a day yet). */
    public static final long NO_TRADING_DAY = Long.MIN_VALUE;

    /** {@link #bookkeepingSlots} when there is nothing to book (slots are never negative: -1 is no pair of them). */
    private static final long NO_SLOTS = -1L;

    private final RiskStore store;
    private final int accountCapacity;
    private final int instrumentCapacity;
    private final int clOrdIdWindow;
    private final SlotIndex accountSlots;
    private final SlotIndex instrumentSlots;
    private final AccountLimits[] accountLimitsBySlot;
    private final InstrumentLimits[] instrumentLimitsBySlot;
    private final ClientOrderIdWindow[] clOrdIdsBySlot;
    private final ExposureBook book;
    private final OrderRateThrottle throttle;
    private final KillSwitch killSwitch;
    private final long[] rejectsByReason = new long[256];
    private final Object publishLock = new Object();
    private final RiskLimits[] updateResult = new RiskLimits[1];
    private final TradingDay tradingDay;

    private volatile RiskLimits published;
    private RiskLimits current;
    private long accepted;
    private long slotOverflows;
    private long ignoredBookkeeping;
    private boolean closed;
    private RiskLimits snapshotLimits;
    private byte[] snapshotLimitsText;
    private long currentDay;

    private PreTradeRisk(final RiskLimits limits, final RiskStore store, final TradingDay tradingDay)
    {
        this.store = store;
        this.tradingDay = tradingDay;
        currentDay = store.tradingDay();
        accountCapacity = limits.accountCapacity();
        instrumentCapacity = limits.instrumentCapacity();
        clOrdIdWindow = limits.clOrdIdWindow();
        accountSlots = new SlotIndex(accountCapacity);
        instrumentSlots = new SlotIndex(instrumentCapacity);
        accountLimitsBySlot = new AccountLimits[accountCapacity];
        instrumentLimitsBySlot = new InstrumentLimits[instrumentCapacity];
        clOrdIdsBySlot = new ClientOrderIdWindow[accountCapacity];
        book = new ExposureBook(store, accountCapacity, instrumentCapacity);
        throttle = new OrderRateThrottle(accountCapacity);
        killSwitch = new KillSwitch(accountCapacity);

        killSwitch.global(store.isGlobalKilled());
        store.forEachPosition((account, symbol) ->
        {
            if (assignAccount(account) == SlotIndex.MISSING || assignInstrument(symbol) == SlotIndex.MISSING)
            {
                throw new IllegalStateException("persisted position " + PackedAscii.unpack(account) + "/" +
                    PackedAscii.unpack(symbol) + " does not fit risk.accountCapacity=" + accountCapacity +
                    " / risk.instrumentCapacity=" + instrumentCapacity + "; raise them in the limits");
            }
        });
        published = limits;
        adopt(limits);
    }

    /**
     * Risk with state in memory only, trading days starting at midnight UTC. Edge: allocates the pre-sized state.
     *
     * @param limits the limits to start with.
     * @return a new instance, to be used on one (core) thread.
     */
    public static PreTradeRisk inMemory(final RiskLimits limits)
    {
        return inMemory(limits, TradingDay.UTC_MIDNIGHT);
    }

    /**
     * Risk with state in memory only. Edge: allocates the pre-sized state.
     *
     * @param limits     the limits to start with.
     * @param tradingDay when the executed daily notional starts again from zero.
     * @return a new instance, to be used on one (core) thread.
     */
    public static PreTradeRisk inMemory(final RiskLimits limits, final TradingDay tradingDay)
    {
        return new PreTradeRisk(Objects.requireNonNull(limits, "limits"), new TransientRiskStore(),
            Objects.requireNonNull(tradingDay, "tradingDay"));
    }

    /**
     * Risk whose positions, executed notional, kill switches and limits survive restarts, in files under
     * {@code stateDir} (created if missing). If limits were saved there before (by a previous run, a swap or
     * an update) they are used and {@code limits} is ignored; delete the directory to start from the file's limits.
     * Edge: allocates and maps the files.
     *
     * @param limits   the limits to start with when the directory holds none.
     * @param stateDir directory of the state files.
     * @return a new instance, to be used on one (core) thread; {@link #close()} it.
     */
    public static PreTradeRisk persistent(final RiskLimits limits, final Path stateDir)
    {
        return persistent(limits, stateDir, TradingDay.UTC_MIDNIGHT);
    }

    /**
     * Risk whose state survives restarts, as {@link #persistent(RiskLimits, Path)}, with trading days starting at
     * {@code tradingDay}'s time. The trading day the executed notionals belong to is stored with them, so a restart
     * on a later day zeroes them at the first event. Edge: allocates and maps the files.
     *
     * @param limits     the limits to start with when the directory holds none.
     * @param stateDir   directory of the state files.
     * @param tradingDay when the executed daily notional starts again from zero.
     * @return a new instance, to be used on one (core) thread; {@link #close()} it.
     */
    public static PreTradeRisk persistent(final RiskLimits limits, final Path stateDir, final TradingDay tradingDay)
    {
        Objects.requireNonNull(tradingDay, "tradingDay");
        final ChronicleRiskStore store = ChronicleRiskStore.open(stateDir, Objects.requireNonNull(limits, "limits"));
        try
        {
            return new PreTradeRisk(store.initialLimits(), store, tradingDay);
        }
        catch (final RuntimeException ex)
        {
            store.close();
            throw ex;
        }
    }

    /**
     * Checks a new order; on {@code NONE} it counts as open: its quantity and notional are reserved, the open order
     * count goes up, a rate token is taken and the client order id is remembered, and {@code into} holds the
     * reservation (account, symbol, side, reserved price, quantity, nothing filled) to hand back to
     * {@link #onFill}, {@link #evaluateReplace} and {@link #onOrderClosed}. On any other result {@code into}'s
     * values are unspecified. Allocation free.
     *
     * @param into     the caller's reusable reservation, filled in on {@code NONE}.
     * @param account  packed account.
     * @param symbol   packed symbol.
     * @param clOrdId  client order id, unique per account.
     * @param side     BUY or SELL.
     * @param ordType  LIMIT or MARKET.
     * @param price    limit price, fixed point; ignored for MARKET.
     * @param quantity order quantity.
     * @param nowNanos the caller's clock, nanoseconds since the epoch (the core's journaled input time), for the rate
     *                 throttle and the trading day ({@link #onTime}).
     * @return {@code NONE} or the reason of the first failed check.
     */
    public RejectReason evaluateNewOrder(
        final RiskReservation into,
        final long account,
        final long symbol,
        final long clOrdId,
        final Side side,
        final OrdType ordType,
        final long price,
        final long quantity,
        final long nowNanos)
    {
        onTime(nowNanos);
        final boolean buy = Side.BUY == side;
        // the order's key goes into the reservation first: the checks read it there, as they do for a replace
        into.accept(account, symbol, side, price, quantity);
        RejectReason reason = checkOrder(into, clOrdId, ordType, price, quantity);
        if (RejectReason.NONE == reason)
        {
            reason = admit(into, buy, true, clOrdId, 0, 0, quantity, nowNanos);
        }
        if (RejectReason.NONE != reason)
        {
            return reason;
        }
        book.open(into.accountSlot, into.pair, buy, quantity, into.notional);
        into.terms(into.evaluatedPrice, quantity);
        return RejectReason.NONE;
    }

    /**
     * Checks a replace of a working order; on {@code NONE} the reservation moves from its price and open quantity
     * to the new ones ({@code reservation} then holds {@code newQuantity} at the new reserved price), the new client
     * order id is remembered and a rate token is taken. The open order count is unchanged. All checks of a new order
     * apply except the open-order count; quantity checks apply to the new open quantity
     * ({@code newQuantity - filledQty}), position and credit checks to the exposure after the move. On any other
     * result {@code reservation} keeps its terms. Allocation free.
     *
     * @param reservation the order's reservation, as risk left it.
     * @param newClOrdId  client order id the order takes once replaced.
     * @param ordType     type of the order.
     * @param newPrice    new limit price (ignored for MARKET).
     * @param newQuantity total quantity to reserve from now on (filled quantity included).
     * @param nowNanos    the caller's clock, nanoseconds since the epoch (the core's journaled input time), for the
     *                    rate throttle and the trading day ({@link #onTime}).
     * @return {@code NONE} or the reason of the first failed check.
     */
    public RejectReason evaluateReplace(
        final RiskReservation reservation,
        final long newClOrdId,
        final OrdType ordType,
        final long newPrice,
        final long newQuantity,
        final long nowNanos)
    {
        onTime(nowNanos);
        final Side side = reservation.side();
        final boolean buy = Side.BUY == side;
        final long newLeavesQty = newQuantity - reservation.filledQty();
        RejectReason reason = checkOrder(reservation, newClOrdId, ordType, newPrice, newLeavesQty);
        final long oldQuantity = reservation.openQty();
        long oldNotional = 0;
        if (RejectReason.NONE == reason)
        {
            oldNotional = Notional.of(
                reservationPrice(reservation.price(), instrumentLimitsBySlot[reservation.instrumentSlot]), oldQuantity);
            reason = admit(reservation, buy, false, newClOrdId, oldQuantity, oldNotional, newLeavesQty, nowNanos);
        }
        if (RejectReason.NONE != reason)
        {
            return reason;
        }
        book.move(reservation.accountSlot, reservation.pair, buy, oldQuantity, oldNotional, newLeavesQty,
            reservation.notional);
        reservation.terms(reservation.evaluatedPrice, newQuantity);
        return RejectReason.NONE;
    }

    /**
     * The checks a new order and a replace share, once {@link #checkOrder} passed: the exposure after the
     * reservation moves from what it holds ({@code oldQuantity} open, {@code oldNotional}; 0 and 0 for a new order)
     * to {@code openQuantity} at the checked price (position and credit limits), the open order count (new orders
     * only) and the rate throttle. On {@code NONE} a rate token is taken, the client order id remembered and the
     * account/instrument pair left in the reservation's working values: the caller then opens or moves the book.
     */
    private RejectReason admit(
        final RiskReservation reservation,
        final boolean buy,
        final boolean newOrder,
        final long clOrdId,
        final long oldQuantity,
        final long oldNotional,
        final long openQuantity,
        final long nowNanos)
    {
        final int accountSlot = reservation.accountSlot;
        final AccountLimits accountLimits = accountLimitsBySlot[accountSlot];
        final int pair = book.pair(accountSlot, reservation.instrumentSlot);
        final long openBuy = buy ? Math.max(0, book.openBuy(pair) - oldQuantity) : book.openBuy(pair);
        final long openSell = buy ? book.openSell(pair) : Math.max(0, book.openSell(pair) - oldQuantity);
        RejectReason reason =
            PositionLimitCheck.check(buy, book.position(pair), openBuy, openSell, openQuantity, accountLimits);
        if (RejectReason.NONE != reason)
        {
            return reject(reason);
        }
        final long openNotional = Math.max(0, book.openNotional(accountSlot) - oldNotional);
        reason = CreditLimitCheck.check(
            book.executedNotional(accountSlot), openNotional, reservation.notional, accountLimits);
        if (RejectReason.NONE != reason)
        {
            return reject(reason);
        }
        if (newOrder)
        {
            reason = OpenOrderLimitCheck.check(book.openOrders(accountSlot), accountLimits);
            if (RejectReason.NONE != reason)
            {
                return reject(reason);
            }
        }
        final long rate = accountLimits.maxOrdersPerSecond();
        if (!throttle.canAcquire(accountSlot, rate, nowNanos))
        {
            return reject(RejectReason.ORDER_RATE_EXCEEDED);
        }

        throttle.acquire(accountSlot, rate, nowNanos);
        clOrdIdsBySlot[accountSlot].record(clOrdId);
        reservation.pair = pair;
        accepted++;
        return RejectReason.NONE;
    }

    /**
     * The venue answered a replace this risk had accepted: the reservation moves from the terms it holds to the
     * terms that stand - the old ones when the replace was refused (or never reached the venue), the confirmed
     * ones when a replace down was confirmed (risk held the larger quantity while it was pending). The new client
     * order id stays remembered. Allocation free.
     *
     * @param reservation the order's reservation, as risk left it.
     * @param price       reserved price that stands (a price risk set earlier, from {@link RiskReservation#price()}).
     * @param quantity    total quantity that stands (filled quantity included).
     */
    public void onReplaceSettled(final RiskReservation reservation, final long price, final long quantity)
    {
        final long filled = reservation.filledQty();
        moveReservation(reservation.account(), reservation.symbol(), reservation.side(), reservation.price(),
            reservation.openQty(), price, Math.max(0, quantity - filled));
        reservation.terms(price, quantity);
    }

    /**
     * Books an execution against a reservation: the position moves by {@code fillQty}, the filled part of the
     * reservation is released and {@code fillPrice * fillQty} is added to the executed daily notional (persisted at
     * the next {@link #flush()}). The order stays open until {@link #onOrderClosed(RiskReservation)}. Allocation free.
     * <p>
     * <b>Overfills.</b> At most the reservation's own {@link RiskReservation#openQty() open quantity} is released:
     * the open quantities of an account and symbol are one total shared by its orders, so releasing a venue's fill
     * beyond what this order holds would give away the reservations of its other orders (a later order could then
     * pass the position limit). The part beyond it (an overfill, or a fill after the order was closed and its
     * reservation released) still moves the position and the executed notional: it happened at the venue. It is
     * returned so that the caller can count and report it.
     *
     * @param reservation the order's reservation; its filled quantity grows by {@code fillQty}.
     * @param fillQty     executed quantity, above zero.
     * @param fillPrice   execution price.
     * @return the part of {@code fillQty} beyond the reservation's open quantity (booked, nothing released for it):
     *         0 for a fill within the order.
     */
    public long onFill(final RiskReservation reservation, final long fillQty, final long fillPrice)
    {
        if (fillQty <= 0)
        {
            return 0;
        }
        final long released = Math.min(fillQty, reservation.openQty());
        book(reservation.account(), reservation.symbol(), reservation.side(), reservation.price(), released, fillQty,
            fillPrice);
        reservation.filled(fillQty);
        return fillQty - released;
    }

    /**
     * The order left the book (fully filled, cancelled, rejected, expired): releases the rest of its reservation
     * ({@link RiskReservation#openQty()}) and the open order count, once: the reservation is then released, and
     * handing it back again (without a new {@link RiskReservation#load}) changes nothing and is counted in
     * {@link #bookkeepingAnomalies()}. Allocation free.
     *
     * @param reservation the order's reservation.
     */
    public void onOrderClosed(final RiskReservation reservation)
    {
        if (reservation.isReleased())
        {
            ignoredBookkeeping++;
            return;
        }
        onOrderClosed(reservation.account(), reservation.symbol(), reservation.side(), reservation.price(),
            reservation.openQty());
        reservation.release();
    }

    /**
     * Moves a reservation from one price and open quantity to another, keeping the open order count.
     */
    private void moveReservation(
        final long account,
        final long symbol,
        final Side side,
        final long fromPrice,
        final long fromQty,
        final long toPrice,
        final long toQty)
    {
        final long slots = bookkeepingSlots(account, symbol, side);
        if (NO_SLOTS == slots || fromQty < 0 || toQty < 0)
        {
            return;
        }
        book.move(accountSlotOf(slots), pairOf(slots), Side.BUY == side,
            fromQty, Notional.of(reservationPrice(fromPrice, slots), fromQty),
            toQty, Notional.of(reservationPrice(toPrice, slots), toQty));
    }

    /**
     * Value form of {@link #onFill(RiskReservation, long, long)}: books an execution of an order reserved at
     * {@code orderPrice}: the position moves by {@code fillQty}, the filled part of the reservation is released and
     * {@code fillPrice * fillQty} is added to the executed daily notional (persisted at the next {@link #flush()}).
     *
     * @param account    packed account.
     * @param symbol     packed symbol.
     * @param side       side of the order.
     * @param orderPrice the order's limit price (0 for MARKET): what the reservation was made at.
     * @param fillQty    executed quantity, above zero.
     * @param fillPrice  execution price.
     */
    void onFill(
        final long account,
        final long symbol,
        final Side side,
        final long orderPrice,
        final long fillQty,
        final long fillPrice)
    {
        book(account, symbol, side, orderPrice, fillQty, fillQty, fillPrice);
    }

    /**
     * Books {@code fillQty} into the position and the executed notional and releases {@code releasedQty} of the
     * reservation made at {@code orderPrice}.
     */
    private void book(
        final long account,
        final long symbol,
        final Side side,
        final long orderPrice,
        final long releasedQty,
        final long fillQty,
        final long fillPrice)
    {
        final long slots = bookkeepingSlots(account, symbol, side);
        if (NO_SLOTS == slots || fillQty <= 0)
        {
            return;
        }
        final long reservation = reservationPrice(orderPrice, slots);
        book.fill(accountSlotOf(slots), pairOf(slots), Side.BUY == side, releasedQty,
            Notional.of(reservation, releasedQty), fillQty, Notional.of(fillPrice > 0 ? fillPrice : reservation, fillQty));
    }

    /**
     * Value form of {@link #onOrderClosed(RiskReservation)}: releases {@code leavesQty} at {@code orderPrice} and the
     * open order count.
     *
     * @param account    packed account.
     * @param symbol     packed symbol.
     * @param side       side of the order.
     * @param orderPrice the order's limit price (0 for MARKET).
     * @param leavesQty  quantity that was still open.
     */
    void onOrderClosed(
        final long account, final long symbol, final Side side, final long orderPrice, final long leavesQty)
    {
        final long slots = bookkeepingSlots(account, symbol, side);
        if (NO_SLOTS == slots || leavesQty < 0)
        {
            return;
        }
        book.close(accountSlotOf(slots), pairOf(slots), Side.BUY == side, leavesQty,
            Notional.of(reservationPrice(orderPrice, slots), leavesQty));
    }

    /**
     * Stops all new orders and replaces ({@code KILL_SWITCH_GLOBAL}); fills and closes are still booked. Persisted.
     * Admin path.
     */
    public void killGlobal()
    {
        adoptPublished();
        killSwitch.global(true);
        store.globalKilled(true);
    }

    /**
     * Lifts the global kill switch. Persisted. Admin path.
     */
    public void resumeGlobal()
    {
        adoptPublished();
        killSwitch.global(false);
        store.globalKilled(false);
    }

    /**
     * Stops new orders and replaces of one account ({@code KILL_SWITCH_ACCOUNT}). Persisted. Admin path.
     *
     * @param account packed account.
     * @return false if the account is not in the limits in force.
     */
    public boolean killAccount(final long account)
    {
        return setAccountKill(account, true);
    }

    /**
     * Lifts the kill switch of one account. Persisted. Admin path.
     *
     * @param account packed account.
     * @return false if the account is not in the limits in force.
     */
    public boolean resumeAccount(final long account)
    {
        return setAccountKill(account, false);
    }

    /**
     * @param account packed account.
     * @return whether the account's kill switch is on.
     */
    public boolean isAccountKilled(final long account)
    {
        final int slot = accountSlots.slot(account);
        return slot != SlotIndex.MISSING && killSwitch.isAccountKilled(slot);
    }

    /**
     * @return whether the global kill switch is on.
     */
    public boolean isGlobalKilled()
    {
        return killSwitch.isGlobalKilled();
    }

    /**
     * Applies the entries of a {@code LimitUpdate} to the limits in force, all or nothing: every entry is validated
     * first (see {@code LimitUpdate} rules in the README), then one new snapshot is built, persisted and adopted at
     * once. Admin path: allocates the new snapshot.
     *
     * @param account packed account the account limits apply to, or {@link PackedAscii#BLANK}.
     * @param symbol  packed symbol the instrument limits apply to, or {@link PackedAscii#BLANK}.
     * @param types   limit types.
     * @param values  values (prices and notionals fixed point, bps whole, flags 0/1).
     * @param count   entries to apply from the arrays.
     * @return {@code NONE} if applied; else {@code INVALID_LIMIT}, {@code UNKNOWN_ACCOUNT} or
     * {@code UNKNOWN_INSTRUMENT} and nothing changed.
     */
    public RejectReason applyLimitUpdate(
        final long account, final long symbol, final LimitType[] types, final long[] values, final int count)
    {
        final RiskLimits next;
        synchronized (publishLock)
        {
            adoptPublished();
            final RejectReason reason = LimitUpdate.apply(current, account, symbol, types, values, count, updateResult);
            next = updateResult[0];
            updateResult[0] = null;
            if (RejectReason.NONE != reason)
            {
                return reason;
            }
            store.saveLimits(next);
            published = next;
        }
        adopt(next);
        return RejectReason.NONE;
    }

    /**
     * Publishes a new snapshot. Any thread. The core thread adopts it whole at the start of its next evaluation;
     * positions and open exposure carry over. The snapshot is persisted before it is published (persistent mode).
     * Accounts or instruments new to this instance take free state slots; if the capacities fixed at construction
     * are used up they stay unknown and are counted in {@link #slotOverflows()}. Admin path: may allocate.
     *
     * @param next the new limits.
     * @throws IllegalArgumentException if {@code next} alone has more accounts or instruments than the capacities.
     */
    public void swapLimits(final RiskLimits next)
    {
        Objects.requireNonNull(next, "next");
        if (next.accounts().size() > accountCapacity || next.instruments().size() > instrumentCapacity)
        {
            throw new IllegalArgumentException("limits with " + next.accounts().size() + " accounts and " +
                next.instruments().size() + " instruments exceed this risk's capacity of " + accountCapacity +
                " accounts and " + instrumentCapacity + " instruments");
        }
        synchronized (publishLock)
        {
            store.saveLimits(next);
            published = next;
        }
    }

    /**
     * @return the snapshot the core thread is using: a swap shows here once adopted by the next evaluation.
     */
    public RiskLimits limits()
    {
        return current;
    }

    /**
     * @param account packed account.
     * @param symbol  packed symbol.
     * @return position (positive long, negative short), 0 if unknown.
     */
    public long position(final long account, final long symbol)
    {
        final int pair = pairOrMissing(account, symbol);
        return pair == SlotIndex.MISSING ? 0 : book.position(pair);
    }

    /**
     * @param account packed account.
     * @param symbol  packed symbol.
     * @return quantity of open buy orders, 0 if unknown.
     */
    public long openBuyQty(final long account, final long symbol)
    {
        final int pair = pairOrMissing(account, symbol);
        return pair == SlotIndex.MISSING ? 0 : book.openBuy(pair);
    }

    /**
     * @param account packed account.
     * @param symbol  packed symbol.
     * @return quantity of open sell orders, 0 if unknown.
     */
    public long openSellQty(final long account, final long symbol)
    {
        final int pair = pairOrMissing(account, symbol);
        return pair == SlotIndex.MISSING ? 0 : book.openSell(pair);
    }

    /**
     * @param account packed account.
     * @return orders accepted and not yet closed, 0 if unknown.
     */
    public int openOrders(final long account)
    {
        final int slot = accountSlots.slot(account);
        return slot == SlotIndex.MISSING ? 0 : book.openOrders(slot);
    }

    /**
     * @param account packed account.
     * @return executed plus open notional of the day, fixed point: what the credit check compares with
     * {@code dailyNotional}.
     */
    public long dailyNotionalUsed(final long account)
    {
        final int slot = accountSlots.slot(account);
        return slot == SlotIndex.MISSING ? 0 : Notional.add(book.executedNotional(slot), book.openNotional(slot));
    }

    /**
     * @param account packed account.
     * @return notional executed today (persisted), fixed point.
     */
    public long executedNotional(final long account)
    {
        final int slot = accountSlots.slot(account);
        return slot == SlotIndex.MISSING ? 0 : book.executedNotional(slot);
    }

    /**
     * The account's executed notional as it stands at a time, for a display: 0 when the time falls on a later trading
     * day than {@link #tradingDay()} (where {@link #onTime} would zero it), else {@link #executedNotional(long)}.
     * Changes nothing: the trading day moves only with the events the core hands to {@link #onTime}, so that a replay
     * does not depend on what a display read. Allocation free.
     *
     * @param account    packed account.
     * @param epochNanos the time it is shown for, nanoseconds since the epoch.
     * @return notional executed on the trading day of {@code epochNanos}, fixed point.
     */
    public long executedNotionalAt(final long account, final long epochNanos)
    {
        return NO_TRADING_DAY != currentDay && tradingDay.dayOf(epochNanos) > currentDay ?
            0 : executedNotional(account);
    }

    /**
     * @param account packed account.
     * @return notional reserved by open orders, fixed point.
     */
    public long openNotional(final long account)
    {
        final int slot = accountSlots.slot(account);
        return slot == SlotIndex.MISSING ? 0 : book.openNotional(slot);
    }

    /**
     * @param account packed account.
     * @return whether the account is in the limits in force.
     */
    public boolean isKnownAccount(final long account)
    {
        return null != current.account(account);
    }

    /**
     * @param symbol packed symbol.
     * @return whether the instrument is in the limits in force.
     */
    public boolean isKnownInstrument(final long symbol)
    {
        return null != current.instrument(symbol);
    }

    /**
     * @param symbol packed symbol.
     * @return reference price in force, fixed point, 0 if unknown.
     */
    public long referencePrice(final long symbol)
    {
        final InstrumentLimits instrument = current.instrument(symbol);
        return null == instrument ? 0 : instrument.referencePrice();
    }

    /**
     * @param symbol packed symbol.
     * @return price MARKET orders are checked and reserved at (reference + collar), fixed point, 0 if unknown.
     */
    public long worstCasePrice(final long symbol)
    {
        final InstrumentLimits instrument = current.instrument(symbol);
        return null == instrument ? 0 : instrument.collarHigh();
    }

    /**
     * The price an order is reserved at: its limit price for LIMIT, the current {@link #worstCasePrice(long)} for
     * MARKET. Passing this value as {@code orderPrice} to the bookkeeping methods releases exactly what was reserved
     * even if the reference price changes while the order is open. Allocation free.
     *
     * @param symbol  packed symbol.
     * @param ordType order type.
     * @param price   the order's price field.
     * @return the reservation price, fixed point (0 for a MARKET order in an unknown instrument).
     */
    public long reservedPrice(final long symbol, final OrdType ordType, final long price)
    {
        return OrdType.MARKET == ordType ? worstCasePrice(symbol) : price;
    }

    /**
     * The time of the event being handled, e.g. a fill's (the evaluations pass their {@code nowNanos} here
     * themselves). The first time of a trading day later than the current one zeroes every account's executed
     * notional (persisted) and makes that day current; a time of the current or an earlier day changes nothing (see
     * "Trading day" above). The first time ever seen, or the first after a restore that knew no day, only makes its
     * day current. Core thread; allocation free.
     *
     * @param epochNanos the event's journaled time, nanoseconds since the epoch.
     */
    public void onTime(final long epochNanos)
    {
        final long day = tradingDay.dayOf(epochNanos);
        if (day > currentDay)
        {
            if (NO_TRADING_DAY != currentDay)
            {
                resetExecutedNotionals();
            }
            currentDay = day;
            store.tradingDay(day);
        }
    }

    /**
     * @return the trading day the executed notionals belong to ({@link TradingDay#dayOf}), or
     *         {@link #NO_TRADING_DAY} before any time was seen.
     */
    public long tradingDay()
    {
        return currentDay;
    }

    /**
     * Start of a trading day by hand: executed notional back to zero (persisted) and client order ids forgotten.
     * Open orders keep their reservations. The trading day that {@link #onTime} follows is not changed. Core thread,
     * admin path.
     */
    public void startNewDay()
    {
        resetExecutedNotionals();
        for (int slot = 0; slot < accountSlots.size(); slot++)
        {
            if (null != clOrdIdsBySlot[slot])
            {
                clOrdIdsBySlot[slot].clear();
            }
        }
    }

    /** Zeroes every account's executed notional and flushes it, before the new day is stored (see RiskStore). */
    private void resetExecutedNotionals()
    {
        for (int slot = 0; slot < accountSlots.size(); slot++)
        {
            book.resetExecutedNotional(slot);
        }
        store.flush();
    }

    /**
     * Writes the positions and executed notionals booked since the last call to the persistent store, each changed
     * entry once (no-op in memory). The core calls it at the end of every duty cycle, so fills are persisted in
     * one batch per cycle (one store write per account and instrument touched) instead of at every fill; what a
     * process crash can lose is the fills of the cycle it interrupts ({@code ChronicleRiskStore} explains the
     * choice). Core thread; allocation free.
     */
    public void flush()
    {
        store.flush();
    }

    /**
     * @param reason a reject reason.
     * @return how many evaluations were refused with it.
     */
    public long rejects(final RejectReason reason)
    {
        return rejectsByReason[reason.ordinal()];
    }

    /**
     * @return how many new orders and replaces were accepted.
     */
    public long accepted()
    {
        return accepted;
    }

    /**
     * @return bookkeeping calls that did not match the state (unknown account/instrument, over-release), clamped.
     */
    public long bookkeepingAnomalies()
    {
        return book.anomalies() + ignoredBookkeeping;
    }

    /**
     * @return accounts or instruments of adopted snapshots that found no free state slot and stay unknown.
     */
    public long slotOverflows()
    {
        return slotOverflows;
    }

    /**
     * Flushes and closes the persistent store (no-op in memory). Idempotent. Core thread, after the last use.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            store.close();
        }
    }

    /**
     * The checks a new order and a replace share, in evaluation order, up to and including the order notional, of
     * the order whose account, symbol and side the reservation holds. On {@code NONE} the slots, the reserved price
     * and the notional are left in the caller's reservation for the rest of the evaluation.
     */
    private RejectReason checkOrder(
        final RiskReservation evaluation,
        final long clOrdId,
        final OrdType ordType,
        final long price,
        final long quantity)
    {
        final long account = evaluation.account();
        final long symbol = evaluation.symbol();
        final Side side = evaluation.side();
        adoptPublished();
        if (killSwitch.isGlobalKilled())
        {
            return reject(RejectReason.KILL_SWITCH_GLOBAL);
        }
        final int accountSlot = accountSlots.slot(account);
        final AccountLimits accountLimits = accountSlot == SlotIndex.MISSING ? null : accountLimitsBySlot[accountSlot];
        if (null == accountLimits)
        {
            return reject(RejectReason.UNKNOWN_ACCOUNT);
        }
        if (killSwitch.isAccountKilled(accountSlot))
        {
            return reject(RejectReason.KILL_SWITCH_ACCOUNT);
        }
        final int instrumentSlot = instrumentSlots.slot(symbol);
        final InstrumentLimits instrument =
            instrumentSlot == SlotIndex.MISSING ? null : instrumentLimitsBySlot[instrumentSlot];

        RejectReason reason = TradableCheck.check(instrument);
        if (RejectReason.NONE != reason)
        {
            return reject(reason);
        }
        reason = RestrictedListCheck.check(instrument, accountLimits);
        if (RejectReason.NONE != reason)
        {
            return reject(reason);
        }
        reason = checkSideAndType(side, ordType);
        if (RejectReason.NONE != reason)
        {
            return reject(reason);
        }
        final ClientOrderIdWindow clOrdIds = clOrdIdsBySlot[accountSlot];
        if (clOrdIds.isDuplicate(clOrdId))
        {
            return reject(RejectReason.DUPLICATE_CLIENT_ORDER_ID);
        }
        reason = checkQuantityAndPrice(instrument, accountLimits, ordType, price, quantity);
        if (RejectReason.NONE != reason)
        {
            return reject(reason);
        }

        final long effectivePrice = OrdType.LIMIT == ordType ? price : instrument.collarHigh();
        final long notional = Notional.of(effectivePrice, quantity);
        reason = OrderNotionalCheck.check(notional, accountLimits);
        if (RejectReason.NONE != reason)
        {
            return reject(reason);
        }

        evaluation.accountSlot = accountSlot;
        evaluation.instrumentSlot = instrumentSlot;
        evaluation.evaluatedPrice = effectivePrice;
        evaluation.notional = notional;
        return RejectReason.NONE;
    }

    private RejectReason reject(final RejectReason reason)
    {
        rejectsByReason[reason.ordinal()]++;
        return reason;
    }

    private static RejectReason checkSideAndType(final Side side, final OrdType ordType)
    {
        if (Side.BUY != side && Side.SELL != side)
        {
            return RejectReason.INVALID_ENUM_VALUE;
        }
        if (OrdType.LIMIT != ordType && OrdType.MARKET != ordType)
        {
            return RejectReason.UNSUPPORTED_ORDER_TYPE;
        }
        return RejectReason.NONE;
    }

    private static RejectReason checkQuantityAndPrice(
        final InstrumentLimits instrument,
        final AccountLimits account,
        final OrdType ordType,
        final long price,
        final long quantity)
    {
        RejectReason reason = QuantityCheck.check(quantity, instrument, account);
        if (RejectReason.NONE != reason)
        {
            return reason;
        }
        reason = LotSizeCheck.check(quantity, instrument);
        if (RejectReason.NONE != reason)
        {
            return reason;
        }
        if (OrdType.LIMIT == ordType)
        {
            reason = TickSizeCheck.check(price, instrument);
            if (RejectReason.NONE != reason)
            {
                return reason;
            }
            reason = PriceCollarCheck.check(price, instrument);
        }
        return reason;
    }

    private static long reservationPrice(final long orderPrice, final InstrumentLimits instrument)
    {
        if (orderPrice > 0)
        {
            return orderPrice;
        }
        return null == instrument ? 0 : instrument.collarHigh();
    }

    /**
     * Where a fill, close or move of {@code (account, symbol)} is booked: the account slot (high 32 bits) and the
     * instrument slot (low 32 bits) in one long, so the three bookkeeping paths find them alike without allocating
     * or handing them over in fields.
     *
     * @return the packed slots, or {@link #NO_SLOTS} (counted in {@link #bookkeepingAnomalies()}) when the account or
     *         the symbol is not in the limits in force, or the side is neither BUY nor SELL.
     */
    private long bookkeepingSlots(final long account, final long symbol, final Side side)
    {
        final int accountSlot = accountSlots.slot(account);
        final int instrumentSlot = instrumentSlots.slot(symbol);
        if (accountSlot == SlotIndex.MISSING || instrumentSlot == SlotIndex.MISSING ||
            (Side.BUY != side && Side.SELL != side))
        {
            ignoredBookkeeping++;
            return NO_SLOTS;
        }
        return ((long)accountSlot << 32) | (instrumentSlot & 0xFFFF_FFFFL);
    }

    private static int accountSlotOf(final long slots)
    {
        return (int)(slots >>> 32);
    }

    private int pairOf(final long slots)
    {
        return book.pair(accountSlotOf(slots), (int)slots);
    }

    private long reservationPrice(final long orderPrice, final long slots)
    {
        return reservationPrice(orderPrice, instrumentLimitsBySlot[(int)slots]);
    }

    private int pairOrMissing(final long account, final long symbol)
    {
        final int accountSlot = accountSlots.slot(account);
        final int instrumentSlot = instrumentSlots.slot(symbol);
        if (accountSlot == SlotIndex.MISSING || instrumentSlot == SlotIndex.MISSING)
        {
            return SlotIndex.MISSING;
        }
        return book.pair(accountSlot, instrumentSlot);
    }

    private boolean setAccountKill(final long account, final boolean killed)
    {
        adoptPublished();
        final int slot = accountSlots.slot(account);
        if (slot == SlotIndex.MISSING || null == accountLimitsBySlot[slot])
        {
            return false;
        }
        killSwitch.account(slot, killed);
        store.accountKilled(account, killed);
        return true;
    }

    private void adoptPublished()
    {
        final RiskLimits latest = published;
        if (latest != current)
        {
            adopt(latest);
        }
    }

    private void adopt(final RiskLimits next)
    {
        Arrays.fill(accountLimitsBySlot, null);
        Arrays.fill(instrumentLimitsBySlot, null);
        for (final AccountLimits account : next.accounts())
        {
            final int slot = assignAccount(account.account());
            if (slot != SlotIndex.MISSING)
            {
                accountLimitsBySlot[slot] = account;
                if (null == clOrdIdsBySlot[slot])
                {
                    clOrdIdsBySlot[slot] = new ClientOrderIdWindow(clOrdIdWindow);
                }
            }
        }
        for (final InstrumentLimits instrument : next.instruments())
        {
            final int slot = assignInstrument(instrument.symbol());
            if (slot != SlotIndex.MISSING)
            {
                instrumentLimitsBySlot[slot] = instrument;
            }
        }
        current = next;
    }

    private int assignAccount(final long account)
    {
        return assign(accountSlots, account, true);
    }

    private int assignInstrument(final long symbol)
    {
        return assign(instrumentSlots, symbol, false);
    }

    /**
     * The slot of an account or instrument, given one (and its persisted state bound: executed notional, kill switch,
     * a position for every pair it makes) if it has none yet; {@link SlotIndex#MISSING}, counted, when they are used
     * up.
     */
    private int assign(final SlotIndex slots, final long key, final boolean account)
    {
        final int known = slots.slot(key);
        if (known != SlotIndex.MISSING)
        {
            return known;
        }
        final int slot = slots.slotOrAssign(key);
        if (slot == SlotIndex.MISSING)
        {
            slotOverflows++;
            return slot;
        }
        if (account)
        {
            book.restoreExecutedNotional(slot, store.bindAccount(slot, key));
            killSwitch.account(slot, store.isAccountKilled(key));
        }
        final SlotIndex others = account ? instrumentSlots : accountSlots;
        for (int other = 0; other < others.size(); other++)
        {
            bindPair(account ? slot : other, account ? other : slot);
        }
        return slot;
    }

    private void bindPair(final int accountSlot, final int instrumentSlot)
    {
        final int pair = book.pair(accountSlot, instrumentSlot);
        book.restorePosition(
            pair,
            store.bindPosition(pair, accountSlot, accountSlots.key(accountSlot), instrumentSlots.key(instrumentSlot)));
    }

    /**
     * Writes the whole risk state for a core snapshot: the limits in force (as sorted properties text), the kill
     * switches, the account and instrument slots in their order, per account and pair every number the checks
     * use (exposure, positions, rate buckets, client order id windows), and last the trading day.
     * {@link #restoreFrom} of the bytes gives an instance that decides every later call as this one would.
     * <p>
     * Core thread. Allocation free, except the first time after a limit change (the limits text is encoded once per
     * limits instance) and when an expandable buffer grows.
     *
     * @param buffer where to write.
     * @param offset where to start.
     * @return offset after what was written.
     */
    public int snapshotTo(final MutableDirectBuffer buffer, final int offset)
    {
        if (snapshotLimits != current)
        {
            snapshotLimitsText = limitsText(current);
            snapshotLimits = current;
        }
        int at = offset;
        buffer.putInt(at, snapshotLimitsText.length);
        at += 4;
        buffer.putBytes(at, snapshotLimitsText);
        at += snapshotLimitsText.length;
        buffer.putByte(at, killSwitch.isGlobalKilled() ? (byte)1 : (byte)0);
        at += 1;
        buffer.putLong(at, accepted);
        buffer.putLong(at + 8, book.anomalies());
        buffer.putLong(at + 16, ignoredBookkeeping);
        buffer.putLong(at + 24, slotOverflows);
        at += 32;
        for (int reason = 0; reason < rejectsByReason.length; reason++)
        {
            buffer.putLong(at, rejectsByReason[reason]);
            at += 8;
        }
        final int accounts = accountSlots.size();
        final int instruments = instrumentSlots.size();
        buffer.putInt(at, accounts);
        buffer.putInt(at + 4, instruments);
        at += 8;
        for (int slot = 0; slot < accounts; slot++)
        {
            buffer.putLong(at, accountSlots.key(slot));
            at += 8;
        }
        for (int slot = 0; slot < instruments; slot++)
        {
            buffer.putLong(at, instrumentSlots.key(slot));
            at += 8;
        }
        for (int slot = 0; slot < accounts; slot++)
        {
            buffer.putByte(at, killSwitch.isAccountKilled(slot) ? (byte)1 : (byte)0);
            at += 1;
            at = book.snapshotAccountTo(slot, buffer, at);
            at = throttle.snapshotTo(slot, buffer, at);
            final ClientOrderIdWindow window = clOrdIdsBySlot[slot];
            buffer.putByte(at, null == window ? (byte)0 : (byte)1);
            at += 1;
            if (null != window)
            {
                at = window.snapshotTo(buffer, at);
            }
            for (int instrumentSlot = 0; instrumentSlot < instruments; instrumentSlot++)
            {
                at = book.snapshotPairTo(book.pair(slot, instrumentSlot), buffer, at);
            }
        }
        buffer.putLong(at, currentDay);
        return at + 8;
    }

    /**
     * Replaces this instance's whole state with what {@link #snapshotTo} wrote (recovery from a core snapshot).
     * Launching thread, before the core thread runs; allocates. Meant for the in-memory store (the journal, not a
     * risk state directory, is what makes risk durable when snapshots are used): nothing is written through.
     *
     * @param buffer the snapshot.
     * @param offset where the risk state starts.
     * @return offset after what was read.
     * @throws IllegalStateException if the snapshot does not fit this instance's capacities.
     */
    public int restoreFrom(final DirectBuffer buffer, final int offset)
    {
        return restoreFrom(buffer, offset, true);
    }

    /**
     * {@link #restoreFrom(DirectBuffer, int)} of this format ({@code holdsTradingDay}) or of the format written
     * before the trading day was part of the state, which ends without it: the day is then unknown
     * ({@link #NO_TRADING_DAY}) until the caller hands the time of the snapshot to {@link #onTime(long)}.
     *
     * @param buffer          the snapshot.
     * @param offset          where the risk state starts.
     * @param holdsTradingDay whether the state ends with the trading day.
     * @return offset after what was read.
     * @throws IllegalStateException if the snapshot does not fit this instance's capacities.
     */
    public int restoreFrom(final DirectBuffer buffer, final int offset, final boolean holdsTradingDay)
    {
        int at = offset;
        final int textLength = buffer.getInt(at);
        at += 4;
        final byte[] text = new byte[textLength];
        buffer.getBytes(at, text);
        at += textLength;
        final RiskLimits limits = parseLimitsText(text);
        if (limits.accountCapacity() != accountCapacity || limits.instrumentCapacity() != instrumentCapacity ||
            limits.clOrdIdWindow() != clOrdIdWindow)
        {
            throw new IllegalStateException("snapshot risk capacities " + limits.accountCapacity() + "/" +
                limits.instrumentCapacity() + "/" + limits.clOrdIdWindow() + " differ from this instance's " +
                accountCapacity + "/" + instrumentCapacity + "/" + clOrdIdWindow);
        }
        killSwitch.global(0 != buffer.getByte(at));
        at += 1;
        accepted = buffer.getLong(at);
        book.clear();
        book.anomalies(buffer.getLong(at + 8));
        ignoredBookkeeping = buffer.getLong(at + 16);
        slotOverflows = buffer.getLong(at + 24);
        at += 32;
        for (int reason = 0; reason < rejectsByReason.length; reason++)
        {
            rejectsByReason[reason] = buffer.getLong(at);
            at += 8;
        }
        final int accounts = buffer.getInt(at);
        final int instruments = buffer.getInt(at + 4);
        at += 8;
        if (accounts < 0 || accounts > accountCapacity || instruments < 0 || instruments > instrumentCapacity)
        {
            throw new IllegalStateException("snapshot holds " + accounts + " accounts and " + instruments +
                " instruments, more than the capacities " + accountCapacity + "/" + instrumentCapacity);
        }
        accountSlots.clear();
        instrumentSlots.clear();
        Arrays.fill(clOrdIdsBySlot, null);
        for (int slot = 0; slot < accounts; slot++)
        {
            accountSlots.slotOrAssign(buffer.getLong(at));
            at += 8;
        }
        for (int slot = 0; slot < instruments; slot++)
        {
            instrumentSlots.slotOrAssign(buffer.getLong(at));
            at += 8;
        }
        synchronized (publishLock)
        {
            published = limits;
        }
        adopt(limits);
        snapshotLimits = limits;
        snapshotLimitsText = text;
        for (int slot = 0; slot < accounts; slot++)
        {
            killSwitch.account(slot, 0 != buffer.getByte(at));
            at += 1;
            at = book.restoreAccountFrom(slot, buffer, at);
            at = throttle.restoreFrom(slot, buffer, at);
            final boolean hasWindow = 0 != buffer.getByte(at);
            at += 1;
            if (hasWindow)
            {
                if (null == clOrdIdsBySlot[slot])
                {
                    clOrdIdsBySlot[slot] = new ClientOrderIdWindow(clOrdIdWindow);
                }
                at = clOrdIdsBySlot[slot].restoreFrom(buffer, at);
            }
            else
            {
                clOrdIdsBySlot[slot] = null;
            }
            for (int instrumentSlot = 0; instrumentSlot < instruments; instrumentSlot++)
            {
                at = book.restorePairFrom(book.pair(slot, instrumentSlot), buffer, at);
            }
        }
        currentDay = holdsTradingDay ? buffer.getLong(at) : NO_TRADING_DAY;
        return holdsTradingDay ? at + 8 : at;
    }

    private static byte[] limitsText(final RiskLimits limits)
    {
        // Sorted, so that equal limits give equal bytes (Properties.store would add a date and hash order).
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<String, String> entry : new TreeMap<>(toStrings(limits.toProperties())).entrySet())
        {
            text.append(entry.getKey()).append('=').append(entry.getValue()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> toStrings(final Properties properties)
    {
        final Map<String, String> strings = new TreeMap<>();
        for (final String key : properties.stringPropertyNames())
        {
            strings.put(key, properties.getProperty(key));
        }
        return strings;
    }

    private static RiskLimits parseLimitsText(final byte[] text)
    {
        final Properties properties = new Properties();
        for (final String line : new String(text, StandardCharsets.UTF_8).split("\n"))
        {
            final int equals = line.indexOf('=');
            if (equals > 0)
            {
                properties.setProperty(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return RiskLimits.fromProperties(properties);
    }
}
