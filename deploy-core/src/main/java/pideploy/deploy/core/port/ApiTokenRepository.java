package pideploy.deploy.core.port;

import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.operator.ApiToken;

/**
 * API tokens of operators (ADR-0031), stored by the SHA-256 of the secret. Each call is its own transaction.
 * Thread-safe. Any storage failure is a {@link StorageException}.
 */
public interface ApiTokenRepository {
    /** @throws DuplicateKeyException if the id or the hash exists */
    void add(ApiToken token);

    /** The token whose secret has this hash; empty if none. */
    Optional<ApiToken> findByHash(String tokenHash);

    /** The tokens of a user, oldest first; empty if none. */
    List<ApiToken> listOf(String username);

    /** Revokes one token of a user; returns false if that user has no token with that id. */
    boolean delete(String username, String id);

    /** Revokes every token of a user (account removed); returns how many. */
    int deleteAllOf(String username);
}
