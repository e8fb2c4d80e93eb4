package io.peregrine.core;

import io.aeron.Aeron;
import io.peregrine.sbe.RejectReason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.nio.charset.StandardCharsets;

/**
 * The core's Aeron counters: allocated in the media driver's counters file, so they are visible live with
 * {@code AeronStat} (type ids {@value #TYPE_ID_BASE} and up, labels starting with {@code peregrine}).
 * <p>
 * Written only by the core agent thread (release semantics), readable from any thread and process.
 * Created at launch (allocates); increments allocate nothing.
 */
public final class CoreCounters implements AutoCloseable
{
    /** First Aeron counter type id used by Peregrine (7 is the schema id). */
    public static final int TYPE_ID_BASE = 7000;
    /** Type id of the core's duty-cycle heartbeat (operability range 1200-1299). */
    public static final int HEARTBEAT_TYPE_ID = 1200;
    /** Type id of the working orders gauge ({@link #TYPE_ID_BASE} + 18). */
    public static final int WORKING_ORDERS_TYPE_ID = TYPE_ID_BASE + 18;
    /** Type id of the rejects-by-reason counters; the 8-byte key holds the {@code RejectReason} value. */
    public static final int REJECTS_BY_REASON_TYPE_ID = 1201;
    /** Type id of the global kill switch gauge (1 when on). */
    public static final int KILL_SWITCH_GLOBAL_TYPE_ID = 1202;
    /** Type id of the gauge of symbols with a kill switch on. */
    public static final int SYMBOLS_KILLED_TYPE_ID = 1203;
    /** Type id of the gauge of paused venues. */
    public static final int VENUES_PAUSED_TYPE_ID = 1204;
    /** Type id of the core journal position: entries appended by this run (code-shape range 1360-1399). */
    public static final int JOURNAL_POSITION_TYPE_ID = 1371;
    /** Type id of the gauge that is 1 while the core journal accepts appends, 0 while it refuses them. */
    public static final int JOURNAL_AVAILABLE_TYPE_ID = 1372;

    private final AtomicCounter ingressMessages;
    private final AtomicCounter venueMessages;
    private final AtomicCounter ordersAccepted;
    private final AtomicCounter ordersRejected;
    private final AtomicCounter riskRejects;
    private final AtomicCounter malformedMessages;
    private final AtomicCounter unknownTemplates;
    private final AtomicCounter unsupportedSchema;
    private final AtomicCounter invalidEnumValues;
    private final AtomicCounter cancelRejects;
    private final AtomicCounter fills;
    private final AtomicCounter venueUnavailableRejects;
    private final AtomicCounter venueOutBackPressured;
    private final AtomicCounter offerRetries;
    private final AtomicCounter egressDropped;
    private final AtomicCounter venueUnknownOrders;
    private final AtomicCounter venueMalformed;
    private final AtomicCounter adminCommands;
    private final AtomicCounter workingOrders;
    private final AtomicCounter errors;
    private final AtomicCounter heartbeat;
    private final AtomicCounter killSwitchGlobal;
    private final AtomicCounter symbolsKilled;
    private final AtomicCounter venuesPaused;
    private final AtomicCounter journalPosition;
    private final AtomicCounter journalAvailable;
    private final AtomicCounter[] rejectsByReason = new AtomicCounter[256];

    CoreCounters(final Aeron aeron, final boolean journalOn)
    {
        this(aeron::addCounter, journalOn);
    }

    /**
     * Counters in a process-local counters file, for the core's logic driven without a media driver
     * ({@link DirectCore}).
     */
    CoreCounters(final CountersManager countersManager)
    {
        this((typeId, key, keyOffset, keyLength, label, labelOffset, labelLength) -> countersManager.newCounter(
            label.getStringWithoutLengthAscii(labelOffset, labelLength), typeId,
            (keyBuffer) -> keyBuffer.putBytes(0, key, keyOffset, keyLength)), false);
    }

    /**
     * How {@code Aeron} adds a counter, so the same wiring serves a media driver's counters file and a
     * process-local {@link CountersManager}.
     */
    @FunctionalInterface
    private interface CounterSource
    {
        AtomicCounter addCounter(
            int typeId, DirectBuffer key, int keyOffset, int keyLength, DirectBuffer label, int labelOffset,
            int labelLength);

        default AtomicCounter addCounter(final int typeId, final String label)
        {
            final UnsafeBuffer text = new UnsafeBuffer(label.getBytes(StandardCharsets.US_ASCII));
            return addCounter(typeId, text, 0, 0, text, 0, text.capacity());
        }
    }

