package io.peregrine.core.order;

import io.peregrine.risk.RiskReservation;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.ObjIntConsumer;

/**
 * The core's order state: fixed-size records in one off-heap slab, indexed by core order id and by
 * (account, client order id). Pre-sized at construction; nothing on it allocates afterwards.
 * <p>
 * Written by {@link OrderLifecycle} only (its public mutators are the steps of an order's life: {@link #open},
 * {@link #addFill}, {@link #status(int, OrdStatus)}, {@link #pendingCancel}, {@link #pendingReplace},
 * {@link #applyReplace}, {@link #close}); read by the encoders of reports and venue requests. Each record also
 * keeps the order's risk reservation ({@link #reservation}).
 * <p>
 * <b>Slot life cycle.</b> Every slot sits either in use by a working order or in a FIFO of reusable slots. A closed
 * order (filled, canceled, rejected, expired) goes to the back of the FIFO but stays indexed, so a late cancel can be
 * answered TOO_LATE_TO_CANCEL instead of UNKNOWN_ORDER; its slot is only reclaimed, and unindexed, when
 * {@link #open} reaches it. So the table holds up to {@code capacity} working orders, and as many recently
 * closed orders as there is room for.
 * <p>
 * <b>Superseded client order ids.</b> A confirmed replace gives the order its new client order id; the one it had
 * before is kept in its record and indexed too ({@link #slotBySupersededClOrdId}), so that a request naming it (a
 * cancel that crossed the replace's confirmation, a client one replace behind) still finds the order. One per order:
 * the id before its last confirmed replace (the ones before that are forgotten), for as long as the slot holds the
 * order (the retention of closed orders above). Memory: 8 bytes per record and a second (account, client order id)
 * index of {@code capacity} entries.
 * <p>
 * Single threaded: only the core agent thread touches it (tests excepted).
 */
public final class OrderTable
{
    /** No slot. */
    public static final int NO_SLOT = -1;

    /** Status byte of a slot that never held an order. */
    public static final byte EMPTY = -1;

    /** Kill-switch flag: a kill switch that cancels working orders covers the order; it is cancelled until done. */
    public static final int KILL_COVERED = 1;

    /** Kill-switch flag: a refusal of the order's kill-switch cancel was logged (one WARN per order). */
    public static final int KILL_REFUSAL_LOGGED = 2;

    /**
     * Kill-switch flag: the venue refused the order's cancel with a reason that settles it (the order is done there
     * or unknown to it): the cancel is not sent again, the venue's report closes the order.
     */
    public static final int KILL_SETTLED = 4;

    private static final int ORDER_ID = 0;
    private static final int CL_ORD_ID = 8;
    private static final int ACCOUNT = 16;
    private static final int SYMBOL = 24;
    private static final int PRICE = 32;
    private static final int QUANTITY = 40;
    private static final int CUM_QTY = 48;
    private static final int NOTIONAL = 56;
    private static final int SENDING_TIME = 64;
    private static final int CANCEL_REQUEST_ID = 72;
    private static final int CANCEL_CL_ORD_ID = 80;
    private static final int CANCEL_SENDING_TIME = 88;
    private static final int REPLACE_REQUEST_ID = 96;
    private static final int REPLACE_CL_ORD_ID = 104;
    private static final int REPLACE_PRICE = 112;
    private static final int REPLACE_QUANTITY = 120;
    private static final int REPLACE_SENDING_TIME = 128;
    private static final int CLIENT_ID = 136;
    private static final int VENUE_ID = 140;
    private static final int CANCEL_CLIENT_ID = 144;
    private static final int REPLACE_CLIENT_ID = 148;
    private static final int SIDE = 152;
    private static final int ORD_TYPE = 153;
    private static final int TIME_IN_FORCE = 154;
    private static final int STATUS = 155;
    /** Kill-switch flags ({@link #KILL_COVERED} ...), in what was padding: records of both snapshot formats hold it. */
    private static final int KILL_FLAGS = 156;
    private static final int RISK_PRICE = 160;
    private static final int REPLACE_RISK_PRICE = 168;
    private static final int REPLACE_RISK_QUANTITY = 176;
    private static final int SUPERSEDED_CL_ORD_ID = 184;

    /** Bytes per order record (fixed fields, 8-byte aligned; padding to cache lines would waste a third). */
    public static final int RECORD_LENGTH = 192;

