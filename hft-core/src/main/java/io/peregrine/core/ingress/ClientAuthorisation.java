package io.peregrine.core.ingress;

import io.aeron.Subscription;
import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.CounterKey;
import io.peregrine.sbe.RejectReason;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.IntHashSet;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who may do what on the ingress stream (1001): admin commands only from the configured admin client ids, orders
 * for an account only from the client ids configured for it (accounts without a list are open to every client), a
 * cancel or replace only from the client that owns the order or an admin, and the gateway's client id only from
 * the one Aeron publication (image) that is using it.
 * <p>
 * <b>The gateway's id, deterministically.</b> The first publication to use the gateway's client id binds it; the
 * binding ends only with a journaled {@code SOURCE_GONE} input ({@link #sourceGone}), which the core agent gives
 * itself when the holder's image left the ingress subscription ({@link #holderGone}, a live check) and once at each
 * start. A decision that read the live subscription directly would differ in a replay (no image is connected then):
 * a refused request would be accepted, and every later order id would shift. Entries of a journal written before
 * this input existed (by an earlier release, up to the first {@code SOURCE_GONE}) are replayed by that release's rule:
 * another publication takes the id over when the holder's image is not connected, which in a replay it never is.
 * <p>
 * <b>The gateway's claim at its start.</b> An {@code OrderStatusRequest} under the gateway's id for an order the core
 * does not hold binds the id like any order request ({@link #unknownOrder}): the gateway sends one as soon as its
 * publication connects, before it accepts a broker, so another publication cannot take the id between the gateway's
 * start and its first broker request. The rule applies from the first {@code SOURCE_GONE} input that says so (its
 * value carries {@link #STATUS_BINDS}; the first start of this release journals one): a journal written before it
 * replays status requests as they were decided then (answered {@code UNKNOWN_ORDER}, binding nothing).
 * <p>
 * <b>What this protects, and what it cannot.</b> Aeron IPC carries no sender identity: the client id is a field the
 * sender writes. These checks keep well-behaved clients in their lanes (a misconfigured app cannot trade another
 * desk's account, cancel another client's orders or pull the kill switch) and stop a second publisher from taking
 * over the gateway's client id while the gateway is connected. They do not stop a process that can write to the
 * Aeron directory from claiming an admin id, or from publishing on the venue streams: the file permissions of the
 * Aeron directory are the security boundary.
 * <p>
 * <b>Threading and allocation.</b> Built on the launching thread (allocates); every other method is called only on
 * the core agent thread and allocates nothing: primitive Agrona sets and maps, no boxing, no logging. Each refusal
 * increments one Aeron counter.
 */
public final class ClientAuthorisation
{
    /** The Aeron counter of {@link #notAuthorised()} (the security range 1300-1319). */
    public static final CounterDescriptor NOT_AUTHORISED_COUNTER = CounterDescriptor.counter(1300, CounterKey.NONE,
        "peregrine: requests refused NOT_AUTHORISED",
        "peregrine_core_not_authorised",
        "ingress requests refused NOT_AUTHORISED (admin command, account or gateway client id not allowed)");

    /**
     * Marks a {@code SOURCE_GONE} input's value (in its upper 32 bits; the session is in the lower 32): from this
     * input on, a status request for an unknown order binds the gateway's id ({@link #unknownOrder}). Values of an
     * earlier release hold the session sign-extended (upper bits 0 or -1).
     */
    public static final long STATUS_BINDS = 2L << 32;

    private final IntHashSet adminClientIds;
    private final Long2ObjectHashMap<IntHashSet> clientIdsByAccount;
    private final int gatewayClientId;
    private final Subscription ingress;
    private final AtomicLong ingressImagesGone;
    private final AtomicCounter notAuthorised;

    /** {@link #ingressImagesGone} when the holder was last checked. */
    private long imagesGoneChecked = -1;
    /** Whether this run's start needs no more {@code SOURCE_GONE} (live only: never set by a replay). */
    private boolean startChecked;
    private int sourceSessionId;
    private boolean gatewayBound;
    /** Whether this journal frees the id by {@code SOURCE_GONE} inputs (false: entries of an earlier release). */
    private boolean releasesJournaled;
    /** Whether a status request for an unknown order binds the id ({@link #STATUS_BINDS} journaled). */
    private boolean statusBinds;
    private int gatewaySessionId;

    /**
     * @param adminClientIds     client ids whose KillSwitch, Resume and LimitUpdate are obeyed, and who may cancel
     *                           or replace any order.
     * @param clientIdsByAccount packed account ({@code PackedAscii.pack}) to the client ids that may trade it;
     *                           accounts not in the map may be traded by any client.
     * @param gatewayClientId    the FIX gateway's client id, usable by one ingress publication at a time.
     * @param ingress            the core's ingress subscription, to tell whether the publication holding the
     *                           gateway's id is still connected ({@link #holderGone}).
     * @param ingressImagesGone  how many images left the ingress subscription (incremented by its unavailable-image
     *                           handler, on the Aeron client's thread).
     * @param notAuthorised      counts every refusal.
     */
    public ClientAuthorisation(
        final Set<Integer> adminClientIds,
        final Map<Long, ? extends Set<Integer>> clientIdsByAccount,
        final int gatewayClientId,
        final Subscription ingress,
        final AtomicLong ingressImagesGone,
        final AtomicCounter notAuthorised)
    {
        this.adminClientIds = new IntHashSet(Math.max(8, adminClientIds.size() * 2));
        adminClientIds.forEach(this.adminClientIds::add);
        this.clientIdsByAccount = new Long2ObjectHashMap<>();
        for (final Map.Entry<Long, ? extends Set<Integer>> entry : clientIdsByAccount.entrySet())
        {
            final IntHashSet ids = new IntHashSet(Math.max(8, entry.getValue().size() * 2));
            entry.getValue().forEach(ids::add);
            this.clientIdsByAccount.put(entry.getKey().longValue(), ids);
        }
        this.gatewayClientId = gatewayClientId;
        this.ingress = ingress;
        this.ingressImagesGone = ingressImagesGone;
        this.notAuthorised = notAuthorised;
    }

    /**
     * Records which ingress publication the message about to be handled came from.
     *
     * @param aeronSessionId {@code Header.sessionId()} of the fragment.
     */
    public void source(final int aeronSessionId)
    {
        sourceSessionId = aeronSessionId;
    }

    /**
     * @param clientId sender of a NewOrder.
     * @param account  packed account it names.
     * @return NONE, or NOT_AUTHORISED (counted) when the account has a client list without this client, or the
     *         client id is the gateway's and another live publication holds it.
     */
    public RejectReason newOrder(final int clientId, final long account)
    {
        final IntHashSet allowed = clientIdsByAccount.get(account);
        if ((null != allowed && !allowed.contains(clientId)) || !isRightfulUser(clientId))
        {
            return refuse();
        }
        return RejectReason.NONE;
    }

    /**
     * @param clientId      sender of a CancelOrder or ReplaceOrder.
     * @param ownerClientId client id that placed the order.
     * @return NONE, or NOT_AUTHORISED (counted) unless the sender owns the order or is an admin (and, for the
     *         gateway's id, is the publication holding it).
     */
    public RejectReason amend(final int clientId, final int ownerClientId)
    {
        if ((clientId != ownerClientId && !adminClientIds.contains(clientId)) || !isRightfulUser(clientId))
        {
            return refuse();
        }
        return RejectReason.NONE;
    }

    /**
     * @param clientId sender of a KillSwitch, Resume or LimitUpdate (the null value for a message without one).
     * @return NONE, or NOT_AUTHORISED (counted) unless the sender is a configured admin.
     */
    public RejectReason admin(final int clientId)
    {
        return adminClientIds.contains(clientId) ? RejectReason.NONE : refuse();
    }

    /**
     * A status request for an order the core does not hold (never known, or its slot reused): under the gateway's id
     * it binds the id like an order request (the gateway's claim at its start), once the journal says the rule
     * applies ({@link #STATUS_BINDS}).
     *
     * @param clientId sender of an OrderStatusRequest.
     * @return UNKNOWN_ORDER, or NOT_AUTHORISED (counted) when the client id is the gateway's and another publication
     *         holds it.
     */
    public RejectReason unknownOrder(final int clientId)
    {
        return statusBinds && !isRightfulUser(clientId) ? refuse() : RejectReason.UNKNOWN_ORDER;
    }

    /**
     * @param clientId a client id.
     * @return whether it is a configured admin.
     */
    public boolean isAdmin(final int clientId)
    {
        return adminClientIds.contains(clientId);
    }

    /**
     * @return the counter of refusals (also visible to AeronStat).
     */
    public AtomicCounter notAuthorised()
    {
        return notAuthorised;
    }

    /**
     * The live half of the binding's end, for the core agent's duty cycle (never during a replay): whether the
     * publication holding the gateway's id is gone. Looked at only after an image left the ingress subscription, and at
     * the first calls of a run (a start: the holder of the recovered binding has no image yet, even if it is still
     * alive, and then binds again with its next request; and the first start on a journal of an earlier release marks
     * where the releases begin). Allocation free; one volatile read when nothing changed.
     *
     * @return true if the caller should journal a {@code SOURCE_GONE} input with the value {@link #sourceGoneValue()}
     * and then call {@link #holderGoneJournaled}; false otherwise (checked until the next image leaves).
     */
    public boolean holderGone()
    {
        if (!startChecked)
        {
            // At a start: when the id is bound, and once in a journal whose releases (or whose status requests'
            // binding) are not recorded yet: the input marks where they begin. Asked again until holderGoneJournaled
            // (a journal refusal retries it).
            if (gatewayBound || !releasesJournaled || !statusBinds)
            {
                return true;
            }
            startChecked = true;
        }
        final long gone = ingressImagesGone.get();
        if (gone == imagesGoneChecked)
        {
            return false;
        }
        if (gatewayBound && null == ingress.imageBySessionId(gatewaySessionId))
        {
            return true;
        }
        imagesGoneChecked = gone;
        return false;
    }

    /**
     * @return the Aeron session of the publication holding the gateway's id (meaningful while one does).
     */
    public int holderSessionId()
    {
        return gatewaySessionId;
    }

    /**
     * @return the value of the {@code SOURCE_GONE} input {@link #holderGone} asks for: the holder's session
     * ({@link #holderSessionId()}) in the lower 32 bits, and {@link #STATUS_BINDS}.
     */
    public long sourceGoneValue()
    {
        return (gatewaySessionId & 0xFFFF_FFFFL) | STATUS_BINDS;
    }

    /**
     * @param value a {@code SOURCE_GONE} input's value.
     * @return the Aeron session it names.
     */
    public static int sessionOf(final long value)
    {
        return (int)value;
    }

    /**
     * Acts on a journaled {@code SOURCE_GONE} input, live or replayed: frees the gateway's id if that session holds it,
     * and from an input marked {@link #STATUS_BINDS} on, lets status requests bind it.
     *
     * @param value the input's value: the session that is gone ({@link #sessionOf}), and the mark.
     */
    public void sourceGone(final long value)
    {
        releasesJournaled = true;
        statusBinds |= STATUS_BINDS == (value & ~0xFFFF_FFFFL);
        if (gatewayBound && sessionOf(value) == gatewaySessionId)
        {
            gatewayBound = false;
        }
    }

    /**
     * The live side of {@link #sourceGone}: the core agent journaled the {@code SOURCE_GONE} input
     * {@link #holderGone} asked for, and acts on it. Core thread.
     *
     * @param value the input's value, {@link #sourceGoneValue()}.
     */
    public void holderGoneJournaled(final long value)
    {
        startChecked = true;
        sourceGone(value);
    }

    private boolean isRightfulUser(final int clientId)
    {
        if (clientId != gatewayClientId || (gatewayBound && sourceSessionId == gatewaySessionId))
        {
            return true;
        }
        if (gatewayBound &&
            (releasesJournaled || (null != ingress && null != ingress.imageBySessionId(gatewaySessionId))))
        {
            return false;
        }
        gatewayBound = true;
        gatewaySessionId = sourceSessionId;
        return true;
    }

    private RejectReason refuse()
    {
        notAuthorised.incrementRelease();
        return RejectReason.NOT_AUTHORISED;
    }

    /**
     * Writes which ingress session holds the gateway's client id, for a core snapshot (replay after it must bind as
     * the live run did). Core thread; allocation free.
     *
     * @return offset after what was written.
     */
    public int snapshotTo(final MutableDirectBuffer buffer, final int offset)
    {
        // Bit 0: bound; bit 1: releases journaled; bit 2: status requests bind (a snapshot of an earlier release has
        // 0 to 3).
        buffer.putByte(offset, (byte)((gatewayBound ? 1 : 0) | (releasesJournaled ? 2 : 0) | (statusBinds ? 4 : 0)));
        buffer.putInt(offset + 1, gatewaySessionId);
        return offset + 5;
    }

    /**
     * Restores what {@link #snapshotTo} wrote. Launching thread.
     *
     * @return offset after what was read.
     */
    public int restoreFrom(final DirectBuffer buffer, final int offset)
    {
        final byte flags = buffer.getByte(offset);
        gatewayBound = 0 != (flags & 1);
        releasesJournaled = 0 != (flags & 2);
        statusBinds = 0 != (flags & 4);
        gatewaySessionId = buffer.getInt(offset + 1);
        return offset + 5;
    }
}