    private CoreCounters(final CounterSource aeron, final boolean journalOn)
    {
        ingressMessages = add(aeron, 0, "peregrine: ingress messages");
        venueMessages = add(aeron, 1, "peregrine: venue-in messages");
        ordersAccepted = add(aeron, 2, "peregrine: orders accepted by risk and routed");
        ordersRejected = add(aeron, 3, "peregrine: new orders rejected (any reason)");
        riskRejects = add(aeron, 4, "peregrine: new orders rejected by pre-trade risk");
        malformedMessages = add(aeron, 5, "peregrine: ingress rejected MALFORMED_MESSAGE");
        unknownTemplates = add(aeron, 6, "peregrine: ingress rejected UNKNOWN_TEMPLATE");
        unsupportedSchema = add(aeron, 7, "peregrine: ingress rejected UNSUPPORTED_SCHEMA");
        invalidEnumValues = add(aeron, 8, "peregrine: ingress rejected INVALID_ENUM_VALUE");
        cancelRejects = add(aeron, 9, "peregrine: cancel/replace rejects");
        fills = add(aeron, 10, "peregrine: fills");
        venueUnavailableRejects = add(aeron, 11, "peregrine: orders rejected venue unavailable/circuit open");
        venueOutBackPressured = add(aeron, 12, "peregrine: venue-out offers failed (BACK_PRESSURED rejects)");
        offerRetries = add(aeron, 13, "peregrine: back-pressured offer retries");
        egressDropped = add(aeron, 14, "peregrine: egress reports dropped after retries");
        venueUnknownOrders = add(aeron, 15, "peregrine: venue messages for unknown orders/requests");
        venueMalformed = add(aeron, 16, "peregrine: venue-in messages malformed");
        adminCommands = add(aeron, 17, "peregrine: admin commands");
        workingOrders = aeron.addCounter(WORKING_ORDERS_TYPE_ID, "peregrine: working orders");
        errors = add(aeron, 19, "peregrine: core agent errors");
        heartbeat = aeron.addCounter(HEARTBEAT_TYPE_ID, "peregrine: core heartbeat (duty cycles)");
        killSwitchGlobal = aeron.addCounter(KILL_SWITCH_GLOBAL_TYPE_ID, "peregrine: kill switch global (1 = on)");
        symbolsKilled = aeron.addCounter(SYMBOLS_KILLED_TYPE_ID, "peregrine: symbols with kill switch on");
        venuesPaused = aeron.addCounter(VENUES_PAUSED_TYPE_ID, "peregrine: venues paused");
        // Only with a journal: a core without one shows no journal rather than one that never moves.
        journalPosition = journalOn ?
            aeron.addCounter(JOURNAL_POSITION_TYPE_ID, "peregrine: core journal entries appended (position)") : null;
        journalAvailable = journalOn ?
            aeron.addCounter(JOURNAL_AVAILABLE_TYPE_ID, "peregrine: core journal available (1 = yes)") : null;
        final UnsafeBuffer key = new UnsafeBuffer(new byte[8]);
        for (final RejectReason reason : RejectReason.values())
        {
            if (RejectReason.NONE != reason && RejectReason.NULL_VAL != reason)
            {
                key.putLong(0, reason.value());
                final String label = "peregrine: rejects reason=" + reason.name();
                rejectsByReason[reason.value()] = aeron.addCounter(
                    REJECTS_BY_REASON_TYPE_ID, key, 0, 8, new UnsafeBuffer(label.getBytes()), 0, label.length());
            }
        }
    }

    private static AtomicCounter add(final CounterSource aeron, final int offset, final String label)
    {
        return aeron.addCounter(TYPE_ID_BASE + offset, label);
    }

    /** @return messages taken off the ingress stream. */
    public AtomicCounter ingressMessages()
    {
        return ingressMessages;
    }

    /** @return messages taken off the venue-in stream. */
    public AtomicCounter venueMessages()
    {
        return venueMessages;
    }

    /** @return new orders that passed every check and were sent to a venue. */
    public AtomicCounter ordersAccepted()
    {
        return ordersAccepted;
    }

    /** @return new orders rejected by the core, for any reason (validation, risk, venue state, back pressure). */
    public AtomicCounter ordersRejected()
    {
        return ordersRejected;
    }

    /** @return new orders rejected by {@code PreTradeRisk}. */
    public AtomicCounter riskRejects()
    {
        return riskRejects;
    }

    /** @return ingress messages rejected as MALFORMED_MESSAGE. */
    public AtomicCounter malformedMessages()
    {
        return malformedMessages;
    }

    /** @return ingress messages rejected as UNKNOWN_TEMPLATE. */
    public AtomicCounter unknownTemplates()
    {
        return unknownTemplates;
    }

