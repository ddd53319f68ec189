package pideploy.deploy.http.helidon.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import pideploy.deploy.core.operator.OperatorSession;
import pideploy.deploy.core.port.SessionRepository;

/**
 * Browser sessions, kept in the fleet database through {@link SessionRepository} so that a server restart does not
 * log anyone out (ADR-0030). The random token lives only in the browser's cookie; the database keeps its SHA-256. The
 * CSRF token is derived from the session token (a hash under a separate label), so it needs no storage and cannot be
 * computed from what is stored.
 *
 * <p>Every authenticated request would otherwise write to the database; the last-seen time is therefore only moved
 * when it is at least {@link #TOUCH_EVERY} old, so a session may end up to that much earlier than a full idle timeout
 * after its last use.
 */
public final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How stale the stored last-seen time may get before a request writes it again. */
    static final Duration TOUCH_EVERY = Duration.ofSeconds(60);

    /** One logged-in browser; {@code id} is the cookie's token (never stored). */
    public record Session(String id, String username, String csrfToken, Instant expires) {}

    private final SessionRepository repository;
    private final InstantSource clock;
    private final Duration idleTimeout;
    private final Duration touchEvery;

    public Sessions(SessionRepository repository, InstantSource clock, Duration idleTimeout) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("session idle timeout must be positive: " + idleTimeout);
        }
        this.repository = repository;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.touchEvery =
                TOUCH_EVERY.compareTo(idleTimeout.dividedBy(10)) < 0 ? TOUCH_EVERY : idleTimeout.dividedBy(10);
    }

    /** Opens a session for a user who just logged in; removes expired sessions on the way. */
    public Session open(String username) {
        Instant now = clock.instant();
        repository.deleteExpired(now);
        String token = token();
        OperatorSession stored = new OperatorSession(hash(token), username, now, now, now.plus(idleTimeout));
        repository.add(stored);
        return session(token, stored);
    }

    /** The live session of that cookie token, its idle timer restarted; empty if unknown or expired. */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 256) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String hash = hash(token);
        Optional<OperatorSession> stored = repository.find(hash);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        OperatorSession s = stored.get();
        if (s.expiredAt(now)) {
            repository.delete(hash);
            return Optional.empty();
        }
        if (!s.lastSeenAt().plus(touchEvery).isAfter(now)) {
            s = s.seenAt(now, now.plus(idleTimeout));
            repository.touch(hash, s.lastSeenAt(), s.expiresAt());
        }
        return Optional.of(session(token, s));
    }

    /** Ends one session (logout). */
    public void close(String token) {
        if (token != null) {
            repository.delete(hash(token));
        }
    }

    /** Ends every session of a user, e.g. after a password change. */
    public void closeAll(String username) {
        repository.deleteAllOf(username);
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    private static Session session(String token, OperatorSession s) {
        return new Session(token, s.username(), csrfToken(token), s.expiresAt());
    }

    private static String csrfToken(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("pideploy-csrf\u0000" + token));
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
