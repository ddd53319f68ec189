package pideploy.deploy.core.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.operator.ApiToken;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.DuplicateKeyException;

/** In-memory {@link ApiTokenRepository}; thread-safe. */
public final class InMemoryApiTokenRepository implements ApiTokenRepository {
    private final List<ApiToken> tokens = new ArrayList<>();

    @Override
    public synchronized void add(ApiToken token) {
        if (tokens.stream()
                .anyMatch(t -> t.id().equals(token.id()) || t.tokenHash().equals(token.tokenHash()))) {
            throw new DuplicateKeyException("token " + token.id() + " exists");
        }
        tokens.add(token);
    }

    @Override
    public synchronized Optional<ApiToken> findByHash(String tokenHash) {
        return tokens.stream().filter(t -> t.tokenHash().equals(tokenHash)).findFirst();
    }

    @Override
    public synchronized List<ApiToken> listOf(String username) {
        return tokens.stream()
                .filter(t -> t.username().equals(username))
                .sorted(java.util.Comparator.comparing(ApiToken::createdAt).thenComparing(ApiToken::id))
                .toList();
    }

    @Override
    public synchronized List<ApiToken> listAll() {
        return tokens.stream()
                .sorted(java.util.Comparator.comparing(ApiToken::username)
                        .thenComparing(ApiToken::createdAt)
                        .thenComparing(ApiToken::id))
                .toList();
    }

    @Override
    public synchronized boolean recordUse(String id, Instant at) {
        for (int i = 0; i < tokens.size(); i++) {
            ApiToken t = tokens.get(i);
            if (t.id().equals(id)) {
                if (!t.useWorthRecording(at)) {
                    return false;
                }
                tokens.set(
                        i,
                        new ApiToken(
                                t.id(),
                                t.tokenHash(),
                                t.username(),
                                t.label(),
                                t.createdAt(),
                                t.role(),
                                t.expiresAt(),
                                Optional.of(at)));
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized boolean delete(String username, String id) {
        return tokens.removeIf(t -> t.username().equals(username) && t.id().equals(id));
    }

    @Override
    public synchronized int deleteAllOf(String username) {
        int before = tokens.size();
        tokens.removeIf(t -> t.username().equals(username));
        return before - tokens.size();
    }
}
