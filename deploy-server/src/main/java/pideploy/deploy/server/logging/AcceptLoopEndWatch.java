package pideploy.deploy.server.logging;

import java.util.function.BiConsumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Forwards Helidon's record of a listener's accept loop ending ("... this server socket is terminating now", logged
 * by {@code io.helidon.webserver.ServerListener} on its thread {@code server-<socket>-listener}) to the HTTP
 * adapter's listener watch (ADR-0044). Seeing the record needs no file descriptor, so the end is noticed even
 * while descriptors are exhausted, which is when it happens.
 */
public final class AcceptLoopEndWatch extends Handler {
    private static final String HELIDON_LISTENER = "io.helidon.webserver.ServerListener";
    private static final String PREFIX = "server-";
    private static final String SUFFIX = "-listener";

    private final BiConsumer<String, String> ended;
    private final Logger logger;

    private AcceptLoopEndWatch(BiConsumer<String, String> ended) {
        this.ended = ended;
        this.logger = Logger.getLogger(HELIDON_LISTENER);
    }

    /** Attaches to Helidon's listener logger; {@code ended} gets the socket name and the exception's message. */
    public static AcceptLoopEndWatch install(BiConsumer<String, String> ended) {
        AcceptLoopEndWatch w = new AcceptLoopEndWatch(ended);
        w.setLevel(Level.SEVERE);
        w.logger.addHandler(w);
        return w;
    }

    @Override
    public void publish(LogRecord r) {
        String message = r.getMessage();
        String thread = Thread.currentThread().getName();
        if (r.getLevel().intValue() < Level.SEVERE.intValue()
                || message == null
                || !message.contains("terminating now")
                || !thread.startsWith(PREFIX)
                || !thread.endsWith(SUFFIX)) {
            return;
        }
        String socket = thread.substring(PREFIX.length(), thread.length() - SUFFIX.length());
        Throwable t = r.getThrown();
        ended.accept(socket, t == null ? message : String.valueOf(t.getMessage()));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
