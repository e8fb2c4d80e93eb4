package io.peregrine.core.journal;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A reader of the journal ({@link CoreJournal#openReadOnly(Path)}) waits for a cycle file's first header no longer
 * than the core does ({@link CoreJournal#HEADER_TIMEOUT_MS}), not Chronicle's default of 10 s: the gateway's start-up
 * check of a journal whose cycle file is garbage looked a cycle up four times, and waited 40 s before the stack's
 * one-line refusal (ops-console {@code StartRefusalSystemTest} shows the refusal itself). Checked on the builder the
 * reader opens with, not by the clock, so that a slow machine cannot make it fail.
 */
class JournalReadOnlyTimeoutTest
{
    @Test
    void aReaderWaitsForAHeaderAsLongAsTheCoreDoes()
    {
        assertEquals(CoreJournal.HEADER_TIMEOUT_MS,
            CoreJournal.readOnlyBuilder(Path.of("core-journal")).timeoutMS());
    }
}
