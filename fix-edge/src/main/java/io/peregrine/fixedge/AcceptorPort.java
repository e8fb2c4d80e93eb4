package io.peregrine.fixedge;

import org.apache.mina.core.service.IoAcceptor;
import quickfix.mina.acceptor.AbstractSocketAcceptor;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The port a started QuickFIX/J acceptor is bound to. An acceptor configured with {@code SocketAcceptPort=0} is bound
 * by the OS to a free ephemeral port in the same call that makes it listen, so no other process can take that port
 * in between (as it can between finding a port free and binding it later); this reads which port it got.
 * <p>
 * Edge code: any thread, after {@code start()}; allocates.
 */
public final class AcceptorPort
{
    private AcceptorPort()
    {
    }

    /**
     * @param acceptor a started acceptor.
     * @return the TCP port its first endpoint listens on, or -1 if none is bound (not started, or stopped).
     */
    public static int boundPort(final AbstractSocketAcceptor acceptor)
    {
        for (final IoAcceptor endpoint : acceptor.getEndpoints())
        {
            for (final SocketAddress address : endpoint.getLocalAddresses())
            {
                if (address instanceof InetSocketAddress)
                {
                    return ((InetSocketAddress)address).getPort();
                }
            }
        }
        return -1;
    }
}
