package pideploy.deploy.server.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-PiDeploy-Signature} header of a webhook delivery (ADR-0085): {@code sha256=} and the lower-case hex
 * HMAC-SHA256 of the exact body bytes, keyed with the target's secret. A receiver recomputes it over the body it read
 * and compares in constant time.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-PiDeploy-Signature";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {}

    /** @throws IllegalArgumentException if the secret is empty */
    public static String sign(byte[] body, String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a webhook secret must not be empty");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java runtime has HmacSHA256, and any non-empty key is valid for it.
            throw new IllegalStateException("HmacSHA256 unavailable: " + e, e);
        }
    }

    /** Whether {@code header} is the signature of {@code body} with {@code secret}, compared in constant time. */
    public static boolean matches(String header, byte[] body, String secret) {
        if (header == null) {
            return false;
        }
        return MessageDigest.isEqual(
                sign(body, secret).getBytes(StandardCharsets.US_ASCII), header.getBytes(StandardCharsets.US_ASCII));
    }
}
