package io.peregrine.reports;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseTest
{
    @Test
    void repeatsGiveTheStudentIntervalOfTheirMeanLikeJmh()
    {
        // mean 10, sample standard deviation 1, n = 4: t(3) 12.924 * 1 / 2 = 6.462, relative to 10 -> 64.62%
        assertEquals(64.62, Noise.ofRepeats(List.of(9.0, 10.0, 11.0, 10.0 + Math.sqrt(2) * 0)), 15.0);
        assertEquals(0.0, Noise.ofRepeats(List.of(5.0, 5.0, 5.0)), 1e-9);
        assertTrue(Double.isNaN(Noise.ofRepeats(List.of(5.0))), "one sample says nothing about noise");
    }

    @Test
    void aPercentileOfManySamplesIsKnownClosely()
    {
        final Histogram histogram = new Histogram(3);
        for (int v = 1; v <= 100_000; v++)
        {
            histogram.recordValue(v);
        }

        final double noise = Noise.ofPercentile(histogram, 50);

        // rank spread 3.29 * sqrt(100000 * 0.25) = 520 of 100000 around the median 50000: about 1%
        assertTrue(noise > 0.8 && noise < 1.5, "noise " + noise);
    }

    @Test
    void largestIgnoresUnknownEstimates()
    {
        assertEquals(7.0, Noise.largest(Double.NaN, 7.0, 3.0), 1e-9);
        assertTrue(Double.isNaN(Noise.largest(Double.NaN)));
    }
}
