package io.peregrine.gateway;

import io.peregrine.config.IdleStrategies;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PeregrineKeys.Sim;
import io.peregrine.sim.SimVenueContext;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Timeout;

import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The process-wide backoff min park ({@code peregrine.idle.backoff.min.park.ns}) read from the properties of the two
 * edge contexts that read their own (a config file over the system properties): the gateway's agents and the
 * simulated venue's engine.
 */
@Timeout(10)
class EdgeIdleBackoffMinParkTest
{
    static Stream<Arguments> contexts()
    {
        final Function<Properties, IdleStrategy> gateway =
            p -> new GatewayContext(p).conclude().idleStrategySupplier().get();
        final Function<Properties, IdleStrategy> venue = p -> SimVenueContext.fromProperties(p).conclude().idleStrategy();
        return Stream.of(
            Arguments.of("gateway", Gateway.IDLE_STRATEGY.name(), Gateway.IDLE_BACKOFF_MAX_PARK_NS.name(),
                gateway),
            Arguments.of("venue", Sim.IDLE_STRATEGY.name(), Sim.IDLE_BACKOFF_MAX_PARK_NS.name(),
                venue));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contexts")
    void agentsParkFirstForTheMinParkOfTheContextsProperties(
        final String name, final String strategyKey, final String maxParkKey,
        final Function<Properties, IdleStrategy> build)
    {
        final IdleStrategy strategy = build.apply(backoff(strategyKey, 40_000, maxParkKey, 80_000));

        assertTrue(strategy.toString().contains("minParkPeriodNs=40000, maxParkPeriodNs=80000}"), strategy.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contexts")
    void aMinParkAboveTheContextsMaxParkFailsAtConcludeNamingTheKeys(
        final String name, final String strategyKey, final String maxParkKey,
        final Function<Properties, IdleStrategy> build)
    {
        final Properties properties = backoff(strategyKey, 40_000, maxParkKey, 20_000);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> build.apply(properties));

        assertTrue(ex.getMessage().startsWith(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME + " (40000 ns) must not " +
            "exceed the longest park (20000 ns) of the backoff strategy of " + strategyKey), ex.getMessage());
    }

    private static Properties backoff(
        final String strategyKey, final long minParkNs, final String maxParkKey, final long maxParkNs)
    {
        final Properties properties = new Properties();
        properties.setProperty(strategyKey, "backoff");
        properties.setProperty(IdleStrategies.BACKOFF_MIN_PARK_NS_PROP_NAME, Long.toString(minParkNs));
        properties.setProperty(maxParkKey, Long.toString(maxParkNs));
        return properties;
    }
}
