package pideploy.deploy.server.logging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import pideploy.deploy.http.helidon.manage.RecentLogs;

/**
 * The server's recent log lines in memory (ADR-0088): a JUL handler on the root logger that keeps the last
 * {@code capacity} records it is given, each cut to {@value #MAX_MESSAGE} characters, so memory stays bounded
 * whatever the devices do. It sees what the server's log level lets through, the same lines as the log files.
 *
 * <p>Attached by the server while it runs. {@link LogSetup} keeps attached rings through its resets and leaves the
 * logging alone for an admin command run in the same JVM (tests, the demo), so such a command changes nothing of
 * what the ring captures. (JUL's {@code Level} is written out in full here: {@link RecentLogs.Level} shadows it.)
 */
public final class LogRing extends Handler implements RecentLogs {
    /** Lines kept by a server: about a day of a busy venue's INFO lines, a few MiB at most. */
    public static final int CAPACITY = 5000;
    /** Longest message kept; the log files have the rest. */
    static final int MAX_MESSAGE = 2000;

    private static final Set<LogRing> ATTACHED = ConcurrentHashMap.newKeySet();
    /** Only for {@link Formatter#formatMessage}: the record's parameters put into its pattern. */
    private static final Formatter MESSAGES = new OneLineFormatter();

    private final Line[] lines;
    private long written;

    LogRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("log ring capacity must be at least 1, was " + capacity);
        }
        lines = new Line[capacity];
        setLevel(java.util.logging.Level.ALL);
    }

    /** A ring of {@code capacity} lines on the root logger, until {@link #detach()}. */
    public static LogRing attach(int capacity) {
        LogSetup.serverStarting();
        LogRing ring = new LogRing(capacity);
        ATTACHED.add(ring);
        Logger.getLogger("").addHandler(ring);
        return ring;
    }

    /** Off the root logger; its lines stay readable. Idempotent. */
    public void detach() {
        Logger.getLogger("").removeHandler(this);
        ATTACHED.remove(this);
    }

    /** Whether a server in this JVM keeps a ring (so its logging must not be reconfigured under it). */
    static boolean anyAttached() {
        return !ATTACHED.isEmpty();
    }

    /** Puts the attached rings back on the root logger after {@code LogManager.reset()} took every handler off. */
    static void reattach() {
        Logger root = Logger.getLogger("");
        for (LogRing ring : ATTACHED) {
            root.removeHandler(ring);
            root.addHandler(ring);
        }
    }

    @Override
    public void publish(LogRecord r) {
        if (r == null || !isLoggable(r)) {
            return;
        }
        String message;
        try {
            message = MESSAGES.formatMessage(r);
        } catch (RuntimeException e) {
            message = String.valueOf(r.getMessage());
        }
        if (r.getThrown() != null) {
            message += " (" + r.getThrown().getClass().getSimpleName() + ": "
                    + r.getThrown().getMessage() + ")";
        }
        message = message.replace('\n', ' ').replace('\r', ' ');
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
        logger = logger.substring(logger.lastIndexOf('.') + 1);
        synchronized (this) {
            lines[(int) (written % lines.length)] =
                    new Line(written + 1, r.getInstant(), level(r.getLevel()), logger, message);
            written++;
        }
    }

    @Override
    public List<Line> lines(Query query) {
        String text = query.text().map(t -> t.toLowerCase(Locale.ROOT)).orElse(null);
        List<Line> found = new ArrayList<>();
        synchronized (this) {
            long oldest = Math.max(0, written - lines.length);
            for (long i = written - 1; i >= oldest && found.size() < query.limit(); i--) {
                Line line = lines[(int) (i % lines.length)];
                if (line.level().compareTo(query.minimum()) >= 0
                        && (text == null
                                || line.message().toLowerCase(Locale.ROOT).contains(text))) {
                    found.add(line);
                }
            }
        }
        Collections.reverse(found);
        return found;
    }

    static RecentLogs.Level level(java.util.logging.Level jul) {
        int v = jul.intValue();
        if (v >= java.util.logging.Level.SEVERE.intValue()) {
            return RecentLogs.Level.ERROR;
        }
        if (v >= java.util.logging.Level.WARNING.intValue()) {
            return RecentLogs.Level.WARNING;
        }
        if (v >= java.util.logging.Level.CONFIG.intValue()) {
            return RecentLogs.Level.INFO;
        }
        return v >= java.util.logging.Level.FINE.intValue() ? RecentLogs.Level.DEBUG : RecentLogs.Level.TRACE;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        detach();
    }
}
