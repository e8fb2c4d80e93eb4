package io.peregrine.gateway.venue;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a status answer's terms say about a pending replace: the new terms applied, the old ones not, anything else (or
 * terms not known) unknown.
 */
class ReplaceTermsTest
{
    private final ReplaceTerms terms = new ReplaceTerms();

    @Test
    void theReplacesTermsMeanAppliedAndTheOldOnesNotApplied()
    {
        terms.onOrderSent(1, 10, 190);
        terms.onReplaceSent(1, 15, 190);

        assertEquals(ReplaceTerms.Verdict.APPLIED, terms.verdict(1, 15, 190));
        assertEquals(ReplaceTerms.Verdict.NOT_APPLIED, terms.verdict(1, 10, 190));
        assertEquals(ReplaceTerms.Verdict.UNKNOWN, terms.verdict(1, 12, 190), "neither");
    }

    @Test
    void aReplaceKeepingTheTermsOrTermsNotKnownTellNothing()
    {
        terms.onOrderSent(1, 10, 190);
        terms.onReplaceSent(1, 10, 190); // e.g. a replace of the time in force only
        assertEquals(ReplaceTerms.Verdict.UNKNOWN, terms.verdict(1, 10, 190));

        terms.onReplaceSent(2, 15, 190); // its order sent before a gateway restart
        assertEquals(ReplaceTerms.Verdict.UNKNOWN, terms.verdict(2, 15, 190));
    }

    @Test
    void anAppliedReplaceGivesTheOrderItsTermsAndAnAnsweredOneLeavesThem()
    {
        terms.onOrderSent(1, 10, 190);
        terms.onReplaceSent(1, 15, 191);
        terms.onReplaced(1);
        terms.onReplaceSent(1, 20, 191);
        assertEquals(ReplaceTerms.Verdict.NOT_APPLIED, terms.verdict(1, 15, 191), "15 at 191 is the order's now");

        terms.onReplaceAnswered(1);
        assertEquals(ReplaceTerms.Verdict.UNKNOWN, terms.verdict(1, 15, 191), "no replace pending");
        terms.forget(1);
        terms.onReplaceSent(1, 20, 191);
        assertEquals(ReplaceTerms.Verdict.UNKNOWN, terms.verdict(1, 20, 191), "a done order is forgotten");
    }
}
