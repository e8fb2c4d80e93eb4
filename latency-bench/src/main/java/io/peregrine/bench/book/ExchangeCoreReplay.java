package io.peregrine.bench.book;

import exchange.core2.collections.objpool.ObjectsPool;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.IOrder;
import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.LoggingConfiguration;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import exchange.core2.core.orderbook.OrderBookEventsHelper;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Replays a {@link BookCommands} stream, one command per {@link #next()}, into exchange-core 0.5.3's
 * {@code OrderBookDirectImpl} (its fastest book), the way its matching engine drives it: one reused
 * {@link OrderCommand}, the object-pool sizes of its {@code MatchingEngineRouter}, and the trade events read back from
 * the command. Ids shift by {@link BookCommands#newOrders()} each pass, as in {@link PeregrineReplay}.
 * <p>
 * The mapping: GTC and IOC orders are the same; a limit FOK becomes FOK_BUDGET with the stream's budget (see
 * {@link BookCommands#exchangePrice}); a move is {@code moveOrder} (same quantity, new price, back of the queue); a
 * reduce is {@code reduceOrder} (keeps priority); a cancel is {@code cancelOrder}. A refused command is counted in
 * {@link #failures()}. exchange-core allocates a {@code MatcherTradeEvent} per event (its events pooling is off in
 * 0.5.3); nothing else here allocates after construction. Single-threaded.
 */
public final class ExchangeCoreReplay extends BookReplay
{
    private static final int SYMBOL_ID = 1;

    private final OrderBookDirectImpl book;
    private final OrderCommand cmd = new OrderCommand();

    /**
     * @param commands the stream.
     * @param trades   receives every trade ({@link TradeSink#NONE} in benchmarks).
     */
    public ExchangeCoreReplay(final BookCommands commands, final TradeSink trades)
    {
        super(commands, trades);
        final Map<Integer, Integer> pools = new HashMap<>();   // MatchingEngineRouter's sizes
        pools.put(ObjectsPool.DIRECT_ORDER, 1024 * 1024);
        pools.put(ObjectsPool.DIRECT_BUCKET, 1024 * 64);
        pools.put(ObjectsPool.ART_NODE_4, 1024 * 32);
        pools.put(ObjectsPool.ART_NODE_16, 1024 * 16);
        pools.put(ObjectsPool.ART_NODE_48, 1024 * 8);
        pools.put(ObjectsPool.ART_NODE_256, 1024 * 4);
        final CoreSymbolSpecification spec = CoreSymbolSpecification.builder()
            .symbolId(SYMBOL_ID)
            .type(SymbolType.FUTURES_CONTRACT)
            .baseCurrency(1)
            .quoteCurrency(2)
            .baseScaleK(1)
            .quoteScaleK(1)
            .build();
        book = new OrderBookDirectImpl(spec, new ObjectsPool(pools), OrderBookEventsHelper.NON_POOLED_EVENTS_HELPER,
            LoggingConfiguration.DEFAULT);
        cmd.symbol = SYMBOL_ID;
    }

    /** {@inheritDoc} */
    public long next()
    {
        final BookCommands commands = this.commands;
        final OrderCommand cmd = this.cmd;
        final int i = index();
        cmd.orderId = orderId(i);
        cmd.uid = commands.account(i);
        cmd.price = commands.exchangePrice(i);
        cmd.size = commands.exchangeSize(i);
        cmd.action = commands.buy(i) ? OrderAction.BID : OrderAction.ASK;
        cmd.matcherEvent = null;
        switch (commands.kind(i))
        {
            case BookCommands.LIMIT_GTC:
                place(OrderType.GTC);
                break;
            case BookCommands.LIMIT_IOC:
                place(OrderType.IOC);
                break;
            case BookCommands.LIMIT_FOK:
                place(OrderType.FOK_BUDGET);
                break;
            case BookCommands.MOVE:
                cmd.command = OrderCommandType.MOVE_ORDER;
                check(book.moveOrder(cmd));
                break;
            case BookCommands.REDUCE:
                cmd.command = OrderCommandType.REDUCE_ORDER;
                check(book.reduceOrder(cmd));
                break;
            default:
                cmd.command = OrderCommandType.CANCEL_ORDER;
                check(book.cancelOrder(cmd));
                break;
        }
        for (MatcherTradeEvent event = cmd.matcherEvent; event != null; event = event.nextEvent)
        {
            events++;
            if (event.eventType == MatcherEventType.TRADE)
            {
                tradeCount++;
                trades.onTrade(event.price, event.size, event.matchedOrderId, cmd.orderId);
            }
        }
        advance();
        return events;
    }

    private void place(final OrderType type)
    {
        final OrderCommand cmd = this.cmd;
        cmd.command = OrderCommandType.PLACE_ORDER;
        cmd.orderType = type;
        cmd.reserveBidPrice = cmd.price;
        cmd.resultCode = CommandResultCode.VALID_FOR_MATCHING_ENGINE;
        book.newOrder(cmd);
    }

    private void check(final CommandResultCode result)
    {
        if (result != CommandResultCode.SUCCESS)
        {
            failures++;
        }
    }

    /**
     * Walks the resting orders: bids best first, then asks best first, each side in matching order. Allocates
     * (exchange-core's streams); for checks only.
     *
     * @param bids   receives each resting bid.
     * @param asks   receives each resting ask.
     */
    public void visit(final Consumer<IOrder> bids, final Consumer<IOrder> asks)
    {
        book.bidOrdersStream(true).forEach(bids);
        book.askOrdersStream(true).forEach(asks);
    }

    /**
     * @return number of resting orders.
     */
    public int orderCount()
    {
        return book.getOrdersNum(OrderAction.ASK) + book.getOrdersNum(OrderAction.BID);
    }
}
