package io.peregrine.sim.fix;

import io.peregrine.sim.VenueInstrument;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.ClOrdID;
import quickfix.field.CxlRejReason;
import quickfix.field.ExecType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrigSendingTime;
import quickfix.field.PossDupFlag;
import quickfix.field.Side;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.peregrine.sim.fix.FixOrders.cancel;
import static io.peregrine.sim.fix.FixOrders.chr;
import static io.peregrine.sim.fix.FixOrders.limit;
import static io.peregrine.sim.fix.FixOrders.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine thread's translation, driven directly (no sockets): messages in, reports recorded. */
class SimulatedExchangeAgentTest
{
    private static final SessionID P1 = FixAcceptorSettings.sessionId("SIMVENUE", "P1");

    private final List<Message> sent = new ArrayList<>();
    private final ParticipantSessions sessions = new ParticipantSessions("SIMVENUE", Map.of("P1", "ACC1"), 10);
    private final SimulatedExchangeAgent agent = newAgent();

    private SimulatedExchangeAgent newAgent()
    {
        final Map<String, VenueInstrument> instruments = new LinkedHashMap<>();
        instruments.put("AAPL", VenueInstrument.of("AAPL", "190.00", "0.01", 1));
        return new SimulatedExchangeAgent(
            1024,
            sessions,
            instruments,
            false,
            1_000,
            (message, sessionID) -> sent.add(message),
            "test",
            null);
    }

    private List<Message> process(final Message request)
    {
        sent.clear();
        request.getHeader().setString(quickfix.field.BeginString.FIELD, "FIX.4.4");
        request.getHeader().setString(quickfix.field.SenderCompID.FIELD, "P1");
        request.getHeader().setString(quickfix.field.TargetCompID.FIELD, "SIMVENUE");
        assertTrue(agent.offer(new InboundMessage(P1, request)));
        assertEquals(1, agent.doWork());
        return new ArrayList<>(sent);
    }

    private static Message possDup(final Message message)
    {
        message.getHeader().setBoolean(PossDupFlag.FIELD, true);
        message.getHeader().setField(new OrigSendingTime(LocalDateTime.now(ZoneOffset.UTC)));
        return message;
    }

    @Test
    void ignoresResentCopyOfHandledRequestButProcessesUnseenOne() throws Exception
    {
        assertEquals(ExecType.NEW, chr(process(limit("A1", "AAPL", Side.BUY, 10, "189.00")).get(0), ExecType.FIELD));

        assertEquals(List.of(), process(possDup(limit("A1", "AAPL", Side.BUY, 10, "189.00"))));
        assertEquals(1, agent.possDupsIgnored());

        final List<Message> unseen = process(possDup(limit("A2", "AAPL", Side.BUY, 10, "189.00")));
        assertEquals(ExecType.NEW, chr(unseen.get(0), ExecType.FIELD));
    }

    @Test
    void duplicateClOrdIdWithoutPossDupIsRejected() throws Exception
    {
        process(limit("A1", "AAPL", Side.BUY, 10, "189.00"));

        final Message reject = process(limit("A1", "AAPL", Side.BUY, 10, "189.00")).get(0);
        assertEquals(ExecType.REJECTED, chr(reject, ExecType.FIELD));
        assertEquals(OrdRejReason.DUPLICATE_ORDER, reject.getInt(OrdRejReason.FIELD));
        assertEquals("NONE", str(reject, quickfix.field.OrderID.FIELD));
    }

    @Test
    void reportsCarryTheSessionAccountAndRunPrefixedIds() throws Exception
    {
        final Message ack = process(limit("A1", "AAPL", Side.BUY, 10, "189.00")).get(0);

        assertEquals("ACC1", str(ack, quickfix.field.Account.FIELD));
        assertTrue(str(ack, quickfix.field.OrderID.FIELD).startsWith("test-"));
        assertTrue(str(ack, quickfix.field.ExecID.FIELD).startsWith("test-E"));
        final Message cancelled = process(cancel("C1", "A1", "AAPL", Side.BUY)).get(0);
        assertEquals(str(ack, quickfix.field.OrderID.FIELD), str(cancelled, quickfix.field.OrderID.FIELD));
        assertEquals("C1", str(cancelled, ClOrdID.FIELD));
    }

    @Test
    void memoryOfClosedOrdersIsBoundedByRetention() throws Exception
    {
        for (int i = 0; i < 1_000; i++)
        {
            process(limit("N" + i, "NOPE", Side.BUY, 10, "1.00"));
            process(limit("L" + i, "AAPL", Side.BUY, 10, "189.00"));
            process(cancel("C" + i, "L" + i, "AAPL", Side.BUY));
        }
        process(limit("LIVE", "AAPL", Side.BUY, 10, "189.00"));

        assertEquals(0, agent.failures());
        // 10 retired entries of at most 2 ClOrdIDs each (order + cancel), plus the live order.
        assertTrue(sessions.get(P1).rememberedClOrdIds() <= 21, () -> "remembered " + sessions.get(P1).rememberedClOrdIds());
        assertEquals(CxlRejReason.UNKNOWN_ORDER, process(cancel("X1", "L0", "AAPL", Side.BUY)).get(0).getInt(CxlRejReason.FIELD));
        assertEquals(CxlRejReason.TOO_LATE_TO_CANCEL,
            process(cancel("X2", "L999", "AAPL", Side.BUY)).get(0).getInt(CxlRejReason.FIELD));
        assertEquals(ExecType.CANCELED, chr(process(cancel("X3", "LIVE", "AAPL", Side.BUY)).get(0), ExecType.FIELD));
    }
}
