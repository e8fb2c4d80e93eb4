package io.peregrine.core;

import io.aeron.driver.ThreadingMode;
import io.peregrine.config.PeregrineKeys.Core;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The context reads its keys the same whatever the JVM's default locale: in a Turkish one, "dedicated".toUpperCase()
 * is "DEDİCATED" (dotted capital I), which no enum constant matches.
 */
class LocaleIndependentContextTest
{
    @Test
    void readsTheDriverThreadingModeTheSameInATurkishLocale()
    {
        final String key = Core.DRIVER_THREADING_MODE.name();
        final String previous = System.getProperty(key);
        final Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        System.setProperty(key, "dedicated");
        try
        {
            assertEquals(ThreadingMode.DEDICATED, new PeregrineContext().driverThreadingMode());
        }
        finally
        {
            Locale.setDefault(before);
            if (null == previous)
            {
                System.clearProperty(key);
            }
            else
            {
                System.setProperty(key, previous);
            }
        }
    }
}
