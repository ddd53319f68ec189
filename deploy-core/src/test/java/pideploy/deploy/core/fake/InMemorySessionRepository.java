package pideploy.deploy.core.fake;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import pideploy.deploy.core.operator.OperatorSession;
import pideploy.deploy.core.port.DuplicateKeyException;
import pideploy.deploy.core.port.SessionRepository;

/** In-memory {@link SessionRepository}; thread-safe. */
public final class InMemorySessionRepository implements SessionRepository {
    private final Map<String, OperatorSession> sessions = new HashMap<>();

    @Override
    public synchronized void add(OperatorSession session) {
        if (sessions.putIfAbsent(session.tokenHash(), session) != null) {
            throw new DuplicateKeyException("session " + session.tokenHash().substring(0, 8) + "... exists");
        }
    }

    @Override
    public synchronized Optional<OperatorSession> find(String tokenHash) {
        return Optional.ofNullable(sessions.get(tokenHash));
    }

    @Override
    public synchronized boolean touch(String tokenHash, Instant lastSeenAt, Instant expiresAt) {
        OperatorSession old = sessions.get(tokenHash);
        if (old == null) {
            return false;
        }
        sessions.put(tokenHash, old.seenAt(lastSeenAt, expiresAt));
        return true;
    }

    @Override
    public synchronized boolean delete(String tokenHash) {
        return sessions.remove(tokenHash) != null;
    }

    @Override
    public synchronized int deleteAllOf(String username) {
        int before = sessions.size();
        sessions.values().removeIf(s -> s.username().equals(username));
        return before - sessions.size();
    }

    @Override
    public synchronized int deleteExpired(Instant now) {
        int before = sessions.size();
        sessions.values().removeIf(s -> s.expiredAt(now));
        return before - sessions.size();
    }
}
