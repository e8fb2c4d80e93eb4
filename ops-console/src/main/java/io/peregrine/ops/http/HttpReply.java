package io.peregrine.ops.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reading bounded request bodies and writing answers on a JDK {@link HttpExchange}. HTTP threads; allocates (edge).
 */
public final class HttpReply
{
    /** Largest request body accepted. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** Thrown when a request body is larger than {@link #MAX_BODY_BYTES}. */
    public static final class BodyTooLarge extends IOException
    {
        private static final long serialVersionUID = 1L;

        BodyTooLarge()
        {
            super("request body larger than " + MAX_BODY_BYTES + " bytes");
        }
    }

    private HttpReply()
    {
    }

    /**
     * @param exchange a request.
     * @return its body as UTF-8, at most {@link #MAX_BODY_BYTES}.
     * @throws BodyTooLarge if longer.
     * @throws IOException  on a read error.
     */
    public static String body(final HttpExchange exchange) throws IOException
    {
        final String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (null != declared)
        {
            try
            {
                if (Long.parseLong(declared.trim()) > MAX_BODY_BYTES)
                {
                    drain(exchange);
                    throw new BodyTooLarge();
                }
            }
            catch (final NumberFormatException ex)
            {
                throw new IOException("bad Content-Length '" + declared + "'");
            }
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] chunk = new byte[8192];
        try (InputStream in = exchange.getRequestBody())
        {
            int read;
            while ((read = in.read(chunk)) > 0)
            {
                if (out.size() + read > MAX_BODY_BYTES)
                {
                    drain(exchange);
                    throw new BodyTooLarge();
                }
                out.write(chunk, 0, read);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads and drops what is left of a refused body (up to 16 MiB), so the answer reaches a client that is still
     * sending; past that the connection is closed.
     *
     * @param exchange the request.
     * @throws IOException on a read error.
     */
    public static void drain(final HttpExchange exchange) throws IOException
    {
        final InputStream in = exchange.getRequestBody();
        final byte[] chunk = new byte[8192];
        long total = 0;
        int read;
        while (total < 16 * 1024 * 1024 && (read = in.read(chunk)) > 0)
        {
            total += read;
        }
    }

    /**
     * @param exchange    the request.
     * @param status      HTTP status.
     * @param contentType Content-Type.
     * @param body        the body.
     * @throws IOException if the client went away.
     */
    public static void send(
        final HttpExchange exchange, final int status, final String contentType, final byte[] body) throws IOException
    {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0)
        {
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        }
        exchange.close();
    }

    /**
     * @param exchange the request.
     * @param status   HTTP status.
     * @param json     a JSON document.
     * @throws IOException if the client went away.
     */
    public static void json(final HttpExchange exchange, final int status, final String json) throws IOException
    {
        send(exchange, status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Answers {@code {"error": message}}.
     *
     * @param exchange the request.
     * @param status   a 4xx or 5xx status.
     * @param message  what is wrong and how to fix it.
     * @throws IOException if the client went away.
     */
    public static void error(final HttpExchange exchange, final int status, final String message) throws IOException
    {
        json(exchange, status, "{\"error\":" + Json.quote(message) + ",\"status\":" + status + "}");
    }

    /**
     * Answers 405 with the Allow header when the method is not the allowed one.
     *
     * @param exchange the request.
     * @param allowed  the method allowed.
     * @return true if it answered (the method was wrong).
     * @throws IOException if the client went away.
     */
    public static boolean refuseMethod(final HttpExchange exchange, final String allowed) throws IOException
    {
        if (allowed.equals(exchange.getRequestMethod()))
        {
            return false;
        }
        exchange.getResponseHeaders().set("Allow", allowed);
        error(exchange, 405, "method " + exchange.getRequestMethod() + " not allowed on " +
            exchange.getRequestURI().getPath() + "; use " + allowed);
        return true;
    }
}
