package io.peregrine.ops.launch;

import io.peregrine.core.journal.JournalException;
import io.peregrine.risk.RiskConfigException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product's start-up refusals (their message names the fix) are one line; anything else is a bug and keeps its
 * stack trace. The child-JVM proof is {@link StartRefusalSystemTest}.
 */
class StartRefusalTest
{
    @Test
    void theProductsRefusalsAreRefusalsAndBugsAreNot()
    {
        assertTrue(StartRefusal.isRefusal(new JournalException("damaged: move it away")));
        assertTrue(StartRefusal.isRefusal(new IllegalStateException("x is locked by another process")));
        assertTrue(StartRefusal.isRefusal(new RiskConfigException("instrument.AAPL.tickSize", "0", "not positive")));
        assertTrue(StartRefusal.isRefusal(new UncheckedIOException("cannot lock x", new IOException("denied"))));
        assertTrue(StartRefusal.isRefusal(new NoSuchFileException("stack.properties")));

        assertFalse(StartRefusal.isRefusal(new NullPointerException()));
        assertFalse(StartRefusal.isRefusal(new ArrayIndexOutOfBoundsException(3)));
        assertFalse(StartRefusal.isRefusal(new ClassCastException()));
        assertFalse(StartRefusal.isRefusal(new OutOfMemoryError()));
    }

    @Test
    void theLineIsTheMessageThenEachCauseThatAddsSomething()
    {
        assertEquals("cannot lock /d/core.lock: Permission denied", StartRefusal.line(
            new UncheckedIOException("cannot lock /d/core.lock", new IOException("Permission denied"))));
        assertEquals("ops console cannot listen on 127.0.0.1:9900 (Address already in use): stop it",
            StartRefusal.line(new IllegalStateException("ops console cannot listen on 127.0.0.1:9900 (Address " +
                "already in use): stop it", new java.net.BindException("Address already in use"))));
        assertEquals("venue failed: bad: worse", StartRefusal.line(new IllegalStateException("venue failed",
            new IllegalArgumentException("bad", new IllegalStateException("worse")))));
        assertEquals("cannot lock /d/core.lock: permission denied on /d/core.lock: run as the user that owns it, " +
            "or give that user read and write access to it", StartRefusal.line(
            new UncheckedIOException("cannot lock /d/core.lock", new AccessDeniedException("/d/core.lock"))));
        assertEquals("the core journal in /d cannot be opened (Unexpected magic ?): move it away",
            StartRefusal.line(new IllegalStateException("the core journal in /d cannot be opened (Unexpected " +
                "magic \0): move it away", new IllegalStateException("Unexpected magic \0"))));
        assertEquals("a cause without a message adds nothing", StartRefusal.line(new IllegalStateException(
            "a cause without a message adds nothing", new IllegalStateException((String)null))));
    }
}
