package pideploy.deploy.http.helidon.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.fake.InMemorySessionRepository;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.operator.OperatorSession;

class SessionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final InMemorySessionRepository repository = new InMemorySessionRepository();
    private final Sessions sessions = new Sessions(repository, clock, Duration.ofHours(12));

    @Test
    void storesOnlyAHashAndDerivesAStableCsrfToken() {
        Sessions.Session s = sessions.open("admin");

        assertThat(s.csrfToken()).isNotEqualTo(s.id()).hasSizeGreaterThan(40);
        assertThat(repository.find(s.id())).isEmpty();
        Sessions afterRestart = new Sessions(repository, clock, Duration.ofHours(12));
        assertThat(afterRestart.find(s.id())).map(Sessions.Session::csrfToken).contains(s.csrfToken());
        assertThat(afterRestart.find(s.id() + "x")).isEmpty();
    }

    @Test
    void writesTheLastSeenTimeAtMostOncePerMinute() {
        Sessions.Session s = sessions.open("admin");
        clock.advance(Duration.ofSeconds(30));
        sessions.find(s.id());
        assertThat(stored(s).lastSeenAt()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));

        clock.advance(Duration.ofSeconds(31));
        assertThat(sessions.find(s.id()))
                .map(Sessions.Session::expires)
                .contains(Instant.parse("2026-11-26T22:01:01Z"));
        assertThat(stored(s).lastSeenAt()).isEqualTo(Instant.parse("2026-11-26T10:01:01Z"));
    }

    @Test
    void anExpiredSessionIsGoneAndDeleted() {
        Sessions.Session s = sessions.open("admin");
        clock.advance(Duration.ofHours(12));

        assertThat(sessions.find(s.id())).isEmpty();
        assertThat(repository.deleteAllOf("admin")).isZero();
    }

    @Test
    void logoutAndPasswordChangeEndSessions() {
        Sessions.Session a = sessions.open("admin");
        Sessions.Session b = sessions.open("admin");
        Sessions.Session z = sessions.open("zoe");

        sessions.close(a.id());
        assertThat(sessions.find(a.id())).isEmpty();
        sessions.closeAll("admin");
        assertThat(sessions.find(b.id())).isEmpty();
        assertThat(sessions.find(z.id())).isPresent();
    }

    private OperatorSession stored(Sessions.Session s) {
        return repository
                .find(java.util.HexFormat.of().formatHex(sha256(s.id())))
                .orElseThrow();
    }

    private static byte[] sha256(String v) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
