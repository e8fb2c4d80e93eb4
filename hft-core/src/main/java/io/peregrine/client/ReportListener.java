package io.peregrine.client;

import io.peregrine.sbe.AdminResponseDecoder;
import io.peregrine.sbe.CancelRejectDecoder;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.VenueSessionStatusDecoder;

/**
 * Receives the core's egress messages from {@link PeregrineClient#poll(ReportListener, int)}, on the polling
 * thread. The decoders are flyweights valid only during the call: copy what you keep. Every client sees every
 * report; filter on {@code clientId()} where it matters.
 */
public interface ReportListener
{
    /**
     * @param report an execution report (ack, fill, cancel, replace, reject).
     */
    default void onExecutionReport(final ExecutionReportDecoder report)
    {
    }

    /**
     * @param reject a refused cancel or replace.
     */
    default void onCancelReject(final CancelRejectDecoder reject)
    {
    }

    /**
     * @param response the outcome of an admin command.
     */
    default void onAdminResponse(final AdminResponseDecoder response)
    {
    }

    /**
     * @param status a venue session came up or went down.
     */
    default void onVenueSessionStatus(final VenueSessionStatusDecoder status)
    {
    }
}
