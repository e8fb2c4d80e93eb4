package io.peregrine.core;

import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.risk.RiskLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.LocalTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code peregrine.risk.day.start}: midnight UTC by default, {@code HH:mm} read from the configuration, a bad value
 * refused naming the key, and a day start other than the default part of the snapshots' configuration fingerprint.
 */
class RiskDayStartConfigTest
{
    private static final String KEY = Core.RISK_DAY_START.name();

    @AfterEach
    void clear()
    {
        System.clearProperty(KEY);
    }

    @Test
    void midnightUtcByDefaultAndTheConfiguredTimeOtherwise()
    {
        final PeregrineContext defaults = new PeregrineContext().riskLimits(RiskLimits.demo());
        assertEquals(LocalTime.MIDNIGHT, defaults.riskTradingDay().start());
        assertFalse(defaults.logicFingerprint().contains("riskDayStart"), "snapshots of earlier releases still match");

        System.setProperty(KEY, "22:30");
        final PeregrineContext configured = new PeregrineContext().riskLimits(RiskLimits.demo());
        assertEquals(LocalTime.of(22, 30), configured.riskTradingDay().start());
        assertTrue(configured.logicFingerprint().contains("riskDayStart=22:30"), configured.logicFingerprint());
    }

    @Test
    void aValueThatIsNotATimeOfDayIsRefusedNamingTheKey()
    {
        System.setProperty(KEY, "25:00");
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, PeregrineContext::new);
        assertTrue(error.getMessage().startsWith(KEY + ": '25:00' is not a time of day: expected HH:mm in UTC"),
            error.getMessage());
    }
}
