package io.peregrine.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A hostile FIX peer's oversize frame, for the tests of the acceptors' connection guard: a header that declares
 * BodyLength(9) 2,000,000,000, then bytes streamed until the acceptor closes the connection (or a cap is reached).
 * A guarded acceptor cuts it off at the header, so only what the kernel's socket buffers absorbed gets through.
 * Runs on the calling thread; allocates one 64 KiB chunk.
 */
public final class OversizeFrame
{
    /** The header: BeginString and a BodyLength far above any acceptor's maximum message size. */
    public static final String HEADER = "8=FIX.4.4\u00019=2000000000\u0001";
    /** Most bytes streamed after the header before giving up: far above any socket buffer. */
    public static final long CAP_BYTES = 256L * 1024 * 1024;

    private OversizeFrame()
    {
    }

    /**
     * Writes the header, then 64 KiB chunks until a write fails (the acceptor closed the connection) or
     * {@link #CAP_BYTES} are written. The caller closes the socket.
     *
     * @param socket a connected socket that has not logged on.
     * @return bytes written after the header before the connection was cut; {@link #CAP_BYTES} if it never was.
     * @throws IOException if the header itself cannot be written.
     */
    public static long streamUntilCut(final Socket socket) throws IOException
    {
        final OutputStream out = socket.getOutputStream();
        out.write(HEADER.getBytes(StandardCharsets.US_ASCII));
        final byte[] chunk = new byte[64 * 1024];
        long written = 0;
        try
        {
            while (written < CAP_BYTES)
            {
                out.write(chunk);
                written += chunk.length;
            }
        }
        catch (final IOException cut)
        {
            // the acceptor closed the connection: what the test wants to see
        }
        return written;
    }
}
