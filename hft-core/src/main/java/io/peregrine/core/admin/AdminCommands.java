package io.peregrine.core.admin;

import io.peregrine.core.CoreCounters;
import io.peregrine.core.egress.ClientReports;
import io.peregrine.core.ingress.ClientAuthorisation;
import io.peregrine.core.ingress.IngressValidator;
import io.peregrine.core.order.OrderLifecycle;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.risk.PreTradeRisk;
import io.peregrine.sbe.AdminResult;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.KillSwitchDecoder;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.LimitUpdateDecoder;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.ResumeDecoder;
import io.peregrine.sbe.SymbolKillSwitchDecoder;
import io.peregrine.sbe.SymbolResumeDecoder;
import io.peregrine.sbe.VenuePauseDecoder;
import io.peregrine.sbe.VenueResumeDecoder;
import org.agrona.DirectBuffer;

/**
 * The operator's commands on the ingress stream, decoded by the core agent: kill switches and resumes (global,
 * account: in {@link PreTradeRisk}; symbol: in the {@link TradingGates}), venue pauses and resumes, limit updates.
 * Each is checked (admin client id, fields), applied, and answered with an {@code AdminResponse}; kill switches can
 * cancel the working orders in scope through the {@link OrderLifecycle}.
 * <p>
 * Core thread only. Allocation free except a limit update, which builds a new limits snapshot (admin path).
 */
public final class AdminCommands
{
    /** Most entries of one LimitUpdate. */
    public static final int MAX_LIMITS_PER_UPDATE = 32;

    private final PreTradeRisk risk;
    private final TradingGates gates;
    private final OrderLifecycle lifecycle;
    private final ClientReports reports;
    private final ClientAuthorisation authorisation;
    private final CoreCounters counters;
    private final RiskStateCounters riskState;
    private final LimitType[] limitTypes = new LimitType[MAX_LIMITS_PER_UPDATE];
    private final long[] limitValues = new long[MAX_LIMITS_PER_UPDATE];

    /**
     * @param risk          global and account kill switches, limits.
     * @param gates         symbol kill switches and venue pauses.
     * @param lifecycle     cancels the working orders a kill switch names.
     * @param reports       publisher of the AdminResponses.
     * @param authorisation who may send admin commands.
     * @param counters      the core's counters.
     * @param riskState     the gauges of the risk state, refreshed before each answer so that the operator reads
     *                      what the command left in force.
     */
    public AdminCommands(
        final PreTradeRisk risk,
        final TradingGates gates,
        final OrderLifecycle lifecycle,
        final ClientReports reports,
        final ClientAuthorisation authorisation,
        final CoreCounters counters,
        final RiskStateCounters riskState)
    {
        this.risk = risk;
        this.gates = gates;
        this.lifecycle = lifecycle;
        this.reports = reports;
        this.authorisation = authorisation;
        this.counters = counters;
        this.riskState = riskState;
    }

    /**
     * From an idle duty cycle: copies one row of the risk state to its gauges
     * ({@link RiskStateCounters#refreshNext()}), which keeps positions and open orders current without adding work to
     * an order's handling. Allocation free.
     */
    public void onIdle()
    {
        riskState.refreshNext();
        refreshKillSwitchOrders();
    }

    /** The gauge of working orders a kill switch covers, not done yet (a count the order table keeps). */
    private void refreshKillSwitchOrders()
    {
        counters.killSwitchOrdersWorking().setRelease(lifecycle.orders().killCovered());
    }

    /**
     * KillSwitch (global or account): switches risk's kill switch on and, if asked, cancels the working orders in
     * scope ({@link OrderLifecycle#cancelWorking}); answers an AdminResponse whose affected count is the working
     * orders in scope, each with a cancel sent, pending or owed (sent again until the venue takes it): done when the
     * venue answers, not yet cancelled. Replaying a {@code DecisionVersion} 2 entry, the cancels sent.
     */
    public void killSwitch(final KillSwitchDecoder kill)
    {
        final long commandId = kill.commandId();
        if (refused(commandId, KillSwitchDecoder.TEMPLATE_ID, admin(kill.clientId()),
            IngressValidator.checkKillSwitch(kill)))
        {
            return;
        }
        final boolean global = KillScope.GLOBAL == kill.scope();
        final long account = PackedAscii.read(kill.buffer(), kill.offset() + KillSwitchDecoder.accountEncodingOffset());
        if (!switchKill(commandId, KillSwitchDecoder.TEMPLATE_ID, global, account, true))
        {
            return;
        }

        final int affected = 1 == kill.cancelWorkingRaw() ? lifecycle.cancelWorking(global, account, 0) : 0;
        riskState.refreshAll();
        refreshKillSwitchOrders();
        reports.adminResponse(
            commandId, KillSwitchDecoder.TEMPLATE_ID, AdminResult.APPLIED, RejectReason.NONE, affected);
    }

