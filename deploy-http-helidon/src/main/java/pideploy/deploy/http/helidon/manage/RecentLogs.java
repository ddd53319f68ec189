package pideploy.deploy.http.helidon.manage;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's recent log lines, kept in memory by the composition root (ADR-0088), for {@code GET /api/v1/logs}: the
 * System page and a deployment's detail read them. Thread-safe.
 */
public interface RecentLogs {
    /** Lines matching the query, oldest first: the newest {@code limit} of those that match. */
    List<Line> lines(Query query);

    /** Nothing kept (a server wired without a ring). */
    RecentLogs NONE = q -> List.of();

    /** Severity in System.Logger's names, lowest first. */
    enum Level {
        TRACE,
        DEBUG,
        INFO,
        WARNING,
        ERROR;

        /** @throws IllegalArgumentException naming the allowed values */
        public static Level parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "must be one of trace, debug, info, warning, error, was '%s'".formatted(s));
            }
        }
    }

    /**
     * One log line.
     *
     * @param sequence increasing, never reused while the server runs (a page may ask for what is newer)
     * @param message  the formatted message, one line (a thrown exception's class and message appended)
     */
    record Line(long sequence, Instant at, Level level, String logger, String message) {
        public Line {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(logger, "logger");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * @param minimum lines at this level or above
     * @param text    lines whose message contains this, ignoring case (a serial, a hostname), when present
     * @param limit   at most this many, the newest
     */
    record Query(Level minimum, Optional<String> text, int limit) {
        public Query {
            Objects.requireNonNull(minimum, "minimum");
            Objects.requireNonNull(text, "text");
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1, was " + limit);
            }
        }
    }
}
