package io.peregrine.gateway.security;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretMaskTest
{
    private static final char SOH = '\u0001';

    @Test
    void masksPasswordAndNewPasswordInRawFix()
    {
        final String logon = "8=FIX.4.4" + SOH + "35=A" + SOH + "553=broker1" + SOH + "554=s3cret!" + SOH +
            "925=n3w-s3cret" + SOH + "10=123" + SOH;
        final String masked = SecretMask.fixFieldsOnly().mask(logon);
        assertFalse(masked.contains("s3cret"), masked);
        assertTrue(masked.contains(SOH + "554=***" + SOH), masked);
        assertTrue(masked.contains(SOH + "925=***" + SOH), masked);
        assertTrue(masked.contains("553=broker1"), "only secrets are masked");
        assertEquals("8=FIX.4.4|554=***|10=1", SecretMask.fixFieldsOnly().mask("8=FIX.4.4|554=pw|10=1"));
        assertEquals("1554=17", SecretMask.fixFieldsOnly().mask("1554=17"), "another tag ending in 554 is kept");
    }

    @Test
    void masksConfiguredSecretsAnywhereAndLeavesCleanTextAlone()
    {
        final SecretMask mask = new SecretMask(List.of("keystore-pw-123", "ab"));
        assertEquals("opening *** failed", mask.mask("opening keystore-pw-123 failed"));
        final String clean = "nothing to hide about ab";
        assertSame(clean, mask.mask(clean), "too-short secrets are ignored");
    }

    @Test
    void maskingPrintStreamMasksLinesAndRawWrites()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new MaskingPrintStream(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            new SecretMask(List.of("tls-secret-xyz")));
        out.println("logon 554=pw1" + SOH + " with tls-secret-xyz");
        out.print((Object)"554=pw2");
        final byte[] raw = ("|554=pw3|").getBytes(StandardCharsets.UTF_8);
        out.write(raw, 0, raw.length);
        out.flush();
        final String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("pw1") || text.contains("pw2") || text.contains("pw3") ||
            text.contains("tls-secret-xyz"), text);
    }
}
