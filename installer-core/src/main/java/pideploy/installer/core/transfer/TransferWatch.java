package pideploy.installer.core.transfer;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import pideploy.installer.core.port.ImageStream;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.Step;

/**
 * The supervision loop shared by the raw stream ({@code workflow.StreamAndWrite}) and the ranged pipeline
 * ({@link SegmentPipeline}): while the worker threads run, it reports progress to the observer every 250 ms and to
 * the {@link RangedTransfer.ProgressSink} every {@code progressInterval}, aborts the pipeline once a worker failed,
 * and closes the current {@link ImageStream} when no data came for {@code stallTimeout} so the reader reconnects.
 * It lives here because the workflow already depends on this package, not the other way round.
 */
public final class TransferWatch {
    private final System.Logger log;
    private final String context;
    private final String data;
    private final InstantSource clock;
    private final InstallObserver observer;
    private final Duration progressInterval;
    private final Duration stallTimeout;

    /**
     * @param log  the pipeline's own logger, so its warnings keep their logger name
     * @param data what the stream carries, for the stall warning ("image data", "transfer data")
     */
    public TransferWatch(System.Logger log, String context, String data, InstantSource clock,
                         InstallObserver observer, Duration progressInterval, Duration stallTimeout) {
        this.log = log;
        this.context = context;
        this.data = data;
        this.clock = clock;
        this.observer = observer;
        this.progressInterval = progressInterval;
        this.stallTimeout = stallTimeout;
    }

    /** What the watch reads from and does to one running pipeline. */
    public interface Pipeline {
        /** Bytes on the card so far. */
        long written();

        boolean failed();

        /** Stops the pipeline after a failure; called on every round while failed, so it must be idempotent. */
        void abort();

        /** True while the reader waits for a free buffer: the card or the CPU holds it back, not the network. */
        boolean readerWaitsForBuffer();

        /** Records the failure "interrupted" (the pipeline's own representation) and aborts. */
        void interrupted();
    }

    /**
     * Returns when {@code done} reaches zero or the calling thread is interrupted (then the interrupt flag is set
     * again and {@link Pipeline#interrupted()} was called).
     *
     * @param lastDataMillis when the reader last received data; reset here on stall and while the reader waits
     * @param current        the stream the reader is reading from, or null between connections
     */
    public void watch(CountDownLatch done, long start, long total, RangedTransfer.ProgressSink sink,
                      AtomicLong lastDataMillis, AtomicReference<ImageStream> current, Pipeline pipeline) {
        long lastReport = start;
        try {
            while (!done.await(250, TimeUnit.MILLISECONDS)) {
                long now = clock.millis();
                long written = pipeline.written();
                double rate = rate(written, now - start);
                observer.progress(Step.WRITE, written, total, rate);
                if (now - lastReport >= progressInterval.toMillis()) {
                    lastReport = now;
                    sink.progress(written, rate);
                }
                if (pipeline.failed()) {
                    pipeline.abort();
                } else if (pipeline.readerWaitsForBuffer()) {
                    // The card or the CPU holds the reader back; that is not a stalled connection.
                    lastDataMillis.set(now);
                } else if (now - lastDataMillis.get() > stallTimeout.toMillis()) {
                    lastDataMillis.set(now);
                    ImageStream stalled = current.get();
                    if (stalled != null) {
                        log.log(Level.WARNING, "{0}: no " + data + " for {1}; reconnecting", context, stallTimeout);
                        closeQuietly(log, stalled);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pipeline.interrupted();
        }
    }

    /** Bytes per second, 0 before any time has passed. */
    public static double rate(long bytes, long millis) {
        return millis <= 0 ? 0 : bytes * 1000.0 / millis;
    }

    /** Closes {@code closeable}, logging a failure at DEBUG on {@code log}: it is only ever closed to give up on it. */
    public static void closeQuietly(System.Logger log, AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.log(Level.DEBUG, "closing {0} failed: {1}", closeable, e);
        }
    }
}
