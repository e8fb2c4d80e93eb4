package io.peregrine.sim.fix;

import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.sim.VenueEngineCounters;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sim.VenueInstrument;
import io.peregrine.sim.engine.MatchingEngine;
import io.peregrine.sim.engine.RecordingListener;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.ClOrdID;
import quickfix.field.OrigSendingTime;
import quickfix.field.PossDupFlag;
import quickfix.field.Side;
import quickfix.field.Symbol;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.peregrine.sim.fix.FixOrders.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine thread publishes each of its counts under its own counter, and each book's depth, after every message. */
class VenueEngineCountersTest
{
    private static final SessionID P1 = FixAcceptorSettings.sessionId("SIMVENUE", "P1");
    private static final VenueInstrument AAPL = VenueInstrument.of("AAPL", "190.00", "0.01", 1);

    private final VenueEngineCounters counters =
        new VenueEngineCounters(VenueEngineCounters.inProcess(), List.of(AAPL));
    private final SimulatedExchangeAgent agent = newAgent();

    private SimulatedExchangeAgent newAgent()
    {
        final Map<String, VenueInstrument> instruments = new LinkedHashMap<>();
        instruments.put("AAPL", AAPL);
        final SimulatedExchangeAgent newAgent = new SimulatedExchangeAgent(
            1024,
            new ParticipantSessions("SIMVENUE", Map.of("P1", "ACC1"), 10),
            instruments,
            false,
            1_000,
            (message, sessionID) -> { },
            "test",
            null);
        newAgent.counters(counters);
        return newAgent;
    }

    @AfterEach
    void closeCounters()
    {
        counters.close();
    }

    @Test
    void publishesEachCountUnderItsOwnCounterAndEachBooksDepthAfterEveryMessage()
    {
        process(limit("B1", "AAPL", Side.BUY, 10, "189.00"));
        process(limit("B2", "AAPL", Side.BUY, 10, "188.00"));
        process(limit("B3", "AAPL", Side.BUY, 10, "187.00"));
        process(limit("S1", "AAPL", Side.SELL, 10, "189.00")); // trades with B1
        process(limit("S2", "AAPL", Side.SELL, 10, "195.00"));
        process(limit("N1", "NOPE", Side.BUY, 10, "1.00"));
        process(limit("N2", "NOPE", Side.BUY, 10, "1.00"));
        for (int i = 0; i < 3; i++)
        {
            process(possDup(limit("B2", "AAPL", Side.BUY, 10, "188.00")));
        }
        for (int i = 0; i < 4; i++)
        {
            process(statusRequest("B3"));
        }

        assertEquals(5, value(VenueEngineCounters.ORDERS_ACCEPTED, 0));
        assertEquals(1, value(VenueEngineCounters.TRADES, 0));
        assertEquals(2, value(VenueEngineCounters.ORDERS_REJECTED, 0));
        assertEquals(3, value(VenueEngineCounters.POSS_DUPS_IGNORED, 0));
        assertEquals(4, value(VenueEngineCounters.STATUS_REQUESTS, 0));
        assertEquals(5 + 2 + 3 + 4, value(VenueEngineCounters.MESSAGES, 0));
        assertEquals(0, value(VenueEngineCounters.FAILURES, 0));
        assertEquals(3, value(VenueEngineCounters.RESTING_ORDERS, AAPL.packedSymbol()), "B2, B3, S2");
        assertEquals(2, value(VenueEngineCounters.BID_LEVELS, AAPL.packedSymbol()));
        assertEquals(1, value(VenueEngineCounters.ASK_LEVELS, AAPL.packedSymbol()));
    }

    @Test
    void publishesTheCountsOfAnyEngineThreadNotOnlyTheFixAgents()
    {
        final MatchingEngine engine = new MatchingEngine(new RecordingListener(), false, 100);
        engine.addInstrument(AAPL.packedSymbol(), AAPL.tickSize(), AAPL.lotSize());
        engine.submit(1, AAPL.packedSymbol(), io.peregrine.sbe.Side.SELL, OrdType.LIMIT, TimeInForce.DAY,
            AAPL.referencePrice(), 10);

        counters.update(new FixedCounts(7, 6, 5, 4, 3, 2, 1, engine));

        assertEquals(7, value(VenueEngineCounters.ORDERS_ACCEPTED, 0));
        assertEquals(6, value(VenueEngineCounters.TRADES, 0));
        assertEquals(5, value(VenueEngineCounters.ORDERS_REJECTED, 0));
        assertEquals(4, value(VenueEngineCounters.MESSAGES, 0));
        assertEquals(3, value(VenueEngineCounters.FAILURES, 0));
        assertEquals(2, value(VenueEngineCounters.POSS_DUPS_IGNORED, 0));
        assertEquals(1, value(VenueEngineCounters.STATUS_REQUESTS, 0));
        assertEquals(1, value(VenueEngineCounters.RESTING_ORDERS, AAPL.packedSymbol()));
        assertEquals(0, value(VenueEngineCounters.BID_LEVELS, AAPL.packedSymbol()));
        assertEquals(1, value(VenueEngineCounters.ASK_LEVELS, AAPL.packedSymbol()));
    }

    /** An engine thread other than the FIX agent: the counters need only its counts and its engine. */
    private record FixedCounts(
        long ordersAccepted,
        long trades,
        long ordersRejected,
        long messagesProcessed,
        long failures,
        long possDupsIgnored,
        long statusRequests,
        MatchingEngine engine) implements VenueEngineCounters.Counts
    {
    }

    private void process(final Message request)
    {
        request.getHeader().setString(quickfix.field.BeginString.FIELD, "FIX.4.4");
        request.getHeader().setString(quickfix.field.SenderCompID.FIELD, "P1");
        request.getHeader().setString(quickfix.field.TargetCompID.FIELD, "SIMVENUE");
        assertTrue(agent.offer(new InboundMessage(P1, request)));
        assertEquals(1, agent.doWork());
    }

    private static Message possDup(final Message message)
    {
        message.getHeader().setBoolean(PossDupFlag.FIELD, true);
        message.getHeader().setField(new OrigSendingTime(LocalDateTime.now(ZoneOffset.UTC)));
        return message;
    }

    private static Message statusRequest(final String clOrdId)
    {
        final Message request = new quickfix.fix44.OrderStatusRequest();
        request.setString(ClOrdID.FIELD, clOrdId);
        request.setString(Symbol.FIELD, "AAPL");
        request.setChar(Side.FIELD, Side.BUY);
        return request;
    }

    private long value(final CounterDescriptor counter, final long key)
    {
        final CountersReader reader = counters.reader();
        final long[] found = {-1, 0};
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (counter.typeId() == typeId && key == keyBuffer.getLong(0))
            {
                found[0] = reader.getCounterValue(counterId);
                found[1]++;
            }
        });
        assertEquals(1, found[1], () -> "one counter " + counter.typeId() + " with key " + key);
        return found[0];
    }
}
