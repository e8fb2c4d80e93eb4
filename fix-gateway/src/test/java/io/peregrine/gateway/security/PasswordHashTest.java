package io.peregrine.gateway.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHashTest
{
    private static final int FAST = PasswordHash.MIN_ITERATIONS;

    @Test
    void matchesOnlyTheHashedPasswordAfterARoundTripThroughItsEncodedForm()
    {
        final PasswordHash hash = PasswordHash.create("correct horse".toCharArray(), FAST);
        final PasswordHash parsed = PasswordHash.parse(hash.encoded());
        assertTrue(parsed.matches("correct horse"));
        assertFalse(parsed.matches("correct hors"));
        assertFalse(parsed.matches("correct horse "));
        assertFalse(parsed.matches(""));
        assertFalse(parsed.matches(null));
        assertEquals(FAST, parsed.iterations());
        assertTrue(hash.encoded().startsWith("pbkdf2-sha256$" + FAST + "$"));
    }

    @Test
    void saltsEveryHashSoEqualPasswordsGiveDifferentHashes()
    {
        final String first = PasswordHash.create("same".toCharArray(), FAST).encoded();
        final String second = PasswordHash.create("same".toCharArray(), FAST).encoded();
        assertNotEquals(first, second);
        assertFalse(first.contains("same"));
    }

    @Test
    void refusesEmptyPasswordsWeakIterationCountsAndMalformedHashes()
    {
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.create(new char[0], FAST));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.create("x".toCharArray(), 1000));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(""));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("plain-text-password"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2-sha256$x$AAAA$AAAA"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2-sha256$10000$AA$AA"));
    }

    @Test
    void toStringKeepsSaltAndHashOutOfLogs()
    {
        final PasswordHash hash = PasswordHash.create("pw".toCharArray(), FAST);
        final String encoded = hash.encoded();
        final String hashPart = encoded.substring(encoded.lastIndexOf('$') + 1);
        assertFalse(hash.toString().contains(hashPart));
    }
}
