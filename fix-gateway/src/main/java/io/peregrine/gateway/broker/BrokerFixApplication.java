package io.peregrine.gateway.broker;

import io.peregrine.fixedge.mapping.FixOrderEnums;
import io.peregrine.fixedge.mapping.FixOrderValues;
import io.peregrine.gateway.GatewayCounters;
import io.peregrine.gateway.edge.SessionRateLimit;
import io.peregrine.gateway.security.LogonGuard;
import io.peregrine.gateway.security.PeerCertificates;
import io.peregrine.gateway.session.ClockSkewRefusal;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Application;
import quickfix.FieldNotFound;
import quickfix.IncorrectTagValue;
import quickfix.Message;
import quickfix.RejectLogon;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.UnsupportedMessageType;
import quickfix.field.Account;
import quickfix.field.ClOrdID;
import quickfix.field.MsgSeqNum;
import quickfix.field.MsgType;
import quickfix.field.OrderID;
import quickfix.field.OrigClOrdID;
import quickfix.field.Password;
import quickfix.field.PossDupFlag;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.Username;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * QuickFIX/J application of the broker acceptor: authenticates logons, validates NewOrderSingle /
 * OrderCancelRequest / OrderCancelReplaceRequest, allocates the gateway's int64 clOrdIds ({@link OrderRoutes})
 * and offers the SBE requests to the core ({@link IngressPublisher}). An OrderStatusRequest (35=H) is resolved
 * through the routes like a cancel (ClOrdID, and OrderID and Account when given, must name one of the session's
 * orders) and asked of the core, whose ExecutionReport ExecType I carries the order's real state
 * ({@link BrokerReportAgent}); an unknown order is answered here (ExecType I, OrdStatus 8, OrdRejReason 5), and an
 * order the core no longer holds (retired, or the core unreachable) with the last status the gateway reported. A
 * status request asked of the core is journaled first ({@link OrderRoutes#onStatusAsked}): one taken but never
 * received by the core before a crash is asked again at the next start ({@link #askStatusRequestsNeverReceived}).
 * Requests the gateway refuses itself are answered here: a rejected ExecutionReport or an OrderCancelReject with
 * OrdRejReason/CxlRejReason and a clear Text(58). Other application messages get a BusinessMessageReject
 * (QuickFIX/J sends it for {@link UnsupportedMessageType}); malformed messages a session-level Reject (data
 * dictionary validation).
 * <p>
 * Runs on QuickFIX/J threads. Nothing a broker sends can throw out of {@link #fromApp}: every failure becomes a
 * reject to that broker and the session keeps serving. Allocates (edge).
 */
public final class BrokerFixApplication implements Application
{
    private static final Logger LOG = LoggerFactory.getLogger(BrokerFixApplication.class);
    private static final int MAX_CLORDID_LENGTH = 64;

    private final Map<SessionID, BrokerSessionConfig> sessions;
    private final OrderRoutes routes;
    private final RefusedOrders refused = new RefusedOrders();
    private final IngressPublisher ingress;
    private final BrokerReports reports;
    private final LogonGuard logonGuard;
    private final AtomicCounter refusedLogons;
    private final ClockSkewRefusal clockSkew = new ClockSkewRefusal();
    private final AtomicCounter gatewayRejects;
    private final AtomicCounter throttledLogons;
    private volatile PeerCertificates peerCertificates;
    private final SessionRateLimit rateLimit;
    private final AtomicCounter ordersIn;
    private final ResetLogonResend resetResend;

    /**
     * @param sessions   the configured broker sessions by QuickFIX/J session id.
     * @param routes     ClOrdID mappings.
     * @param ingress    publisher to the core.
     * @param reports    FIX report builder.
     * @param logonGuard rate limit of failed logons per session and source address.
     * @param rateLimit  per-session order rate limit (new orders and replaces; cancels are never throttled).
     * @param counters   the gateway's counters: orders in, gateway rejects, refused and throttled logons are counted
     *                   there.
     * @param resetResend keeps the reports a broker has not received through its Logon with ResetSeqNumFlag=Y.
     */
    public BrokerFixApplication(
        final Map<SessionID, BrokerSessionConfig> sessions,
        final OrderRoutes routes,
        final IngressPublisher ingress,
        final BrokerReports reports,
        final LogonGuard logonGuard,
        final SessionRateLimit rateLimit,
        final GatewayCounters counters,
        final ResetLogonResend resetResend)
    {
        this.resetResend = resetResend;
        this.ordersIn = counters.brokerOrdersIn();
        this.gatewayRejects = counters.brokerGatewayRejects();
        this.refusedLogons = counters.brokerLogonRefusals();
        this.throttledLogons = counters.brokerLogonsThrottled();
        this.rateLimit = rateLimit;
        this.logonGuard = logonGuard;
        this.sessions = Map.copyOf(sessions);
        this.routes = routes;
        this.ingress = ingress;
        this.reports = reports;
    }

    /**
     * @return requests rejected THROTTLED by the per-session rate limit.
     */
    public long throttled()
    {
        return rateLimit.throttled();
    }

    /**
     * @return logons refused without a check because their session or source address had too many failures.
     */
    public long throttledLogons()
    {
        return logonGuard.throttled();
    }

    /**
     * @return the broker sessions' routes (ClOrdID mapping and order state); for tests and diagnostics.
     */
    public OrderRoutes routes()
    {
        return routes;
    }

    public void onCreate(final SessionID sessionId)
    {
        final Session session = Session.lookupSession(sessionId);
        if (null != session)
        {
            resetResend.onCreate(sessionId, session.getStore());
        }
    }

    public void onLogon(final SessionID sessionId)
    {
        LOG.info("broker session {} logged on", sessionId);
        clockSkew.onLogon(sessionId);
        resetResend.onLogon(sessionId);
    }

    public void onLogout(final SessionID sessionId)
    {
        LOG.info("broker session {} logged out", sessionId);
        resetResend.onLogout(sessionId);
        final BrokerSessionConfig config = sessions.get(sessionId);
        if (null != config && config.cancelOnDisconnect())
        {
            cancelWorkingOrders(sessionId);
        }
    }

    /**
     * @return broker logons QuickFIX/J refused for their SendingTime (clocks too far apart), also in the logon
     *         refusals counter.
     */
    public long clockSkewRefusals()
    {
        return clockSkew.refusals();
    }

    /**
     * QuickFIX/J refuses a Logon whose SendingTime(52) is off by more than its MaxLatency itself, before
     * {@link #fromAdmin} sees it: its Logout is where the gateway learns of it, to count and name it.
     */
    public void toAdmin(final Message message, final SessionID sessionId)
    {
        if (ResetLogonResend.isLogout(message))
        {
            try
            {
                resetResend.onLogoutSent(sessionId, message.getHeader().getInt(MsgSeqNum.FIELD));
            }
            catch (final FieldNotFound ex)
            {
                LOG.debug("Logout to {} without MsgSeqNum: not a logout handshake", sessionId);
            }
        }
        try
        {
            if (!MsgType.LOGOUT.equals(message.getHeader().getString(MsgType.FIELD)) ||
                !message.isSetField(Text.FIELD) || !ClockSkewRefusal.isClockSkew(message.getString(Text.FIELD)))
            {
                return;
            }
        }
        catch (final FieldNotFound ex)
        {
            return;
        }
        final Session session = Session.lookupSession(sessionId);
        if (null != session && session.isLoggedOn())
        {
            return; // a logged-on session's bad SendingTime gets a Reject, not a Logout: not a logon refusal
        }
        refusedLogons.increment();
        final long unlogged = clockSkew.admit(sessionId, System.nanoTime());
        if (unlogged >= 0)
        {
            LOG.warn("broker session {} logon from {} refused for its SendingTime: {} ({} refused logons so far; " +
                "one line per session per {} s at most, {} more of this session's not logged since its last)",
                sessionId, LogonGuard.hostOf(remoteAddress(sessionId)), ClockSkewRefusal.fix(), refusedLogons.get(),
                ClockSkewRefusal.LOG_INTERVAL_MS / 1000, unlogged);
        }
    }

    /**
     * A Logon is checked here (credentials, client certificate); one with ResetSeqNumFlag=Y that passes has the
     * reports the broker has not received kept before QuickFIX/J empties the store ({@link ResetLogonResend}).
     */
    public void fromAdmin(final Message message, final SessionID sessionId) throws FieldNotFound, RejectLogon
    {
        if (ResetLogonResend.isLogout(message))
        {
            resetResend.onLogoutReceived(sessionId);
            return;
        }
        if (!MsgType.LOGON.equals(message.getHeader().getString(MsgType.FIELD)))
        {
            return;
        }
        checkLogon(message, sessionId);
        final Session session = Session.lookupSession(sessionId);
        if (ResetLogonResend.isReset(message) && null != session)
        {
            try
            {
                resetResend.beforeReset(sessionId, session.getStore());
            }
            catch (final UncheckedIOException ex)
            {
                // Reset now, and the reports kept for the broker would be lost: it logs on again once the disk does.
                LOG.error("broker session {} logon with ResetSeqNumFlag=Y refused: {}", sessionId, ex.getMessage());
                throw new RejectLogon("Logon refused: the gateway cannot keep the reports waiting for this " +
                    "session across a sequence reset; try again later");
            }
        }
    }

    private void checkLogon(final Message message, final SessionID sessionId) throws FieldNotFound, RejectLogon
    {
        final BrokerSessionConfig config = sessions.get(sessionId);
        if (null == config || (!config.requiresAuthentication() && !config.clientCertificateRequired()))
        {
            return;
        }
        final String source = LogonGuard.hostOf(remoteAddress(sessionId));
        final long lockedMs = logonGuard.lockedForMillis(config.compId(), source);
        if (lockedMs > 0)
        {
            throttledLogons.increment();
            LOG.warn("broker session {} logon from {} refused unchecked: too many failed logons, locked for {} ms " +
                "more ({} refused so far)", sessionId, source, lockedMs, logonGuard.throttled());
            throw new RejectLogon("Too many failed logons: try again in " + ((lockedMs + 999) / 1000) + " s");
        }
        if (config.clientCertificateRequired())
        {
            final PeerCertificates certificates = peerCertificates;
            if (null == certificates || null == certificates.subjectOf(sessionId))
            {
                refuseLogon(sessionId, config, source, "no trusted TLS client certificate",
                    "Logon refused: this session requires a TLS client certificate");
            }
        }
        if (config.requiresAuthentication())
        {
            checkCredentials(message, sessionId, config, source);
        }
        logonGuard.onSuccess(config.compId(), source);
    }

    private void checkCredentials(
        final Message message, final SessionID sessionId, final BrokerSessionConfig config, final String source)
        throws FieldNotFound, RejectLogon
    {
        if (!message.isSetField(Password.FIELD) || message.getString(Password.FIELD).isEmpty())
        {
            refuseLogon(sessionId, config, source, "Password(554) missing",
                "Logon refused: this session requires Username(553) and Password(554)");
        }
        final String username = message.isSetField(Username.FIELD) ? message.getString(Username.FIELD) : "";
        // Both checks always run and compare in constant time: the time taken does not tell which one failed.
        final boolean userOk = null == config.username() || MessageDigest.isEqual(
            config.username().getBytes(StandardCharsets.UTF_8), username.getBytes(StandardCharsets.UTF_8));
        final boolean passwordOk = config.passwordHash().matches(message.getString(Password.FIELD));
        if (!userOk || !passwordOk)
        {
            refuseLogon(sessionId, config, source, "wrong username or password", "Invalid username or password");
        }
    }

    /**
     * Lets logons of sessions that require a client certificate see their connection's certificate. Set once,
     * after the acceptor has started and before brokers connect; until then such logons are refused.
     *
     * @param certificates the acceptor's peer certificates.
     */
    public void peerCertificates(final PeerCertificates certificates)
    {
        this.peerCertificates = certificates;
    }

    private void refuseLogon(
        final SessionID sessionId, final BrokerSessionConfig config, final String source, final String why,
        final String reason) throws RejectLogon
    {
        refusedLogons.increment();
        logonGuard.onFailure(config.compId(), source);
        LOG.warn("broker session {} logon from {} refused: {} ({} refused logons so far)", sessionId, source, why,
            refusedLogons.get());
        throw new RejectLogon(reason);
    }

    private static String remoteAddress(final SessionID sessionId)
    {
        final Session session = Session.lookupSession(sessionId);
        return null == session ? null : session.getRemoteAddress();
    }

    public void toApp(final Message message, final SessionID sessionId)
    {
    }

    public void fromApp(final Message message, final SessionID sessionId)
        throws FieldNotFound, IncorrectTagValue, UnsupportedMessageType
    {
        final String msgType = message.getHeader().getString(MsgType.FIELD);
        final BrokerSessionConfig config = sessions.get(sessionId);
        if (null == config)
        {
            throw new UnsupportedMessageType();
        }
        // A status request names an existing order by its ClOrdID: it is a query, never a copy of a request taken.
        if (!MsgType.ORDER_STATUS_REQUEST.equals(msgType) && isPossDupOfKnownRequest(message, sessionId))
        {
            return;
        }
        if (MsgType.NEW_ORDER_SINGLE.equals(msgType) && isPossDupOfRefusedOrder(message, sessionId))
        {
            return;
        }
        // Cancels are never throttled: they free capacity and reduce risk.
        if (!MsgType.ORDER_CANCEL_REQUEST.equals(msgType) && !rateLimit.tryAcquire(sessionId, System.nanoTime()))
        {
            // Counted like every other order in (1210) and gateway reject (1211): a throttled NewOrderSingle or replace
            // is refused here, before the core (a throttled status request is answered with the status, no reject).
            if (MsgType.NEW_ORDER_SINGLE.equals(msgType))
            {
                ordersIn.increment();
            }
            if (!MsgType.ORDER_STATUS_REQUEST.equals(msgType))
            {
                gatewayRejects.increment();
            }
            ThrottledRequest.reject(message, sessionId, msgType, reports, rateLimit.ordersPerSecond(), routes, refused,
                defaultAccount(sessionId));
            if (rateLimit.throttled() % 10_000 == 1)
            {
                LOG.warn("session {} is above {} orders/s: requests rejected THROTTLED ({} so far in all sessions)",
                    sessionId, rateLimit.ordersPerSecond(), rateLimit.throttled());
            }
            return;
        }
        switch (msgType)
        {
            case MsgType.NEW_ORDER_SINGLE:
                ordersIn.increment();
                onNewOrderSingle(message, sessionId, config);
                break;
            case MsgType.ORDER_CANCEL_REQUEST:
                onCancelRequest(message, sessionId, config, false);
                break;
            case MsgType.ORDER_CANCEL_REPLACE_REQUEST:
                onCancelRequest(message, sessionId, config, true);
                break;
            case MsgType.ORDER_STATUS_REQUEST:
                onOrderStatusRequest(message, sessionId);
                break;
            default:
                throw new UnsupportedMessageType();
        }
    }

    private void onNewOrderSingle(final Message message, final SessionID sessionId, final BrokerSessionConfig config)
        throws FieldNotFound
    {
        final String clOrdId = message.getString(ClOrdID.FIELD);
        final String symbol = message.isSetField(Symbol.FIELD) ? message.getString(Symbol.FIELD) : null;
        // A reject echoes the Side(54) the broker sent, whatever it is (the session's data dictionary has let only
        // FIX 4.4 values through): a 54=5 mapped to 54=1 would tell the broker it had sent a buy.
        final char fixSide = message.getChar(quickfix.field.Side.FIELD);
        // Every refusal below echoes the order fields the request carried valid, as the core's rejects carry them.
        final OrderEcho echo = OrderEcho.of(message);

        final String invalid = validateClOrdId(clOrdId);
        if (null != invalid)
        {
            reject(sessionId, clOrdId, symbol, fixSide, echo, quickfix.field.OrdRejReason.OTHER, invalid);
            return;
        }
        if (routes.isKnown(sessionId, clOrdId))
        {
            reject(sessionId, clOrdId, symbol, fixSide, echo, quickfix.field.OrdRejReason.DUPLICATE_ORDER,
                "Duplicate ClOrdID " + clOrdId + " on this session");
            return;
        }

        final String account = message.isSetField(Account.FIELD) ?
            message.getString(Account.FIELD) : config.defaultAccount();
        if (!config.allowedAccounts().contains(account) || !PackedAscii.isPackable(account))
        {
            refuse(sessionId, clOrdId, symbol, fixSide, echo, quickfix.field.OrdRejReason.UNKNOWN_ACCOUNT,
                "Account " + account + " is not permitted for this session");
            return;
        }
        if (null == symbol || !PackedAscii.isPackable(symbol))
        {
            refuse(sessionId, clOrdId, symbol, fixSide, echo, quickfix.field.OrdRejReason.UNKNOWN_SYMBOL,
                null == symbol ? "Missing Symbol(55)" : "Unknown symbol " + symbol);
            return;
        }
        final Side side = FixOrderEnums.side(fixSide);
        final char fixOrdType = message.getChar(quickfix.field.OrdType.FIELD);
        final OrdType ordType = FixOrderEnums.ordType(fixOrdType);
        final TimeInForce timeInForce = FixOrderEnums.timeInForce(message);
        // A Side, OrdType or TimeInForce the core does not support: one reject naming the first of them.
        final String unsupported =
            null == side ? "Unsupported Side(54) " + fixSide + ": only 1 (buy) and 2 (sell)" :
            null == ordType ? "Unsupported OrdType(40) " + fixOrdType + ": only 1 (market) and 2 (limit)" :
            null == timeInForce ? "Unsupported TimeInForce(59): only 0 (day), 1 (GTC), 3 (IOC) and 4 (FOK)" : null;
        if (null != unsupported)
        {
            refuse(sessionId, clOrdId, symbol, fixSide, echo,
                quickfix.field.OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC, unsupported);
            return;
        }
        final FixOrderValues.Value orderQty = FixOrderValues.quantity(message);
        if (!orderQty.valid())
        {
            refuse(sessionId, clOrdId, symbol, fixSide, echo, quickfix.field.OrdRejReason.INCORRECT_QUANTITY,
                orderQty.error());
            return;
        }
        final long quantity = orderQty.value();
        final FixOrderValues.Value limitPrice = ordType == OrdType.LIMIT ? FixOrderValues.price(message) : null;
        if (null != limitPrice && !limitPrice.valid())
        {
            refuse(sessionId, clOrdId, symbol, fixSide, echo, quickfix.field.OrdRejReason.OTHER,
                limitPrice.error());
            return;
        }
        final long price = null == limitPrice ? 0 : limitPrice.value();

        final OrderRoutes.Route route;
        try
        {
            route = routes.newOrder(sessionId, clOrdId, account, symbol, fixSide,
                new OrderRoutes.Terms(ordType, timeInForce, price, quantity));
        }
        catch (final UncheckedIOException ex)
        {
            reject(sessionId, clOrdId, symbol, fixSide, echo, quickfix.field.OrdRejReason.OTHER, unjournaled(ex));
            return;
        }
        if (null == route)
        {
            reject(sessionId, clOrdId, symbol, fixSide, echo, quickfix.field.OrdRejReason.DUPLICATE_ORDER,
                "Duplicate ClOrdID " + clOrdId + " on this session");
            return;
        }
        offer(route);
    }

    /**
     * Offers a route's request to the core with its journaled terms, records the offer, and answers the broker
     * with a reject if it could not be offered.
     *
     * @return whether it was offered.
     */
    private boolean offer(final OrderRoutes.Route route)
    {
        final OrderRoutes.Order order = route.order();
        final OrderRoutes.Terms terms = route.terms();
        final long account = PackedAscii.pack(order.account());
        final IngressPublisher.Outcome outcome;
        switch (route.kind())
        {
            case NEW:
                outcome = ingress.newOrder(route.clOrdId(), account, PackedAscii.pack(order.symbol()),
                    FixOrderEnums.side(order.side()), terms.ordType(), terms.timeInForce(), terms.price(), terms.quantity());
                break;
            case REPLACE:
                outcome = ingress.replace(route.clOrdId(), order.currentClOrdId(),
                    order.orderIdIn(routes.coreSession()), account, terms.price(), terms.quantity());
                break;
            default:
                outcome = ingress.cancel(route.clOrdId(), order.currentClOrdId(),
                    order.orderIdIn(routes.coreSession()), account);
                break;
        }
        if (outcome == IngressPublisher.Outcome.SENT)
        {
            routes.onOffered(route);
            return true;
        }
        final SessionID sessionId = order.sessionId();
        if (route.kind() == OrderRoutes.Kind.NEW)
        {
            routes.onOfferFailed(route);
            order.lastOrdStatus(quickfix.field.OrdStatus.REJECTED); // what the reject below reports, journaled as done
            routes.onDone(order);
            reject(sessionId, route.brokerClOrdId(), order.symbol(), order.side(), OrderEcho.of(order, terms),
                quickfix.field.OrdRejReason.OTHER, unavailable(outcome));
        }
        else
        {
            routes.onRefused(route); // before the broker hears it was not sent: never offered after that
            final OrderRoutes.Route orig = routes.route(order.currentClOrdId());
            cancelReject(sessionId, order.orderId(), route.brokerClOrdId(),
                null == orig ? route.brokerClOrdId() : orig.brokerClOrdId(), order.lastOrdStatus(),
                route.kind() == OrderRoutes.Kind.REPLACE, quickfix.field.CxlRejReason.OTHER, unavailable(outcome));
        }
        return false;
    }

    /**
     * Offers to the core, once, every request the gateway journaled but never handed to it (the process died in
     * between, or the core died before journaling it: see {@link OrderRoutes#reconcile}). Called at start,
     * before brokers can log on. A request that cannot be offered now is answered with a reject, as a fresh one.
     *
     * @return how many were offered.
     */
    public int offerUnoffered()
    {
        int offered = 0;
        for (final OrderRoutes.Route route : routes.unoffered())
        {
            if (null != route.terms() && routes.claimOffer(route))
            {
                routes.markReoffered(route);
                LOG.info("offering {} {} of {} to the core: journaled but never received by it", route.kind(),
                    route.brokerClOrdId(), route.order().sessionId());
                if (offer(route))
                {
                    offered++;
                }
            }
        }
        return offered;
    }

    private void onCancelRequest(
        final Message message, final SessionID sessionId, final BrokerSessionConfig config, final boolean replace)
        throws FieldNotFound
    {
        final String clOrdId = message.getString(ClOrdID.FIELD);
        final String origClOrdId = message.getString(OrigClOrdID.FIELD);
        final OrderRoutes.Route orig = routes.find(sessionId, origClOrdId);
        final long orderId = null == orig ? 0 : orig.order().orderId();
        final char ordStatus = null == orig ? quickfix.field.OrdStatus.REJECTED : orig.order().lastOrdStatus();

        final String invalid = validateClOrdId(clOrdId);
        if (null != invalid)
        {
            cancelReject(sessionId, orderId, clOrdId, origClOrdId, ordStatus, replace,
                quickfix.field.CxlRejReason.OTHER, invalid);
            return;
        }
        if (routes.isKnown(sessionId, clOrdId))
        {
            cancelReject(sessionId, orderId, clOrdId, origClOrdId, ordStatus, replace,
                quickfix.field.CxlRejReason.DUPLICATE_CLORDID_RECEIVED,
                "Duplicate ClOrdID " + clOrdId + " on this session");
            return;
        }
        if (null == orig)
        {
            cancelReject(sessionId, 0, clOrdId, origClOrdId, ordStatus, replace,
                quickfix.field.CxlRejReason.UNKNOWN_ORDER, "Unknown OrigClOrdID " + origClOrdId);
            return;
        }
        final OrderRoutes.Order order = orig.order();
        if (order.isDone())
        {
            cancelReject(sessionId, orderId, clOrdId, origClOrdId, ordStatus, replace,
                quickfix.field.CxlRejReason.TOO_LATE_TO_CANCEL, "Order is already done" + currentClOrdIdNote(orig));
            return;
        }
        if (message.isSetField(Account.FIELD) && !order.account().equals(message.getString(Account.FIELD)))
        {
            cancelReject(sessionId, orderId, clOrdId, origClOrdId, ordStatus, replace,
                quickfix.field.CxlRejReason.OTHER, "Account does not match the order's account " + order.account() +
                currentClOrdIdNote(orig));
            return;
        }
        final String mismatch = unchangeableField(message, order, replace);
        if (null != mismatch)
        {
            cancelReject(sessionId, orderId, clOrdId, origClOrdId, ordStatus, replace,
                quickfix.field.CxlRejReason.OTHER, mismatch + currentClOrdIdNote(orig));
            return;
        }

        long price = 0;
        long quantity = 0;
        if (replace)
        {
            final FixOrderValues.Value orderQty = FixOrderValues.quantity(message);
            if (!orderQty.valid())
            {
                cancelReject(sessionId, orderId, clOrdId, origClOrdId, ordStatus, true,
                    quickfix.field.CxlRejReason.OTHER, orderQty.error());
                return;
            }
            quantity = orderQty.value();
            final OrdType ordType = FixOrderEnums.ordType(message.getChar(quickfix.field.OrdType.FIELD));
            final FixOrderValues.Value limitPrice = ordType == OrdType.LIMIT ? FixOrderValues.price(message) : null;
            if (null == ordType || (null != limitPrice && !limitPrice.valid()))
            {
                cancelReject(sessionId, orderId, clOrdId, origClOrdId, ordStatus, true,
                    quickfix.field.CxlRejReason.OTHER,
                    null == ordType ? "Unsupported OrdType(40)" : limitPrice.error());
                return;
            }
            price = null == limitPrice ? 0 : limitPrice.value();
        }

        final OrderRoutes.Route route;
        try
        {
            route = replace ?
                routes.request(order, clOrdId, OrderRoutes.Kind.REPLACE, new OrderRoutes.Terms(
                    FixOrderEnums.ordType(message.getChar(quickfix.field.OrdType.FIELD)), null, price, quantity)) :
                routes.request(order, clOrdId, OrderRoutes.Kind.CANCEL, OrderRoutes.Terms.NONE);
        }
        catch (final UncheckedIOException ex)
        {
            cancelReject(sessionId, orderId, clOrdId, origClOrdId, ordStatus, replace,
                quickfix.field.CxlRejReason.OTHER, unjournaled(ex));
            return;
        }
        if (null == route)
        {
            cancelReject(sessionId, orderId, clOrdId, origClOrdId, ordStatus, replace,
                quickfix.field.CxlRejReason.DUPLICATE_CLORDID_RECEIVED,
                "Duplicate ClOrdID " + clOrdId + " on this session");
            return;
        }
        // The core knows the order by its current id; a broker naming an older ClOrdID of the chain still means it
        // (a cancel that crossed the replace's confirmation): the request acts on the order as it is now. Should the
        // current id be one replace stale here (the replace's confirmation not yet delivered, or published while the
        // gateway was down), the core still finds the order by the id it had before its last replace.
        final long account = PackedAscii.pack(order.account());
        final long current = order.currentClOrdId();
        final long coreOrderId = order.orderIdIn(routes.coreSession());
        final IngressPublisher.Outcome outcome = replace ?
            ingress.replace(route.clOrdId(), current, coreOrderId, account, price, quantity) :
            ingress.cancel(route.clOrdId(), current, coreOrderId, account);
        if (outcome != IngressPublisher.Outcome.SENT)
        {
            routes.onRefused(route); // before the broker hears it was not sent: never offered after that
            cancelReject(sessionId, orderId, clOrdId, origClOrdId, ordStatus, replace,
                quickfix.field.CxlRejReason.OTHER, unavailable(outcome));
            return;
        }
        routes.onOffered(route);
    }

    /**
     * @param orig the route of the ClOrdID a request named.
     * @return "" when it is the order's current ClOrdID (or that one is no longer known: a retired order), else a note
     * for the Text(58) of a refusal naming the current one: "; the order's current ClOrdID is B".
     */
    private String currentClOrdIdNote(final OrderRoutes.Route orig)
    {
        final long current = orig.order().currentClOrdId();
        final OrderRoutes.Route currentRoute = current == orig.clOrdId() ? null : routes.route(current);
        return null == currentRoute || currentRoute.brokerClOrdId().equals(orig.brokerClOrdId()) ? "" :
            "; the order's current ClOrdID is " + currentRoute.brokerClOrdId();
    }

    /**
     * A cancel or replace whose Side(54) or Symbol(55) is not the order's names another order than the broker
     * thinks; a replace may change only price and quantity (the core's replace carries no more), so a different
     * OrdType(40), or a TimeInForce(59) given and different, would be confirmed "Replaced" while silently ignored.
     *
     * @return why the request is refused, or null.
     */
    private String unchangeableField(final Message message, final OrderRoutes.Order order, final boolean replace)
        throws FieldNotFound
    {
        if (message.isSetField(quickfix.field.Side.FIELD) && message.getChar(quickfix.field.Side.FIELD) != order.side())
        {
            return "Side(54) " + message.getChar(quickfix.field.Side.FIELD) + " is not the order's side " +
                order.side();
        }
        if (message.isSetField(Symbol.FIELD) && null != order.symbol() &&
            !order.symbol().equals(message.getString(Symbol.FIELD)))
        {
            return "Symbol(55) " + message.getString(Symbol.FIELD) + " is not the order's symbol " + order.symbol();
        }
        final OrderRoutes.Route first = replace ? routes.route(order.rootClOrdId()) : null;
        final OrderRoutes.Terms terms = null == first ? null : first.terms();
        if (null == terms || null == terms.ordType())
        {
            return null; // a cancel, or an order whose terms were not journaled (an earlier release): nothing to compare
        }
        if (FixOrderEnums.ordType(message.getChar(quickfix.field.OrdType.FIELD)) != terms.ordType())
        {
            return "A replace cannot change OrdType(40): the order's is " + FixOrderEnums.fixOrdType(terms.ordType());
        }
        if (message.isSetField(quickfix.field.TimeInForce.FIELD) &&
            FixOrderEnums.timeInForce(message) != terms.timeInForce())
        {
            return "A replace cannot change TimeInForce(59): the order's is " +
                FixOrderEnums.fixTimeInForce(terms.timeInForce());
        }
        return null;
    }

    /**
     * An OrderStatusRequest: the order its ClOrdID(11) names on this session (the OrderID(37) and Account(1) must be
     * the order's when given), asked of the core, which answers with the order's state; the route lookup changes
     * nothing. Answered here when the order is unknown, retired (done long ago: the core no longer holds it either),
     * or the core cannot be asked.
     */
    private void onOrderStatusRequest(final Message message, final SessionID sessionId) throws FieldNotFound
    {
        final String clOrdId = message.getString(ClOrdID.FIELD);
        final String orderId = message.isSetField(OrderID.FIELD) ? message.getString(OrderID.FIELD) : null;
        final OrderRoutes.Route route = routes.find(sessionId, clOrdId);
        final OrderRoutes.Order order = null == route ? null : route.order();
        final String unknown = unknownOrder(message, clOrdId, orderId, order);
        if (null != unknown)
        {
            gatewayRejects.increment();
            LOG.info("order status request {} from {}: {}", clOrdId, sessionId, unknown);
            send(BrokerReports.withAccount(OrderEcho.of(message).applyTo(reports.unknownOrderStatus(clOrdId, orderId,
                message.isSetField(Symbol.FIELD) ? message.getString(Symbol.FIELD) : null,
                message.getChar(quickfix.field.Side.FIELD), unknown)), defaultAccount(sessionId)), sessionId);
            return;
        }
        if (order.isRetired())
        {
            send(reports.orderStatus(route, BrokerReports.STATUS_NOT_HELD), sessionId);
            return;
        }
        final long current = order.currentClOrdId();
        final OrderRoutes.Route currentRoute = routes.route(current);
        // Journaled before it is offered: taken but never received by the core, it is asked again at the next start.
        askStatus(routes.onStatusAsked(sessionId, clOrdId, current, null == currentRoute ? route : currentRoute),
            route);
    }

    /**
     * Offers a journaled status request to the core (whose answer ends it, {@link OrderRoutes#onStatusAnswered}); if
     * it cannot be offered, answers it here with the order's last reported status.
     *
     * @return whether it was offered.
     */
    private boolean askStatus(final long requestId, final OrderRoutes.Route route)
    {
        final OrderRoutes.Order order = route.order();
        final IngressPublisher.Outcome outcome = ingress.orderStatus(requestId, order.currentClOrdId(),
            order.orderIdIn(routes.coreSession()), PackedAscii.pack(order.account()));
        if (outcome == IngressPublisher.Outcome.SENT)
        {
            return true;
        }
        routes.onStatusAnsweredHere(requestId);
        send(reports.orderStatus(route, unavailable(outcome)), order.sessionId());
        return false;
    }

    /**
     * Asks the core, once, every status request an earlier run took and the core never received (the process died
     * before offering it, or the core in the same process died before journaling it; without a core journal, every
     * one an earlier run did not see answered): QuickFIX/J had already counted its MsgSeqNum, so the broker never
     * sends it again. Its answer reaches the broker as any status answer; an order retired since, or a core that
     * cannot be asked, is answered here. Call at start once the broker sessions exist (the acceptor started), before
     * the report agent runs.
     *
     * @return how many were asked of the core.
     */
    public int askStatusRequestsNeverReceived()
    {
        int asked = 0;
        for (final OrderRoutes.StatusRequest request : routes.takeStatusRequestsNeverReceived())
        {
            final OrderRoutes.Route route = request.route();
            LOG.info("order status request {} of {}: taken before the restart but never received by the core, " +
                "asked now", route.brokerClOrdId(), route.order().sessionId());
            if (route.order().isRetired())
            {
                routes.onStatusAnsweredHere(request.id());
                send(reports.orderStatus(route, BrokerReports.STATUS_NOT_HELD), route.order().sessionId());
            }
            else if (askStatus(request.id(), route))
            {
                asked++;
            }
        }
        return asked;
    }

    /**
     * @return why a status request names no order of the session (Text(58) of the answer), or null if it names one.
     */
    static String unknownOrder(
        final Message message, final String clOrdId, final String orderId, final OrderRoutes.Order order)
        throws FieldNotFound
    {
        if (null == order)
        {
            return "Unknown order: ClOrdID " + clOrdId + " is not known on this session";
        }
        final String ordersId = 0 == order.orderId() ? BrokerReports.NO_ORDER_ID : Long.toString(order.orderId());
        if (null != orderId && !orderId.equals(ordersId))
        {
            return "Unknown order: OrderID " + orderId + " is not the order of ClOrdID " + clOrdId;
        }
        if (message.isSetField(Account.FIELD) && !order.account().equals(message.getString(Account.FIELD)))
        {
            return "Unknown order: Account " + message.getString(Account.FIELD) + " is not the account of ClOrdID " +
                clOrdId;
        }
        return null;
    }

    /**
     * A broker re-sending a request the gateway already took (PossDupFlag=Y after a resend request, e.g. when the
     * gateway stopped before it recorded the message as received) must not get a duplicate-ClOrdID reject for its
     * own order: the copy is not processed again, and the broker is answered with the order's current state (an
     * ExecutionReport with ExecType I and the last OrdStatus the gateway reported, PendingNew if none yet). If the
     * gateway journaled the request but the core never received it, the request is offered now, exactly once
     * ({@link OrderRoutes#claimOffer}), with the terms journaled when it was first taken.
     */
    private boolean isPossDupOfKnownRequest(final Message message, final SessionID sessionId) throws FieldNotFound
    {
        final Message.Header header = message.getHeader();
        if (header.isSetField(PossDupFlag.FIELD) && header.getBoolean(PossDupFlag.FIELD) &&
            message.isSetField(ClOrdID.FIELD) && routes.isKnown(sessionId, message.getString(ClOrdID.FIELD)))
        {
            final String clOrdId = message.getString(ClOrdID.FIELD);
            final OrderRoutes.Route route = routes.find(sessionId, clOrdId);
            if (null != route && null != route.terms() && routes.claimOffer(route))
            {
                // Journaled but never handed to the core (the gateway died in between, or the core died before
                // journaling it): processed now, once; the core's reports answer it.
                routes.markReoffered(route);
                LOG.info("PossDup copy of {} from {}: taken but never received by the core, offered now", clOrdId,
                    sessionId);
                offer(route);
                return true;
            }
            if (null != route && route.wasRefused())
            {
                // The broker was told this cancel or replace was not sent: its copy gets that answer again, not a
                // status that would read as the request having been taken.
                LOG.info("PossDup copy of {} from {}: refused as not sent, refused again", clOrdId, sessionId);
                final String origClOrdId = message.isSetField(OrigClOrdID.FIELD) ?
                    message.getString(OrigClOrdID.FIELD) : clOrdId;
                cancelReject(sessionId, route.order().orderId(), clOrdId, origClOrdId, route.order().lastOrdStatus(),
                    route.kind() == OrderRoutes.Kind.REPLACE, quickfix.field.CxlRejReason.OTHER,
                    "PossDup copy of a request refused: not sent");
                return true;
            }
            LOG.info("PossDup copy of {} from {}: already taken, answered with the order's current state", clOrdId,
                sessionId);
            if (null != route)
            {
                try
                {
                    BrokerDelivery.send(reports.orderStatus(route, "PossDup copy of a request already taken"), sessionId);
                }
                catch (final SessionNotFound ex)
                {
                    LOG.warn("session {} gone before the status of {} could be sent", sessionId, clOrdId);
                }
            }
            return true;
        }
        return false;
    }

    /**
     * A PossDupFlag=Y copy of a NewOrderSingle the gateway refused before taking it is not served as a new order
     * (the broker was told that ClOrdID is rejected): it is answered with the refusal, ExecType I, OrdStatus 8.
     */
    private boolean isPossDupOfRefusedOrder(final Message message, final SessionID sessionId) throws FieldNotFound
    {
        final Message.Header header = message.getHeader();
        if (!header.isSetField(PossDupFlag.FIELD) || !header.getBoolean(PossDupFlag.FIELD) ||
            !message.isSetField(ClOrdID.FIELD))
        {
            return false;
        }
        final String clOrdId = message.getString(ClOrdID.FIELD);
        final RefusedOrders.Refusal refusal = refused.find(sessionId, clOrdId);
        if (null == refusal)
        {
            return false;
        }
        LOG.info("PossDup copy of {} from {}: refused before, answered with that refusal", clOrdId, sessionId);
        // The refusal's echo, not the copy's fields: the answer repeats what the broker was told.
        send(BrokerReports.withAccount(refusal.echo().applyTo(reports.refusedOrderStatus(clOrdId, refusal.symbol(),
            refusal.side(), refusal.ordRejReason(), "PossDup copy of an order refused: " + refusal.text())),
            defaultAccount(sessionId)), sessionId);
        return true;
    }

    private void cancelWorkingOrders(final SessionID sessionId)
    {
        int sent = 0;
        for (final OrderRoutes.Order order : routes.workingOrders(sessionId))
        {
            final OrderRoutes.Route route = routes.request(order, "COD-" + order.rootClOrdId() + '-' +
                System.nanoTime(), OrderRoutes.Kind.CANCEL);
            if (null == route)
            {
                continue;
            }
            if (ingress.cancel(route.clOrdId(), order.currentClOrdId(), order.orderIdIn(routes.coreSession()),
                PackedAscii.pack(order.account())) == IngressPublisher.Outcome.SENT)
            {
                routes.onOffered(route);
                sent++;
            }
            else
            {
                routes.onOfferFailed(route);
            }
        }
        LOG.info("cancel on disconnect for {}: {} cancel requests sent", sessionId, sent);
    }

    private void reject(
        final SessionID sessionId, final String clOrdId, final String symbol, final char side, final OrderEcho echo,
        final int ordRejReason, final String text)
    {
        gatewayRejects.increment();
        final String noted = echo.withNotes(text);
        LOG.info("rejecting order {} from {}: {}", clOrdId, sessionId, noted);
        send(BrokerReports.withAccount(echo.applyTo(reports.gatewayReject(clOrdId, symbol, side, ordRejReason, noted)),
            defaultAccount(sessionId)), sessionId);
    }

    /** The session's default account (what an order without Account(1) trades for), or null for a session gone. */
    private String defaultAccount(final SessionID sessionId)
    {
        final BrokerSessionConfig config = sessions.get(sessionId);
        return null == config ? null : config.defaultAccount();
    }

    /**
     * A NewOrderSingle with a valid ClOrdID not used yet, refused before it is taken: remembered, so that a PossDup
     * copy of it is answered with this refusal ({@link RefusedOrders}).
     */
    private void refuse(
        final SessionID sessionId, final String clOrdId, final String symbol, final char side, final OrderEcho echo,
        final int ordRejReason, final String text)
    {
        refused.record(sessionId, clOrdId, new RefusedOrders.Refusal(symbol, side, ordRejReason, echo.withNotes(text),
            echo));
        reject(sessionId, clOrdId, symbol, side, echo, ordRejReason, text);
    }

    private void cancelReject(
        final SessionID sessionId, final long orderId, final String clOrdId, final String origClOrdId,
        final char ordStatus, final boolean replace, final int reason, final String text)
    {
        gatewayRejects.increment();
        LOG.info("rejecting {} {} from {}: {}", replace ? "replace" : "cancel", clOrdId, sessionId, text);
        // The account of the order the request named, else the session's default (an unknown OrigClOrdID).
        final OrderRoutes.Route orig = routes.find(sessionId, origClOrdId);
        final String account = null != orig ? orig.order().account() : defaultAccount(sessionId);
        send(BrokerReports.cancelReject(orderId, clOrdId, origClOrdId, account, ordStatus, replace, reason, text),
            sessionId);
    }

    private static void send(final Message message, final SessionID sessionId)
    {
        try
        {
            BrokerDelivery.send(message, sessionId);
        }
        catch (final SessionNotFound ex)
        {
            LOG.error("broker session {} not found", sessionId);
        }
    }

    /**
     * The ClOrdID journal could not record a request (a full or read-only disk): it was not taken, nothing was
     * offered, and the broker is told so rather than left without an answer.
     */
    private static String unjournaled(final UncheckedIOException ex)
    {
        LOG.error("request refused: {}", ex.getMessage());
        return "Gateway cannot journal the request (" + ex.getMessage() + "): not sent";
    }

    private static String unavailable(final IngressPublisher.Outcome outcome)
    {
        return outcome == IngressPublisher.Outcome.NOT_CONNECTED ?
            "Core unavailable: request not sent" : "Gateway back-pressured: request not sent";
    }

    static String validateClOrdId(final String clOrdId)
    {
        if (clOrdId.isEmpty() || clOrdId.length() > MAX_CLORDID_LENGTH)
        {
            return "Invalid ClOrdID(11): 1 to " + MAX_CLORDID_LENGTH + " characters";
        }
        for (int i = 0; i < clOrdId.length(); i++)
        {
            final char c = clOrdId.charAt(i);
            if (c < ' ' || c == 127)
            {
                return "Invalid ClOrdID(11): control characters";
            }
        }
        return null;
    }
}
