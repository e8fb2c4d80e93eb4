package io.peregrine.gateway.security;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.core.OwnerOnlyFiles;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.venue.VenueClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.mina.ssl.SSLSupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The gateway's TLS keystore and truststore, checked at start and turned into QuickFIX/J's SSL settings
 * ({@code SocketUseSSL}, {@code SocketKeyStore}, {@code SocketKeyStorePassword}, {@code KeyStoreType},
 * {@code SocketTrustStore}..., {@code NeedClientAuth}, {@code EndpointIdentificationAlgorithm},
 * {@code EnabledProtocols}).
 * <p>
 * Every store is loaded here first, so a missing file or a wrong password stops the start with one message naming
 * the key to fix: left to itself, QuickFIX/J would fall back to an empty keystore or to its bundled demo keystore,
 * and without a truststore it trusts any certificate. Passwords are read from files (first line) and never logged;
 * {@link #secrets()} feeds the log masking. Immutable; edge code.
 */
public final class TlsMaterial
{
    /** Protocols offered on every TLS session. */
    public static final String ENABLED_PROTOCOLS = "TLSv1.3,TLSv1.2";
    private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);

    private final Store keystore;
    private final Store truststore;

    /**
     * A keystore or truststore as QuickFIX/J is given it: the file, its password (read from its password file) and
     * its type (PKCS12 or JKS, as the file was opened).
     */
    private record Store(Path file, String password, String type)
    {
        void applyTo(
            final SessionSettings settings,
            final SessionID sessionId,
            final String fileKey,
            final String passwordKey,
            final String typeKey)
        {
            set(settings, sessionId, fileKey, file.toAbsolutePath().toString());
            set(settings, sessionId, passwordKey, password);
            set(settings, sessionId, typeKey, type);
        }

        public String toString()
        {
            return file + " (" + type + ')'; // never the password
        }
    }

    /**
     * @param keystore   the gateway's key and certificate.
     * @param truststore the certificates it trusts, or null when nothing needs one.
     */
    private TlsMaterial(final Store keystore, final Store truststore)
    {
        this.keystore = keystore;
        this.truststore = truststore;
    }

    /**
     * @param ctx gateway configuration.
     * @return the checked stores, or null when neither the broker acceptor nor any venue uses TLS.
     * @throws IllegalArgumentException naming the key to fix when a store or password is missing or wrong.
     */
    public static TlsMaterial load(final GatewayContext ctx)
    {
        if (ctx.brokerEnabled() && !ctx.brokerTls() && ctx.anyBrokerClientCertificates())
        {
            throw new IllegalArgumentException("a broker session requires a client certificate (" +
                Gateway.BROKER_SESSION_PREFIX + "<COMPID>" + Gateway.CLIENT_CERT_REQUIRED_SUFFIX + " or " +
                Gateway.BROKER_TLS_NEED_CLIENT_AUTH.name() + ") but the broker acceptor is plain TCP: set " +
                Gateway.BROKER_TLS.name() + "=true");
        }
        if (!ctx.anyTls())
        {
            return null;
        }
        final Path keystore = required(ctx.tlsKeystoreFile(), Gateway.TLS_KEYSTORE_FILE.name());
        final String keystorePassword = readPassword(
            required(ctx.tlsKeystorePasswordFile(), Gateway.TLS_KEYSTORE_PASSWORD_FILE.name()),
            Gateway.TLS_KEYSTORE_PASSWORD_FILE.name());
        final KeyStore keys = open(keystore, keystorePassword, Gateway.TLS_KEYSTORE_FILE.name());
        if (!hasPrivateKey(keys))
        {
            throw new IllegalArgumentException(Gateway.TLS_KEYSTORE_FILE.name() + ": " + keystore +
                " holds no private key: the gateway needs its own key and certificate (./scripts/run.sh tls-init)");
        }

        final boolean needsTruststore = (ctx.brokerEnabled() && ctx.brokerTls() && ctx.anyBrokerClientCertificates()) ||
            ctx.venues().stream().anyMatch(VenueClientConfig::tls);
        Store truststore = null;
        if (needsTruststore || null != ctx.tlsTruststoreFile())
        {
            final Path file = required(ctx.tlsTruststoreFile(), Gateway.TLS_TRUSTSTORE_FILE.name() +
                " (venue sessions over TLS and broker client certificates are verified against it)");
            final String password = readPassword(required(ctx.tlsTruststorePasswordFile(),
                Gateway.TLS_TRUSTSTORE_PASSWORD_FILE.name()), Gateway.TLS_TRUSTSTORE_PASSWORD_FILE.name());
            truststore = new Store(file, password,
                open(file, password, Gateway.TLS_TRUSTSTORE_FILE.name()).getType());
        }
        for (final Path file : new Path[]{keystore, ctx.tlsKeystorePasswordFile(), ctx.tlsTruststorePasswordFile()})
        {
            if (null != file && OwnerOnlyFiles.isOpenToOthers(file))
            {
                LOG.warn("{} can be read by users other than its owner: chmod 600 it", file);
            }
        }
        return new TlsMaterial(new Store(keystore, keystorePassword, keys.getType()), truststore);
    }

    /**
     * TLS on the broker acceptor (default section: QuickFIX/J reads SSL per listening socket).
     *
     * @param settings       acceptor settings.
     * @param needClientAuth whether brokers must present a trusted client certificate.
     */
    public void applyAcceptor(final SessionSettings settings, final boolean needClientAuth)
    {
        settings.setBool(SSLSupport.SETTING_USE_SSL, true);
        applyKeystore(settings, null);
        if (null != truststore)
        {
            applyTruststore(settings, null);
        }
        settings.setString(SSLSupport.SETTING_NEED_CLIENT_AUTH, needClientAuth ? "Y" : "N");
        settings.setString(SSLSupport.SETTING_ENABLED_PROTOCOLS, ENABLED_PROTOCOLS);
    }

    /**
     * TLS on one venue initiator session: the venue's certificate is verified against the truststore and, unless
     * disabled, must name the host connected to; the keystore serves as client certificate if the venue asks.
     *
     * @param settings  initiator settings.
     * @param sessionId the venue's session.
     * @param venue     its configuration.
     */
    public void applyInitiator(final SessionSettings settings, final SessionID sessionId, final VenueClientConfig venue)
    {
        settings.setBool(sessionId, SSLSupport.SETTING_USE_SSL, true);
        applyKeystore(settings, sessionId);
        applyTruststore(settings, sessionId);
        settings.setString(sessionId, SSLSupport.SETTING_ENABLED_PROTOCOLS, ENABLED_PROTOCOLS);
        if (venue.verifyHostname())
        {
            settings.setString(sessionId, SSLSupport.SETTING_ENDPOINT_IDENTIFICATION_ALGORITHM, "HTTPS");
        }
    }

    /**
     * @return the store passwords, for log masking.
     */
    public List<String> secrets()
    {
        final List<String> secrets = new ArrayList<>();
        secrets.add(keystore.password());
        if (null != truststore)
        {
            secrets.add(truststore.password());
        }
        return Collections.unmodifiableList(secrets);
    }

    public Path keystore()
    {
        return keystore.file();
    }

    /**
     * @return the truststore file, or null when none is configured or needed.
     */
    public Path truststore()
    {
        return null == truststore ? null : truststore.file();
    }

    public String toString()
    {
        return "TlsMaterial{keystore=" + keystore + ", truststore=" + truststore + '}';
    }

    private void applyKeystore(final SessionSettings settings, final SessionID sessionId)
    {
        keystore.applyTo(settings, sessionId, SSLSupport.SETTING_KEY_STORE_NAME, SSLSupport.SETTING_KEY_STORE_PWD,
            SSLSupport.SETTING_KEY_STORE_TYPE);
    }

    private void applyTruststore(final SessionSettings settings, final SessionID sessionId)
    {
        truststore.applyTo(settings, sessionId, SSLSupport.SETTING_TRUST_STORE_NAME,
            SSLSupport.SETTING_TRUST_STORE_PWD, SSLSupport.SETTING_TRUST_STORE_TYPE);
    }

    private static void set(final SessionSettings settings, final SessionID sessionId, final String key,
        final String value)
    {
        if (null == sessionId)
        {
            settings.setString(key, value);
        }
        else
        {
            settings.setString(sessionId, key, value);
        }
    }

    private static Path required(final Path file, final String key)
    {
        if (null == file)
        {
            throw new IllegalArgumentException("TLS is on but " + key + " is not set; ./scripts/run.sh tls-init " +
                "writes a test keystore, truststore and password files and prints the lines to add");
        }
        if (!Files.isReadable(file))
        {
            throw new IllegalArgumentException(key + ": cannot read " + file);
        }
        return file;
    }

    /**
     * @return the first line of the file, without its line end.
     */
    static String readPassword(final Path file, final String key)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(key + ": cannot read " + file + " (" + ex.getClass().getSimpleName() +
                ')');
        }
        if (lines.isEmpty() || lines.get(0).isEmpty())
        {
            throw new IllegalArgumentException(key + ": " + file + " is empty; its first line must be the password");
        }
        return lines.get(0);
    }

    private static KeyStore open(final Path file, final String password, final String key)
    {
        try
        {
            return KeyStore.getInstance(file.toFile(), password.toCharArray());
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalArgumentException(key + ": cannot open " + file + " with the password in its password " +
                "file (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ')');
        }
    }

    private static boolean hasPrivateKey(final KeyStore keys)
    {
        try
        {
            for (final String alias : Collections.list(keys.aliases()))
            {
                if (keys.isKeyEntry(alias))
                {
                    return true;
                }
            }
            return false;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
