package io.peregrine.ops.launch;

import io.peregrine.core.PeregrineContext;
import io.peregrine.gateway.GatewayContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The core that {@code run.sh stack} and {@code run.sh gateway} start journals by default, and its retention keeps the
 * journal files the gateway in the same process has not read yet.
 */
class GatewayMainTest
{
    @Test
    void theCoreJournalsUnderDataCoreAndRetentionKeepsWhatTheGatewayHasNotRead()
    {
        final GatewayContext gateway = new GatewayContext().dataDir(Path.of("gw-data"));
        final PeregrineContext core = GatewayMain.journaledByDefault(new PeregrineContext(), gateway);
        assertEquals(Path.of(GatewayMain.CORE_JOURNAL_DIR_DEFAULT), core.journalDir());
        assertEquals(List.of(Path.of("gw-data", "broker", "core-report-position")), core.journalRetainReaderPositions());
    }

    @Test
    void configuredReadersAreKept()
    {
        final PeregrineContext configured = new PeregrineContext().journalRetainReaderPositions(Path.of("elsewhere"));
        GatewayMain.journaledByDefault(configured, new GatewayContext().dataDir(Path.of("gw-data")));
        assertEquals(List.of(Path.of("elsewhere")), configured.journalRetainReaderPositions());
    }
}
