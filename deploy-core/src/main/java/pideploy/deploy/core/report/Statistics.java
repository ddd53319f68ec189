package pideploy.deploy.core.report;

import java.util.Arrays;
import java.util.Collection;
import java.util.OptionalDouble;

/**
 * The arithmetic of reports, on plain numbers. Median: the middle value, or the mean of the two middle values of an
 * even count. Percentiles: nearest rank (the smallest value with at least p% of the values at or below it), so a p95
 * is always a value that was measured. An empty sample has no median and no percentile.
 */
public final class Statistics {
    private Statistics() {}

    public static OptionalDouble median(Collection<Double> values) {
        double[] v = sorted(values);
        if (v.length == 0) {
            return OptionalDouble.empty();
        }
        int mid = v.length / 2;
        return OptionalDouble.of(v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2);
    }

    /** The nearest-rank {@code p}th percentile, {@code 0 < p <= 100}. */
    public static OptionalDouble percentile(Collection<Double> values, int p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be 1-100, got " + p);
        }
        double[] v = sorted(values);
        if (v.length == 0) {
            return OptionalDouble.empty();
        }
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return OptionalDouble.of(v[Math.max(rank, 1) - 1]);
    }

    /** {@code part / whole}, empty when {@code whole} is 0. */
    public static OptionalDouble ratio(long part, long whole) {
        return whole == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) part / whole);
    }

    private static double[] sorted(Collection<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v;
    }
}
