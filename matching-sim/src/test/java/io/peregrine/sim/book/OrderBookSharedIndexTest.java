package io.peregrine.sim.book;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sim.engine.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Books used directly, alone or sharing one order index.
 */
@Timeout(10)
class OrderBookSharedIndexTest
{
    private static final long AAPL = PackedAscii.pack("AAPL");
    private static final long MSFT = PackedAscii.pack("MSFT");
    private static final long ACC1 = PackedAscii.pack("ACC1");

    private final RecordingListener listener = new RecordingListener();

    @Test
    void aBookIgnoresOrdersOfAnotherBookSharingItsIndex()
    {
        final OrderIndex index = new OrderIndex();
        final OrderBook aapl = new OrderBook(0, AAPL, 1, 1, 8, false, listener, index);
        final OrderBook msft = new OrderBook(1, MSFT, 1, 1, 8, false, listener, index);
        assertEquals(16, index.capacity());

        aapl.submit(7, ACC1, Side.BUY, OrdType.LIMIT, TimeInForce.GTC, 100, 5);
        listener.events.clear();

        msft.cancel(7);
        msft.replace(7, 101, 5);
        assertEquals(0, msft.restingQuantity(7));
        assertEquals(List.of(
            RecordingListener.cancelRejected(7, RejectReason.UNKNOWN_ORDER),
            RecordingListener.replaceRejected(7, RejectReason.UNKNOWN_ORDER)), listener.drain());

        assertEquals(5, aapl.restingQuantity(7));
        aapl.cancel(7);
        assertEquals(List.of(RecordingListener.cancelled(7, 5, false)), listener.drain());
        assertEquals(0, index.size());
    }

    @Test
    void aStandAloneBookMatchesWithCallerAssignedIds()
    {
        final OrderBook book = new OrderBook(AAPL, 1, 1, 4, false, listener);

        book.submit(10, ACC1, Side.SELL, OrdType.LIMIT, TimeInForce.DAY, 100, 5);
        book.submit(11, ACC1, Side.BUY, OrdType.MARKET, TimeInForce.IOC, 0, 3);

        assertEquals(RecordingListener.trade(AAPL, 100, 3, 11, 0, 10, 2), listener.events.get(2));
        assertEquals(2, book.restingQuantity(10));
        assertEquals(100, book.bestAsk());
    }

    @Test
    void refusesNonsensicalConfiguration()
    {
        assertThrows(IllegalArgumentException.class, () -> new OrderBook(AAPL, 0, 1, 4, false, listener));
        assertThrows(IllegalArgumentException.class, () -> new OrderBook(AAPL, 1, -1, 4, false, listener));
        assertThrows(IllegalArgumentException.class, () -> new OrderBook(AAPL, 1, 1, 0, false, listener));
    }
}
