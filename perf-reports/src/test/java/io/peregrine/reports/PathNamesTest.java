package io.peregrine.reports;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PathNamesTest
{
    @Test
    void theKeyDropsTheTimeSoTwoRunsOfOnePathMatch()
    {
        assertEquals("fullloop-fix", PathNames.key("fullloop-2026-12-06T02-00-00Z-fix.hlog"));
        assertEquals("fixloop-echo-1000", PathNames.key("fixloop-2026-12-06T02-27-00.991222046Z-echo-1000.hlog"));
        assertEquals("loadrun", PathNames.key("loadrun-2026-12-06T02-26-46.622479385Z.hlog"));
        assertEquals("custom-name", PathNames.key("custom-name.hlog"));
    }

    @Test
    void namesThePathOfEveryLogTheToolsWrite()
    {
        assertEquals("FIX path (broker -> gateway -> core -> venue)",
            PathNames.describe("fullloop-2026-12-06T02-00-00Z-fix.hlog"));
        assertEquals("IPC path (Aeron client -> core -> venue)",
            PathNames.describe("fullloop-2026-12-06T02-00-00Z-ipc.hlog"));
        assertEquals("bare QuickFIX/J echo at 1000/s",
            PathNames.describe("fixloop-2026-12-06T02-00-00Z-echo-1000.hlog"));
        assertEquals("full FIX loop at 5000/s", PathNames.describe("fixloop-2026-12-06T02-00-00Z-loop-5000.hlog"));
        assertEquals("raw Aeron IPC echo", PathNames.describe("rawecho-2026-12-06T02-00-00Z.hlog"));
        assertEquals("custom-name", PathNames.describe("custom-name.hlog"));
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
