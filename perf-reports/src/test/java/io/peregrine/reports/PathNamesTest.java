package io.peregrine.reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PathNamesTest
{
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        fullloop-2026-12-06T02-00-00Z-fix.hlog                 | fullloop-fix
        fixloop-2026-12-06T02-27-00.991222046Z-echo-1000.hlog  | fixloop-echo-1000
        loadrun-2026-12-06T02-26-46.622479385Z.hlog            | loadrun
        custom-name.hlog                                       | custom-name
        """)
    void theKeyDropsTheTimeSoTwoRunsOfOnePathMatch(final String log, final String key)
    {
        assertEquals(key, PathNames.key(log));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        fullloop-2026-12-06T02-00-00Z-fix.hlog        | FIX path (broker -> gateway -> core -> venue)
        fullloop-2026-12-06T02-00-00Z-ipc.hlog        | IPC path (Aeron client -> core -> venue)
        fixloop-2026-12-06T02-00-00Z-echo-1000.hlog   | bare QuickFIX/J echo at 1000/s
        fixloop-2026-12-06T02-00-00Z-loop-5000.hlog   | full FIX loop at 5000/s
        rawecho-2026-12-06T02-00-00Z.hlog             | raw Aeron IPC echo
        custom-name.hlog                              | custom-name
        """)
    void namesThePathOfEveryLogTheToolsWrite(final String log, final String description)
    {
        assertEquals(description, PathNames.describe(log));
    }

    @Test
    void aPathAndItsBaselineShareAFigure()
    {
        assertEquals(PathNames.figureGroup("fixloop-2026-12-06T02-00-00Z-echo-1000.hlog"),
            PathNames.figureGroup("fixloop-2026-12-06T02-00-00Z-loop-1000.hlog"));
        assertEquals(PathNames.figureGroup("loadrun-2026-12-06T02-00-00Z.hlog"),
            PathNames.figureGroup("rawecho-2026-12-06T02-00-00Z.hlog"));
        assertEquals(PathNames.figureGroup("fullloop-2026-12-06T02-00-00Z-fix.hlog"),
            PathNames.figureGroup("fullloop-2026-12-06T02-00-00Z-ipc.hlog"));
    }
}
