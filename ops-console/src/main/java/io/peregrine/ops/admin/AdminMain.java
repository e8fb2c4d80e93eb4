package io.peregrine.ops.admin;

import io.peregrine.ops.OpsContext;
import io.peregrine.protocol.Prices;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code run.sh admin <command> [args]}: calls the ops console's admin endpoints with the token, for scripts. Prints
 * the console's JSON answer; exits 0 when it was applied, 1 when refused or unreachable, 2 on bad arguments.
 * Main thread only.
 */
public final class AdminMain
{
    /** The limits that are prices or notionals: fixed point with 6 decimals in the admin API. */
    private static final Set<String> FIXED_POINT_LIMITS = Set.of("MAX_ORDER_NOTIONAL", "DAILY_NOTIONAL",
        "REFERENCE_PRICE");

    static final String USAGE = String.join("\n",
        "usage: run.sh admin [--url <url>] [--token-file <file>] <command> [args]",
        "  health                                   GET /health (no token needed)",
        "  kill-switch [--account A | --symbol S] [--keep-orders]",
        "                                           stop new orders (global unless scoped) and cancel working ones",
        "  resume [--account A | --symbol S]        lift that kill switch",
        "  pause-venue <id> | resume-venue <id>     refuse / accept again new orders for a venue",
        "  limits [--account A] [--symbol S] TYPE=VALUE...",
        "                                           e.g. limits --account ACC1 MAX_ORDER_QTY=5000",
        "                                           prices, notionals: DAILY_NOTIONAL=1000.00 (fixed point 1000000000)",
        "  venue-logon <id> | venue-logout <id> [reason]",
        "  --url         default http://<peregrine.ops.host>:<peregrine.ops.port> (http://127.0.0.1:9900)",
        "  --token-file  default peregrine.ops.admin.token.file, else <peregrine.ops.data.dir>/admin.token");

    private AdminMain()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args see {@link #USAGE}.
     * @param out  where answers go.
     * @param err  where errors go.
     * @return the exit code.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final OpsContext ctx = new OpsContext();
        String url = "http://" + ctx.host() + ":" + ctx.port();
        Path tokenFile = null != ctx.adminTokenFile() ? ctx.adminTokenFile() :
            ctx.dataDir().resolve(AdminToken.FILE_NAME);
        final List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            if ("--url".equals(args[i]) && i + 1 < args.length)
            {
                url = args[++i];
            }
            else if ("--token-file".equals(args[i]) && i + 1 < args.length)
            {
                tokenFile = Path.of(args[++i]);
            }
            else if ("--help".equals(args[i]) || "-h".equals(args[i]))
            {
                out.println(USAGE);
                return 0;
            }
            else
            {
                rest.add(args[i]);
            }
        }
        if (rest.isEmpty())
        {
            return usage(err, "no command");
        }
        final String path;
        final String body;
        try
        {
            final String command = rest.get(0);
            final List<String> params = rest.subList(1, rest.size());
            switch (command)
            {
                case "health":
                    return call(out, err, url, "/health", null, null);
                case "kill-switch":
                case "resume":
                    path = "kill-switch".equals(command) ? "/admin/kill-switch" : "/admin/resume";
                    body = scoped(params, "kill-switch".equals(command));
                    break;
                case "pause-venue":
                case "resume-venue":
                    path = "pause-venue".equals(command) ? "/admin/venue/pause" : "/admin/venue/resume";
                    body = "{\"venue\":" + venueId(params) + "}";
                    break;
                case "venue-logon":
                    path = "/admin/venue/logon";
                    body = "{\"venue\":" + venueId(params) + "}";
                    break;
                case "venue-logout":
                    path = "/admin/venue/logout";
                    body = "{\"venue\":" + venueId(params) + (params.size() > 1 ?
                        ",\"reason\":" + io.peregrine.ops.http.Json.quote(String.join(" ", params.subList(1,
                        params.size()))) : "") + "}";
                    break;
                case "limits":
                    path = "/admin/limits";
                    body = limits(params);
                    break;
                default:
                    return usage(err, "unknown command '" + command + "'");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            return usage(err, ex.getMessage());
        }
        final String token;
        try
        {
            token = Files.readString(tokenFile).trim();
        }
        catch (final IOException ex)
        {
            err.println("admin: cannot read the admin token " + tokenFile.toAbsolutePath() + " (" + ex + "): " +
                "pass --token-file, or run from the directory the stack runs in (its data/ops/admin.token)");
            return 1;
        }
        return call(out, err, url, path, body, token);
    }

