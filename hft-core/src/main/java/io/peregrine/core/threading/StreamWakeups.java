package io.peregrine.core.threading;

import io.peregrine.config.WakeableIdleStrategy;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who to wake after offering on an Aeron stream whose subscriber agent runs in this process: the core registers
 * the thread that polls its ingress stream, and the FIX gateway's QuickFIX/J threads wake it after each request
 * they offer, so the request does not wait out the core's idle park.
 * <p>
 * Keyed by media driver directory and stream id. A {@link Wakeup} looked up before or after its subscriber
 * registers is the same object, so the gateway and the core may start (and the core restart) in any order. Any
 * thread; {@link Wakeup#run()} allocates nothing.
 */
public final class StreamWakeups
{
    private static final ConcurrentHashMap<String, Wakeup> WAKEUPS = new ConcurrentHashMap<>();
    private static final Runnable NONE = () -> { };

    private StreamWakeups()
    {
    }

    /**
     * @param aeronDirectory media driver directory.
     * @param streamId       stream id.
     * @return what wakes that stream's in-process subscriber; a no-op while none is registered.
     */
    public static Wakeup of(final String aeronDirectory, final int streamId)
    {
        return WAKEUPS.computeIfAbsent(key(aeronDirectory, streamId), (key) -> new Wakeup());
    }

    /**
     * Registers the waker of a stream's subscriber (replacing any earlier one).
     *
     * @param aeronDirectory media driver directory.
     * @param streamId       stream id.
     * @param waker          wakes the thread that polls the stream, e.g. {@link WakeableIdleStrategy#wakerOf}.
     * @return closes the registration (if still the current one).
     */
    public static AutoCloseable register(final String aeronDirectory, final int streamId, final Runnable waker)
    {
        final Wakeup wakeup = of(aeronDirectory, streamId);
        wakeup.target = waker;
        return () ->
        {
            if (wakeup.target == waker)
            {
                wakeup.target = NONE;
            }
        };
    }

    private static String key(final String aeronDirectory, final int streamId)
    {
        return Path.of(aeronDirectory).toAbsolutePath().normalize() + "#" + streamId;
    }

    /**
     * Wakes the stream's current subscriber thread, if any is registered. Any thread.
     */
    public static final class Wakeup implements Runnable
    {
        private volatile Runnable target = NONE;

        public void run()
        {
            target.run();
        }
    }
}