    /**
     * Bytes per order record in snapshots of format 1 (part tag {@code ORD1}): the record without
     * {@code SUPERSEDED_CL_ORD_ID}, which such a snapshot's orders restore as 0 (none known).
     */
    public static final int RECORD_LENGTH_FORMAT_1 = 184;

    private final int capacity;
    private final UnsafeBuffer slab;
    private final int[] reusable;
    private int reusableHead;
    private int reusableCount;
    private int workingCount;
    private int killCoveredCount;
    private final OrderIdIndex byOrderId;
    private final ClientOrderIndex byClientOrderId;
    private final ClientOrderIndex bySupersededClOrdId;
    private final AccountOrderCapacity accounts;

    /**
     * Allocates the slab and indexes (edge: call at start-up), with no per-account cap below the capacity.
     *
     * @param capacity most orders held at once.
     */
    public OrderTable(final int capacity)
    {
        this(capacity, new AccountOrderCapacity(Math.max(1, capacity), 64));
    }

    /**
     * Allocates the slab and indexes (edge: call at start-up).
     *
     * @param capacity most orders held at once.
     * @param accounts per-account cap on working orders.
     */
    public OrderTable(final int capacity, final AccountOrderCapacity accounts)
    {
        this.accounts = accounts;
        if (capacity <= 0)
        {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.slab = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity * RECORD_LENGTH, 64));
        this.reusable = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            reusable[i] = i;
            slab.putByte(i * RECORD_LENGTH + STATUS, EMPTY);
        }
        this.reusableCount = capacity;
        this.byOrderId = new OrderIdIndex(capacity);
        this.byClientOrderId = new ClientOrderIndex(capacity);
        this.bySupersededClOrdId = new ClientOrderIndex(capacity);
    }

    /**
     * @return most orders held at once.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return orders allocated and not yet closed.
     */
    public int workingCount()
    {
        return workingCount;
    }

    /**
     * @return whether {@link #open} would succeed.
     */
    public boolean hasCapacity()
    {
        return reusableCount > 0;
    }

    /**
     * @param account packed account.
     * @return whether the account is below its cap of working orders ({@link AccountOrderCapacity}).
     */
    public boolean accountHasCapacity(final long account)
    {
        return accounts.hasRoomFor(account);
    }

    /**
     * @return the per-account cap.
     */
    public AccountOrderCapacity accountCapacity()
    {
        return accounts;
    }

    /**
     * Opens a new order accepted by risk: takes the oldest reusable slot (forgetting the closed order it may still
     * hold), writes the order and its reservation (account, symbol, side, reserved price and quantity come from
     * {@code accepted}), indexes it by order id and (account, clOrdId) and counts it for its account. The order is
     * PENDING_NEW. Allocation free.
     *
     * @param orderId     core order id.
     * @param clOrdId     client order id.
     * @param clientId    client that placed it.
     * @param venueId     venue it is routed to.
     * @param ordType     order type.
     * @param timeInForce time in force.
     * @param price       limit price, 0 for MARKET.
     * @param sendingTime the request's sending time.
     * @param accepted    the reservation risk made for it.
     * @return its slot, or {@link #NO_SLOT} when every slot holds a working order.
     */
    public int open(
        final long orderId,
        final long clOrdId,
        final int clientId,
        final int venueId,
        final OrdType ordType,
        final TimeInForce timeInForce,
        final long price,
        final long sendingTime,
        final RiskReservation accepted)
    {
        final int slot = allocate();
        if (NO_SLOT == slot)
        {
            return NO_SLOT;
        }
        final int offset = slot * RECORD_LENGTH;
        slab.putLong(offset + ORDER_ID, orderId);
        slab.putLong(offset + CL_ORD_ID, clOrdId);
        slab.putLong(offset + ACCOUNT, accepted.account());
        slab.putLong(offset + SYMBOL, accepted.symbol());
        slab.putLong(offset + PRICE, price);
        slab.putLong(offset + RISK_PRICE, accepted.price());
        slab.putLong(offset + QUANTITY, accepted.quantity());
        slab.putLong(offset + SENDING_TIME, sendingTime);
        slab.putInt(offset + CLIENT_ID, clientId);
        slab.putInt(offset + VENUE_ID, venueId);
        slab.putByte(offset + SIDE, (byte)accepted.side().value());
        slab.putByte(offset + ORD_TYPE, (byte)ordType.value());
        slab.putByte(offset + TIME_IN_FORCE, (byte)timeInForce.value());
        index(slot);
        return slot;
    }

    /**
     * Takes the oldest reusable slot, forgetting the closed order it may still hold.
     *
     * @return a zeroed slot, or {@link #NO_SLOT} when every slot holds a working order.
     */
    private int allocate()
    {
        if (0 == reusableCount)
        {
            return NO_SLOT;
        }
        final int slot = reusable[reusableHead];
        reusableHead = (reusableHead + 1) == capacity ? 0 : reusableHead + 1;
        reusableCount--;

        final int offset = slot * RECORD_LENGTH;
        if (EMPTY != slab.getByte(offset + STATUS))
        {
            unindex(slot);
        }
        // word by word rather than setMemory: 24 plain stores the JIT unrolls, where setMemory is a runtime call
        // costing more than the rest of the allocation
        for (int word = 0; word < RECORD_LENGTH; word += 8)
        {
            slab.putLong(offset + word, 0L);
        }
        slab.putByte(offset + STATUS, (byte)OrdStatus.PENDING_NEW.value());
        workingCount++;
        return slot;
    }

    private void index(final int slot)
    {
        byOrderId.put(orderId(slot), slot);
        byClientOrderId.put(account(slot), clOrdId(slot), slot);
        accounts.onWorking(account(slot));
    }

    /**
     * The order takes {@code newClOrdId}; the one it had becomes its superseded id (indexed in its place in the
     * second index, forgetting the one superseded before).
     */
    private void changeClOrdId(final int slot, final long newClOrdId)
    {
        final long account = account(slot);
        final long oldClOrdId = clOrdId(slot);
        byClientOrderId.remove(account, oldClOrdId, slot);
        slab.putLong(slot * RECORD_LENGTH + CL_ORD_ID, newClOrdId);
        slab.putLong(slot * RECORD_LENGTH + SUPERSEDED_CL_ORD_ID, oldClOrdId);
        byClientOrderId.put(account, newClOrdId, slot);
        final int other = bySupersededClOrdId.get(account, oldClOrdId);
        if (ClientOrderIndex.MISSING != other && other != slot)
        {
            // Another order of the account had this id as its superseded one (a client reused an id it had replaced
            // away): it forgets it, as the index does below, so that a snapshot's restore rebuilds the index as it is.
            slab.putLong(other * RECORD_LENGTH + SUPERSEDED_CL_ORD_ID, 0);
        }
        bySupersededClOrdId.put(account, oldClOrdId, slot);
    }

    /**
     * Marks an order closed with a terminal status and queues its slot for reuse; it stays findable until reused.
     *
     * @param slot   of a working order.
     * @param status terminal status (FILLED, CANCELED, REJECTED, EXPIRED).
     */
    public void close(final int slot, final OrdStatus status)
    {
        accounts.onClosed(account(slot));
        killFlags(slot, 0);
        status(slot, status);
        releaseSlot(slot);
    }

    /**
     * @param orderId core order id.
     * @return its slot (working or recently closed), or {@link #NO_SLOT}.
     */
    public int slotByOrderId(final long orderId)
    {
        return byOrderId.get(orderId);
    }

    /**
     * @param account packed account.
     * @param clOrdId current client order id of the order.
     * @return its slot (working or recently closed), or {@link #NO_SLOT}.
     */
    public int slotByClientOrderId(final long account, final long clOrdId)
    {
        return byClientOrderId.get(account, clOrdId);
    }

    /**
     * @param account packed account.
     * @param clOrdId a client order id an order had before its last confirmed replace.
     * @return the slot of that order (working or recently closed), or {@link #NO_SLOT}. A client order id that is
     *         an order's current one is not found here ({@link #slotByClientOrderId}).
     */
    public int slotBySupersededClOrdId(final long account, final long clOrdId)
    {
        return bySupersededClOrdId.get(account, clOrdId);
    }

    /**
     * @param slot of an order.
     * @return the client order id it had before its last confirmed replace, 0 if it was never replaced.
     */
    public long supersededClOrdId(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + SUPERSEDED_CL_ORD_ID);
    }

    /**
     * @param slot of an order.
     * @return true if the order is working: pending new, new or partially filled.
     */
    public boolean isWorking(final int slot)
    {
        final byte status = slab.getByte(slot * RECORD_LENGTH + STATUS);
        return status == OrdStatus.PENDING_NEW.value() || status == OrdStatus.NEW.value() ||
            status == OrdStatus.PARTIALLY_FILLED.value();
    }

    public long orderId(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + ORDER_ID);
    }

    public long clOrdId(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + CL_ORD_ID);
    }

    public long account(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + ACCOUNT);
    }

    public long symbol(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + SYMBOL);
    }

    public long price(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + PRICE);
    }

    public long quantity(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + QUANTITY);
    }

    public long cumQty(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + CUM_QTY);
    }

    /**
     * @param slot of an order.
     * @return quantity still open: quantity minus cumQty, never negative.
     */
    public long leavesQty(final int slot)
    {
        return Math.max(0, quantity(slot) - cumQty(slot));
    }

    /**
     * Records a fill.
     *
     * @param slot    of the order.
     * @param lastQty filled quantity.
     * @param lastPx  fill price.
     */
    public void addFill(final int slot, final long lastQty, final long lastPx)
    {
        final int offset = slot * RECORD_LENGTH;
        slab.putLong(offset + CUM_QTY, slab.getLong(offset + CUM_QTY) + lastQty);
        slab.putLong(offset + NOTIONAL, slab.getLong(offset + NOTIONAL) + lastQty * lastPx);
    }

    /**
     * @param slot of the order.
     * @return what its booked fills are worth: the sum of {@code lastQty * lastPx}, in the price scale.
     */
    public long notional(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + NOTIONAL);
    }

    /**
     * @param slot of the order.
     * @return volume weighted average fill price (fixed point), 0 before any fill.
     */
    public long avgPx(final int slot)
    {
        final long cumQty = cumQty(slot);
        return 0 == cumQty ? 0 : slab.getLong(slot * RECORD_LENGTH + NOTIONAL) / cumQty;
    }

    /**
     * @param slot of the order.
     * @return price risk reserved the order at ({@code PreTradeRisk.reservedPrice}): the limit price, or the
     *         worst-case price of a market order at acceptance.
     */
    public long riskPrice(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + RISK_PRICE);
    }

    /**
     * Loads what risk holds for the order into {@code into}: at its own reserved price and quantity, or, while a
     * replace is pending, at the replace's (risk moved the reservation when it accepted the replace, to the larger
     * of the old and the new quantity since the venue may still fill under the old terms until it confirms).
     * Allocation free.
     *
     * @param slot of the order.
     * @param into the caller's reusable reservation.
     * @return {@code into}.
     */
    public RiskReservation reservation(final int slot, final RiskReservation into)
    {
        final int offset = slot * RECORD_LENGTH;
        final boolean replacing = 0 != slab.getLong(offset + REPLACE_REQUEST_ID);
        return into.load(
            slab.getLong(offset + ACCOUNT),
            slab.getLong(offset + SYMBOL),
            Side.get(slab.getByte(offset + SIDE)),
            slab.getLong(offset + (replacing ? REPLACE_RISK_PRICE : RISK_PRICE)),
            slab.getLong(offset + (replacing ? REPLACE_RISK_QUANTITY : QUANTITY)),
            slab.getLong(offset + CUM_QTY));
    }

    public long sendingTime(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + SENDING_TIME);
    }

    public int clientId(final int slot)
    {
        return slab.getInt(slot * RECORD_LENGTH + CLIENT_ID);
    }

    public int venueId(final int slot)
    {
        return slab.getInt(slot * RECORD_LENGTH + VENUE_ID);
    }

    public short sideRaw(final int slot)
    {
        return slab.getByte(slot * RECORD_LENGTH + SIDE);
    }

    public short ordTypeRaw(final int slot)
    {
        return slab.getByte(slot * RECORD_LENGTH + ORD_TYPE);
    }

    public short timeInForceRaw(final int slot)
    {
        return slab.getByte(slot * RECORD_LENGTH + TIME_IN_FORCE);
    }

    /**
     * @param slot of an order.
     * @return its status as the raw {@link OrdStatus} value, or {@link #EMPTY}.
     */
    public short statusRaw(final int slot)
    {
        return slab.getByte(slot * RECORD_LENGTH + STATUS);
    }

    public OrdStatus status(final int slot)
    {
        return OrdStatus.get(statusRaw(slot));
    }

    public void status(final int slot, final OrdStatus status)
    {
        slab.putByte(slot * RECORD_LENGTH + STATUS, (byte)status.value());
    }

    public long cancelRequestId(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + CANCEL_REQUEST_ID);
    }

    public long cancelClOrdId(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + CANCEL_CL_ORD_ID);
    }

    public int cancelClientId(final int slot)
    {
        return slab.getInt(slot * RECORD_LENGTH + CANCEL_CLIENT_ID);
    }

    public long cancelSendingTime(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + CANCEL_SENDING_TIME);
    }

    /**
     * Records a cancel sent to the venue.
     *
     * @param slot        of the order.
     * @param requestId   id of the venue request (not 0).
     * @param clOrdId     client id of the cancel, 0 when the core cancels on its own (kill switch).
     * @param clientId    client that asked.
     * @param sendingTime echo of the request's sending time.
     */
    public void pendingCancel(
        final int slot, final long requestId, final long clOrdId, final int clientId, final long sendingTime)
    {
        final int offset = slot * RECORD_LENGTH;
        slab.putLong(offset + CANCEL_REQUEST_ID, requestId);
        slab.putLong(offset + CANCEL_CL_ORD_ID, clOrdId);
        slab.putInt(offset + CANCEL_CLIENT_ID, clientId);
        slab.putLong(offset + CANCEL_SENDING_TIME, sendingTime);
    }

    /**
     * @param slot of the order.
     * @return its kill-switch flags ({@link #KILL_COVERED}, {@link #KILL_REFUSAL_LOGGED}, {@link #KILL_SETTLED}); 0
     *         for an order no kill switch covers, and for every order once done.
     */
    public int killFlags(final int slot)
    {
        return slab.getByte(slot * RECORD_LENGTH + KILL_FLAGS);
    }

    /**
     * Sets an order's kill-switch flags, keeping the count of working orders a kill switch covers
     * ({@link #killCovered()}).
     *
     * @param slot  of a working order.
     * @param flags its new flags (0 for none).
     */
    public void killFlags(final int slot, final int flags)
    {
        final int offset = slot * RECORD_LENGTH + KILL_FLAGS;
        final int before = slab.getByte(offset);
        killCoveredCount += (flags & KILL_COVERED) - (before & KILL_COVERED);
        slab.putByte(offset, (byte)flags);
    }

    /**
     * @return working orders a kill switch covers ({@link #KILL_COVERED}): cancelled by it, not done yet.
     */
    public int killCovered()
    {
        return killCoveredCount;
    }

    /**
     * @param slot of the order.
     */
    public void clearPendingCancel(final int slot)
    {
        slab.putLong(slot * RECORD_LENGTH + CANCEL_REQUEST_ID, 0);
    }

    public long replaceRequestId(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + REPLACE_REQUEST_ID);
    }

    public long replaceClOrdId(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + REPLACE_CL_ORD_ID);
    }

    public int replaceClientId(final int slot)
    {
        return slab.getInt(slot * RECORD_LENGTH + REPLACE_CLIENT_ID);
    }

    public long replacePrice(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + REPLACE_PRICE);
    }

    public long replaceQuantity(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + REPLACE_QUANTITY);
    }

    public long replaceSendingTime(final int slot)
    {
        return slab.getLong(slot * RECORD_LENGTH + REPLACE_SENDING_TIME);
    }

    /**
     * Records a replace sent to the venue, with the reservation risk moved to for it.
     *
     * @param slot        of the order.
     * @param requestId   id of the venue request (not 0).
     * @param clOrdId     client order id the order takes once replaced.
     * @param clientId    client that asked.
     * @param price       new price.
     * @param quantity    new total quantity.
     * @param sendingTime echo of the request's sending time.
     * @param held        what risk holds while the replace is pending (price and quantity).
     */
    public void pendingReplace(
        final int slot,
        final long requestId,
        final long clOrdId,
        final int clientId,
        final long price,
        final long quantity,
        final long sendingTime,
        final RiskReservation held)
    {
        final int offset = slot * RECORD_LENGTH;
        slab.putLong(offset + REPLACE_RISK_PRICE, held.price());
        slab.putLong(offset + REPLACE_RISK_QUANTITY, held.quantity());
        slab.putLong(offset + REPLACE_REQUEST_ID, requestId);
        slab.putLong(offset + REPLACE_CL_ORD_ID, clOrdId);
        slab.putInt(offset + REPLACE_CLIENT_ID, clientId);
        slab.putLong(offset + REPLACE_PRICE, price);
        slab.putLong(offset + REPLACE_QUANTITY, quantity);
        slab.putLong(offset + REPLACE_SENDING_TIME, sendingTime);
    }

    /**
     * The venue confirmed the pending replace: the order takes its price, reserved price, quantity and client order
     * id (re-indexed), and no replace is pending any more. Its status is unchanged.
     *
     * @param slot of the order.
     */
    public void applyReplace(final int slot)
    {
        final int offset = slot * RECORD_LENGTH;
        slab.putLong(offset + PRICE, slab.getLong(offset + REPLACE_PRICE));
        slab.putLong(offset + RISK_PRICE, slab.getLong(offset + REPLACE_RISK_PRICE));
        slab.putLong(offset + QUANTITY, slab.getLong(offset + REPLACE_QUANTITY));
        changeClOrdId(slot, slab.getLong(offset + REPLACE_CL_ORD_ID));
        clearPendingReplace(slot);
    }

    /**
     * @param slot of the order.
     */
    public void clearPendingReplace(final int slot)
    {
        slab.putLong(slot * RECORD_LENGTH + REPLACE_REQUEST_ID, 0);
    }

    private void releaseSlot(final int slot)
    {
        int tail = reusableHead + reusableCount;
        if (tail >= capacity)
        {
            tail -= capacity;
        }
        reusable[tail] = slot;
        reusableCount++;
        workingCount--;
    }

    private void unindex(final int slot)
    {
        byOrderId.remove(orderId(slot), slot);
        byClientOrderId.remove(account(slot), clOrdId(slot), slot);
        bySupersededClOrdId.remove(account(slot), supersededClOrdId(slot), slot);
    }

    /**
     * Writes the table for a core snapshot: the FIFO of reusable slots (in order) and every slot that holds an
     * order (working or recently closed), as raw records of {@link #RECORD_LENGTH} bytes (the snapshot part's format
     * 2). The indexes are not written: {@link #restoreFrom} rebuilds them from the records. Core thread (between
     * inputs, when every allocated slot is indexed); allocation free.
     *
     * @return offset after what was written.
     */
    public int snapshotTo(final MutableDirectBuffer buffer, final int offset)
    {
        int at = offset;
        buffer.putInt(at, capacity);
        buffer.putInt(at + 4, workingCount);
        buffer.putInt(at + 8, reusableCount);
        at += 12;
        int index = reusableHead;
        for (int i = 0; i < reusableCount; i++)
        {
            buffer.putInt(at, reusable[index]);
            at += 4;
            index = index + 1 == capacity ? 0 : index + 1;
        }
        final int countAt = at;
        at += 4;
        int used = 0;
        for (int slot = 0; slot < capacity; slot++)
        {
            final int recordOffset = slot * RECORD_LENGTH;
            if (EMPTY != slab.getByte(recordOffset + STATUS))
            {
                buffer.putInt(at, slot);
                buffer.putBytes(at + 4, slab, recordOffset, RECORD_LENGTH);
                at += 4 + RECORD_LENGTH;
                used++;
            }
        }
        buffer.putInt(countAt, used);
        return at;
    }

    /**
     * Reads the orders a snapshot holds (what {@link #snapshotTo} wrote) one at a time, without restoring a table of
     * the snapshot's capacity: each record is loaded in turn into slot 0 of a one-order table and handed to
     * {@code order} with that slot, to be read with the usual accessors (the table's indexes are not kept). For
     * readers of the core's state outside the core (the FIX gateway at start). Edge code: allocates the one-order
     * table.
     *
     * @param buffer       holding the snapshot.
     * @param offset       where {@link #snapshotTo} wrote.
     * @param recordLength its records' length: {@link #RECORD_LENGTH}, or {@link #RECORD_LENGTH_FORMAT_1} for a
     *                     snapshot of format 1.
     * @param order        called for each order record, working or recently closed.
     * @return offset after what was read.
     * @throws IllegalStateException if the counts are out of range.
     */
    public static int readSnapshot(
        final DirectBuffer buffer, final int offset, final int recordLength, final ObjIntConsumer<OrderTable> order)
    {
        checkRecordLength(recordLength);
        final int capacity = buffer.getInt(offset);
        final int reusableSlots = buffer.getInt(offset + 8);
        if (capacity <= 0 || reusableSlots < 0 || reusableSlots > capacity)
        {
            throw new IllegalStateException("snapshot order table counts out of range: capacity " + capacity +
                ", reusable " + reusableSlots);
        }
        int at = offset + 12 + reusableSlots * 4;
        final int used = buffer.getInt(at);
        at += 4;
        if (used < 0 || used > capacity)
        {
            throw new IllegalStateException("snapshot order records out of range: " + used + " of " + capacity);
        }
        final OrderTable one = new OrderTable(1);
        for (int i = 0; i < used; i++)
        {
            one.loadRecord(0, buffer, at + 4, recordLength);
            order.accept(one, 0);
            at += 4 + recordLength;
        }
        return at;
    }

    private static void checkRecordLength(final int recordLength)
    {
        if (RECORD_LENGTH != recordLength && RECORD_LENGTH_FORMAT_1 != recordLength)
        {
            throw new IllegalArgumentException("order record length " + recordLength + ": " + RECORD_LENGTH +
                " or (format 1) " + RECORD_LENGTH_FORMAT_1);
        }
    }

    /** Copies a snapshot's record into a slot; what a shorter (format 1) record does not hold is 0. */
    private void loadRecord(final int slot, final DirectBuffer buffer, final int offset, final int recordLength)
    {
        final int recordOffset = slot * RECORD_LENGTH;
        slab.putBytes(recordOffset, buffer, offset, recordLength);
        slab.setMemory(recordOffset + recordLength, RECORD_LENGTH - recordLength, (byte)0);
    }

    /**
     * Loads what {@link #snapshotTo} wrote into this freshly constructed table and rebuilds its indexes (order id,
     * (account, clOrdId), superseded clOrdIds, working orders per account). Launching thread, before the core runs;
     * allocation free.
     *
     * @param recordLength the snapshot's record length: {@link #RECORD_LENGTH}, or {@link #RECORD_LENGTH_FORMAT_1}
     *                     for a snapshot of format 1 (its orders' superseded clOrdIds are not known: 0).
     * @return offset after what was read.
     * @throws IllegalStateException if the table is not fresh or the snapshot is of another capacity.
     */
    public int restoreFrom(final DirectBuffer buffer, final int offset, final int recordLength)
    {
        checkRecordLength(recordLength);
        if (0 != workingCount || capacity != reusableCount || 0 != byOrderId.size())
        {
            throw new IllegalStateException("a snapshot is restored into a fresh order table only");
        }
        int at = offset;
        final int snapshotCapacity = buffer.getInt(at);
        if (snapshotCapacity != capacity)
        {
            throw new IllegalStateException("snapshot order capacity " + snapshotCapacity + ", table " + capacity);
        }
        final int working = buffer.getInt(at + 4);
        final int reusableSlots = buffer.getInt(at + 8);
        at += 12;
        if (reusableSlots < 0 || reusableSlots > capacity || working < 0 || working > capacity)
        {
            throw new IllegalStateException("snapshot order table counts out of range: " + working + "/" + reusableSlots);
        }
        for (int i = 0; i < reusableSlots; i++)
        {
            reusable[i] = buffer.getInt(at);
            at += 4;
        }
        reusableHead = 0;
        reusableCount = reusableSlots;
        workingCount = working;
        final int used = buffer.getInt(at);
        at += 4;
        for (int i = 0; i < used; i++)
        {
            final int slot = buffer.getInt(at);
            if (slot < 0 || slot >= capacity)
            {
                throw new IllegalStateException("snapshot order slot out of range: " + slot);
            }
            loadRecord(slot, buffer, at + 4, recordLength);
            at += 4 + recordLength;
        }
        // Closed orders first, working ones last: if a closed order and a working one ever shared an
        // (account, clOrdId), the working one is what a lookup must find, as it was when it was indexed.
        for (int pass = 0; pass < 2; pass++)
        {
            for (int slot = 0; slot < capacity; slot++)
            {
                if (EMPTY != slab.getByte(slot * RECORD_LENGTH + STATUS) && (1 == pass) == isWorking(slot))
                {
                    byOrderId.put(orderId(slot), slot);
                    byClientOrderId.put(account(slot), clOrdId(slot), slot);
                    if (0 != supersededClOrdId(slot))
                    {
                        bySupersededClOrdId.put(account(slot), supersededClOrdId(slot), slot);
                    }
                    if (isWorking(slot))
                    {
                        accounts.onWorking(account(slot));
                        killCoveredCount += killFlags(slot) & KILL_COVERED;
                    }
                }
            }
        }
        return at;
    }
}
