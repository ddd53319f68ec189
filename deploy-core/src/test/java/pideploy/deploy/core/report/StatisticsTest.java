package pideploy.deploy.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class StatisticsTest {
    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertThat(Statistics.median(List.of(9.0, 1.0, 5.0))).hasValue(5.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Statistics.median(List.of(4.0, 1.0, 10.0, 2.0))).hasValue(3.0);
    }

    @Test
    void p95IsTheNearestRankSoAlwaysAMeasuredValue() {
        List<Double> hundred = java.util.stream.IntStream.rangeClosed(1, 100)
                .mapToObj(i -> (double) i)
                .toList();
        assertThat(Statistics.percentile(hundred, 95)).hasValue(95.0);
        // 20 values: rank ceil(0.95 * 20) = 19.
        List<Double> twenty = java.util.stream.IntStream.rangeClosed(1, 20)
                .mapToObj(i -> i * 10.0)
                .toList();
        assertThat(Statistics.percentile(twenty, 95)).hasValue(190.0);
        // Three values: rank ceil(2.85) = 3, the largest.
        assertThat(Statistics.percentile(List.of(1.0, 2.0, 3.0), 95)).hasValue(3.0);
        assertThat(Statistics.percentile(List.of(7.0), 95)).hasValue(7.0);
    }

    @Test
    void anEmptySampleHasNoMedianNoPercentileAndNoRate() {
        assertThat(Statistics.median(List.of())).isEqualTo(OptionalDouble.empty());
        assertThat(Statistics.percentile(List.of(), 95)).isEqualTo(OptionalDouble.empty());
        assertThat(Statistics.ratio(0, 0)).isEqualTo(OptionalDouble.empty());
        assertThat(Statistics.ratio(3, 4)).hasValue(0.75);
    }

    @Test
    void refusesAPercentileOutsideOneToHundred() {
        assertThatThrownBy(() -> Statistics.percentile(List.of(1.0), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-100, got 0");
        assertThatThrownBy(() -> Statistics.percentile(List.of(1.0), 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
