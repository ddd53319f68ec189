package pideploy.deploy.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.operator.ApiToken;

/**
 * API tokens of operators (ADR-0031, ADR-0051), stored by the SHA-256 of the secret, with their role, expiry and
 * last use. Each call is its own transaction.
 * Thread-safe. Any storage failure is a {@link StorageException}.
 */
public interface ApiTokenRepository {
    /** @throws DuplicateKeyException if the id or the hash exists */
    void add(ApiToken token);

    /** The token whose secret has this hash; empty if none. */
    Optional<ApiToken> findByHash(String tokenHash);

    /** The tokens of a user, oldest first; empty if none. */
    List<ApiToken> listOf(String username);

    /** Every token of every user, by user then oldest first; empty if none. */
    List<ApiToken> listAll();

    /**
     * Records that the token was used at {@code at}, unless its recorded last use is already less than
     * {@link ApiToken#USE_RESOLUTION} before {@code at} (so a busy script costs one write a minute, not one per
     * request, and concurrent requests do not all write). Never moves the last use backwards.
     *
     * @return true if the last use was written; false if it was recent enough, or no token has that id
     */
    boolean recordUse(String id, Instant at);

    /** Revokes one token of a user; returns false if that user has no token with that id. */
    boolean delete(String username, String id);

    /** Revokes every token of a user (account removed); returns how many. */
    int deleteAllOf(String username);
}
