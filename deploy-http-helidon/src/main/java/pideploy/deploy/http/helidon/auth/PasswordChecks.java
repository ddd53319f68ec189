package pideploy.deploy.http.helidon.auth;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs password derivations (PBKDF2, a quarter of a second of CPU each) on a few threads of their own with a short
 * queue, never on a request's thread (ADR-0043). When the queue is full the check is not made and the caller answers
 * "busy, retry later". After each derivation its thread rests as long as the derivation took (ADR-0052): thread
 * priorities do nothing on Linux, so without the rest a flood of logins kept a whole core busy, and on a two-core
 * server the device listener's requests queued behind it. A flood now costs at most half of these threads' cores.
 */
public final class PasswordChecks implements AutoCloseable {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private final ThreadPoolExecutor pool;

    /**
     * @param threads derivations at once; one per two cores leaves the rest to serving devices
     * @param queue derivations waiting; beyond it callers are told to retry
     */
    public PasswordChecks(int threads, int queue) {
        // A queue of at least one: with none, a check arriving while the idle thread has not yet gone back to waiting
        // would be refused although nothing is busy.
        if (threads < 1 || queue < 1) {
            throw new IllegalArgumentException(
                    "password check threads and queue must be >= 1, were %d and %d".formatted(threads, queue));
        }
        AtomicInteger n = new AtomicInteger();
        pool =
                new ThreadPoolExecutor(
                        threads,
                        threads,
                        1,
                        TimeUnit.MINUTES,
                        new ArrayBlockingQueue<>(queue),
                        r -> {
                            Thread t = new Thread(r, "password-check-" + n.incrementAndGet());
                            t.setDaemon(true);
                            t.setPriority(Thread.MIN_PRIORITY);
                            return t;
                        },
                        new ThreadPoolExecutor.AbortPolicy()) {
                    private final ThreadLocal<Long> started = new ThreadLocal<>();

                    @Override
                    protected void beforeExecute(Thread t, Runnable r) {
                        started.set(CPU.getCurrentThreadCpuTime());
                    }

                    @Override
                    protected void afterExecute(Runnable r, Throwable failure) {
                        long ran = CPU.getCurrentThreadCpuTime() - started.get();
                        if (getQueue().isEmpty()) {
                            return; // nothing waiting: no flood to pace, and the next login is not kept waiting
                        }
                        try {
                            TimeUnit.NANOSECONDS.sleep(Math.max(0, ran));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                };
        pool.allowCoreThreadTimeOut(true);
    }

    /** One thread per two cores, and a queue of eight per thread. */
    public static PasswordChecks forThisMachine() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new PasswordChecks(threads, 8 * threads);
    }

    /**
     * Whether the password matches the stored hash, or empty when too many checks are already waiting. Blocks the
     * calling (virtual) thread until the check is done.
     */
    public Optional<Boolean> verify(char[] password, String storedHash) {
        return run(() -> PasswordHash.verify(password, storedHash), false);
    }

    /**
     * Runs {@code work} (which derives a password hash, such as a core use case over the PBKDF2 hasher) on these
     * threads; empty when too many checks are already waiting. Blocks the calling (virtual) thread until it is done.
     *
     * @param interrupted the answer when the calling thread is interrupted while waiting; null for empty
     */
    public <T> Optional<T> run(Supplier<T> work, T interrupted) {
        Future<T> result;
        try {
            result = pool.submit(work::get);
        } catch (RejectedExecutionException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(result.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            return Optional.ofNullable(interrupted);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("password check failed", e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