    /**
     * SymbolKillSwitch: closes the symbol's gate and, if asked, cancels its working orders; answers an AdminResponse.
     */
    public void symbolKillSwitch(final SymbolKillSwitchDecoder kill)
    {
        final long commandId = kill.commandId();
        final long symbol =
            PackedAscii.read(kill.buffer(), kill.offset() + SymbolKillSwitchDecoder.symbolEncodingOffset());
        final short cancelWorking = kill.cancelWorkingRaw();
        RejectReason reason = admin(kill.clientId());
        if (RejectReason.NONE != reason)
        {
            counters.onInvalid(reason);
        }
        else if (0 != cancelWorking && 1 != cancelWorking)
        {
            reason = RejectReason.INVALID_ENUM_VALUE;
        }
        else if (!PackedAscii.isValid(symbol) || PackedAscii.BLANK == symbol)
        {
            reason = RejectReason.MALFORMED_MESSAGE;
        }
        else if (!risk.isKnownInstrument(symbol))
        {
            reason = RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (RejectReason.NONE != reason)
        {
            reports.adminResponse(commandId, SymbolKillSwitchDecoder.TEMPLATE_ID, AdminResult.REJECTED, reason, 0);
            return;
        }
        gates.symbolKills().close(symbol);
        final int affected = 1 == cancelWorking ? lifecycle.cancelWorking(false, 0, symbol) : 0;
        riskState.refreshAll();
        refreshKillSwitchOrders();
        reports.adminResponse(
            commandId, SymbolKillSwitchDecoder.TEMPLATE_ID, AdminResult.APPLIED, RejectReason.NONE, affected);
    }

    /**
     * SymbolResume: opens the symbol's gate; answers an AdminResponse.
     */
    public void symbolResume(final SymbolResumeDecoder resume)
    {
        final long symbol =
            PackedAscii.read(resume.buffer(), resume.offset() + SymbolResumeDecoder.symbolEncodingOffset());
        final RejectReason denied = admin(resume.clientId());
        final RejectReason reason = RejectReason.NONE != denied ? denied :
            !PackedAscii.isValid(symbol) || PackedAscii.BLANK == symbol ? RejectReason.MALFORMED_MESSAGE :
            risk.isKnownInstrument(symbol) ? RejectReason.NONE : RejectReason.UNKNOWN_INSTRUMENT;
        if (RejectReason.NONE == reason)
        {
            gates.symbolKills().open(symbol);
            lifecycle.onKillSwitchLifted();
        }
        riskState.refreshAll();
        refreshKillSwitchOrders();
        reports.adminResponse(resume.commandId(), SymbolResumeDecoder.TEMPLATE_ID,
            RejectReason.NONE == reason ? AdminResult.APPLIED : AdminResult.REJECTED, reason, 0);
    }

    /**
     * VenuePause: closes the venue's gate to new orders; answers an AdminResponse.
     */
    public void venuePause(final VenuePauseDecoder pause)
    {
        venueGate(pause.commandId(), VenuePauseDecoder.TEMPLATE_ID, pause.clientId(), pause.venueId(), true);
    }

    /**
     * VenueResume: opens the venue's gate; answers an AdminResponse.
     */
    public void venueResume(final VenueResumeDecoder resume)
    {
        venueGate(resume.commandId(), VenueResumeDecoder.TEMPLATE_ID, resume.clientId(), resume.venueId(), false);
    }

    private void venueGate(
        final long commandId, final int templateId, final int clientId, final int venueId, final boolean pause)
    {
        final RejectReason denied = admin(clientId);
        final boolean valid = RejectReason.NONE == denied && venueId > 0;
        if (valid && pause)
        {
            gates.venuePauses().close(venueId);
        }
        else if (valid)
        {
            gates.venuePauses().open(venueId);
        }
        reports.adminResponse(commandId, templateId, valid ? AdminResult.APPLIED : AdminResult.REJECTED,
            valid ? RejectReason.NONE : RejectReason.NONE != denied ? denied : RejectReason.MALFORMED_MESSAGE, 0);
    }

    /**
     * Resume (global or account): switches risk's kill switch off; answers an AdminResponse.
     */
    public void resume(final ResumeDecoder resume)
    {
        final long commandId = resume.commandId();
        if (refused(commandId, ResumeDecoder.TEMPLATE_ID, admin(resume.clientId()),
            IngressValidator.checkResume(resume)))
        {
            return;
        }
        if (!switchKill(commandId, ResumeDecoder.TEMPLATE_ID, KillScope.GLOBAL == resume.scope(),
            PackedAscii.read(resume.buffer(), resume.offset() + ResumeDecoder.accountEncodingOffset()), false))
        {
            return;
        }
        lifecycle.onKillSwitchLifted();
        riskState.refreshAll();
        refreshKillSwitchOrders();
        reports.adminResponse(commandId, ResumeDecoder.TEMPLATE_ID, AdminResult.APPLIED, RejectReason.NONE, 0);
    }

    /**
     * LimitUpdate: applies the entries to risk's limits, all or nothing (allocates the new snapshot: admin path);
     * answers an AdminResponse.
     *
     * @param update the decoder, wrapped over the message body.
     * @param length of the message body, to check the entry count against.
     */
    public void limitUpdate(final LimitUpdateDecoder update, final int length)
    {
        final long commandId = update.commandId();
        if (refused(commandId, LimitUpdateDecoder.TEMPLATE_ID, admin(update.clientId()),
            IngressValidator.checkLimitUpdate(update, length, MAX_LIMITS_PER_UPDATE)))
        {
            return;
        }
        final DirectBuffer buffer = update.buffer();
        final long account = PackedAscii.read(buffer, update.offset() + LimitUpdateDecoder.accountEncodingOffset());
        final long symbol = PackedAscii.read(buffer, update.offset() + LimitUpdateDecoder.symbolEncodingOffset());
        int count = 0;
        for (final LimitUpdateDecoder.LimitsDecoder limit : update.limits())
        {
            limitTypes[count] = limit.limitType();
            limitValues[count] = limit.value();
            count++;
        }
        final RejectReason reason = risk.applyLimitUpdate(account, symbol, limitTypes, limitValues, count);
        riskState.refreshAll();
        reports.adminResponse(commandId, LimitUpdateDecoder.TEMPLATE_ID,
            RejectReason.NONE == reason ? AdminResult.APPLIED : AdminResult.REJECTED, reason, 0);
    }

    /**
     * Counts an admin command and checks that its client may send admin commands.
     */
    private RejectReason admin(final int clientId)
    {
        counters.adminCommands().incrementRelease();
        return authorisation.admin(clientId);
    }

    /**
     * Refuses a command its client may not send ({@code denied}, which wins), or that failed its format check:
     * counted, answered REJECTED.
     *
     * @return whether it was refused.
     */
    private boolean refused(
        final long commandId, final int templateId, final RejectReason denied, final RejectReason check)
    {
        final RejectReason reason = RejectReason.NONE != denied ? denied : check;
        if (RejectReason.NONE == reason)
        {
            return false;
        }
        counters.onInvalid(reason);
        reports.adminResponse(commandId, templateId, AdminResult.REJECTED, reason, 0);
        return true;
    }

    /**
     * Switches risk's kill switch on ({@code kill}) or off, globally or for one account; an unknown account is
     * answered REJECTED UNKNOWN_ACCOUNT.
     *
     * @return whether it was switched.
     */
    private boolean switchKill(
        final long commandId, final int templateId, final boolean global, final long account, final boolean kill)
    {
        if (global)
        {
            if (kill)
            {
                risk.killGlobal();
            }
            else
            {
                risk.resumeGlobal();
            }
            counters.killSwitchGlobal().setRelease(kill ? 1 : 0);
            return true;
        }
        if (kill ? risk.killAccount(account) : risk.resumeAccount(account))
        {
            return true;
        }
        reports.adminResponse(commandId, templateId, AdminResult.REJECTED, RejectReason.UNKNOWN_ACCOUNT, 0);
        return false;
    }
}
