package io.peregrine.gateway.security;

import io.peregrine.config.PeregrineKeys.Gateway;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./scripts/run.sh tls-init [--dir data/tls]}: writes a self-signed test keystore for the gateway
 * ({@code peregrine.p12}), a truststore trusting it ({@code truststore.p12}), their random passwords in owner-only
 * files, and the certificate as PEM for brokers ({@code peregrine.crt}); then prints the configuration lines to
 * add. Refuses to overwrite existing material.
 */
public final class TlsInitCommand
{
    private TlsInitCommand()
    {
    }

    public static void main(final String[] args)
    {
        Path dir = Path.of("data", "tls");
        for (int i = 0; i < args.length; i++)
        {
            if ("--dir".equals(args[i]) && i + 1 < args.length)
            {
                dir = Path.of(args[++i]);
            }
            else
            {
                System.err.println("usage: ./scripts/run.sh tls-init [--dir data/tls]");
                System.exit("--help".equals(args[i]) ? 0 : 2);
            }
        }

        final Path keystore = dir.resolve("peregrine.p12");
        final Path keystorePassword = dir.resolve("keystore.password");
        final Path truststore = dir.resolve("truststore.p12");
        final Path truststorePassword = dir.resolve("truststore.password");
        final Path certificate = dir.resolve("peregrine.crt");
        try
        {
            for (final Path file : new Path[]{keystore, keystorePassword, truststore, truststorePassword, certificate})
            {
                if (Files.exists(file))
                {
                    throw new IllegalStateException(file + " already exists: delete " + dir +
                        " to generate new TLS material, or use --dir");
                }
            }
            SelfSignedKeystore.create(keystore, keystorePassword, "peregrine", "localhost", 365);
            SelfSignedKeystore.trust(truststore, truststorePassword, keystore, keystorePassword);
            SelfSignedKeystore.exportCertificate(keystore, keystorePassword, certificate);
        }
        catch (final RuntimeException ex)
        {
            System.err.println("peregrine: tls-init: " + ex.getMessage());
            System.exit(1);
        }

        System.err.println("peregrine: wrote a self-signed keystore, a truststore and their password files under " +
            dir + " (for trying TLS, not for production). Add to your config:");
        System.out.println(Gateway.BROKER_TLS.name() + "=true");
        System.out.println(Gateway.TLS_KEYSTORE_FILE.name() + '=' + keystore);
        System.out.println(Gateway.TLS_KEYSTORE_PASSWORD_FILE.name() + '=' + keystorePassword);
        System.out.println(Gateway.TLS_TRUSTSTORE_FILE.name() + '=' + truststore);
        System.out.println(Gateway.TLS_TRUSTSTORE_PASSWORD_FILE.name() + '=' + truststorePassword);
        System.out.println("# brokers trust " + certificate + " (PEM); for a TLS venue also set " +
            Gateway.VENUE_PREFIX + "<ID>.tls=true and add the venue's certificate to the truststore");
    }
}
