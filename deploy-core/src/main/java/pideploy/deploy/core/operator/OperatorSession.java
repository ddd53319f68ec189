package pideploy.deploy.core.operator;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A logged-in browser session as stored: only a SHA-256 of the session token is kept, so a copy of the database (a
 * backup) does not let anyone take over a session; the token itself lives only in the browser's cookie.
 *
 * @param tokenHash  lowercase hex SHA-256 of the session token (64 characters)
 * @param username   the operator who logged in
 * @param createdAt  when the session was opened (login)
 * @param lastSeenAt when a request last used it (updated coarsely, see the HTTP adapter)
 * @param expiresAt  when it ends unless used again; not before {@code lastSeenAt}
 */
public record OperatorSession(
        String tokenHash, String username, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public OperatorSession {
        if (tokenHash == null || !HEX64.matcher(tokenHash).matches()) {
            throw new IllegalArgumentException("session token hash must be 64 lowercase hex digits");
        }
        User.validateUsername(username);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (expiresAt.isBefore(lastSeenAt)) {
            throw new IllegalArgumentException(
                    "session expiresAt %s is before lastSeenAt %s".formatted(expiresAt, lastSeenAt));
        }
    }

    /** True when the session has ended at {@code now} (expiry is exclusive: a session expiring now is over). */
    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** This session used again at {@code now}, living until {@code newExpiry}. */
    public OperatorSession seenAt(Instant now, Instant newExpiry) {
        return new OperatorSession(tokenHash, username, createdAt, now, newExpiry);
    }
}
