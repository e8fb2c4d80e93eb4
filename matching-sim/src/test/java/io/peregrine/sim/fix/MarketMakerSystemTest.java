package io.peregrine.sim.fix;

import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.protocol.Prices;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Message;
import quickfix.field.ExecType;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.Side;
import quickfix.field.TimeInForce;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.peregrine.sim.fix.FixOrders.limit;
import static io.peregrine.sim.fix.FixOrders.order;
import static io.peregrine.sim.fix.VenueFixSystemTest.assertReport;
import static io.peregrine.sim.fix.VenueFixSystemTest.assertTrade;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The built-in market maker gives a lone participant fills; without it the book starts empty. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MarketMakerSystemTest
{
    @TempDir
    Path tempDir;

    private SimVenue venue;
    private FixCounterparty participant;

    @AfterEach
    void stop()
    {
        CloseHelper.closeAll(participant, venue);
    }

    @Test
    void marketableOrderFillsAgainstMarketMaker() throws Exception
    {
        final SimVenueContext context = VenueFixSystemTest.testContext(tempDir).marketMakerEnabled(true);
        venue = SimVenue.start(context.makerLadder(context.makerLadder().withLevels(3).withQuantity(100, 0)));
        assertEquals(Prices.parse("189.99"), venue.bestBid("AAPL"));
        assertEquals(Prices.parse("190.01"), venue.bestAsk("AAPL"));
        assertEquals(Prices.parse("420.01"), venue.bestAsk("MSFT"));
        participant = FixCounterparty.participant(venue.port(), "PEREGRINE", "SIMVENUE", tempDir.resolve("gw-store")).startAndLogOn();

        participant.sendNow(limit("B1", "AAPL", Side.BUY, 10, "190.05"));
        assertReport(participant.next(), ExecType.NEW, OrdStatus.NEW, "B1", 0, 10, "0");
        final Message fill = participant.next();
        assertReport(fill, ExecType.TRADE, OrdStatus.FILLED, "B1", 10, 0, "190.01");
        assertTrade(fill, 10, "190.01");

        // Sweep the whole ask ladder (3 x 100, 10 already taken); the maker then posts the levels again.
        participant.sendNow(order("B2", "AAPL", Side.BUY, OrdType.MARKET, TimeInForce.IMMEDIATE_OR_CANCEL, 290, null));
        participant.next();
        assertTrade(participant.next(), 90, "190.01");
        assertTrade(participant.next(), 100, "190.02");
        final Message last = participant.next();
        assertTrade(last, 100, "190.03");
        assertReport(last, ExecType.TRADE, OrdStatus.FILLED, "B2", 290, 0, "190.020345");
        assertEquals(Prices.parse("190.01"), venue.bestAsk("AAPL"), "ask ladder replenished");

        participant.sendNow(order("S1", "MSFT", Side.SELL, OrdType.MARKET, TimeInForce.DAY, 5, null));
        participant.next();
        assertTrade(participant.next(), 5, "419.99");
    }

    @Test
    void bookStartsEmptyWithoutMarketMaker() throws Exception
    {
        venue = SimVenue.start(VenueFixSystemTest.testContext(tempDir).marketMakerEnabled(false));
        assertEquals(Long.MIN_VALUE, venue.bestBid("AAPL"));
        assertEquals(Long.MAX_VALUE, venue.bestAsk("AAPL"));
        assertEquals(0, venue.marketMakerQuotes());
        participant = FixCounterparty.participant(venue.port(), "PEREGRINE", "SIMVENUE", tempDir.resolve("gw-store")).startAndLogOn();

        participant.sendNow(order("B1", "AAPL", Side.BUY, OrdType.MARKET, TimeInForce.DAY, 10, null));
        participant.next();
        assertReport(participant.next(), ExecType.EXPIRED, OrdStatus.EXPIRED, "B1", 0, 0, "0");
    }
}
