package pideploy.installer.core.transfer;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import pideploy.installer.core.port.ImageStream;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.Step;

/**
 * The supervision loop shared by the raw stream ({@code workflow.StreamAndWrite}) and the ranged pipeline
 * ({@link SegmentPipeline}): while the worker threads run, it reports progress to the observer every 250 ms and to
 * the {@link RangedTransfer.ProgressSink} every {@code progressInterval}, aborts the pipeline once a worker failed,
 * and closes the current {@link ImageStream} when no data came for {@code stallTimeout} so the reader reconnects.
 * What it calls may fail too (an observer or a server adapter throwing, {@link Error}s included): that fails and
 * aborts the pipeline, and the watch goes on until every worker has ended.
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
    public TransferWatch(
            System.Logger log,
            String context,
            String data,
            InstantSource clock,
            InstallObserver observer,
            Duration progressInterval,
            Duration stallTimeout) {
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

        /** Records {@code reason} as the run's failure unless one is recorded already, and aborts. */
        void fail(String reason);
    }

    /**
     * Returns when {@code done} reaches zero, after a last progress report to the observer unless the pipeline
     * failed, or when the calling thread is interrupted (then the interrupt flag is set again and the pipeline
     * failed with "interrupted").
     *
     * @param lastDataMillis when the reader last received data; reset here on stall and while the reader waits
     * @param current        the stream the reader is reading from, or null between connections
     */
    public void watch(
            CountDownLatch done,
            long start,
            long total,
            RangedTransfer.ProgressSink sink,
            AtomicLong lastDataMillis,
            AtomicReference<ImageStream> current,
            Pipeline pipeline) {
        long lastReport = start;
        try {
            while (!done.await(250, TimeUnit.MILLISECONDS)) {
                try {
                    lastReport = round(start, lastReport, total, sink, lastDataMillis, current, pipeline);
                } catch (Throwable e) {
                    // Keep watching: the workers end only once aborted, and only this loop waits for them.
                    pipeline.fail("watching the transfer failed: " + e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pipeline.fail("interrupted");
            return;
        }
        if (!pipeline.failed()) {
            try {
                long written = pipeline.written();
                observer.progress(Step.WRITE, written, total, rate(written, clock.millis() - start));
            } catch (Throwable e) {
                pipeline.fail("watching the transfer failed: " + e);
            }
        }
    }

    /** One look at the running pipeline; returns when the sink was last told. */
    private long round(
            long start,
            long lastReport,
            long total,
            RangedTransfer.ProgressSink sink,
            AtomicLong lastDataMillis,
            AtomicReference<ImageStream> current,
            Pipeline pipeline) {
        long now = clock.millis();
        long written = pipeline.written();
        double rate = rate(written, now - start);
        long reported = lastReport;
        observer.progress(Step.WRITE, written, total, rate);
        if (now - lastReport >= progressInterval.toMillis()) {
            reported = now;
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
        return reported;
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
