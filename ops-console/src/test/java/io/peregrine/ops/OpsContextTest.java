package io.peregrine.ops;

import io.peregrine.config.KeyRenames;
import io.peregrine.config.PeregrineKeys.Ops;
import io.peregrine.config.PropertyReader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpsContextTest
{
    /** How a rename of {@code peregrine.ops.port} would be declared ({@code ConfigKey.renamedFrom}). */
    private static final String OLD_PORT_NAME = "peregrine.ops.http.port";

    @Test
    void aLaunchersOwnPortYieldsToThePortKeyUnderItsNameOrAnOldNameOfIt()
    {
        assertEquals(9901, new OpsContext(new Properties()).portUnlessSet(9901).port());
        assertEquals(9955, new OpsContext(properties(Ops.PORT.name(), "9955")).portUnlessSet(9901).port());
        // A blank value reads as the default, so it is no choice: the launcher keeps its own port, not 9900.
        assertEquals(9901, new OpsContext(properties(Ops.PORT.name(), " ")).portUnlessSet(9901).port());

        // The launchers asked System.getProperty("peregrine.ops.port"): a port set under an old name was read as the
        // port and then overridden by the launcher's own (9901 here). Now the key's own check decides, as it reads.
        final List<String> warnings = new ArrayList<>();
        final PropertyReader oldNameSet = PropertyReader.of(properties(OLD_PORT_NAME, "9966"))
            .withRenames(KeyRenames.of(OLD_PORT_NAME, Ops.PORT.name()))
            .withDeprecationWarnings(warnings::add);
        assertEquals(9966, new OpsContext(oldNameSet).portUnlessSet(9901).port());
        assertTrue(warnings.stream().anyMatch((w) -> w.contains(OLD_PORT_NAME) && w.contains(Ops.PORT.name())),
            warnings::toString);
    }

    @Test
    void aPortChosenInCodeYieldsToNoLaunchersDefault()
    {
        assertEquals(0, new OpsContext(new Properties()).port(0).portUnlessSet(9901).port());
    }

    private static Properties properties(final String key, final String value)
    {
        final Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }
}
