package io.peregrine.ops.launch;

import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.risk.AccountLimits;
import io.peregrine.risk.RiskLimits;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The broker sessions whose accounts the core's risk limits lack: every order of such an account is refused by risk,
 * which the start said nothing of. A WARN, not a refusal: the limits the core runs with are its own (restored from its
 * journal, changed by an operator) and a session may rightly be configured before its account gets limits. Start-up
 * only; allocates.
 */
final class BrokerAccountsWithoutLimits
{
    private BrokerAccountsWithoutLimits()
    {
    }

    /**
     * @param sessions the gateway's broker sessions.
     * @param limits   the risk limits the core started with.
     * @return one WARN line per session with an account the limits lack, naming the session, the account and the fix.
     */
    static List<String> warnings(final List<BrokerSessionConfig> sessions, final RiskLimits limits)
    {
        final Set<String> accounts = limits.accounts().stream().map(AccountLimits::name).collect(Collectors.toSet());
        final List<String> warnings = new ArrayList<>();
        for (final BrokerSessionConfig session : sessions)
        {
            final List<String> missing =
                session.allowedAccounts().stream().filter((account) -> !accounts.contains(account)).toList();
            if (!missing.isEmpty())
            {
                warnings.add("broker session " + session.compId() + " (" + Gateway.BROKER_SESSIONS.name() + ") " +
                    "trades account" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) +
                    ", which the " +
                    "risk limits (" + Core.RISK_LIMITS_FILE.name() + ") do not have: every order of " +
                    (missing.size() == 1 ? "it" : "them") + " will be refused by risk. Add the account to the " +
                    "limits file, or correct the session's account");
            }
        }
        return warnings;
    }
}
