package io.peregrine.core.journal;

import org.agrona.concurrent.Agent;

/**
 * The core agent plus periodic snapshots on the same thread: after each duty cycle of the core (when no input is
 * half handled), a snapshot is taken if one is due ({@link SnapshotWriter#snapshotIfDue()}). Keeps the core agent's
 * role name, so the thread is still called {@code peregrine-core}.
 * <p>
 * Runs on the core agent thread; allocation free once the snapshot buffer has grown.
 */
public final class SnapshottingAgent implements Agent
{
    private final Agent core;
    private final SnapshotWriter snapshots;

    /**
     * @param core      the core agent.
     * @param snapshots takes the snapshots.
     */
    public SnapshottingAgent(final Agent core, final SnapshotWriter snapshots)
    {
        this.core = core;
        this.snapshots = snapshots;
    }

    public void onStart()
    {
        core.onStart();
    }

    public int doWork() throws Exception
    {
        final int work = core.doWork();
        return work + snapshots.snapshotIfDue();
    }

    public void onClose()
    {
        core.onClose();
    }

    public String roleName()
    {
        return core.roleName();
    }
}
