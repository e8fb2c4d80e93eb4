package io.peregrine.ops.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.peregrine.gateway.FixGateway;
import io.peregrine.ops.OpsStats;
import io.peregrine.ops.http.HttpReply;
import io.peregrine.ops.http.Json;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * {@code POST /admin/...}: the operator's commands, each behind the bearer token and recorded in the audit log.
 * <table>
 * <caption>commands</caption>
 * <tr><th>path</th><th>body</th><th>does</th></tr>
 * <tr><td>/admin/kill-switch</td><td>{"scope":"global"|"account"|"symbol", "account":"ACC1", "symbol":"AAPL",
 * "cancelWorking":true}</td><td>stops new orders in scope (core reject KILL_SWITCH_GLOBAL/ACCOUNT/SYMBOL) and, unless
 * cancelWorking is false, cancels the working orders in scope</td></tr>
 * <tr><td>/admin/resume</td><td>{"scope":..., "account"/"symbol"}</td><td>lifts that kill switch</td></tr>
 * <tr><td>/admin/venue/pause</td><td>{"venue":1}</td><td>new orders to the venue are rejected VENUE_PAUSED</td></tr>
 * <tr><td>/admin/venue/resume</td><td>{"venue":1}</td><td>accepts new orders for it again</td></tr>
 * <tr><td>/admin/limits</td><td>{"account":"ACC1", "symbol":"AAPL", "limits":{"MAX_ORDER_QTY":5000}}</td>
 * <td>the core's LimitUpdate: all entries apply together or none does</td></tr>
 * <tr><td>/admin/venue/logon</td><td>{"venue":1}</td><td>logs the venue FIX session on</td></tr>
 * <tr><td>/admin/venue/logout</td><td>{"venue":1, "reason":"..."}</td><td>logs it out and keeps it out</td></tr>
 * </table>
 * Answers 200 with the outcome when applied; 401 (missing/wrong token, counted and logged); 400 malformed or invalid
 * body; 404 unknown command, account, symbol or venue; 405 wrong method; 413 body too large; 415 not JSON;
 * 422 refused by the core for another reason; 503 nothing in this process can do it, or the core's journal takes
 * no input now (JOURNAL_UNAVAILABLE: not applied); 504 the core did not answer.
 * A refused request changes nothing. A core command is audited twice: a {@code REQUESTED (commandId N)} line written
 * before the command is sent, then the outcome line; a REQUESTED line with no outcome after it (the console was killed
 * while waiting) means the command may or may not have been applied: the core journal, which records it with that
 * commandId, and {@code /api/risk} say what is in force. HTTP threads; allocates (edge).
 */
