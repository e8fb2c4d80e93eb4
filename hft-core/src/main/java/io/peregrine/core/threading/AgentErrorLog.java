package io.peregrine.core.threading;

import org.agrona.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error handler of one agent: logs (ERROR) what the agent threw, naming the agent by its role name, so that on a
 * thread several agents share ({@link SharedAgentThread}) the log says which one failed. One per agent, made when it
 * starts; handling an error allocates only what logging the line does.
 */
public final class AgentErrorLog implements ErrorHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(AgentErrorLog.class);

    private final String roleName;

    /**
     * @param roleName the agent's role name ({@code Agent.roleName()}), e.g. "peregrine-core".
     */
    public AgentErrorLog(final String roleName)
    {
        this.roleName = roleName;
    }

    /**
     * Logs the error under the agent's role name. The agent's thread.
     *
     * @param throwable what the agent threw.
     */
    @Override
    public void onError(final Throwable throwable)
    {
        LOG.error("agent {} failed", roleName, throwable);
    }
}
