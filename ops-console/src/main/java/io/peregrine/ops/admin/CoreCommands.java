package io.peregrine.ops.admin;

import io.aeron.Aeron;
import io.peregrine.client.PeregrineClient;
import io.peregrine.client.ReportListener;
import io.peregrine.sbe.AdminResponseDecoder;
import io.peregrine.sbe.AdminResult;
import io.peregrine.sbe.BooleanType;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.SymbolKillSwitchEncoder;
import io.peregrine.sbe.SymbolResumeEncoder;
import io.peregrine.sbe.VenuePauseEncoder;
import io.peregrine.sbe.VenueResumeEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Sends the core's SBE admin commands on the ingress stream (1001) and waits for the matching {@code AdminResponse}
 * on egress (1002): KillSwitch, Resume, LimitUpdate, and the operability commands SymbolKillSwitch, SymbolResume,
 * VenuePause, VenueResume (templates 14-17).
 * <p>
 * Every command takes a {@code requested} callback, called with the command's id after the streams connected and
 * before the command is offered: the caller writes its audit line there, so that a console killed while waiting
 * still leaves the line, with the id to look up in the core journal. The command is offered whatever the callback
 * did: {@link AdminApi} sends it even when its audit log cannot be written (a kill switch must not fail on a full
 * disk) and then says so in its answer ({@code "audit":"NOT WRITTEN: ..."}) and in an ERROR, so a command can reach
 * the core with no audit line; the core journal records every command it applied.
 * <p>
 * Each command subscribes to egress only while it waits (an idle subscription would be a slow consumer holding the
 * core's egress back), so a command takes a few milliseconds to connect. Commands run one at a time (synchronized);
 * any thread. Allocates (edge).
 */
public final class CoreCommands
{
    /**
     * What the core answered.
     *
     * @param applied        true if APPLIED.
     * @param reason         the reject reason when not applied (NONE otherwise).
     * @param affectedOrders working orders a kill switch is cancelling (a cancel sent, pending, or sent again until the
     *                       venue takes it): done when the venue answers.
     * @param commandId      the id the command carried on stream 1001 (what the core journal records).
     */
    public record Outcome(boolean applied, RejectReason reason, int affectedOrders, long commandId)
    {
    }

    /** Client id the ops console stamps on its ingress messages (not an order client). */
    public static final int OPS_CLIENT_ID = 9900;

    private final Aeron aeron;
    private final long timeoutNanos;
    private final AtomicLong nextCommandId = new AtomicLong(System.currentTimeMillis() << 16);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    /**
     * @param aeron     client of the core's media driver.
     * @param timeoutMs how long to wait for the connection and for the answer.
     */
    public CoreCommands(final Aeron aeron, final long timeoutMs)
    {
        this.aeron = aeron;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    /**
     * @param scope         GLOBAL or ACCOUNT.
     * @param account       packed account for ACCOUNT.
     * @param cancelWorking also cancel working orders in scope.
     * @param requested     called with the command id just before the command is sent.
     * @return the core's answer.
     * @throws TimeoutException if the core did not answer in time.
     */
    public synchronized Outcome killSwitch(
        final KillScope scope, final long account, final boolean cancelWorking, final LongConsumer requested)
        throws TimeoutException
    {
        return send(requested, (client, id) -> client.killSwitch(id, scope, account, cancelWorking));
    }

    /**
     * @param scope   GLOBAL or ACCOUNT.
     * @param account   packed account for ACCOUNT.
     * @param requested called with the command id just before the command is sent.
     * @return the core's answer.
     * @throws TimeoutException if the core did not answer in time.
     */
    public synchronized Outcome resume(final KillScope scope, final long account, final LongConsumer requested)
        throws TimeoutException
    {
        return send(requested, (client, id) -> client.resume(id, scope, account));
    }

    /**
     * @param symbol        packed symbol.
     * @param cancelWorking also cancel its working orders.
     * @param requested     called with the command id just before the command is sent.
     * @return the core's answer.
     * @throws TimeoutException if the core did not answer in time.
     */
    public synchronized Outcome killSymbol(final long symbol, final boolean cancelWorking,
        final LongConsumer requested) throws TimeoutException
    {
        return send(requested, (client, id) ->
        {
            final SymbolKillSwitchEncoder encoder = new SymbolKillSwitchEncoder().wrapAndApplyHeader(buffer, 0, header)
                .commandId(id)
                .clientId(OPS_CLIENT_ID)
                .cancelWorking(cancelWorking ? BooleanType.TRUE : BooleanType.FALSE);
            putLong(SymbolKillSwitchEncoder.symbolEncodingOffset(), symbol);
            return client.offerRaw(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        });
    }

    /**
     * @param symbol    packed symbol.
     * @param requested called with the command id just before the command is sent.
     * @return the core's answer.
     * @throws TimeoutException if the core did not answer in time.
     */
    public synchronized Outcome resumeSymbol(final long symbol, final LongConsumer requested)
        throws TimeoutException
    {
        return send(requested, (client, id) ->
        {
            final SymbolResumeEncoder encoder = new SymbolResumeEncoder().wrapAndApplyHeader(buffer, 0, header)
                .commandId(id).clientId(OPS_CLIENT_ID);
            putLong(SymbolResumeEncoder.symbolEncodingOffset(), symbol);
            return client.offerRaw(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        });
    }

    /**
     * @param venueId venue to pause (true) or resume (false).
     * @param pause     pause or resume.
     * @param requested called with the command id just before the command is sent.
     * @return the core's answer.
     * @throws TimeoutException if the core did not answer in time.
     */
    public synchronized Outcome pauseVenue(final int venueId, final boolean pause, final LongConsumer requested)
        throws TimeoutException
    {
        return send(requested, (client, id) ->
        {
            final int length = pause ?
                new VenuePauseEncoder().wrapAndApplyHeader(buffer, 0, header).commandId(id).clientId(OPS_CLIENT_ID).venueId(venueId)
                    .encodedLength() :
                new VenueResumeEncoder().wrapAndApplyHeader(buffer, 0, header).commandId(id).clientId(OPS_CLIENT_ID).venueId(venueId)
                    .encodedLength();
            return client.offerRaw(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + length);
        });
    }

    /**
     * @param account packed account or 0.
     * @param symbol  packed symbol or 0.
     * @param types   limit types.
     * @param values    their values.
     * @param requested called with the command id just before the command is sent.
     * @return the core's answer.
     * @throws TimeoutException if the core did not answer in time.
     */
    public synchronized Outcome limitUpdate(final long account, final long symbol, final LimitType[] types,
        final long[] values, final LongConsumer requested) throws TimeoutException
    {
        return send(requested, (client, id) -> client.limitUpdate(id, account, symbol, types, values, types.length));
    }

    private void putLong(final int fieldOffset, final long value)
    {
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + fieldOffset, value, ByteOrder.LITTLE_ENDIAN);
    }

    @FunctionalInterface
    private interface Offer
    {
        boolean offer(PeregrineClient client, long commandId);
    }

    private Outcome send(final LongConsumer requested, final Offer offer) throws TimeoutException
    {
        final long commandId = nextCommandId.incrementAndGet();
        final long deadline = System.nanoTime() + timeoutNanos;
        try (PeregrineClient client = PeregrineClient.connect(new PeregrineClient.Context()
            .aeron(aeron).clientId(OPS_CLIENT_ID)))
        {
            while (!client.isConnected())
            {
                pause(deadline, "the core's ingress/egress streams did not connect");
            }
            requested.accept(commandId);
            while (!offer.offer(client, commandId))
            {
                pause(deadline, "the core's ingress stream stayed back-pressured");
            }
            final Outcome[] outcome = new Outcome[1];
            final ReportListener listener = new ReportListener()
            {
                public void onAdminResponse(final AdminResponseDecoder response)
                {
                    if (response.commandId() == commandId)
                    {
                        outcome[0] = new Outcome(AdminResult.APPLIED == response.result(), response.rejectReason(),
                            response.affectedOrders(), commandId);
                    }
                }
            };
            while (null == outcome[0])
            {
                if (client.poll(listener, 256) == 0)
                {
                    pause(deadline, "no AdminResponse from the core");
                }
            }
            return outcome[0];
        }
    }

    private static void pause(final long deadline, final String what) throws TimeoutException
    {
        if (System.nanoTime() - deadline > 0)
        {
            throw new TimeoutException(what);
        }
        try
        {
            Thread.sleep(1);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while waiting: " + what);
        }
    }
}
