package pideploy.deploy.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void grantsTheBurstThenOneHostnamePerRefillIntervalForEachAddressOnItsOwn() {
        TokenBuckets budget = new TokenBuckets(new RateLimit(3, Duration.ofSeconds(10)));
        for (int i = 0; i < 3; i++) {
            assertThat(budget.take("10.0.0.9", T0)).isEmpty();
        }
        assertThat(budget.take("10.0.0.9", T0)).hasValue(Duration.ofSeconds(10));
        assertThat(budget.take("10.0.0.8", T0))
                .as("another address has its own budget")
                .isEmpty();

        assertThat(budget.take("10.0.0.9", T0.plusSeconds(4))).hasValue(Duration.ofSeconds(6));
        assertThat(budget.take("10.0.0.9", T0.plusSeconds(10))).isEmpty();
        assertThat(budget.take("10.0.0.9", T0.plusSeconds(10))).isPresent();
    }

    @Test
    void givesBackWhatAFailedTransactionTookButNeverMoreThanTheBurst() {
        TokenBuckets budget = new TokenBuckets(new RateLimit(1, Duration.ofHours(1)));
        assertThat(budget.take("a", T0)).isEmpty();
        budget.giveBack("a", T0);
        budget.giveBack("a", T0);
        assertThat(budget.take("a", T0)).isEmpty();
        assertThat(budget.take("a", T0)).isPresent();
    }
}
