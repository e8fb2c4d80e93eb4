package io.peregrine.ops.launch;

import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.risk.RiskLimits;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A broker session whose account the core's risk limits lack is named in one WARN at start (every order of it would
 * be refused by risk); sessions whose accounts have limits are not.
 */
class BrokerAccountsWithoutLimitsTest
{
    @Test
    void namesTheSessionWhoseAccountTheRiskLimitsLack()
    {
        final List<String> warnings = BrokerAccountsWithoutLimits.warnings(
            List.of(BrokerSessionConfig.of("BROKER1", "ACC1"), BrokerSessionConfig.of("BROKER9", "ACC9")),
            RiskLimits.demo());

        assertEquals(List.of("broker session BROKER9 (peregrine.gateway.broker.sessions) trades account ACC9, which " +
            "the risk limits (peregrine.risk.limits.file) do not have: every order of it will be refused by risk. Add " +
            "the account to the limits file, or correct the session's account"), warnings);
    }
}
