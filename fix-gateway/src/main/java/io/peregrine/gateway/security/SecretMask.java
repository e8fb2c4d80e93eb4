package io.peregrine.gateway.security;

import io.peregrine.gateway.GatewayContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in text that is about to be logged: the values of FIX Password(554) and NewPassword(925) in
 * raw FIX (SOH or {@code |} delimited), and every configured secret (keystore and truststore passwords) wherever
 * it appears. Immutable and thread-safe; edge code (allocates a new string only when something was masked).
 */
public final class SecretMask
{
    /** What a masked value is replaced with. */
    public static final String MASK = "***";
    // A tag is 554 or 925 when no digit precedes it (1554 is another tag); the value ends at a FIX delimiter (SOH,
    // or | and ^ in rendered logs) or at the end of the line.
    private static final Pattern FIX_SECRET_FIELDS = Pattern.compile("(?<![0-9])(554|925)=[^\\u0001|^\\r\\n]*");
    private static final String FIX_REPLACEMENT = "$1=" + Matcher.quoteReplacement(MASK);

    private final List<String> secrets;

    /**
     * @param secrets literal values to mask (blank ones and ones shorter than 4 characters are ignored, they would
     *                mask ordinary text).
     */
    public SecretMask(final Collection<String> secrets)
    {
        final List<String> kept = new ArrayList<>();
        for (final String secret : secrets)
        {
            if (null != secret && secret.trim().length() >= 4)
            {
                kept.add(secret);
            }
        }
        kept.sort((a, b) -> b.length() - a.length());   // longest first: a secret containing another is masked whole
        this.secrets = List.copyOf(kept);
    }

    /**
     * @return a mask for the FIX password fields only.
     */
    public static SecretMask fixFieldsOnly()
    {
        return new SecretMask(List.of());
    }

    /**
     * The FIX password fields plus the TLS store passwords of a configuration (read from their password files when
     * they can be read; a file that cannot is reported by the gateway's start, not here).
     *
     * @param ctx gateway configuration.
     * @return the mask.
     */
    public static SecretMask configured(final GatewayContext ctx)
    {
        final List<String> secrets = new ArrayList<>();
        for (final Path file : new Path[]{ctx.tlsKeystorePasswordFile(), ctx.tlsTruststorePasswordFile()})
        {
            if (null != file && Files.isReadable(file))
            {
                try
                {
                    secrets.add(TlsMaterial.readPassword(file, file.toString()));
                }
                catch (final IllegalArgumentException ex)
                {
                    // empty or unreadable: the start refuses it with a clear message
                }
            }
        }
        return new SecretMask(secrets);
    }

    /**
     * @param text to be logged, or null.
     * @return the text with secrets replaced by {@link #MASK}; the same instance when there was nothing to mask.
     */
    public String mask(final String text)
    {
        if (null == text || text.isEmpty())
        {
            return text;
        }
        String result = text;
        if (result.contains("554=") || result.contains("925="))
        {
            result = FIX_SECRET_FIELDS.matcher(result).replaceAll(FIX_REPLACEMENT);
        }
        for (final String secret : secrets)
        {
            if (result.contains(secret))
            {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }
}
