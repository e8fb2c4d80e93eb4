package io.peregrine.gateway.broker;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.peregrine.client.ClientRequestEncoder;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournalReader;
import io.peregrine.core.ingress.IngressValidator;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.RejectReason;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The gateway takes its client id at its start, before it accepts a broker: an {@code OrderStatusRequest} under the
 * id for no order (clOrdId, origClOrdId and orderId 0, account {@value #ACCOUNT}) on its exclusive ingress
 * publication. The core binds the id to the first publication that uses it after a start (hft-core README, "Access
 * control"), a status request of an order it does not hold included; it journals the request and answers it (an
 * ExecutionReport ORDER_STATUS with the request's sendingTime, UNKNOWN_ORDER once the id is the gateway's,
 * NOT_AUTHORISED while another publication holds it). Without the claim the id stayed free from the core's start to
 * the gateway's first broker request, and any local process could take it (its orders then counted as the gateway's
 * at the next start: {@link CoreJournalMatch}).
 * <p>
 * While the core says another publication holds the id, the claim is repeated for a while: a gateway that just stopped,
 * or was killed, holds it until its publication's image leaves the core (the media driver's linger or client liveness
 * timeout). Past that, the start stops, naming the holder.
 * <p>
 * A core that is not connected within the wait, does not answer in time (a stand-in core in a test answers nothing)
 * or refuses the claim for another reason (its journal unavailable) leaves the id to be bound by the gateway's first
 * request, as before, with a WARN. A core of an earlier release answers UNKNOWN_ORDER without binding the id.
 * <p>
 * Start-up only, on the starting thread, before the publication is handed to any other thread; allocates.
 */
public final class ClientIdClaim
{
    /** The account the claim names (it names no order: no account's order can match clOrdId 0). */
    public static final String ACCOUNT = "CLAIM";
    private static final Logger LOG = LoggerFactory.getLogger(ClientIdClaim.class);
    private static final long PACKED_ACCOUNT = PackedAscii.pack(ACCOUNT);
    private static final long HELD_RETRY_MS = 250;

    /** The starting thread's wait for a condition (the gateway's start-up wait, checking every millisecond). */
    @FunctionalInterface
    public interface Wait
    {
        /**
         * @return whether the condition holds, within {@code timeoutMs}.
         */
        boolean until(BooleanSupplier condition, long timeoutMs);
    }

    private ClientIdClaim()
    {
    }

    /**
     * @param report an ExecutionReport for the gateway's client id.
     * @return whether it answers a claim (of this or an earlier start): no broker is owed it.
     */
    public static boolean isAnswer(final ExecutionReportDecoder report)
    {
        return ExecType.ORDER_STATUS == report.execType() && 0 == report.clOrdId() && 0 == report.orderId();
    }

    /**
     * Claims the gateway's client id on {@code ingress}.
     *
     * @param aeron       the gateway's Aeron client (a subscription to the core's egress is added for the answer, and
     *                    closed).
     * @param ingress     the gateway's ingress publication, used by no other thread yet.
     * @param ctx         the gateway's channel, streams, client id, and core journal (read to name the holder).
     * @param connectWait longest wait for the core to connect, ms.
     * @param answerWait  longest wait for the core's answer once the claim is sent, ms.
     * @param heldWait    how long claims are repeated while the core says another publication holds the id, ms.
     * @param wait        how the starting thread waits.
     * @return whether the core answered that the id is the gateway's (false: not connected or not answered, WARN
     *         logged).
     * @throws IllegalStateException naming the publication that holds the id and the fix, if the core refused it.
     */
    public static boolean claim(
        final Aeron aeron,
        final ExclusivePublication ingress,
        final GatewayContext ctx,
        final long connectWait,
        final long answerWait,
        final long heldWait,
        final Wait wait)
    {
        final int clientId = ctx.clientId();
        try (Subscription answers = aeron.addSubscription(ctx.channel(), ctx.egressStreamId()))
        {
            if (!wait.until(() -> ingress.isConnected() && answers.isConnected(), connectWait))
            {
                LOG.warn("the core is not connected to the gateway (ingress stream {}, egress stream {}) within {} " +
                    "ms: the gateway's client id {} is taken by its first request once it is", ctx.ingressStreamId(),
                    ctx.egressStreamId(), connectWait, clientId);
                return false;
            }
            final long heldUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(heldWait);
            RejectReason answer;
            int refused = 0;
            while (RejectReason.NOT_AUTHORISED == (answer = claimOnce(ingress, answers, clientId, connectWait,
                answerWait, wait)) && System.nanoTime() - heldUntil < 0)
            {
                // A gateway that just stopped (or was killed) holds it until its publication's image leaves the
                // core: the driver's linger or client liveness timeout, seconds. Each claim refused is counted.
                if (0 == refused++)
                {
                    LOG.info("the core says another publication holds the gateway's client id {}: claimed again " +
                        "every {} ms for up to {} ms (a gateway process that just stopped holds it until its " +
                        "publication is gone)", clientId, HELD_RETRY_MS, heldWait);
                }
                wait.until(() -> false, HELD_RETRY_MS);
            }
            if (refused > 0 && RejectReason.UNKNOWN_ORDER == answer)
            {
                LOG.info("the gateway's client id {} was free after {} claims refused", clientId, refused);
            }
            if (null == answer)
            {
                return false;
            }
            if (RejectReason.NOT_AUTHORISED == answer)
            {
                throw new IllegalStateException("another ingress publication holds the gateway's client id " +
                    clientId + " (" + Gateway.CLIENT_ID.name() + ")" + holder(ctx, ingress.sessionId()) + ": the " +
                    "core refused the gateway's claims of it for " + heldWait + " ms, and would refuse every broker " +
                    "request. Stop the process that uses client id " + clientId + " on the Aeron directory " +
                    ctx.aeronDirectoryName() + " (or give it a client id of its own), then start the gateway again: " +
                    "the core frees the id once that publication is gone");
            }
            if (RejectReason.UNKNOWN_ORDER != answer)
            {
                LOG.warn("the core answered the gateway's claim of its client id {} with {}: the id is taken by the " +
                    "gateway's first request", clientId, answer);
                return false;
            }
            LOG.info("the gateway's client id {} is bound to its ingress publication (Aeron session {})", clientId,
                ingress.sessionId());
            return true;
        }
    }

