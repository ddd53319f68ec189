package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.operator.ApiToken;
import pideploy.deploy.core.operator.Role;

/** Contract of {@link ApiTokenRepository}. */
public abstract class ApiTokenRepositoryContract {
    private ApiTokenRepository tokens;

    /** A fresh, empty repository per test. */
    protected abstract ApiTokenRepository newRepository();

    @BeforeEach
    void create() {
        tokens = newRepository();
    }

    private static ApiToken token(String id, char hashDigit, String user, int second) {
        return new ApiToken(
                id,
                String.valueOf(hashDigit).repeat(64),
                user,
                "label of " + id,
                T0.plusSeconds(second),
                Role.ADMIN,
                Optional.of(T0.plus(Duration.ofDays(90))),
                Optional.empty());
    }

    private static ApiToken withRole(ApiToken t, Role role, Optional<Instant> expiresAt) {
        return new ApiToken(
                t.id(), t.tokenHash(), t.username(), t.label(), t.createdAt(), role, expiresAt, t.lastUsedAt());
    }

    @Test
    void findsNothingForAnUnknownHash() {
        assertThat(tokens.findByHash("a".repeat(64))).isEmpty();
        assertThat(tokens.listOf("admin")).isEmpty();
    }

    @Test
    void keepsEveryFieldOfAnAddedToken() {
        ApiToken t = token("aaaa1111", 'a', "admin", 0);
        tokens.add(t);

        assertThat(tokens.findByHash(t.tokenHash())).contains(t);
    }

    @Test
    void keepsTheRoleAndAnExpiryOrItsAbsence() {
        ApiToken viewer =
                withRole(token("aaaa1111", 'a', "admin", 0), Role.VIEWER, Optional.of(T0.plus(Duration.ofDays(30))));
        ApiToken forever = withRole(token("bbbb2222", 'b', "admin", 1), Role.OPERATOR, Optional.empty());
        tokens.add(viewer);
        tokens.add(forever);

        assertThat(tokens.findByHash(viewer.tokenHash())).contains(viewer);
        assertThat(tokens.findByHash(forever.tokenHash())).hasValueSatisfying(t -> {
            assertThat(t.role()).isEqualTo(Role.OPERATOR);
            assertThat(t.expiresAt()).isEmpty();
            assertThat(t.lastUsedAt()).isEmpty();
        });
    }

    @Test
    void recordsAUseAtMostOnceAMinute() {
        ApiToken t = token("aaaa1111", 'a', "admin", 0);
        tokens.add(t);
        Instant first = T0.plusSeconds(100);

        assertThat(tokens.recordUse(t.id(), first)).isTrue();
        assertThat(tokens.recordUse(t.id(), first.plusSeconds(59))).isFalse();
        assertThat(tokens.findByHash(t.tokenHash()).orElseThrow().lastUsedAt()).contains(first);
        assertThat(tokens.recordUse(t.id(), first.plusSeconds(60))).isTrue();
        assertThat(tokens.findByHash(t.tokenHash()).orElseThrow().lastUsedAt()).contains(first.plusSeconds(60));
    }

    @Test
    void neverMovesTheLastUseBackwards() {
        ApiToken t = token("aaaa1111", 'a', "admin", 0);
        tokens.add(t);
        tokens.recordUse(t.id(), T0.plusSeconds(600));

        assertThat(tokens.recordUse(t.id(), T0.plusSeconds(300))).isFalse();
        assertThat(tokens.findByHash(t.tokenHash()).orElseThrow().lastUsedAt()).contains(T0.plusSeconds(600));
    }

    @Test
    void recordsNoUseForAnUnknownToken() {
        assertThat(tokens.recordUse("aaaa1111", T0)).isFalse();
        assertThat(tokens.listAll()).isEmpty();
    }

    @Test
    void concurrentUsesWriteOnce() throws Exception {
        ApiToken t = token("aaaa1111", 'a', "admin", 0);
        tokens.add(t);
        Instant at = T0.plusSeconds(100);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger written = new AtomicInteger();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread th = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (tokens.recordUse(t.id(), at)) {
                    written.incrementAndGet();
                }
            });
            running.add(th);
        }
        start.countDown();
        for (Thread th : running) {
            th.join();
        }

        assertThat(written.get()).isEqualTo(1);
    }

    @Test
    void listsEveryTokenByUserThenOldestFirst() {
        tokens.add(token("cccc3333", 'c', "zoe", 20));
        tokens.add(token("aaaa1111", 'a', "admin", 10));
        tokens.add(token("bbbb2222", 'b', "zoe", 5));

        assertThat(tokens.listAll()).extracting(ApiToken::id).containsExactly("aaaa1111", "bbbb2222", "cccc3333");
    }

    @Test
    void rejectsASecondTokenWithTheSameIdOrHash() {
        tokens.add(token("aaaa1111", 'a', "admin", 0));

        assertThatThrownBy(() -> tokens.add(token("aaaa1111", 'b', "admin", 1)))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> tokens.add(token("bbbb2222", 'a', "zoe", 1)))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void listsTheTokensOfOneUserOldestFirst() {
        tokens.add(token("cccc3333", 'c', "admin", 20));
        tokens.add(token("aaaa1111", 'a', "admin", 10));
        tokens.add(token("bbbb2222", 'b', "zoe", 5));

        assertThat(tokens.listOf("admin")).extracting(ApiToken::id).containsExactly("aaaa1111", "cccc3333");
    }

    @Test
    void revokesOnlyTheNamedTokenOfThatUser() {
        tokens.add(token("aaaa1111", 'a', "admin", 0));
        tokens.add(token("bbbb2222", 'b', "zoe", 0));

        assertThat(tokens.delete("admin", "bbbb2222")).isFalse();
        assertThat(tokens.delete("admin", "aaaa1111")).isTrue();
        assertThat(tokens.delete("admin", "aaaa1111")).isFalse();
        assertThat(tokens.findByHash("a".repeat(64))).isEmpty();
        assertThat(tokens.findByHash("b".repeat(64))).isPresent();
    }

    @Test
    void revokesEveryTokenOfAUser() {
        tokens.add(token("aaaa1111", 'a', "admin", 0));
        tokens.add(token("cccc3333", 'c', "admin", 1));
        tokens.add(token("bbbb2222", 'b', "zoe", 0));

        assertThat(tokens.deleteAllOf("admin")).isEqualTo(2);
        assertThat(tokens.listOf("admin")).isEmpty();
        assertThat(tokens.listOf("zoe")).hasSize(1);
    }
}
