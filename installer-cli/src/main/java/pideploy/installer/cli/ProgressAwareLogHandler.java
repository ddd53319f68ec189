package pideploy.installer.cli;

import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Wraps a java.util.logging handler that writes to the terminal the progress line is drawn on: before each record it
 * wipes the open progress line, so a log line is never written over it or glued to its end.
 */
final class ProgressAwareLogHandler extends Handler {
    private final Handler delegate;
    private final ConsoleObserver console;

    ProgressAwareLogHandler(Handler delegate, ConsoleObserver console) {
        this.delegate = delegate;
        this.console = console;
        setLevel(delegate.getLevel());
    }

    @Override
    public void publish(LogRecord record) {
        if (!delegate.isLoggable(record)) {
            return;
        }
        // Under the console's lock, so no progress line is drawn between the wipe and the log line.
        synchronized (console) {
            console.clearProgressLine();
            delegate.publish(record);
            delegate.flush();
        }
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Puts every handler of the root logger behind one of these; running the returned action puts them back. */
    static Runnable install(ConsoleObserver console) {
        Logger root = Logger.getLogger("");
        Handler[] original = root.getHandlers();
        for (Handler h : original) {
            root.removeHandler(h);
            root.addHandler(new ProgressAwareLogHandler(h, console));
        }
        return () -> {
            for (Handler h : root.getHandlers()) {
                if (h instanceof ProgressAwareLogHandler) {
                    root.removeHandler(h);
                }
            }
            for (Handler h : original) {
                root.addHandler(h);
            }
        };
    }
}
