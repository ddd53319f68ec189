package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.operator.OperatorSession;

/** Contract of {@link SessionRepository}. */
public abstract class SessionRepositoryContract {
    private SessionRepository sessions;

    /** A fresh, empty repository per test. */
    protected abstract SessionRepository newRepository();

    @BeforeEach
    void create() {
        sessions = newRepository();
    }

    private static OperatorSession session(char hashDigit, String user, Duration lifetime) {
        return new OperatorSession(String.valueOf(hashDigit).repeat(64), user, T0, T0, T0.plus(lifetime));
    }

    @Test
    void findsNothingForAnUnknownHash() {
        assertThat(sessions.find("a".repeat(64))).isEmpty();
    }

    @Test
    void keepsAnAddedSessionWithItsTimesToTheNanosecond() {
        OperatorSession s = session('a', "admin", Duration.ofMinutes(30));
        sessions.add(s);

        assertThat(sessions.find(s.tokenHash())).contains(s);
    }

    @Test
    void rejectsASecondSessionWithTheSameHash() {
        sessions.add(session('a', "admin", Duration.ofMinutes(30)));

        assertThatThrownBy(() -> sessions.add(session('a', "zoe", Duration.ofMinutes(5))))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void touchMovesLastSeenAndExpiry() {
        OperatorSession s = session('a', "admin", Duration.ofMinutes(30));
        sessions.add(s);

        assertThat(sessions.touch(s.tokenHash(), T0.plusSeconds(60), T0.plusSeconds(1860)))
                .isTrue();
        assertThat(sessions.touch("b".repeat(64), T0, T0)).isFalse();
        assertThat(sessions.find(s.tokenHash())).contains(s.seenAt(T0.plusSeconds(60), T0.plusSeconds(1860)));
    }

    @Test
    void deletesOneSession() {
        sessions.add(session('a', "admin", Duration.ofMinutes(30)));
        sessions.add(session('b', "admin", Duration.ofMinutes(30)));

        assertThat(sessions.delete("a".repeat(64))).isTrue();
        assertThat(sessions.delete("a".repeat(64))).isFalse();
        assertThat(sessions.find("a".repeat(64))).isEmpty();
        assertThat(sessions.find("b".repeat(64))).isPresent();
    }

    @Test
    void deletesAllSessionsOfOneUser() {
        sessions.add(session('a', "admin", Duration.ofMinutes(30)));
        sessions.add(session('b', "admin", Duration.ofMinutes(30)));
        sessions.add(session('c', "zoe", Duration.ofMinutes(30)));

        assertThat(sessions.deleteAllOf("admin")).isEqualTo(2);
        assertThat(sessions.find("a".repeat(64))).isEmpty();
        assertThat(sessions.find("c".repeat(64))).isPresent();
    }

    @Test
    void deletesExpiredSessionsOnly() {
        sessions.add(session('a', "admin", Duration.ofMinutes(1)));
        sessions.add(session('b', "admin", Duration.ofMinutes(2)));
        sessions.add(session('c', "zoe", Duration.ofMinutes(30)));

        assertThat(sessions.deleteExpired(T0.plus(Duration.ofMinutes(2)))).isEqualTo(2);
        assertThat(sessions.find("c".repeat(64))).isPresent();
        assertThat(sessions.find("b".repeat(64))).isEmpty();
    }
}
