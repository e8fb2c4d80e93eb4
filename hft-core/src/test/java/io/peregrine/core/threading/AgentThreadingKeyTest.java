package io.peregrine.core.threading;

import io.peregrine.config.KeyCatalog;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentThreadingKeyTest
{
    /**
     * The key is declared here, outside {@code PeregrineKeys}: a config file setting it is refused unless the catalog
     * of known keys lists it too.
     */
    @Test
    void theThreadingKeyLoadsFromAConfigFile()
    {
        assertTrue(KeyCatalog.peregrine().isKnown(AgentThreading.PROP_NAME), AgentThreading.PROP_NAME);
        assertFalse(KeyCatalog.peregrine().isKnown(AgentThreading.PROP_NAME + ".x"));
    }
}
