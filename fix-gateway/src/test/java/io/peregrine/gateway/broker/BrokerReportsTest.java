package io.peregrine.gateway.broker;

import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.RejectReason;
import org.junit.jupiter.api.Test;
import quickfix.field.CxlRejReason;
import quickfix.field.OrdRejReason;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BrokerReportsTest
{
    @Test
    void describesRejectReasonsInWords()
    {
        assertEquals("Price outside collar", BrokerReports.describe(RejectReason.PRICE_OUTSIDE_COLLAR));
        assertEquals("Kill switch account", BrokerReports.describe(RejectReason.KILL_SWITCH_ACCOUNT));
        assertEquals("Price outside collar", BrokerReports.withDetail(RejectReason.PRICE_OUTSIDE_COLLAR,
            "PRICE_OUTSIDE_COLLAR"));
        assertEquals("Venue reject: price band", BrokerReports.withDetail(RejectReason.VENUE_REJECT, "price band"));
        assertEquals("Rejected: odd", BrokerReports.withDetail(RejectReason.NULL_VAL, "odd"));
    }

    @Test
    void mapsCoreReasonsToFixReasonCodes()
    {
        assertEquals(OrdRejReason.UNKNOWN_SYMBOL, BrokerReports.ordRejReason(RejectReason.UNKNOWN_INSTRUMENT));
        assertEquals(OrdRejReason.ORDER_EXCEEDS_LIMIT,
            BrokerReports.ordRejReason(RejectReason.POSITION_LIMIT_EXCEEDED));
        assertEquals(OrdRejReason.DUPLICATE_ORDER, BrokerReports.ordRejReason(RejectReason.DUPLICATE_CLIENT_ORDER_ID));
        assertEquals(OrdRejReason.UNKNOWN_ACCOUNT, BrokerReports.ordRejReason(RejectReason.UNKNOWN_ACCOUNT));
        assertEquals(OrdRejReason.EXCHANGE_CLOSED, BrokerReports.ordRejReason(RejectReason.VENUE_UNAVAILABLE));
        assertEquals(OrdRejReason.OTHER, BrokerReports.ordRejReason(RejectReason.TICK_SIZE_VIOLATION));
        assertEquals(CxlRejReason.TOO_LATE_TO_CANCEL, BrokerReports.cxlRejReason(RejectReason.TOO_LATE_TO_CANCEL));
        assertEquals(CxlRejReason.UNKNOWN_ORDER, BrokerReports.cxlRejReason(RejectReason.UNKNOWN_ORDER));
        assertEquals(CxlRejReason.OTHER, BrokerReports.cxlRejReason(RejectReason.KILL_SWITCH_GLOBAL));
    }

    @Test
    void mapsExecTypesAndStatusesToFix44()
    {
        assertEquals('F', BrokerReports.execType(ExecType.PARTIAL_FILL));
        assertEquals('F', BrokerReports.execType(ExecType.FILL));
        assertEquals('4', BrokerReports.execType(ExecType.CANCELED));
        assertEquals('5', BrokerReports.execType(ExecType.REPLACED));
        assertEquals('C', BrokerReports.execType(ExecType.EXPIRED));
        assertEquals('4', BrokerReports.ordStatus(OrdStatus.CANCELED));
        assertEquals('A', BrokerReports.ordStatus(OrdStatus.PENDING_NEW));
        assertEquals('E', BrokerReports.ordStatus(OrdStatus.PENDING_REPLACE));
    }
}
