package io.peregrine.core.journal;

/**
 * The version of the core's decisions: what its logic outputs for a given journaled input. Replay compares the
 * outputs the logic makes now with the ones the journal recorded, so a journal written by logic of another version
 * replays with mismatches that are no damage. The journal's {@code journal-start.properties} records the version that
 * wrote its entries ({@code decisionVersion}, from index {@code decisionVersionFrom}), so that a refused replay can say
 * which of the two it is.
 * <p>
 * <b>The rule:</b> bump {@link #CURRENT} in every change after which the core decides differently on the same input
 * (another reply, reject reason or text, another venue request, other state), and list the change in the README's
 * "Migration: data written by earlier releases". A change that only adds inputs or outputs an earlier journal cannot
 * hold does not need it.
 * <ul>
 * <li>none recorded: a release before this marker, e.g. the round-9 release, whose VENUE_LOST_ORDER rejects carried
 * no venue text (today's core copies it into the report).</li>
 * <li>1: the first release that records it.</li>
 * <li>2: a replace to a larger quantity the venue refuses after fills took the order to its quantity closes it with
 * an ExecutionReport RESTATED (schema version 5), where version 1 sent FILL with lastQty 0; and the executed daily
 * notional (the credit limit) starts again from zero at each trading-day boundary ({@code peregrine.risk.day.start}),
 * where version 1 kept it for the life of the data directory, so an order it refused CREDIT_LIMIT_EXCEEDED on a later
 * day may now be accepted.</li>
 * <li>3: a kill switch covers the working orders in scope until they are done: a cancel refused for a reason that
 * does not settle it (VENUE_UNAVAILABLE, THROTTLED...) is owed and sent again on the venue's session CONNECTED or
 * CIRCUIT_HALF_OPEN, on its later reports and after a restart; its AdminResponse counts every working order in
 * scope, where version 2 counted the cancels it sent and never sent a refused one again. The core decides that by
 * the version of the entry it replays ({@link CoreJournal#replayedDecisionVersion}): a version-2 journal replays as
 * it was recorded ({@link #KILL_SWITCH_COVERS}).</li>
 * </ul>
 */
public final class DecisionVersion
{
    /** The version of this build's core logic. */
    public static final int CURRENT = 3;

    /** The first version whose kill switch covers its orders until done (owed cancels sent again). */
    public static final int KILL_SWITCH_COVERS = 3;

    /** What a journal that records no version was written by: a release from before the marker. */
    static final int UNRECORDED = 0;

    private DecisionVersion()
    {
    }
}
