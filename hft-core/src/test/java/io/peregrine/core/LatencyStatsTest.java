package io.peregrine.core;

import io.peregrine.core.ingress.IngressValidator;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.KillSwitchEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderEncoder;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatencyStatsTest
{
    private static final int GATEWAY = 9880;

    @Test
    void ingressIsKeptPerPathByClientId()
    {
        final LatencyStats stats = new LatencyStats(GATEWAY);
        stats.recordIngress(GATEWAY, 1_000);
        stats.recordIngress(GATEWAY, 2_000);
        stats.recordIngress(17, 50_000);
        stats.recordIngress(0, 7_000); // no client id readable: the ingress stage only

        final Histogram fix = histogram();
        final Histogram ipc = histogram();
        stats.fixPathInto(fix);
        stats.ipcPathInto(ipc);
        assertEquals(2, fix.getTotalCount());
        assertEquals(2_000, fix.getMaxValue(), 2);
        assertEquals(1, ipc.getTotalCount());
        assertEquals(50_000, ipc.getMaxValue(), 50);
        assertEquals(4, stats.ingress().getTotalCount());

        stats.reset();
        stats.fixPathInto(fix);
        assertEquals(0, fix.getTotalCount());
    }

    @Test
    void clientIdOfAnOrderMessageIsReadWithoutDecodingAndZeroForOtherFrames()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final NewOrderEncoder order = new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, header).clientId(4242);
        final int orderLength = MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength();
        assertEquals(4242, IngressValidator.clientIdOf(buffer, 0, orderLength));
        assertEquals(0, IngressValidator.clientIdOf(buffer, 0, 3), "too short");

        final KillSwitchEncoder kill = new KillSwitchEncoder().wrapAndApplyHeader(buffer, 0, header)
            .scope(KillScope.GLOBAL);
        assertEquals(0, IngressValidator.clientIdOf(buffer, 0,
            MessageHeaderEncoder.ENCODED_LENGTH + kill.encodedLength()), "not an order message");
    }

    private static Histogram histogram()
    {
        return new Histogram(LatencyStats.HIGHEST_TRACKABLE_NANOS, 3);
    }
}
