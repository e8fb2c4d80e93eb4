package io.peregrine.gateway.broker;

import io.peregrine.gateway.security.PasswordHash;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One broker FIX session the acceptor admits: the broker's CompID, the account its orders book to by default,
 * the other accounts it may name in tag 1, optional logon credentials (a username and a {@link PasswordHash}, never
 * the password itself), whether its logons must come over TLS with a trusted client certificate, and the
 * cancel-on-disconnect flag.
 * Immutable; safe to share between threads.
 *
 * @param compId                    the broker's SenderCompID (our TargetCompID).
 * @param defaultAccount            account used when an order carries no Account(1).
 * @param allowedAccounts           the accounts the session may name in Account(1): the default account first, then
 *                                  the others given (the default account is added when missing).
 * @param username                  expected Username(553), or null to check the password only.
 * @param passwordHash              hash of the expected Password(554), or null when the session needs no
 *                                  authentication.
 * @param cancelOnDisconnect        whether the gateway cancels the session's working orders when it logs out.
 * @param clientCertificateRequired whether this session's logons are refused unless the TLS connection carries a
 *                                  client certificate that the gateway's truststore trusts (other sessions on the
 *                                  same port may log on without one).
 */
public record BrokerSessionConfig(
    String compId,
    String defaultAccount,
    Set<String> allowedAccounts,
    String username,
    PasswordHash passwordHash,
    boolean cancelOnDisconnect,
    boolean clientCertificateRequired)
{
    /**
     * Checks the CompID and default account, and puts the default account first among the allowed ones.
     */
    public BrokerSessionConfig
    {
        Objects.requireNonNull(compId, "compId");
        Objects.requireNonNull(defaultAccount, "defaultAccount");
        final Set<String> accounts = new LinkedHashSet<>();
        accounts.add(defaultAccount);
        accounts.addAll(allowedAccounts);
        allowedAccounts = Collections.unmodifiableSet(accounts);
    }

    /**
     * A session with no authentication and no cancel-on-disconnect.
     *
     * @param compId         the broker's CompID.
     * @param defaultAccount its account.
     * @return the config.
     */
    public static BrokerSessionConfig of(final String compId, final String defaultAccount)
    {
        return new BrokerSessionConfig(compId, defaultAccount, Set.of(), null, null, false, false);
    }

    /**
     * @return true when logons must carry the configured Username(553) and a Password(554) matching the hash.
     */
    public boolean requiresAuthentication()
    {
        return null != passwordHash;
    }

    public BrokerSessionConfig withAccounts(final Set<String> extraAccounts)
    {
        return new BrokerSessionConfig(
            compId, defaultAccount, extraAccounts, username, passwordHash, cancelOnDisconnect,
            clientCertificateRequired);
    }

    public BrokerSessionConfig withCredentials(final String username, final PasswordHash passwordHash)
    {
        return new BrokerSessionConfig(
            compId, defaultAccount, allowedAccounts, username, passwordHash, cancelOnDisconnect,
            clientCertificateRequired);
    }

    public BrokerSessionConfig withCancelOnDisconnect(final boolean cancelOnDisconnect)
    {
        return new BrokerSessionConfig(
            compId, defaultAccount, allowedAccounts, username, passwordHash, cancelOnDisconnect,
            clientCertificateRequired);
    }

    public BrokerSessionConfig withClientCertificateRequired(final boolean required)
    {
        return new BrokerSessionConfig(
            compId, defaultAccount, allowedAccounts, username, passwordHash, cancelOnDisconnect, required);
    }

    public String toString()
    {
        return "BrokerSession{" + compId + " account=" + defaultAccount + " allowed=" + allowedAccounts +
            " auth=" + requiresAuthentication() + " cancelOnDisconnect=" + cancelOnDisconnect +
            (clientCertificateRequired ? " clientCertificate=required" : "") + '}';
    }
}