    private static String scoped(final List<String> params, final boolean kill)
    {
        String scope = null;
        String cancel = "";
        for (int i = 0; i < params.size(); i++)
        {
            switch (params.get(i))
            {
                case "--account":
                case "--symbol":
                    // One scope per switch: the console's scopes are global, one account or one symbol, so a second
                    // one would silently widen or replace the first.
                    if (null != scope)
                    {
                        throw new IllegalArgumentException("--account and --symbol are exclusive (one scope per " +
                            "kill switch), got more than one");
                    }
                    final String key = params.get(i).substring(2);
                    scope = "\"scope\":\"" + key + "\",\"" + key + "\":" +
                        io.peregrine.ops.http.Json.quote(value(params, ++i));
                    break;
                case "--keep-orders":
                    if (!kill)
                    {
                        throw new IllegalArgumentException("--keep-orders goes with kill-switch only");
                    }
                    cancel = ",\"cancelWorking\":false";
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument '" + params.get(i) + "'");
            }
        }
        return "{" + (null == scope ? "\"scope\":\"global\"" : scope) + cancel + "}";
    }

    private static String limits(final List<String> params)
    {
        final StringBuilder scope = new StringBuilder();
        final StringBuilder limits = new StringBuilder();
        for (int i = 0; i < params.size(); i++)
        {
            final String param = params.get(i);
            if ("--account".equals(param) || "--symbol".equals(param))
            {
                scope.append(io.peregrine.ops.http.Json.quote(param.substring(2))).append(':')
                    .append(io.peregrine.ops.http.Json.quote(value(params, ++i))).append(',');
            }
            else if (param.contains("="))
            {
                final String type = param.substring(0, param.indexOf('='));
                limits.append(limits.length() == 0 ? "" : ",").append(io.peregrine.ops.http.Json.quote(type))
                    .append(':').append(limitValue(type, param.substring(param.indexOf('=') + 1)));
            }
            else
            {
                throw new IllegalArgumentException("unknown argument '" + param + "'");
            }
        }
        if (limits.length() == 0)
        {
            throw new IllegalArgumentException("limits needs at least one TYPE=VALUE");
        }
        return "{" + scope + "\"limits\":{" + limits + "}}";
    }

    /**
     * A limit's value as the admin API takes it: a whole number (for a price or notional the fixed point with 6
     * decimals), true/false, or for a price or notional the decimal the risk limits file and {@code run.sh journal}
     * show ({@code 1000.00}), converted exactly (more than 6 decimals refused, never rounded).
     */
    private static String limitValue(final String type, final String value)
    {
        if (value.matches("-?[0-9]+|true|false"))
        {
            return value;
        }
        final boolean decimal = FIXED_POINT_LIMITS.contains(type);
        if (decimal && value.matches("-?[0-9]*\\.[0-9]+|-?[0-9]+\\."))
        {
            try
            {
                return Long.toString(Prices.parse(value));
            }
            catch (final ArithmeticException ex)
            {
                throw new IllegalArgumentException("limit " + type + "=" + value + ": at most 6 decimals and within " +
                    "the fixed-point range");
            }
        }
        throw new IllegalArgumentException("limit " + type + " needs " + (decimal ? "a decimal such as 1000.00, or " +
            "its fixed point with 6 decimals (1000000000 for 1000.00)" : "a whole number or true/false") +
            ", got '" + value + "'");
    }

    private static String venueId(final List<String> params)
    {
        if (params.isEmpty() || !params.get(0).matches("[0-9]+"))
        {
            throw new IllegalArgumentException("needs a venue id (a positive number)");
        }
        return params.get(0);
    }

    private static String value(final List<String> params, final int index)
    {
        if (index >= params.size())
        {
            throw new IllegalArgumentException(params.get(index - 1) + " needs a value");
        }
        return params.get(index);
    }

    private static int call(
        final PrintStream out, final PrintStream err, final String url, final String path, final String body,
        final String token)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(30));
        if (null == body)
        {
            request.GET();
        }
        else
        {
            request.POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("X-Peregrine-Operator", System.getProperty("user.name", "cli") + " (run.sh admin)");
        }
        try
        {
            final HttpResponse<String> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
            (response.statusCode() / 100 == 2 ? out : err).println(response.statusCode() + " " + response.body());
            return response.statusCode() / 100 == 2 ? 0 : 1;
        }
        catch (final ConnectException ex)
        {
            err.println("admin: nothing answers at " + url + ": is 'run.sh stack' (or gateway) running with the " +
                "ops console on? (--url to point elsewhere)");
            return 1;
        }
        catch (final IOException ex)
        {
            err.println("admin: " + url + path + " failed: " + ex);
            return 1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int usage(final PrintStream err, final String problem)
    {
        err.println("admin: " + problem);
        err.println(USAGE);
        return 2;
    }
}
