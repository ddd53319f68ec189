package pideploy.deploy.core.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API token for scripts (ADR-0031, ADR-0051), as stored: the secret itself is shown once when it is made and kept
 * only as a SHA-256. The {@code id} is a short public name for listing and revoking; it says nothing about the secret.
 *
 * @param id         8-32 lowercase letters or digits, unique
 * @param tokenHash  lowercase hex SHA-256 of the whole token (64 characters), unique
 * @param username   the operator the token acts as
 * @param label      what the operator wrote to recognise it (0-100 printable characters), e.g. "nightly export"
 * @param createdAt  when it was made
 * @param role       the most the token may do; a request by it never does more than its owner's current role either
 * @param expiresAt  when it stops working; empty if the operator chose "never"
 * @param lastUsedAt when it was last seen, to the minute ({@link #USE_RESOLUTION}); empty if never used
 */
public record ApiToken(
        String id,
        String tokenHash,
        String username,
        String label,
        Instant createdAt,
        Role role,
        Optional<Instant> expiresAt,
        Optional<Instant> lastUsedAt) {
    private static final Pattern ID = Pattern.compile("[a-z0-9]{8,32}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    /** How stale {@link #lastUsedAt} may be: a use is written at most this often per token (ADR-0051). */
    public static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    public ApiToken {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "token id must be 8-32 lowercase letters or digits, got '%s'".formatted(id));
        }
        if (tokenHash == null || !HEX64.matcher(tokenHash).matches()) {
            throw new IllegalArgumentException("token hash must be 64 lowercase hex digits");
        }
        User.validateUsername(username);
        validateLabel(label);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(createdAt)) {
            throw new IllegalArgumentException(
                    "token expiry %s must be after its creation %s".formatted(expiresAt.get(), createdAt));
        }
    }

    /** True if the token no longer works at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    /** What a request by this token may do when its owner has {@code ownerRole}: the lower of the two. */
    public Role effectiveRole(Role ownerRole) {
        return role.covers(ownerRole) ? ownerRole : role;
    }

    /** True if a use at {@code now} is worth writing: never used, or last written at least a minute before. */
    public boolean useWorthRecording(Instant now) {
        return lastUsedAt.isEmpty() || !lastUsedAt.get().plus(USE_RESOLUTION).isAfter(now);
    }

    /** Returns the label if it is 0-100 characters without control characters; else IllegalArgumentException. */
    public static String validateLabel(String label) {
        if (label == null || label.length() > 100 || label.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "label must be at most 100 characters without control characters, got '%s'".formatted(label));
        }
        return label;
    }
}
