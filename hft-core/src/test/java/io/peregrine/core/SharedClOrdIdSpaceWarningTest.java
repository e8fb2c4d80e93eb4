package io.peregrine.core;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An account traded by the FIX gateway's client id and another client id shares one ClOrdID space between a broker
 * and an IPC client (broker orders refused "Duplicate client order id"): the start says so once, naming the accounts.
 */
class SharedClOrdIdSpaceWarningTest
{
    @Test
    void warnsOnceNamingTheAccountsTheGatewaySharesWithAnotherClient()
    {
        final PeregrineContext ctx = new PeregrineContext()
            .accountClientIds("ACC1", 9880, 42)
            .accountClientIds("ACC2", 9880)
            .accountClientIds("ACC3", 42, 43)
            .accountClientIds("ACC4", 44, 9880);
        final PrintStream err = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final Map<String, Set<Integer>> named;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            named = Peregrine.warnOfSharedClOrdIdSpaces(ctx);
        }
        finally
        {
            System.setErr(err);
        }
        assertEquals(List.of("ACC1", "ACC4"), List.copyOf(named.keySet()));
        final List<String> warnings = captured.toString(StandardCharsets.UTF_8).lines()
            .filter((line) -> line.contains("WARN")).toList();
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("accounts {ACC1=[9880, 42], ACC4=[44, 9880]} " +
            "(by peregrine.accounts.<ACCOUNT>.client.ids) are traded by the FIX gateway's client id 9880 and other " +
            "client ids") && warnings.get(0).contains("'Duplicate client order id'"), warnings.get(0));
    }

    @Test
    void saysNothingWhenTheGatewayTradesItsAccountsAlone()
    {
        final PeregrineContext ctx = new PeregrineContext()
            .accountClientIds("ACC1", 9880)
            .accountClientIds("ACC3", 42, 43);
        assertTrue(Peregrine.warnOfSharedClOrdIdSpaces(ctx).isEmpty());
    }
}
