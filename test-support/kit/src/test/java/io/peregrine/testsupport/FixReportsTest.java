package io.peregrine.testsupport;

import org.junit.jupiter.api.Test;
import quickfix.FieldNotFound;
import quickfix.field.CumQty;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.OrdStatus;
import quickfix.fix44.ExecutionReport;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixReportsTest
{
    private final FixReports reports = new FixReports("T");

    @Test
    void aFillIsPartialUntilItsCumulativeQuantityReachesTheOrdersThenFilled() throws FieldNotFound
    {
        final ExecutionReport partial = reports.fill("C1", 10, 4, 4, "190.5");
        assertEquals(ExecType.TRADE, partial.getChar(ExecType.FIELD));
        assertEquals(OrdStatus.PARTIALLY_FILLED, partial.getChar(OrdStatus.FIELD));
        assertEquals(4, partial.getInt(LastQty.FIELD));
        assertEquals(0, new BigDecimal("190.5").compareTo(partial.getDecimal(LastPx.FIELD)));
        assertEquals(4, partial.getInt(CumQty.FIELD));
        assertEquals(6, partial.getInt(LeavesQty.FIELD));

        final ExecutionReport rest = reports.fill("C1", 10, 6, 10, "190.5");
        assertEquals(OrdStatus.FILLED, rest.getChar(OrdStatus.FIELD));
        assertEquals(0, rest.getInt(LeavesQty.FIELD));
    }

    @Test
    void aFillWhoseQuantitiesContradictEachOtherIsRefusedNamingThem()
    {
        final IllegalArgumentException aboveTheOrder =
            assertThrows(IllegalArgumentException.class, () -> reports.fill("C1", 10, 4, 11, "190"));
        assertTrue(aboveTheOrder.getMessage().contains("cumQty 11, qty 10"), aboveTheOrder.getMessage());
        assertThrows(IllegalArgumentException.class, () -> reports.fill("C1", 10, 5, 4, "190"));
        assertThrows(IllegalArgumentException.class, () -> reports.fill("C1", 10, 0, 4, "190"));
    }
}
