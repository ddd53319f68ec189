package pideploy.installer.core.workflow;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The whole run's time limit (ADR-0048): once {@code limit} has passed it interrupts the installing thread, which
 * every blocking step of the workflow answers by failing (socket channels, the HTTP client, the pipelines' queues,
 * retry waits); the workflow then asks {@link #expired()} to tell a timeout from other failures. A timer that is
 * {@link #cancel() cancelled} in time never interrupts.
 */
final class RunTimer {
    private final Duration limit;
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private volatile boolean expired;

    private RunTimer(Duration limit) {
        this.limit = limit;
    }

    /** A timer that never fires. */
    static RunTimer none() {
        return new RunTimer(null);
    }

    /** Starts a timer that interrupts {@code worker} once {@code limit} has passed, unless cancelled first. */
    static RunTimer start(Duration limit, Thread worker) {
        RunTimer timer = new RunTimer(limit);
        Thread.ofVirtual().name("pideploy-run-timer").start(() -> {
            try {
                if (!timer.cancelled.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    timer.expired = true;
                    worker.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return timer;
    }

    boolean expired() {
        return expired;
    }

    void cancel() {
        cancelled.countDown();
    }

    /** The failure reason a timeout reports, e.g. {@code timed out after 30m}. */
    String reason() {
        return "timed out after " + brief(limit);
    }

    /** {@code 90s}, {@code 30m}, {@code 2h}: the largest unit that divides the limit, as the option takes it. */
    static String brief(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : String.format(Locale.ROOT, "%ds", s);
    }
}