    /** @return ingress messages rejected as UNSUPPORTED_SCHEMA. */
    public AtomicCounter unsupportedSchema()
    {
        return unsupportedSchema;
    }

    /** @return ingress messages rejected as INVALID_ENUM_VALUE. */
    public AtomicCounter invalidEnumValues()
    {
        return invalidEnumValues;
    }

    /** @return CancelReject reports sent. */
    public AtomicCounter cancelRejects()
    {
        return cancelRejects;
    }

    /** @return fills and partial fills applied. */
    public AtomicCounter fills()
    {
        return fills;
    }

    /** @return new orders rejected because their venue was DISCONNECTED or CIRCUIT_OPEN. */
    public AtomicCounter venueUnavailableRejects()
    {
        return venueUnavailableRejects;
    }

    /** @return venue-out offers that failed after retries (the order was rejected BACK_PRESSURED). */
    public AtomicCounter venueOutBackPressured()
    {
        return venueOutBackPressured;
    }

    /** @return retries of back-pressured offers on any publication. */
    public AtomicCounter offerRetries()
    {
        return offerRetries;
    }

    /** @return egress reports that could not be published after retries (or with no subscriber). */
    public AtomicCounter egressDropped()
    {
        return egressDropped;
    }

    /** @return venue messages for an order id or request id the core does not know. */
    public AtomicCounter venueUnknownOrders()
    {
        return venueUnknownOrders;
    }

    /** @return venue-in messages that failed header or field checks. */
    public AtomicCounter venueMalformed()
    {
        return venueMalformed;
    }

    /** @return admin commands handled (kill switch, resume, limit update). */
    public AtomicCounter adminCommands()
    {
        return adminCommands;
    }

    /** @return gauge of working orders in the order table. */
    public AtomicCounter workingOrders()
    {
        return workingOrders;
    }

    /** @return unexpected exceptions caught on the core thread. */
    public AtomicCounter errors()
    {
        return errors;
    }

    /** @return duty cycles of the core agent: advancing while the core thread is alive (liveness). */
    public AtomicCounter heartbeat()
    {
        return heartbeat;
    }

    /** @return gauge: 1 while the global kill switch is on. */
    public AtomicCounter killSwitchGlobal()
    {
        return killSwitchGlobal;
    }

    /** @return gauge of symbols with a kill switch on. */
    public AtomicCounter symbolsKilled()
    {
        return symbolsKilled;
    }

    /** @return gauge of venues paused. */
    public AtomicCounter venuesPaused()
    {
        return venuesPaused;
    }

    /** @return the core journal's position (entries appended by this run), or null without a journal. */
    public AtomicCounter journalPosition()
    {
        return journalPosition;
    }

    /** @return gauge: 1 while the core journal accepts appends (reporting thread), or null without a journal. */
    public AtomicCounter journalAvailable()
    {
        return journalAvailable;
    }

    /**
     * Counts one reject report (order, cancel/replace or message) by its reason. Core thread; allocation free.
     *
     * @param reason why; NONE and unknown values are ignored.
     */
    public void onReject(final RejectReason reason)
    {
        final AtomicCounter counter = rejectsByReason[reason.value() & 0xFF];
        if (null != counter)
        {
            counter.incrementRelease();
        }
    }

    /**
     * Counts an ingress message refused by a format or access check, by kind (unknown template, unsupported schema,
     * invalid enum value, or malformed; NOT_AUTHORISED is counted by {@code ClientAuthorisation}). Core thread;
     * allocation free.
     *
     * @param reason why the message was refused.
     */
    public void onInvalid(final RejectReason reason)
    {
        switch (reason)
        {
            case UNKNOWN_TEMPLATE:
                unknownTemplates().incrementRelease();
                break;
            case UNSUPPORTED_SCHEMA:
                unsupportedSchema().incrementRelease();
                break;
            case INVALID_ENUM_VALUE:
                invalidEnumValues().incrementRelease();
                break;
            case NOT_AUTHORISED:
                break; // counted by ClientAuthorisation
            default:
                malformedMessages().incrementRelease();
                break;
        }
    }

    /**
     * Frees the counters in the driver.
     */
    public void close()
    {
        CloseHelper.closeAll(ingressMessages, venueMessages, ordersAccepted, ordersRejected, riskRejects,
            malformedMessages, unknownTemplates, unsupportedSchema, invalidEnumValues, cancelRejects, fills,
            venueUnavailableRejects, venueOutBackPressured, offerRetries, egressDropped, venueUnknownOrders,
            venueMalformed, adminCommands, workingOrders, errors, heartbeat, killSwitchGlobal, symbolsKilled,
            venuesPaused, journalPosition, journalAvailable);
        CloseHelper.closeAll(rejectsByReason);
    }
}
