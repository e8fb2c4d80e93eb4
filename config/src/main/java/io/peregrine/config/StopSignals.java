package io.peregrine.config;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM and SIGINT (Ctrl-C) as a request to stop, so that a long-running command ({@code stack}, {@code gateway},
 * {@code venue}) can stop cleanly and then exit with status 0. Left to the JVM, these signals start its shutdown and
 * the process ends with status 128 + the signal's number (143, 130) whatever happened in between: systemd counts 143
 * from a JVM as a failure unless told {@code SuccessExitStatus=143}, and so do supervisors and scripts that check
 * {@code $?}. With these handlers a non-zero status means something went wrong.
 * <p>
 * The first of these signals runs the stop action; a second one, while the process is stopping, ends it at once
 * (status 128 + its number), the way out of a stop that hangs. Installed through {@code sun.misc.Signal}, the JDK's
 * supported signal API (module {@code jdk.unsupported}), by reflection because javac cannot be told to accept that
 * package's use without a warning. Where the handlers cannot be installed (a JVM run with {@code -Xrs}) the JVM's own
 * handling stays, and the shutdown hooks stop the process as before.
 * <p>
 * The stop action runs on the JVM's signal thread: it should only wake the thread that stops the process.
 */
public final class StopSignals
{
    /** The signals that ask a process to stop: {@code kill}'s default and the terminal's Ctrl-C. */
    public static final List<String> NAMES = List.of("TERM", "INT");
    private static final int SIGNAL_EXIT_BASE = 128;

    private StopSignals()
    {
    }

    /**
     * Installs the handlers of {@link #NAMES}.
     *
     * @param stop run once, on the first of these signals, on the JVM's signal thread; must return quickly.
     * @return whether they were installed; false leaves the JVM's handling (shutdown hooks, status 128 + number).
     */
    public static boolean install(final Runnable stop)
    {
        final AtomicBoolean signalled = new AtomicBoolean();
        try
        {
            final Class<?> signalClass = Class.forName("sun.misc.Signal");
            final Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            final Method number = signalClass.getMethod("getNumber");
            final InvocationHandler onSignal = (proxy, method, args) ->
            {
                switch (method.getName())
                {
                    case "handle":
                        if (signalled.compareAndSet(false, true))
                        {
                            stop.run();
                        }
                        else
                        {
                            final int status = SIGNAL_EXIT_BASE + (int)number.invoke(args[0]);
                            System.err.println("peregrine: stop signal received again while stopping: exiting now " +
                                "with status " + status);
                            Runtime.getRuntime().halt(status);
                        }
                        return null;
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    default:
                        return "peregrine stop signal handler";
                }
            };
            final Object handler = Proxy.newProxyInstance(
                StopSignals.class.getClassLoader(), new Class<?>[]{handlerClass}, onSignal);
            final Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            for (final String name : NAMES)
            {
                handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
            }
            return true;
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            // The signal is reserved by the JVM (-Xrs) or the API is missing: the JVM's own handling stays.
            return false;
        }
    }
}
