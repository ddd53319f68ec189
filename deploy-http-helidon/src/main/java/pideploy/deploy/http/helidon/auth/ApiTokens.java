package pideploy.deploy.http.helidon.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import pideploy.deploy.core.operator.ApiToken;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.TokenLifetime;
import pideploy.deploy.core.port.ApiTokenRepository;

/**
 * Makes API tokens for scripts (ADR-0031): {@code pdt_<id>_<secret>}, 256 random bits of secret. The whole token is
 * shown once; the database keeps its SHA-256 (a plain hash is enough: the secret is random and long, there is
 * nothing to guess). The {@code pdt_} prefix lets secret scanners and operators recognise a leaked token. Used by the
 * API and the admin command line alike.
 */
public final class ApiTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String PREFIX = "pdt_";

    private ApiTokens() {}

    /** A new token, stored; {@code secret} is the whole token to hand to the operator, once. */
    public record Issued(ApiToken token, String secret) {}

    /**
     * Makes and stores a token. The caller has checked that {@code role} is at most the owner's role (ADR-0051);
     * the cap is applied again on every request, so a later demotion caps the token too.
     */
    public static Issued issue(
            ApiTokenRepository repository,
            String username,
            String label,
            Role role,
            TokenLifetime lifetime,
            Instant now) {
        byte[] idBytes = new byte[6];
        RANDOM.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret =
                PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        ApiToken token = new ApiToken(
                id,
                hash(secret),
                username,
                ApiToken.validateLabel(label),
                now,
                role,
                lifetime.expiryFrom(now),
                Optional.empty());
        repository.add(token);
        return new Issued(token, secret);
    }

    /**
     * Why {@code requested} may not be the role of a token of an owner with {@code ownerRole}; empty if it may. A
     * token never does more than its owner (ADR-0051).
     */
    public static Optional<String> roleProblem(String owner, Role ownerRole, Role requested) {
        return ownerRole.covers(requested)
                ? Optional.empty()
                : Optional.of(("role %s is above the role %s of %s;" + " a token can have at most its owner's role")
                        .formatted(requested.wire(), ownerRole.wire(), owner));
    }

    /** Lowercase hex SHA-256 of a presented token, the key it is stored under. */
    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
