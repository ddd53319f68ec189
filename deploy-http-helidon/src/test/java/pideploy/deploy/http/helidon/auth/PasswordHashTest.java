package pideploy.deploy.http.helidon.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void verifiesTheRightPasswordOnlyAndSaltsEveryHash() {
        String a = PasswordHash.hash("s3cret-password".toCharArray(), 2_000);
        String b = PasswordHash.hash("s3cret-password".toCharArray(), 2_000);
        assertThat(a).startsWith("pbkdf2-sha256$2000$").isNotEqualTo(b);
        assertThat(PasswordHash.verify("s3cret-password".toCharArray(), a)).isTrue();
        assertThat(PasswordHash.verify("s3cret-passwore".toCharArray(), a)).isFalse();
        assertThat(PasswordHash.verify("s3cret-password".toCharArray(), "garbage"))
                .isFalse();
        assertThat(PasswordHash.verify("x".toCharArray(), "pbkdf2-sha256$1$AA$AA"))
                .isFalse();
    }

    @Test
    void usesAHighIterationCountByDefault() {
        assertThat(PasswordHash.hash("another-password".toCharArray())).startsWith("pbkdf2-sha256$600000$");
        assertThatThrownBy(() -> PasswordHash.hash(new char[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatedPasswordsAreLongAndDistinct() {
        assertThat(PasswordHash.generate()).hasSize(20).isNotEqualTo(PasswordHash.generate());
    }

    @Test
    void throttleWaitsDoubleAfterTheFreeFailuresPerUserAndAddress() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T12:00:00Z"));
        InstantSource clock = now::get;
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < 3; i++) {
            t.failed("admin", "10.0.0.1");
        }
        assertThat(t.waitFor("admin", "10.0.0.1")).isEmpty();
        t.failed("admin", "10.0.0.1");
        assertThat(t.waitFor("admin", "10.0.0.1")).hasValue(Duration.ofSeconds(1));
        t.failed("admin", "10.0.0.1");
        assertThat(t.waitFor("admin", "10.0.0.1")).hasValue(Duration.ofSeconds(2));
        assertThat(t.waitFor("admin", "10.0.0.2")).isEmpty();
        now.set(now.get().plusSeconds(3));
        assertThat(t.waitFor("admin", "10.0.0.1")).isEmpty();
        t.succeeded("admin", "10.0.0.1");
        t.failed("admin", "10.0.0.1");
        assertThat(t.waitFor("admin", "10.0.0.1")).isEmpty();
    }

    @Test
    void anAddressHasABudgetWhateverTheUsernamesButOtherAddressesAreNotLockedOut() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T12:00:00Z"));
        LoginThrottle t = new LoginThrottle(now::get);
        for (int i = 0; i < 10; i++) {
            t.failed("random-" + i, "10.0.0.1");
        }
        assertThat(t.waitFor("someone-new", "10.0.0.1")).isEmpty();
        t.failed("random-10", "10.0.0.1");
        assertThat(t.waitFor("someone-new", "10.0.0.1")).hasValue(Duration.ofSeconds(1));
        assertThat(t.addressBlocked("10.0.0.1")).isTrue();
        assertThat(t.waitFor("admin", "10.0.0.2")).isEmpty();
        t.succeeded("random-3", "10.0.0.1");
        assertThat(t.waitFor("admin", "10.0.0.1")).isPresent();
        now.set(now.get().plusSeconds(16 * 60));
        t.failed("random-11", "10.0.0.1");
        assertThat(t.waitFor("admin", "10.0.0.1"))
                .as("the address window has passed")
                .isEmpty();
    }
}
