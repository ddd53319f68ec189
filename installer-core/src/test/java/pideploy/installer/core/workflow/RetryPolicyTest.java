package pideploy.installer.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy =
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 10, Duration.ofSeconds(20), 5);

    @Test
    void doublesTheDelayUpToTheCapWithHalfOfItRandom() {
        SplittableRandom random = new SplittableRandom(11);
        for (int attempt = 1; attempt <= 12; attempt++) {
            long full = Math.min(30_000, 1000L << (attempt - 1));
            assertThat(policy.backoff(attempt, random).toMillis()).isBetween(full / 2, full);
        }
    }

    @Test
    void spreadsTheRetriesOfAFleetThatFailedTogether() {
        SplittableRandom random = new SplittableRandom(3);
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> policy.backoff(5, random))
                .distinct()
                .count();

        assertThat(distinct).isGreaterThan(40);
    }

    @Test
    void rejectsAMaximumBelowTheFirstDelayNamingBoth() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), 3, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT5S")
                .hasMessageContaining("PT1S");
    }
}
