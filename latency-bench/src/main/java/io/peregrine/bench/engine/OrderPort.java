package io.peregrine.bench.engine;

/**
 * Where a {@link FixedRateSender} sends its orders: a FIX broker session or an Aeron IPC client. Called only from
 * the sending thread.
 */
public interface OrderPort
{
    /**
     * Sends order {@code index} as {@link OrderFlow} describes it.
     *
     * @param index order number.
     * @return false when it could not be sent now (back-pressure): the sender retries it.
     */
    boolean send(int index);

    /**
     * Reads reports that arrive on the sending thread (IPC). A port whose reports arrive on another thread returns 0.
     *
     * @return reports handled.
     */
    int poll();

    /**
     * @return true when {@link #poll()} reads this port's reports, so the sending thread must poll often.
     */
    boolean pollsOnThisThread();
}
