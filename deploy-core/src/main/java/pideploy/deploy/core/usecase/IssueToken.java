package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import pideploy.deploy.core.operator.AccountRefusal;
import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.operator.ApiToken;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.TokenLifetime;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.UserRepository;

/**
 * Makes an API token for scripts (ADR-0031, ADR-0051), audited as {@code token.add}: {@code pdt_<id>_<secret>}, 256
 * random bits of secret. The whole token is shown once; the database keeps its SHA-256 (a plain hash is enough: the
 * secret is random and long, there is nothing to guess). The {@code pdt_} prefix lets secret scanners and operators
 * recognise a leaked token. One's own for every role, another account's for admins; a token never does more than its
 * owner (the cap is applied again on every request, so a later demotion caps the token too).
 */
public final class IssueToken {
    private static final System.Logger LOG = System.getLogger(IssueToken.class.getName());
    private static final String PREFIX = "pdt_";

    /** A new token, stored; {@code secret} is the whole token to hand to the operator, once. */
    public record Issued(ApiToken token, String secret) {}

    private final UserRepository users;
    private final ApiTokenRepository tokens;
    private final OperatorAudit audit;
    private final SecureRandom random;

    IssueToken(UserRepository users, ApiTokenRepository tokens, OperatorAudit audit, SecureRandom random) {
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
        this.random = random;
    }

    /** @param role the token's role; empty for the owner's */
    public AccountResult<Issued> issue(
            Actor actor, String username, String label, Optional<Role> role, TokenLifetime lifetime) {
        var refusal = AccountRules.selfOrAdmin(actor, username, "make API tokens for");
        if (refusal.isPresent()) {
            return AccountResult.refused(refusal.get());
        }
        Optional<User> owner = users.find(username);
        if (owner.isEmpty()) {
            return AccountResult.refused(new AccountRefusal.NoSuchUser(username));
        }
        Role ownerRole = owner.get().role();
        Role r = role.orElse(ownerRole);
        if (!ownerRole.covers(r)) {
            return AccountResult.refused(new AccountRefusal.RoleAboveOwner(username, ownerRole, r));
        }
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret =
                PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        var now = audit.now();
        ApiToken token = new ApiToken(
                id,
                hashOf(secret),
                username,
                ApiToken.validateLabel(label),
                now,
                r,
                lifetime.expiryFrom(now),
                Optional.empty());
        tokens.add(token);
        audit.record(actor, "token.add", username, detail(token));
        LOG.log(Level.INFO, "API token {0} of operator {1} made by {2}", id, username, actor.name());
        return AccountResult.done(new Issued(token, secret));
    }

    /** What the audit log says of a new token: id, label, role and expiry (never the secret). */
    static String detail(ApiToken t) {
        return "token %s%s, role %s, %s"
                .formatted(
                        t.id(),
                        t.label().isEmpty() ? "" : " (" + t.label() + ")",
                        t.role().wire(),
                        t.expiresAt().map(e -> "expires " + e).orElse("never expires"));
    }

    /** Lowercase hex SHA-256 of a presented token, the key it is stored under. */
    public static String hashOf(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
