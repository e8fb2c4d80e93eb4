package io.peregrine.gateway.security;

import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.core.filterchain.IoFilterChainBuilder;
import org.apache.mina.core.service.IoAcceptor;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.mina.SessionConnector;
import quickfix.mina.acceptor.AbstractSocketAcceptor;
import quickfix.mina.ssl.SSLSupport;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * Client certificates of broker connections on a TLS acceptor that several sessions share.
 * <p>
 * QuickFIX/J's {@code NeedClientAuth} applies to the whole listening port. To require a certificate from some
 * sessions only, the acceptor's TLS filter is switched to <em>want</em> client authentication: a client that has a
 * certificate the truststore trusts presents it (an untrusted one fails the handshake as before), a client without
 * one still connects, and the logon of a session that requires a certificate is refused when its connection
 * carries none ({@link #subjectOf}).
 * <p>
 * Edge code on QuickFIX/J threads; allocates.
 */
public final class PeerCertificates
{
    private final AbstractSocketAcceptor acceptor;

    private PeerCertificates(final AbstractSocketAcceptor acceptor)
    {
        this.acceptor = acceptor;
    }

    /**
     * Asks every client of a started TLS acceptor for its certificate without requiring one.
     *
     * @param acceptor a started acceptor configured with {@code SocketUseSSL}.
     * @return the lookup of peer certificates by session.
     * @throws IllegalStateException when the acceptor has no TLS filter (the per-session requirement could not be
     *                               enforced, so starting without it would be a silent hole).
     */
    public static PeerCertificates request(final AbstractSocketAcceptor acceptor)
    {
        int filters = 0;
        for (final IoAcceptor endpoint : acceptor.getEndpoints())
        {
            final IoFilterChainBuilder builder = endpoint.getFilterChainBuilder();
            if (builder instanceof DefaultIoFilterChainBuilder &&
                ((DefaultIoFilterChainBuilder)builder).get(SSLSupport.FILTER_NAME) instanceof SslFilter)
            {
                final SslFilter tls = (SslFilter)((DefaultIoFilterChainBuilder)builder).get(SSLSupport.FILTER_NAME);
                if (!tls.isNeedClientAuth())
                {
                    tls.setWantClientAuth(true);
                }
                filters++;
            }
        }
        if (0 == filters)
        {
            throw new IllegalStateException("broker acceptor has no TLS filter: a per-session client certificate " +
                "requirement cannot be enforced");
        }
        return new PeerCertificates(acceptor);
    }

    /**
     * @param sessionId a broker session whose logon is being processed (its connection is bound to it).
     * @return the subject of the client certificate its TLS connection presented and the truststore verified, or
     *         null when the connection carries none (or the session has no connection).
     */
    public String subjectOf(final SessionID sessionId)
    {
        final Session session = Session.lookupSession(sessionId);
        if (null == session)
        {
            return null;
        }
        for (final IoAcceptor endpoint : acceptor.getEndpoints())
        {
            for (final IoSession connection : endpoint.getManagedSessions().values())
            {
                if (connection.getAttribute(SessionConnector.QF_SESSION) == session)
                {
                    return subjectOf(connection);
                }
            }
        }
        return null;
    }

    private static String subjectOf(final IoSession connection)
    {
        final Object secured = connection.getAttribute(SslFilter.SSL_SECURED);
        if (!(secured instanceof SSLSession))
        {
            return null;
        }
        try
        {
            final Certificate[] chain = ((SSLSession)secured).getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate ?
                ((X509Certificate)chain[0]).getSubjectX500Principal().getName() : null;
        }
        catch (final SSLPeerUnverifiedException ex)
        {
            return null;   // the client sent no certificate
        }
    }
}
