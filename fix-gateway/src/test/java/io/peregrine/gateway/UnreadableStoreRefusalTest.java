package io.peregrine.gateway;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The refusal of a FIX session store the gateway cannot read tells a permission problem from damage: only damage
 * is worth a sequence reset. (A unit test: as root, which CI may be, a chmod does not deny anything.)
 */
class UnreadableStoreRefusalTest
{
    private final GatewayContext ctx = new GatewayContext().dataDir(Path.of("/var/peregrine/gateway"));

    @Test
    void permissionDeniedNamesTheOwnerFixAndAdvisesNoReset()
    {
        final String refusal = FixGateway.unreadableStore(ctx, "venue",
            new AccessDeniedException("/var/peregrine/gateway/venue/store/FIX.4.4-PEREGRINE-SIMVENUE.header"),
            "PEREGRINE-SIMVENUE (");

        assertTrue(refusal.contains("permission denied on " +
            "/var/peregrine/gateway/venue/store/FIX.4.4-PEREGRINE-SIMVENUE.header: run as the user that owns " +
            "/var/peregrine/gateway/venue/store"), refusal);
        assertFalse(refusal.contains("reset-session"), refusal);
        assertFalse(refusal.contains("truncated or damaged"), refusal);
    }

    @Test
    void aDamagedStoreStillAdvisesABackupOrAReset()
    {
        final String refusal = FixGateway.unreadableStore(ctx, "venue",
            new IOException("FIX.4.4-PEREGRINE-SIMVENUE.header is 7 bytes long"), "PEREGRINE-SIMVENUE (");

        assertTrue(refusal.contains("truncated or damaged"), refusal);
        assertTrue(refusal.contains("./scripts/run.sh reset-session PEREGRINE-SIMVENUE (both sides"), refusal);
    }
}
