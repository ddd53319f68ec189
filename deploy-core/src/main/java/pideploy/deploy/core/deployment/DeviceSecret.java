package pideploy.deploy.core.deployment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret a deployment's config answer hands the device (ADR-0042): 32 random bytes as unpadded base64url
 * (43 characters). The server keeps only its {@link #sha256() hash}; {@link #toString()} never shows the value, so
 * it cannot leak into a log line.
 */
public final class DeviceSecret {
    private static final int BYTES = 32;
    private static final int LENGTH = 43;
    private final String value;

    private DeviceSecret(String value) {
        this.value = value;
    }

    /** A new secret from {@code random}. */
    public static DeviceSecret generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new DeviceSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * A secret as a device sent it.
     *
     * @throws IllegalArgumentException unless it is 43 base64url characters
     */
    public static DeviceSecret of(String text) {
        if (text == null || text.length() != LENGTH || !text.chars().allMatch(DeviceSecret::isBase64Url)) {
            throw new IllegalArgumentException("a device secret is %d base64url characters (A-Z a-z 0-9 - _), got %s"
                    .formatted(LENGTH, text == null ? "none" : text.length() + " characters"));
        }
        return new DeviceSecret(text);
    }

    /**
     * Whatever a device sent as its secret, shaped or not: a value of another shape simply never {@link #matches
     * matches}, so a malformed secret is a wrong one (a spoofing attempt), not a malformed request.
     *
     * @throws IllegalArgumentException when empty or longer than 128 characters
     */
    public static DeviceSecret presented(String text) {
        if (text == null || text.isEmpty() || text.length() > 128) {
            throw new IllegalArgumentException("a presented device secret is 1 to 128 characters");
        }
        return new DeviceSecret(text);
    }

    private static boolean isBase64Url(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    /** The text the device receives and sends back. */
    public String value() {
        return value;
    }

    /** Lower-case hex SHA-256 of the value: what the store keeps. */
    public String sha256() {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** True when this secret hashes to {@code storedSha256}; compared in constant time. */
    public boolean matches(String storedSha256) {
        return MessageDigest.isEqual(
                sha256().getBytes(StandardCharsets.US_ASCII), storedSha256.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceSecret other
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.US_ASCII), other.value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "DeviceSecret[redacted]";
    }
}
