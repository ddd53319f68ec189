package pideploy.deploy.core.operator;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An API token for scripts (ADR-0031), as stored: the secret itself is shown once when it is made and kept only as a
 * SHA-256. The {@code id} is a short public name for listing and revoking; it says nothing about the secret.
 *
 * @param id        8-32 lowercase letters or digits, unique
 * @param tokenHash lowercase hex SHA-256 of the whole token (64 characters), unique
 * @param username  the operator the token acts as
 * @param label     what the operator wrote to recognise it (0-100 printable characters), e.g. "nightly export"
 * @param createdAt when it was made
 */
public record ApiToken(String id, String tokenHash, String username, String label, Instant createdAt) {
    private static final Pattern ID = Pattern.compile("[a-z0-9]{8,32}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public ApiToken {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("token id must be 8-32 lowercase letters or digits, got '%s'"
                    .formatted(id));
        }
        if (tokenHash == null || !HEX64.matcher(tokenHash).matches()) {
            throw new IllegalArgumentException("token hash must be 64 lowercase hex digits");
        }
        User.validateUsername(username);
        validateLabel(label);
        Objects.requireNonNull(createdAt, "createdAt");
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
