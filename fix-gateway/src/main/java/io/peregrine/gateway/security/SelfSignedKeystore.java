package io.peregrine.gateway.security;

import io.peregrine.core.OwnerOnlyFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test TLS material made with the JDK's own tools: a PKCS12 keystore holding a fresh key pair and a self-signed
 * certificate (the JDK's {@code keytool}, valid for {@code localhost} and {@code 127.0.0.1}), a random password in
 * an owner-only file next to it, and truststores built with {@link KeyStore}. For trying TLS
 * ({@code ./scripts/run.sh tls-init}) and for tests; production keys come from your CA.
 * <p>
 * Edge code: blocking, runs a child process (a few hundred milliseconds), any thread.
 */
public final class SelfSignedKeystore
{
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private SelfSignedKeystore()
    {
    }

    /**
     * Writes {@code keystore} (PKCS12, key alias {@code alias}) and {@code passwordFile} (a random password, 0600).
     *
     * @param keystore     file to create; must not exist.
     * @param passwordFile file to create with the store password; must not exist.
     * @param alias        alias of the key entry.
     * @param commonName   CN of the certificate.
     * @param validityDays how long the certificate is valid.
     */
    public static void create(
        final Path keystore, final Path passwordFile, final String alias, final String commonName,
        final int validityDays)
    {
        requireAbsent(keystore);
        requireAbsent(passwordFile);
        writePassword(passwordFile, randomPassword());
        final Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool))
        {
            throw new IllegalStateException("keytool not found at " + keytool + ": run with a JDK (17+), not a JRE");
        }
        final List<String> command = new ArrayList<>(List.of(
            keytool.toString(), "-genkeypair", "-noprompt",
            "-alias", alias,
            "-keyalg", "EC", "-groupname", "secp256r1",
            "-validity", Integer.toString(validityDays),
            "-dname", "CN=" + commonName + ", O=Peregrine self-signed test certificate",
            "-ext", "SAN=dns:localhost,ip:127.0.0.1",
            "-storetype", "PKCS12",
            "-keystore", keystore.toAbsolutePath().toString(),
            // :file keeps the password off the command line (ps shows arguments to every local user)
            "-storepass:file", passwordFile.toAbsolutePath().toString()));
        run(command);
        OwnerOnlyFiles.restrict(keystore);
    }

    /**
     * Writes a truststore (PKCS12) holding the certificates of the given keystores, and its password file.
     *
     * @param truststore   file to create; must not exist.
     * @param passwordFile file to create with its random password; must not exist.
     * @param trusted      pairs of keystore file and its password file whose certificates to trust.
     */
    public static void trust(final Path truststore, final Path passwordFile, final Path... trusted)
    {
        requireAbsent(truststore);
        requireAbsent(passwordFile);
        if (0 != trusted.length % 2)
        {
            throw new IllegalArgumentException("give keystore and password file pairs");
        }
        try
        {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < trusted.length; i += 2)
            {
                final KeyStore source = KeyStore.getInstance(trusted[i].toFile(),
                    TlsMaterial.readPassword(trusted[i + 1], trusted[i + 1].toString()).toCharArray());
                for (final String alias : java.util.Collections.list(source.aliases()))
                {
                    final Certificate certificate = source.getCertificate(alias);
                    if (null != certificate)
                    {
                        store.setCertificateEntry(alias + '-' + i / 2, certificate);
                    }
                }
            }
            final String password = randomPassword();
            writePassword(passwordFile, password);
            try (OutputStream out = Files.newOutputStream(truststore, StandardOpenOption.CREATE_NEW))
            {
                store.store(out, password.toCharArray());
            }
            OwnerOnlyFiles.restrict(truststore);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write truststore " + truststore, ex);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot build truststore " + truststore, ex);
        }
    }

    /**
     * Writes the certificate of a keystore's first key entry as PEM (to give to the other side of a connection).
     *
     * @param keystore     keystore file.
     * @param passwordFile its password file.
     * @param pem          file to write (world-readable is fine: a certificate is public).
     */
    public static void exportCertificate(final Path keystore, final Path passwordFile, final Path pem)
    {
        try
        {
            final KeyStore store = KeyStore.getInstance(keystore.toFile(),
                TlsMaterial.readPassword(passwordFile, passwordFile.toString()).toCharArray());
            final Certificate certificate = store.getCertificate(store.aliases().nextElement());
            final String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded());
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n",
                StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + pem, ex);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot read the certificate of " + keystore, ex);
        }
    }

    private static String randomPassword()
    {
        final byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void writePassword(final Path file, final String password)
    {
        try
        {
            if (null != file.getParent())
            {
                OwnerOnlyFiles.createDirectories(file.getParent());
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.FILE));
            Files.writeString(file, password + '\n', StandardCharsets.UTF_8);
        }
        catch (final UnsupportedOperationException ex)
        {
            System.err.println("peregrine: WARNING " + file + " holds a password and this file system cannot make it " +
                "owner-only: restrict who can read it before using it");
            try
            {
                Files.writeString(file, password + '\n', StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            }
            catch (final IOException io)
            {
                throw new UncheckedIOException("cannot write " + file, io);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    private static void requireAbsent(final Path file)
    {
        if (Files.exists(file))
        {
            throw new IllegalStateException(file + " already exists: move it away (or delete its directory) to " +
                "generate new TLS material");
        }
    }

    private static void run(final List<String> command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (0 != process.exitValue())
            {
                throw new IllegalStateException("keytool failed (exit " + process.exitValue() + "): " + output.trim());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot run keytool", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", ex);
        }
    }
}
