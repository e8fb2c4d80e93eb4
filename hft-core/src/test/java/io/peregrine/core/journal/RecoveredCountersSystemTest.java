package io.peregrine.core.journal;

import io.peregrine.core.CoreCounters;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.system.TestStack;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.Side;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.journal.JournalRecoverySystemTest.bareCore;
import static io.peregrine.core.journal.JournalRecoverySystemTest.copy;
import static io.peregrine.core.journal.JournalRecoverySystemTest.withoutSnapshots;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core's counts mean "since this process started", however the last one stopped: a core that rebuilds its state
 * by replaying a journal (what a restart after SIGKILL does from the last snapshot) counts nothing of the replay,
 * while its gauges show the recovered state.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveredCountersSystemTest
{
    @TempDir
    Path dir;

    private TestStack stack;

    @AfterEach
    void tearDown()
    {
        CloseHelper.close(stack);
    }

    @Test
    void aReplayedJournalCountsNoFillsAndTheGaugesShowTheRecoveredWorkingOrders() throws Exception
    {
        final Path journal = dir.resolve("core");
        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().journalDir(journal));
        for (int clOrdId = 1; clOrdId <= 3; clOrdId++)
        {
            stack.newLimitOrder(clOrdId, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
            stack.awaitExecution(clOrdId, ExecType.FILL, "fill " + clOrdId);
        }
        stack.close();
        stack = new TestStack(AutoFillVenue.Mode.ACK_ONLY, new PeregrineContext().journalDir(journal));
        stack.newLimitOrder(4, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
        stack.awaitExecution(4, ExecType.NEW, "ack 4");
        stack.close();
        stack = null;

        // No snapshot: the whole journal is replayed, as after a SIGKILL long after the last snapshot.
        try (Peregrine replayed = Peregrine.launch(bareCore(withoutSnapshots(copy(journal, dir.resolve("copy"))))))
        {
            assertTrue(replayed.recovery().replayedInputs() >= 7, "4 orders and their venue executions replayed");
            assertEquals(30, replayed.risk().position(ACC1, AAPL), "the replayed fills are booked");
            final CoreCounters counters = replayed.counters();
            assertEquals(0, counters.fills().get(), "fills since this process started");
            assertEquals(0, counters.ingressMessages().get());
            assertEquals(0, counters.venueMessages().get());
            assertEquals(0, counters.ordersAccepted().get());
            assertEquals(1, counters.workingOrders().get(), "the recovered working order");
        }
    }
}
