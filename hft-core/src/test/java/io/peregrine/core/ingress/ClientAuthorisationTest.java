package io.peregrine.core.ingress;

import io.peregrine.sbe.RejectReason;
import io.peregrine.testsupport.ThreadAllocation;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.ACC2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientAuthorisationTest
{
    private static final int ADMIN = 9900;
    private static final int GATEWAY = 9880;

    private final AtomicCounter refused = new AtomicCounter(
        new UnsafeBuffer(new byte[CountersReader.COUNTER_LENGTH * 2]), 0);
    // No subscription: these checks never need to ask whether a gateway publication is still connected.
    private final ClientAuthorisation authorisation = new ClientAuthorisation(
        Set.of(ADMIN), Map.of(ACC2, Set.of(42, GATEWAY)), GATEWAY, null, new AtomicLong(), refused);

    @Test
    void decidesAdminAccountAndOwnershipAndCountsEveryRefusal()
    {
        authorisation.source(1);
        assertEquals(RejectReason.NONE, authorisation.admin(ADMIN));
        assertEquals(RejectReason.NOT_AUTHORISED, authorisation.admin(42));
        assertEquals(RejectReason.NOT_AUTHORISED, authorisation.admin(Integer.MIN_VALUE));   // v1: no sender

        assertEquals(RejectReason.NONE, authorisation.newOrder(7, ACC1));                   // open account
        assertEquals(RejectReason.NONE, authorisation.newOrder(42, ACC2));
        assertEquals(RejectReason.NOT_AUTHORISED, authorisation.newOrder(7, ACC2));
        assertEquals(RejectReason.NOT_AUTHORISED, authorisation.newOrder(ADMIN, ACC2), "admins do not trade");

        assertEquals(RejectReason.NONE, authorisation.amend(7, 7));
        assertEquals(RejectReason.NONE, authorisation.amend(ADMIN, 7));
        assertEquals(RejectReason.NOT_AUTHORISED, authorisation.amend(8, 7));
        assertTrue(authorisation.isAdmin(ADMIN));
        assertFalse(authorisation.isAdmin(7));
        assertEquals(5, refused.get());
    }

    @Test
    void theGatewaysIdIsTakenByTheFirstPublicationThatUsesIt()
    {
        authorisation.source(77);
        assertEquals(RejectReason.NONE, authorisation.newOrder(GATEWAY, ACC2));
        assertEquals(RejectReason.NONE, authorisation.amend(GATEWAY, GATEWAY));
        assertEquals(0, refused.get());
    }

    @Test
    void theGatewaysIdIsHeldUntilAJournaledSourceGoneFreesItWhateverTheSubscriptionSays()
    {
        authorisation.sourceGone(0); // the start's input: this journal records the id's releases
        authorisation.source(77);
        assertEquals(RejectReason.NONE, authorisation.newOrder(GATEWAY, ACC2));
        authorisation.source(78);
        assertEquals(RejectReason.NOT_AUTHORISED, authorisation.newOrder(GATEWAY, ACC2), "77 holds it");
        // No subscription to ask (as in a replay): only the input frees the id.
        authorisation.sourceGone(12);
        assertEquals(RejectReason.NOT_AUTHORISED, authorisation.newOrder(GATEWAY, ACC2), "another session is gone");
        authorisation.sourceGone(77);
        assertEquals(RejectReason.NONE, authorisation.newOrder(GATEWAY, ACC2), "78 takes it over");
        authorisation.source(77);
        assertEquals(RejectReason.NOT_AUTHORISED, authorisation.newOrder(GATEWAY, ACC2));
        assertEquals(3, refused.get());
    }

    @Test
    void everyStartAsksOnceForTheInputThatFreesTheIdAndMarksTheJournal()
    {
        assertTrue(authorisation.holderGone(), "a start, even with nobody holding the id");
        authorisation.holderGoneJournaled(authorisation.sourceGoneValue());
        assertFalse(authorisation.holderGone());

        final ClientAuthorisation restarted = new ClientAuthorisation(
            Set.of(ADMIN), Map.of(), GATEWAY, null, new AtomicLong(), refused);
        restarted.sourceGone(0);
        restarted.source(77);
        restarted.newOrder(GATEWAY, ACC1);
        assertTrue(restarted.holderGone(), "a start: the holder has no image yet");
        assertEquals(77, restarted.holderSessionId());
        assertTrue(restarted.holderGone(), "asked again until the journaled input frees it");
        restarted.holderGoneJournaled(77);
        assertFalse(restarted.holderGone());
    }

    @Test
    void entriesOfAJournalWrittenBeforeTheInputExistedAreReplayedByThatReleasesRule()
    {
        // No SOURCE_GONE yet: as the earlier release replayed, another publication takes the id over (no image is
        // connected in a replay), so a journal that release wrote across gateway restarts replays as it was written.
        authorisation.source(77);
        assertEquals(RejectReason.NONE, authorisation.newOrder(GATEWAY, ACC2));
        authorisation.source(78);
        assertEquals(RejectReason.NONE, authorisation.newOrder(GATEWAY, ACC2), "78 takes it over");
        // From the first SOURCE_GONE on, this release's rule.
        authorisation.sourceGone(0);
        authorisation.source(79);
        assertEquals(RejectReason.NOT_AUTHORISED, authorisation.newOrder(GATEWAY, ACC2), "78 holds it");
    }

    @Test
    void aStatusRequestForAnUnknownOrderTakesTheGatewaysIdOnceTheJournalSaysSo()
    {
        // A journal whose releases are recorded, but written before status requests bound the id: as decided then.
        authorisation.sourceGone(0);
        authorisation.source(77);
        assertEquals(RejectReason.UNKNOWN_ORDER, authorisation.unknownOrder(GATEWAY));
        authorisation.source(78);
        assertEquals(RejectReason.NONE, authorisation.newOrder(GATEWAY, ACC2), "77's status request bound nothing");
        assertEquals(RejectReason.UNKNOWN_ORDER, authorisation.unknownOrder(GATEWAY), "the holder's own");
        assertEquals(0, refused.get());

        // From the input that says so on (a start of this release journals it), the gateway's claim at its start.
        authorisation.sourceGone(ClientAuthorisation.STATUS_BINDS | 78);
        authorisation.source(-5); // a session id can be negative: its upper bits are not the mark
        assertEquals(RejectReason.UNKNOWN_ORDER, authorisation.unknownOrder(GATEWAY), "the claim takes the id");
        authorisation.source(78);
        assertEquals(RejectReason.NOT_AUTHORISED, authorisation.newOrder(GATEWAY, ACC2), "-5 holds it");
        assertEquals(RejectReason.NOT_AUTHORISED, authorisation.unknownOrder(GATEWAY), "a claim of another");
        assertEquals(RejectReason.UNKNOWN_ORDER, authorisation.unknownOrder(42), "other ids are not bound");
        assertEquals(2, refused.get());
        authorisation.sourceGone(ClientAuthorisation.STATUS_BINDS | (-5 & 0xFFFF_FFFFL));
        assertEquals(RejectReason.UNKNOWN_ORDER, authorisation.unknownOrder(GATEWAY), "-5 gone: 78 takes it");
        assertEquals(-5, ClientAuthorisation.sessionOf(ClientAuthorisation.STATUS_BINDS | (-5 & 0xFFFF_FFFFL)));
    }

    @Test
    void theFirstStartOnAJournalWithoutTheMarkJournalsItAndASnapshotKeepsIt()
    {
        authorisation.sourceGone(12); // releases recorded by the earlier rule, the id free
        assertTrue(authorisation.holderGone(), "asked once more: the journal does not say status requests bind");
        final long value = authorisation.sourceGoneValue();
        assertEquals(ClientAuthorisation.STATUS_BINDS, value & ~0xFFFF_FFFFL);
        authorisation.holderGoneJournaled(value);
        assertFalse(authorisation.holderGone());

        final UnsafeBuffer snapshot = new UnsafeBuffer(new byte[16]);
        assertEquals(5, authorisation.snapshotTo(snapshot, 0));
        final ClientAuthorisation restored = new ClientAuthorisation(
            Set.of(ADMIN), Map.of(), GATEWAY, null, new AtomicLong(), refused);
        restored.restoreFrom(snapshot, 0);
        assertFalse(restored.holderGone(), "nothing to mark at the next start: the id is free");
        restored.source(3);
        assertEquals(RejectReason.UNKNOWN_ORDER, restored.unknownOrder(GATEWAY));
        restored.source(4);
        assertEquals(RejectReason.NOT_AUTHORISED, restored.unknownOrder(GATEWAY), "the snapshot kept the rule");
    }

    @Test
    void checksAllocateNothing()
    {
        authorisation.source(5);
        final long[] sink = new long[1];
        ThreadAllocation.ofCurrentThread().assertSomeWindowAllocatesNothing("400,000 checks", 50, () ->
        {
            final long before = sink[0];
            for (int i = 0; i < 100_000; i++)
            {
                sink[0] += authorisation.newOrder(i & 63, (i & 1) == 0 ? ACC1 : ACC2).value();
                sink[0] += authorisation.amend(i & 7, 3).value();
                sink[0] += authorisation.admin(i & 1).value();
                sink[0] += authorisation.newOrder(GATEWAY, ACC2).value();
                sink[0] += authorisation.unknownOrder(GATEWAY).value();
            }
            assertTrue(sink[0] > before, "every window refuses some");
        });
    }
}
