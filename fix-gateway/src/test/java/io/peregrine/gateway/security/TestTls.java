package io.peregrine.gateway.security;

import io.peregrine.gateway.GatewayContext;
import io.peregrine.testsupport.TempDirs;
import quickfix.SessionSettings;
import quickfix.mina.ssl.SSLSupport;

import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material for tests, generated once per JVM with {@link SelfSignedKeystore} (keytool) in a temporary directory
 * deleted at exit: the gateway's, a venue's and a broker's keystores, a rogue keystore nobody trusts, and the
 * truststore each side uses.
 */
public final class TestTls
{
    public static final Path DIR = TempDirs.create("peregrine-tls-");
    public static final Store GATEWAY = Store.create("gateway", "localhost");
    public static final Store VENUE = Store.create("venue", "localhost");
    public static final Store BROKER = Store.create("broker", "BROKER1");
    public static final Store ROGUE = Store.create("rogue", "localhost");
    /** Trusted by the gateway: the venue and the broker. */
    public static final Store GATEWAY_TRUST = Store.trust("gateway-trust", VENUE, BROKER);
    /** Trusted by brokers and venues: the gateway. */
    public static final Store PEER_TRUST = Store.trust("peer-trust", GATEWAY);

    static
    {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TempDirs.delete(DIR)));
    }

    public record Store(Path file, Path passwordFile)
    {
        static Store create(final String name, final String commonName)
        {
            final Store store = new Store(DIR.resolve(name + ".p12"), DIR.resolve(name + ".password"));
            SelfSignedKeystore.create(store.file, store.passwordFile, name, commonName, 2);
            return store;
        }

        static Store trust(final String name, final Store... trusted)
        {
            final Store store = new Store(DIR.resolve(name + ".p12"), DIR.resolve(name + ".password"));
            final Path[] pairs = new Path[trusted.length * 2];
            for (int i = 0; i < trusted.length; i++)
            {
                pairs[2 * i] = trusted[i].file;
                pairs[2 * i + 1] = trusted[i].passwordFile;
            }
            SelfSignedKeystore.trust(store.file, store.passwordFile, pairs);
            return store;
        }

        public String password()
        {
            return TlsMaterial.readPassword(passwordFile, passwordFile.toString());
        }
    }

    private TestTls()
    {
    }

    /**
     * QuickFIX/J settings of a test counterparty speaking TLS with {@code keystore}, trusting {@code truststore}.
     */
    public static void apply(
        final SessionSettings settings, final Store keystore, final Store truststore, final boolean needClientAuth)
    {
        settings.setBool(SSLSupport.SETTING_USE_SSL, true);
        settings.setString(SSLSupport.SETTING_KEY_STORE_NAME, keystore.file.toString());
        settings.setString(SSLSupport.SETTING_KEY_STORE_PWD, keystore.password());
        settings.setString(SSLSupport.SETTING_KEY_STORE_TYPE, "PKCS12");
        settings.setString(SSLSupport.SETTING_TRUST_STORE_NAME, truststore.file.toString());
        settings.setString(SSLSupport.SETTING_TRUST_STORE_PWD, truststore.password());
        settings.setString(SSLSupport.SETTING_TRUST_STORE_TYPE, "PKCS12");
        settings.setString(SSLSupport.SETTING_NEED_CLIENT_AUTH, needClientAuth ? "Y" : "N");
    }

    /**
     * The gateway's TLS broker acceptor with the test key store ({@link #GATEWAY}) and trust store
     * ({@link #GATEWAY_TRUST}).
     *
     * @param needClientAuth whether every broker must present a certificate the gateway trusts.
     * @return the context.
     */
    public static GatewayContext brokerAcceptor(final GatewayContext context, final boolean needClientAuth)
    {
        return context
            .brokerTls(true)
            .brokerTlsNeedClientAuth(needClientAuth)
            .tlsKeystoreFile(GATEWAY.file())
            .tlsKeystorePasswordFile(GATEWAY.passwordFile())
            .tlsTruststoreFile(GATEWAY_TRUST.file())
            .tlsTruststorePasswordFile(GATEWAY_TRUST.passwordFile());
    }

    /**
     * A plain JSSE context, for raw sockets that play a misbehaving peer.
     */
    public static SSLContext sslContext(final Store keystore, final Store truststore) throws Exception
    {
        final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(KeyStore.getInstance(keystore.file.toFile(), keystore.password().toCharArray()),
            keystore.password().toCharArray());
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(KeyStore.getInstance(truststore.file.toFile(), truststore.password().toCharArray()));
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
