package pideploy.deploy.http.helidon.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions, in memory: a restart logs everyone out, which is acceptable for an operator console and keeps
 * session secrets out of the database and its backups. Each session carries its own CSRF token.
 */
public final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One logged-in browser. */
    public record Session(String id, String username, String csrfToken, Instant expires) {}

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final Duration idleTimeout;

    public Sessions(InstantSource clock, Duration idleTimeout) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("session idle timeout must be positive: " + idleTimeout);
        }
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    public Session open(String username) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> s.expires().isBefore(now));
        Session s = new Session(token(), username, token(), now.plus(idleTimeout));
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session of that id, its idle timer restarted; empty if unknown or expired. */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session s = sessions.computeIfPresent(id, (k, old) -> old.expires().isBefore(now) ? null
                : new Session(old.id(), old.username(), old.csrfToken(), now.plus(idleTimeout)));
        return Optional.ofNullable(s);
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Ends every session of a user, e.g. after a password change. */
    public void closeAll(String username) {
        sessions.values().removeIf(s -> s.username().equals(username));
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