public final class AdminApi implements HttpHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final Set<String> SCOPED_KEYS = Set.of("scope", "account", "symbol", "cancelWorking");

    private final AdminToken token;
    private final AuditLog audit;
    private final OpsStats stats;
    private final CoreCommands core;
    private final FixGateway gateway;

    /** A request refused before anything was done. */
    private static final class Refusal extends Exception
    {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refusal(final int status, final String message)
        {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /**
     * Writes a core command's REQUESTED audit line, with its command id, just before {@link CoreCommands} sends it,
     * and remembers whether the line could not be written. One per request; its HTTP thread only.
     */
    private final class Requested implements LongConsumer
    {
        private final String who;
        private final String action;
        private final String body;
        private String notAudited;

        Requested(final String who, final String action, final String body)
        {
            this.who = who;
            this.action = action;
            this.body = body;
        }

        public void accept(final long commandId)
        {
            notAudited = record(who, action, body, AuditLog.REQUESTED + " (commandId " + commandId + ")",
                AuditLog.NOT_ANSWERED);
        }
    }

    /**
     * @param token   the bearer token.
     * @param audit   where every request is recorded.
     * @param stats   counts refusals and outcomes.
     * @param core    sends commands to the core, or null when there is no core in this process.
     * @param gateway the FIX gateway for venue logon/logout, or null.
     */
    public AdminApi(
        final AdminToken token,
        final AuditLog audit,
        final OpsStats stats,
        final CoreCommands core,
        final FixGateway gateway)
    {
        this.token = token;
        this.audit = audit;
        this.stats = stats;
        this.core = core;
        this.gateway = gateway;
    }

    public void handle(final HttpExchange exchange) throws IOException
    {
        final String path = exchange.getRequestURI().getPath();
        final String action = exchange.getRequestMethod() + " " + path;
        final String operator = exchange.getRequestHeaders().getFirst("X-Peregrine-Operator");
        final String who = (null == operator || operator.isBlank() ? "unknown" : operator.trim()) + "@" +
            exchange.getRemoteAddress().getAddress().getHostAddress();
        final String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        final String presented = null != authorization && authorization.startsWith("Bearer ") ?
            authorization.substring("Bearer ".length()).trim() : null;
        if (!token.matches(presented))
        {
            stats.onUnauthorized();
            final String why = null == authorization ? "no Authorization header" :
                null == presented ? "Authorization is not a Bearer token" : "wrong token";
            LOG.warn("admin request refused (401, {}): {} from {}", why, action, who);
            record(who, action, "", "UNAUTHORIZED: " + why, 401);
            HttpReply.drain(exchange);
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"peregrine-ops\"");
            HttpReply.error(exchange, 401, why + ": send 'Authorization: Bearer <token>' with the token from " +
                token.file().toAbsolutePath());
            return;
        }

        String body = "";
        Requested requested = null;
        try
        {
            if (!"POST".equals(exchange.getRequestMethod()))
            {
                exchange.getResponseHeaders().set("Allow", "POST");
                throw new Refusal(405, "method " + exchange.getRequestMethod() + " not allowed on " + path +
                    "; admin commands are POST");
            }
            try
            {
                body = HttpReply.body(exchange);
            }
            catch (final HttpReply.BodyTooLarge ex)
            {
                throw new Refusal(413, ex.getMessage());
            }
            final String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (null == contentType || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json"))
            {
                throw new Refusal(415, "Content-Type must be application/json, got " + contentType);
            }
            final Map<String, Object> request = parseObject(body);
            requested = new Requested(who, action, body);
            final String result = execute(path, request, requested);
            stats.onAdminAction(true);
            final String notAudited = notAudited(record(who, action, body, result, 200), requested);
            LOG.info("admin {} by {}: {}", action, who, result);
            HttpReply.json(exchange, 200, "{\"command\":" + Json.quote(path) + ",\"result\":\"APPLIED\"," +
                "\"detail\":" + Json.quote(result) + auditMarker(notAudited) + "}");
        }
        catch (final Refusal refusal)
        {
            if (422 == refusal.status || 404 == refusal.status)
            {
                stats.onAdminAction(false);
            }
            stats.onBadRequest();
            final String notAudited =
                notAudited(record(who, action, body, "REFUSED: " + refusal.getMessage(), refusal.status), requested);
            LOG.warn("admin {} by {} refused ({}): {}", action, who, refusal.status, refusal.getMessage());
            error(exchange, refusal.status, refusal.getMessage(), notAudited);
        }
        catch (final TimeoutException ex)
        {
            stats.onAdminAction(false);
            final String notAudited =
                notAudited(record(who, action, body, "TIMEOUT: " + ex.getMessage(), 504), requested);
            LOG.warn("admin {} by {} timed out: {}", action, who, ex.getMessage());
            error(exchange, 504, "the core did not answer in time (" + ex.getMessage() +
                "); the command may or may not have been applied: GET /api/risk shows the kill switches, pauses and " +
                "limits in force, and 'run.sh journal' whether the core journaled it", notAudited);
        }
    }

    /**
     * @return why the outcome line, else the REQUESTED line (if a core command was sent), was not written; or null.
     */
    private static String notAudited(final String outcomeNotAudited, final Requested requested)
    {
        return null != outcomeNotAudited ? outcomeNotAudited : null == requested ? null : requested.notAudited;
    }

    /**
     * @return the answer's {@code "audit"} member saying a line of this request is missing from the audit log, or ""
     *         when every line was written.
     */
    private static String auditMarker(final String notAudited)
    {
        return null == notAudited ? "" : ",\"audit\":" + Json.quote("NOT WRITTEN: " + notAudited);
    }

    /** {@link HttpReply#error}, with the {@code "audit"} member when a line of the request was not written. */
    private static void error(final HttpExchange exchange, final int status, final String message,
        final String notAudited) throws IOException
    {
        HttpReply.json(exchange, status, "{\"error\":" + Json.quote(message) + ",\"status\":" + status +
            auditMarker(notAudited) + "}");
    }

    /**
     * Records a request in the audit log. A log that cannot be written (a full or read-only disk) must not turn an
     * applied command into a failed HTTP exchange: the operator would retry, or believe a kill switch failed. The
     * answer still goes out, saying the audit line is missing, and the ERROR names the command and its result.
     *
     * @return null, or why the line was not written.
     */
    private String record(final String who, final String action, final String body, final String result,
        final int status)
    {
        try
        {
            audit.record(who, action, body, result, status);
            return null;
        }
        catch (final java.io.UncheckedIOException ex)
        {
            final String why = ex.getMessage() + ": " + ex.getCause().getMessage();
            LOG.error("admin {} by {} answered {} ({}) but NOT AUDITED: {}", action, who, status, result, why);
            return why;
        }
    }

    private static Map<String, Object> parseObject(final String body) throws Refusal
    {
        final Object parsed;
        try
        {
            parsed = Json.parse(body);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new Refusal(400, ex.getMessage());
        }
        if (!(parsed instanceof Map))
        {
            throw new Refusal(400, "the body must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> map = (Map<String, Object>)parsed;
        return map;
    }

    private String execute(final String path, final Map<String, Object> request, final LongConsumer requested)
        throws Refusal, TimeoutException
    {
        switch (path)
        {
            case "/admin/kill-switch":
                return killSwitch(request, true, requested);
            case "/admin/resume":
                return killSwitch(request, false, requested);
            case "/admin/venue/pause":
                return pauseVenue(request, true, requested);
            case "/admin/venue/resume":
                return pauseVenue(request, false, requested);
            case "/admin/limits":
                return limits(request, requested);
            case "/admin/venue/logon":
                return venueSession(request, true);
            case "/admin/venue/logout":
                return venueSession(request, false);
            default:
                throw new Refusal(404, "unknown admin command " + path + "; commands: /admin/kill-switch, " +
                    "/admin/resume, /admin/venue/pause, /admin/venue/resume, /admin/limits, /admin/venue/logon, " +
                    "/admin/venue/logout");
        }
    }

    private CoreCommands core() throws Refusal
    {
        if (null == core)
        {
            throw new Refusal(503, "no core runs in this process: send core commands to the console of " +
                "'run.sh stack' or 'run.sh gateway'");
        }
        return core;
    }

    private String killSwitch(final Map<String, Object> request, final boolean kill, final LongConsumer requested)
        throws Refusal, TimeoutException
    {
        onlyKeys(request, kill ? SCOPED_KEYS : Set.of("scope", "account", "symbol"));
        final String scope = string(request, "scope", true);
        final boolean cancelWorking = kill && !Boolean.FALSE.equals(bool(request, "cancelWorking"));
        final CoreCommands.Outcome outcome;
        final String what;
        switch (scope)
        {
            case "global":
                noKey(request, "account", scope);
                noKey(request, "symbol", scope);
                outcome = kill ? core().killSwitch(KillScope.GLOBAL, 0, cancelWorking, requested) :
                    core().resume(KillScope.GLOBAL, 0, requested);
                what = "global";
                break;
            case "account":
            {
                noKey(request, "symbol", scope);
                final String account = string(request, "account", true);
                final long packed = packed("account", account);
                outcome = kill ? core().killSwitch(KillScope.ACCOUNT, packed, cancelWorking, requested) :
                    core().resume(KillScope.ACCOUNT, packed, requested);
                what = "account " + account;
                break;
            }
            case "symbol":
            {
                noKey(request, "account", scope);
                final String symbol = string(request, "symbol", true);
                final long packed = packed("symbol", symbol);
                outcome = kill ? core().killSymbol(packed, cancelWorking, requested) :
                    core().resumeSymbol(packed, requested);
                what = "symbol " + symbol;
                break;
            }
            default:
                throw new Refusal(400, "scope must be global, account or symbol, got '" + scope + "'");
        }
        refuseIfRejected(outcome, what);
        return (kill ? "kill switch on for " : "kill switch lifted for ") + what +
            (cancelWorking ? "; " + outcome.affectedOrders() + " working orders covered: cancels sent, pending or " +
            "owed; they are done when the venue answers" : "") + commandId(outcome);
    }

    private String pauseVenue(final Map<String, Object> request, final boolean pause, final LongConsumer requested)
        throws Refusal, TimeoutException
    {
        onlyKeys(request, Set.of("venue"));
        final int venueId = venue(request);
        final CoreCommands.Outcome outcome = core().pauseVenue(venueId, pause, requested);
        refuseIfRejected(outcome, "venue " + venueId);
        return (pause ? "venue " + venueId + " paused: new orders rejected VENUE_PAUSED" :
            "venue " + venueId + " accepts new orders again") + commandId(outcome);
    }

    private String limits(final Map<String, Object> request, final LongConsumer requested)
        throws Refusal, TimeoutException
    {
        onlyKeys(request, Set.of("account", "symbol", "limits"));
        final String account = string(request, "account", false);
        final String symbol = string(request, "symbol", false);
        if (null == account && null == symbol)
        {
            throw new Refusal(400, "give an account, a symbol or both");
        }
        final Object limitsValue = request.get("limits");
        if (!(limitsValue instanceof Map) || ((Map<?, ?>)limitsValue).isEmpty())
        {
            throw new Refusal(400, "limits must be a non-empty object of LIMIT_TYPE: integer value, e.g. " +
                "{\"MAX_ORDER_QTY\": 5000}");
        }
        final Map<?, ?> limits = (Map<?, ?>)limitsValue;
        if (limits.size() > 32)
        {
            throw new Refusal(400, "at most 32 limits per update, got " + limits.size());
        }
        final LimitType[] types = new LimitType[limits.size()];
        final long[] values = new long[limits.size()];
        int i = 0;
        for (final Map.Entry<?, ?> entry : limits.entrySet())
        {
            final String name = (String)entry.getKey();
            try
            {
                types[i] = LimitType.valueOf(name);
            }
            catch (final IllegalArgumentException ex)
            {
                types[i] = LimitType.NULL_VAL;
            }
            if (LimitType.NULL_VAL == types[i])
            {
                throw new Refusal(400, "unknown limit type '" + name + "'; one of " +
                    List.of(LimitType.values()).subList(0, LimitType.values().length - 1));
            }
            final Object value = entry.getValue();
            if (value instanceof Long)
            {
                values[i] = (Long)value;
            }
            else if (value instanceof Boolean)
            {
                values[i] = (Boolean)value ? 1 : 0;
            }
            else
            {
                throw new Refusal(400, "limit " + name + " must be an integer (prices fixed point with 6 decimals, " +
                    "bps whole, flags true/false), got " + value);
            }
            i++;
        }
        final long packedAccount = null == account ? 0 : packed("account", account);
        final long packedSymbol = null == symbol ? 0 : packed("symbol", symbol);
        final CoreCommands.Outcome outcome = core().limitUpdate(packedAccount, packedSymbol, types, values,
            requested);
        refuseIfRejected(outcome,
            (null == account ? "" : "account " + account + " ") + (null == symbol ? "" : "symbol " + symbol));
        return types.length + " limits applied" + (null == account ? "" : " to account " + account) +
            (null == symbol ? "" : " to symbol " + symbol) + commandId(outcome);
    }

    private String venueSession(final Map<String, Object> request, final boolean logon) throws Refusal
    {
        onlyKeys(request, logon ? Set.of("venue") : Set.of("venue", "reason"));
        final int venueId = venue(request);
        if (null == gateway)
        {
            throw new Refusal(503, "no FIX gateway runs in this process");
        }
        final String reason = logon ? null : string(request, "reason", false);
        final boolean done = logon ? gateway.logonVenue(venueId) :
            gateway.logoutVenue(venueId, null == reason ? "logged out by the operator" : reason);
        if (!done)
        {
            throw new Refusal(404, "unknown venue " + venueId + "; configured: " + gateway.venueIds());
        }
        return logon ? "venue " + venueId + " session logon requested" :
            "venue " + venueId + " session logout requested; it stays out until /admin/venue/logon";
    }

    private int venue(final Map<String, Object> request) throws Refusal
    {
        final Object value = request.get("venue");
        if (!(value instanceof Long) || (Long)value <= 0 || (Long)value > Integer.MAX_VALUE)
        {
            // A JSON string that reads as a number ("1") is still refused, as every field's type is: said so, quoted.
            throw new Refusal(400, "venue must be a positive integer venue id, got " + (value instanceof String ?
                "the string \"" + value + "\": give it as a JSON number ({\"venue\":1})" : value));
        }
        final int venueId = (int)(long)(Long)value;
        if (null != gateway && !gateway.venueIds().contains(venueId))
        {
            throw new Refusal(404, "unknown venue " + venueId + "; configured: " + gateway.venueIds());
        }
        return venueId;
    }

    /** The core command id in every answer and audit line: where this audit record meets the core's journal. */
    private static String commandId(final CoreCommands.Outcome outcome)
    {
        return " (commandId " + outcome.commandId() + ")";
    }

    private static void refuseIfRejected(final CoreCommands.Outcome outcome, final String what) throws Refusal
    {
        if (outcome.applied())
        {
            return;
        }
        final RejectReason reason = outcome.reason();
        if (RejectReason.UNKNOWN_ACCOUNT == reason || RejectReason.UNKNOWN_INSTRUMENT == reason)
        {
            throw new Refusal(404, "core refused: " + reason + " (" + what.trim() + ")" + commandId(outcome));
        }
        if (RejectReason.MALFORMED_MESSAGE == reason || RejectReason.INVALID_ENUM_VALUE == reason)
        {
            throw new Refusal(400, "core refused: " + reason + " (" + what.trim() + ")" + commandId(outcome));
        }
        if (RejectReason.JOURNAL_UNAVAILABLE == reason)
        {
            // Passing, and certain: the core acts on nothing it could not journal, so the command was not applied.
            throw new Refusal(503, "core refused: " + reason + " (" + what.trim() + ")" + commandId(outcome) + ": " +
                "its journal takes no input now (free space below peregrine.journal.min.free.bytes, or a failed " +
                "append: see /health and the core's log); nothing was applied, send it again once the journal is UP");
        }
        throw new Refusal(422, "core refused: " + reason + " (" + what.trim() + ")" + commandId(outcome));
    }

    private static void onlyKeys(final Map<String, Object> request, final Set<String> allowed) throws Refusal
    {
        for (final String key : request.keySet())
        {
            if (!allowed.contains(key))
            {
                throw new Refusal(400, "unknown field '" + key + "'; allowed: " + allowed);
            }
        }
    }

    private static void noKey(final Map<String, Object> request, final String key, final String scope) throws Refusal
    {
        if (request.containsKey(key))
        {
            throw new Refusal(400, "field '" + key + "' does not go with scope " + scope);
        }
    }

    private static String string(final Map<String, Object> request, final String key, final boolean required)
        throws Refusal
    {
        final Object value = request.get(key);
        if (null == value)
        {
            if (required)
            {
                throw new Refusal(400, "missing field '" + key + "'");
            }
            return null;
        }
        if (!(value instanceof String) || ((String)value).isBlank())
        {
            throw new Refusal(400, "field '" + key + "' must be a non-empty string");
        }
        return (String)value;
    }

    private static Boolean bool(final Map<String, Object> request, final String key) throws Refusal
    {
        final Object value = request.get(key);
        if (null != value && !(value instanceof Boolean))
        {
            throw new Refusal(400, "field '" + key + "' must be true or false");
        }
        return (Boolean)value;
    }

    private static long packed(final String what, final String text) throws Refusal
    {
        if (!PackedAscii.isPackable(text))
        {
            throw new Refusal(400, what + " '" + text + "' must be 1-8 printable ASCII characters");
        }
        return PackedAscii.pack(text);
    }
}
