package pideploy.deploy.core.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenLifetimeTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void readsDaysHoursAndNever() {
        assertThat(TokenLifetime.parse("30d").expiryFrom(NOW)).contains(NOW.plus(Duration.ofDays(30)));
        assertThat(TokenLifetime.parse(" 12H ").expiryFrom(NOW)).contains(NOW.plus(Duration.ofHours(12)));
        assertThat(TokenLifetime.parse("never").expiryFrom(NOW)).isEmpty();
        assertThat(TokenLifetime.DEFAULT.expiryFrom(NOW)).contains(NOW.plus(Duration.ofDays(90)));
    }

    @Test
    void refusesOtherFormsNamingTheAllowedOnes() {
        for (String bad : new String[] {"", "30", "-1d", "0d", "0h", "1w", "3651d", "forever", "1.5d"}) {
            assertThatThrownBy(() -> TokenLifetime.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expires");
        }
        assertThatThrownBy(() -> TokenLifetime.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenActsWithTheLowerOfItsRoleAndItsOwnersRole() {
        ApiToken operatorToken = token(Role.OPERATOR, Optional.empty());

        assertThat(operatorToken.effectiveRole(Role.ADMIN)).isEqualTo(Role.OPERATOR);
        assertThat(operatorToken.effectiveRole(Role.VIEWER)).isEqualTo(Role.VIEWER);
        assertThat(token(Role.ADMIN, Optional.empty()).effectiveRole(Role.OPERATOR))
                .isEqualTo(Role.OPERATOR);
    }

    @Test
    void tokenExpiresAtItsExpiryAndNeverWithoutOne() {
        ApiToken t = token(Role.VIEWER, Optional.of(NOW.plusSeconds(60)));

        assertThat(t.expiredAt(NOW.plusSeconds(59))).isFalse();
        assertThat(t.expiredAt(NOW.plusSeconds(60))).isTrue();
        assertThat(token(Role.VIEWER, Optional.empty()).expiredAt(NOW.plus(Duration.ofDays(10_000))))
                .isFalse();
    }

    @Test
    void refusesAnExpiryNotAfterCreation() {
        assertThatThrownBy(() -> token(Role.VIEWER, Optional.of(NOW)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expiry");
    }

    private static ApiToken token(Role role, Optional<Instant> expiresAt) {
        return new ApiToken("aaaa1111", "a".repeat(64), "admin", "", NOW, role, expiresAt, Optional.empty());
    }
}
