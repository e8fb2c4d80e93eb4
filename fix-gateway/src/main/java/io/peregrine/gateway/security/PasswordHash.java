package io.peregrine.gateway.security;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A salted, slow hash of a broker's logon password: PBKDF2 with HMAC-SHA256 from the JDK, written as
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>} (what {@code ./scripts/run.sh hash-password}
 * prints and {@code peregrine.gateway.broker.<COMPID>.password.hash} holds). The configuration never holds the
 * password itself.
 * <p>
 * Immutable and thread-safe. Edge code: {@link #matches(String)} deliberately costs tens to hundreds of
 * milliseconds (the iteration count), which is why failed logons are also rate limited ({@link LogonGuard}).
 */
public final class PasswordHash
{
    /** Algorithm tag at the start of the encoded form. */
    public static final String SCHEME = "pbkdf2-sha256";
    /** Iterations {@code hash-password} uses: OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Fewest iterations a configured hash may use. */
    public static final int MIN_ITERATIONS = 10_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final String JCA_ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(final int iterations, final byte[] salt, final byte[] hash)
    {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Hashes a password with a fresh random salt.
     *
     * @param password   the password; must not be empty.
     * @param iterations PBKDF2 iterations, at least {@link #MIN_ITERATIONS}.
     * @return the hash.
     * @throws IllegalArgumentException for an empty password or too few iterations.
     */
    public static PasswordHash create(final char[] password, final int iterations)
    {
        if (0 == password.length)
        {
            throw new IllegalArgumentException("the password is empty");
        }
        checkIterations(iterations);
        final byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /**
     * @param encoded the {@code pbkdf2-sha256$iterations$salt$hash} form.
     * @return the hash it encodes.
     * @throws IllegalArgumentException saying what is wrong (never echoing the value).
     */
    public static PasswordHash parse(final String encoded)
    {
        if (null == encoded || encoded.isBlank())
        {
            throw new IllegalArgumentException("the password hash is empty");
        }
        final String[] parts = encoded.trim().split("\\$");
        if (4 != parts.length || !SCHEME.equals(parts[0]))
        {
            throw new IllegalArgumentException(
                "the password hash is not of the form " + SCHEME + "$<iterations>$<salt>$<hash>");
        }
        final int iterations;
        final byte[] salt;
        final byte[] hash;
        try
        {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("the password hash has a malformed iteration count, salt or hash");
        }
        checkIterations(iterations);
        if (salt.length < SALT_BYTES || hash.length != HASH_BITS / 8)
        {
            throw new IllegalArgumentException("the password hash needs a salt of at least " + SALT_BYTES +
                " bytes and a " + HASH_BITS + "-bit hash");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /**
     * @param password a candidate password (e.g. a Logon's Password(554)).
     * @return whether it is the hashed password; compares in constant time.
     */
    public boolean matches(final String password)
    {
        if (null == password || password.isEmpty())
        {
            return false;
        }
        final char[] chars = password.toCharArray();
        try
        {
            return MessageDigest.isEqual(hash, derive(chars, salt, iterations));
        }
        finally
        {
            Arrays.fill(chars, '\0');
        }
    }

    public int iterations()
    {
        return iterations;
    }

    /**
     * @return the encoded form, {@code pbkdf2-sha256$iterations$salt$hash}.
     */
    public String encoded()
    {
        return SCHEME + '$' + iterations + '$' + Base64.getEncoder().withoutPadding().encodeToString(salt) + '$' +
            Base64.getEncoder().withoutPadding().encodeToString(hash);
    }

    /**
     * @return the scheme and iteration count only: the salt and hash stay out of logs.
     */
    public String toString()
    {
        return SCHEME + '$' + iterations + "$...";
    }

    private static void checkIterations(final int iterations)
    {
        if (iterations < MIN_ITERATIONS)
        {
            throw new IllegalArgumentException(
                "the password hash uses " + iterations + " iterations; at least " + MIN_ITERATIONS + " are required");
        }
    }

    private static byte[] derive(final char[] password, final byte[] salt, final int iterations)
    {
        final PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try
        {
            return SecretKeyFactory.getInstance(JCA_ALGORITHM).generateSecret(spec).getEncoded();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(JCA_ALGORITHM + " is not available in this JDK", ex);
        }
        finally
        {
            spec.clearPassword();
        }
    }
}