    /**
     * Sends one claim and waits for its answer.
     *
     * @return the core's answer (UNKNOWN_ORDER: the id is the gateway's; NOT_AUTHORISED: another publication holds
     * it), or null if the claim could not be offered or was not answered (WARN logged).
     */
    private static RejectReason claimOnce(
        final ExclusivePublication ingress,
        final Subscription answers,
        final int clientId,
        final long offerWait,
        final long answerWait,
        final Wait wait)
    {
        // Told apart from any other status answer under the id by its sendingTime, which the core echoes.
        final long sendingTime = new SystemEpochNanoClock().nanoTime();
        final ClientRequestEncoder encoder =
            new ClientRequestEncoder(new ExpandableArrayBuffer(256), clientId, () -> sendingTime);
        final int length = encoder.orderStatus(0, 0, 0, PACKED_ACCOUNT);
        if (!wait.until(() -> ingress.offer(encoder.buffer(), 0, length) > 0, offerWait))
        {
            LOG.warn("the gateway's claim of its client id {} could not be offered within {} ms: the id is taken " +
                "by its first request", clientId, offerWait);
            return null;
        }
        final RejectReason[] answer = new RejectReason[1];
        final MessageFrame frame = new MessageFrame();
        final ExecutionReportDecoder report = new ExecutionReportDecoder();
        wait.until(() ->
        {
            answers.poll((buffer, offset, fragmentLength, header) ->
            {
                if (ExecutionReportDecoder.TEMPLATE_ID == frame.wrapIfPeregrine(buffer, offset, fragmentLength) &&
                    frame.body(report).clientId() == clientId && isAnswer(report) &&
                    report.sendingTime() == sendingTime)
                {
                    answer[0] = report.rejectReason();
                }
            }, 64);
            return null != answer[0];
        }, answerWait);
        if (null == answer[0])
        {
            LOG.warn("the core did not answer the gateway's claim of its client id {} within {} ms (a core of an " +
                "earlier release, or busy): the id is taken by the gateway's first request", clientId, answerWait);
        }
        return answer[0];
    }

    /**
     * @return ", Aeron session S, whose last request under the id the core journaled at T", or "" without a core
     * journal to read or a request of another session in it.
     */
    private static String holder(final GatewayContext ctx, final int ownSession)
    {
        if (null == ctx.coreJournalDir())
        {
            return "";
        }
        int session = 0;
        long at = 0;
        try (ChronicleQueue journal = CoreJournal.openReadOnly(ctx.coreJournalDir());
            JournalReader reader = CoreJournal.reader(journal))
        {
            int result;
            while (JournalReader.END != (result = reader.next()))
            {
                if (JournalReader.ENTRY == result && JournalEntry.INGRESS == reader.type() &&
                    reader.source() != ownSession &&
                    IngressValidator.clientIdOf(reader.payload(), 0, reader.length()) == ctx.clientId())
                {
                    session = reader.source();
                    at = reader.timestamp();
                }
            }
        }
        catch (final RuntimeException unreadable)
        {
            return ""; // the refusal stands without the name
        }
        return 0 == at ? "" : ", Aeron session " + session + ", whose last request under the id the core journaled " +
            "at " + Instant.ofEpochSecond(0, at) + " (./scripts/run.sh journal shows its requests, IN-CLIENT client=" +
            ctx.clientId() + ")";
    }
}
