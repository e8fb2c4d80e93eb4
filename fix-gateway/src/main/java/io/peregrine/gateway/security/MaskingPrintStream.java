package io.peregrine.gateway.security;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@link PrintStream} that masks secrets ({@link SecretMask}) in everything printed before passing it on. The
 * mains ({@code GatewayMain}, {@code StackMain}) install it as {@code System.out} and {@code System.err}, where
 * slf4j-simple writes every log line and stack trace, so that a library logging a raw FIX message (QuickFIX/J logs
 * some garbled or refused logons whole) cannot leak a Password(554). Thread-safe as PrintStream is; edge code.
 */
public final class MaskingPrintStream extends PrintStream
{
    private final PrintStream target;
    private final SecretMask mask;

    /**
     * @param target stream that receives the masked text.
     * @param mask   what to mask.
     */
    public MaskingPrintStream(final PrintStream target, final SecretMask mask)
    {
        super(target, true, StandardCharsets.UTF_8);
        this.target = target;
        this.mask = mask;
    }

    /**
     * Replaces {@code System.out} and {@code System.err} with masking streams.
     *
     * @param mask what to mask.
     */
    public static void install(final SecretMask mask)
    {
        System.setOut(new MaskingPrintStream(unwrap(System.out), mask));
        System.setErr(new MaskingPrintStream(unwrap(System.err), mask));
    }

    private static PrintStream unwrap(final PrintStream stream)
    {
        return stream instanceof MaskingPrintStream ? ((MaskingPrintStream)stream).target : stream;
    }

    public void print(final String s)
    {
        target.print(mask.mask(s));
    }

    public void println(final String s)
    {
        target.println(mask.mask(s));
    }

    public void print(final Object o)
    {
        target.print(mask.mask(String.valueOf(o)));
    }

    public void println(final Object o)
    {
        target.println(mask.mask(String.valueOf(o)));
    }

    public void print(final char[] s)
    {
        target.print(mask.mask(new String(s)));
    }

    public void println(final char[] s)
    {
        target.println(mask.mask(new String(s)));
    }

    public void write(final byte[] buf, final int off, final int len)
    {
        final String text = new String(buf, off, len, StandardCharsets.UTF_8);
        final String masked = mask.mask(text);
        if (masked == text)
        {
            target.write(buf, off, len);
        }
        else
        {
            final byte[] bytes = masked.getBytes(StandardCharsets.UTF_8);
            target.write(bytes, 0, bytes.length);
        }
    }

    public void write(final int b)
    {
        target.write(b);
    }

    public void flush()
    {
        target.flush();
    }

    public void close()
    {
        target.close();
    }
}
