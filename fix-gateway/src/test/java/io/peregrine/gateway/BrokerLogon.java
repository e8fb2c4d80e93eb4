package io.peregrine.gateway;

import io.peregrine.testsupport.FixCounterparty;
import quickfix.ConfigError;
import quickfix.Message;
import quickfix.SessionSettings;
import quickfix.field.MsgType;
import quickfix.field.Text;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a test broker logs on to the gateway's acceptor ({@code PEREGRINE} on 127.0.0.1): once and for good, or once
 * only to read why the gateway refused it. Used from the test thread.
 */
public final class BrokerLogon
{
    /** The gateway's CompID towards brokers (public default). */
    public static final String GATEWAY_COMP_ID = "PEREGRINE";

    private BrokerLogon()
    {
    }

    /**
     * Starts the broker and asserts it logs on.
     *
     * @param broker    a broker not yet started.
     * @param timeoutMs longest wait for the logon.
     * @return the logged-on broker.
     */
    public static FixCounterparty loggedOn(final FixCounterparty broker, final long timeoutMs) throws ConfigError
    {
        broker.start();
        assertTrue(broker.awaitLogon(timeoutMs), broker.sessionId().getSenderCompID() + " logs on");
        return broker;
    }

    /**
     * A broker that tries one logon per test: no reconnect within the test, and a sequence reset asked for on its
     * logon so that the gateway judges its credentials or certificate, not its sequence numbers (each attempt is a
     * fresh broker with an in-memory store). Not started.
     *
     * @param port   the gateway's broker port.
     * @param compId the broker's CompID.
     * @param extra  settings applied before the one-attempt settings (e.g. TLS).
     * @return the broker.
     */
    public static FixCounterparty oneAttempt(final int port, final String compId,
        final Consumer<SessionSettings> extra) throws ConfigError
    {
        return FixCounterparty.broker(port, compId, GATEWAY_COMP_ID, (settings) ->
        {
            extra.accept(settings);
            settings.setLong("ReconnectInterval", 600);
            settings.setBool("ResetOnLogon", true);
        });
    }

    /**
     * Connects the broker once, expects the gateway to refuse the logon, and closes it.
     *
     * @param broker    a broker not yet started, e.g. from {@link #oneAttempt}.
     * @param timeoutMs longest wait for the gateway's Logout.
     * @return the Text(58) of the gateway's Logout.
     */
    public static String refusal(final FixCounterparty broker, final long timeoutMs) throws Exception
    {
        try (FixCounterparty connecting = broker.start())
        {
            final Message logout = connecting.nextAdmin(MsgType.LOGOUT, timeoutMs);
            assertFalse(connecting.isLoggedOn(), "the refused broker is not logged on");
            return logout.getString(Text.FIELD);
        }
    }
}
