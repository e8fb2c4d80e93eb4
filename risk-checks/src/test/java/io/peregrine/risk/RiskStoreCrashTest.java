package io.peregrine.risk;

import io.peregrine.testsupport.ChildJvm;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.peregrine.risk.RiskFixture.ACC1;
import static io.peregrine.risk.RiskFixture.ACC2;
import static io.peregrine.risk.RiskFixture.AAPL;
import static io.peregrine.risk.RiskFixture.MSFT;

/**
 * A process that dies without closing the store ({@code Runtime.halt}, no shutdown hooks, no close) loses nothing it
 * had flushed: a second process reopens the directory and finds the same positions, notionals and kill switches as
 * the same calls give in memory. Fills booked after the last {@code flush()} (the duty cycle the crash interrupts)
 * are the documented loss: the child books one more and it is not found.
 */
@Timeout(180)
class RiskStoreCrashTest
{
    private static final int HALT_STATUS = 77;
    private static final String READY = "READY-TO-BE-KILLED";

    @TempDir
    Path dir;

    /** The child's risk state directory. */
    private Path stateDir;
    /** The child's stdout and stderr. */
    private Path output;

    @BeforeEach
    void paths()
    {
        stateDir = dir.resolve("state");
        output = dir.resolve("child.log");
    }

    /**
     * Starts {@code main} in a child JVM on {@link #stateDir}, its stdout and stderr into {@link #output}.
     */
    private Process startChild(final Class<?> main) throws IOException
    {
        final List<String> command = ChildJvm.command(null, main, stateDir.toString());
        return new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    }

    @Test
    void processHaltedWithoutCloseLosesNothingWritten() throws Exception
    {
        final Process child = startChild(Child.class);
        try
        {
            assertTrue(child.waitFor(150, TimeUnit.SECONDS), "child ends");
        }
        finally
        {
            child.destroyForcibly();
        }
        assertEquals(HALT_STATUS, child.exitValue(), () -> "child halted after its writes: " + read(output));
        assertReopensAsInMemory(stateDir);
    }

    /**
     * The same, with the process killed by SIGKILL from outside while it holds the store open (after its last flush
     * and one more unflushed fill): the operating system, not the JVM, ends it.
     */
    @Test
    void processKilledBySigkillLosesNothingFlushed() throws Exception
    {
        final Process child = startChild(KilledChild.class);
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (!read(output).contains(READY) && child.isAlive() && System.nanoTime() < deadline)
            {
                Thread.sleep(20);
            }
            assertTrue(read(output).contains(READY), () -> "child traded and waits to be killed: " + read(output));
            child.destroyForcibly(); // SIGKILL on Linux
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "killed child is gone");
        }
        finally
        {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), () -> "ended by SIGKILL (128 + 9): " + read(output));
        assertReopensAsInMemory(stateDir);
    }

    private static void assertReopensAsInMemory(final Path stateDir)
    {
        try (PreTradeRisk expected = PreTradeRisk.inMemory(RiskLimits.demo());
            PreTradeRisk reopened = PreTradeRisk.persistent(RiskLimits.demo(), stateDir))
        {
            trade(expected);
            for (final long account : new long[]{ ACC1, ACC2 })
            {
                for (final long symbol : new long[]{ AAPL, MSFT })
                {
                    assertEquals(expected.position(account, symbol), reopened.position(account, symbol));
                }
                assertEquals(expected.executedNotional(account), reopened.executedNotional(account));
                assertEquals(expected.isAccountKilled(account), reopened.isAccountKilled(account));
            }
            assertEquals(expected.isGlobalKilled(), reopened.isGlobalKilled());
            assertTrue(reopened.position(ACC1, AAPL) != 0, "the child traded");
            assertTrue(reopened.executedNotional(ACC2) != 0, "the child traded");
        }
    }

    /**
     * The same calls in the child and, in memory, in the test.
     */
    static void trade(final PreTradeRisk risk)
    {
        long clOrdId = 1;
        long now = 1_000_000_000L;
        for (int i = 0; i < 300; i++)
        {
            final long account = (i & 1) == 0 ? ACC1 : ACC2;
            final long symbol = i % 3 == 0 ? MSFT : AAPL;
            final long price = symbol == AAPL ? 190_000_000L : 420_000_000L;
            final Side side = i % 5 == 0 ? Side.SELL : Side.BUY;
            now += 1_000_000;
            if (risk.evaluateNewOrder(new RiskReservation(),
                account, symbol, clOrdId++, side, OrdType.LIMIT, price, 10 + i, now) !=
                RejectReason.NONE)
            {
                throw new IllegalStateException("order " + i + " refused");
            }
            risk.onFill(account, symbol, side, price, 10 + i, price);
            risk.onOrderClosed(account, symbol, side, price, 0);
            if (i % 3 != 1)
            {
                risk.flush(); // a duty cycle ends; sometimes two orders share one
            }
        }
        risk.flush();
        risk.killAccount(ACC2);
        risk.killGlobal();
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final Exception ex)
        {
            return "(no output: " + ex + ")";
        }
    }

    /**
     * The process that crashes: trades, then halts with the store still open.
     */
    public static final class Child
    {
        public static void main(final String[] args)
        {
            final PreTradeRisk risk = PreTradeRisk.persistent(RiskLimits.demo(), Path.of(args[0]));
            trade(risk);
            // a fill of the duty cycle the crash interrupts: booked, never flushed
            final long before = risk.position(ACC1, AAPL);
            risk.onFill(ACC1, AAPL, Side.BUY, 190_000_000L, 5, 190_000_000L);
            if (risk.position(ACC1, AAPL) != before + 5)
            {
                throw new IllegalStateException("the unflushed fill was not booked");
            }
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }

    /**
     * The process that is killed: trades, books one unflushed fill, says so, and waits with the store open.
     */
    public static final class KilledChild
    {
        public static void main(final String[] args) throws InterruptedException
        {
            final PreTradeRisk risk = PreTradeRisk.persistent(RiskLimits.demo(), Path.of(args[0]));
            trade(risk);
            risk.onFill(ACC1, AAPL, Side.BUY, 190_000_000L, 5, 190_000_000L); // never flushed
            System.out.println(READY);
            System.out.flush();
            while (true)
            {
                Thread.sleep(1_000);
            }
        }
    }
}
