package pideploy.installer.core.transfer;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import pideploy.installer.core.port.ImageStream;
import pideploy.installer.core.port.Step;

/**
 * The worker-thread plumbing that the raw stream ({@code workflow.StreamAndWrite}) and the ranged pipeline
 * ({@link SegmentPipeline}) share:
 * <ul>
 *   <li>each worker runs under a guard that records its failure, whatever it throws ({@link Error}s included), as
 *       the run's first {@link TransferFailure};</li>
 *   <li>bounded-queue and semaphore hand-offs poll, so every worker notices an abort within 100 ms;</li>
 *   <li>the abort interrupts only the reader (an interrupt would close the card's channel under the writer) and
 *       closes the stream it reads from;</li>
 *   <li>it is what {@link TransferWatch} reads and stops.</li>
 * </ul>
 * One instance per transfer.
 */
public final class PipelineThreads implements TransferWatch.Pipeline {
    private final System.Logger log;
    private final CountDownLatch done;
    private final LongSupplier written;
    private final AtomicReference<TransferFailure> failure = new AtomicReference<>();
    private final AtomicReference<ImageStream> current = new AtomicReference<>();
    private final AtomicLong lastDataMillis = new AtomicLong();
    private volatile boolean aborted;
    private volatile boolean readerWaitsForBuffer;
    private volatile Thread reader;

    /**
     * @param log     the pipeline's logger (for streams that fail to close)
     * @param workers how many workers will be started; {@link #watch} returns when all have ended
     * @param written bytes on the card so far, for progress
     */
    public PipelineThreads(System.Logger log, int workers, LongSupplier written) {
        this.log = log;
        this.done = new CountDownLatch(workers);
        this.written = written;
    }

    /** A worker's body. */
    @FunctionalInterface
    public interface Work {
        void run() throws IOException, InterruptedException;
    }

    /** Starts the reader, the one worker an abort interrupts; {@code what} names its job in failure messages. */
    public void startReader(String name, String what, Work work) {
        reader = start(name, what, work);
    }

    /**
     * Starts a worker; a failure is recorded as "{@code what} failed: ..." unless it is a {@link TransferFailure},
     * for any {@link Throwable}: the workers wait on each other's queues, so one that ended without a recorded failure
     * would leave the others, and the watch, waiting for it forever (ADR-0015).
     */
    public Thread start(String name, String what, Work work) {
        return Thread.ofPlatform().name(name).daemon().start(() -> {
            try {
                work.run();
            } catch (TransferFailure e) {
                failure.compareAndSet(null, e);
            } catch (InterruptedException e) {
                failure.compareAndSet(null, new TransferFailure(Step.WRITE, "interrupted while " + what));
            } catch (Throwable e) {
                // Errors too: an UnsatisfiedLinkError from a native decoder, an OutOfMemoryError, a class missing
                // from a trimmed runtime. The thread ends either way; the run must end with it, and say why.
                failure.compareAndSet(null, new TransferFailure(Step.WRITE, what + " failed: " + e));
            } finally {
                done.countDown();
            }
        });
    }

    /** Supervises the workers with {@code watch} until all have ended; data counts as arriving from {@code start}. */
    public void watch(TransferWatch watch, long start, long total, RangedTransfer.ProgressSink sink) {
        lastDataMillis.set(start);
        watch.watch(done, start, total, sink, lastDataMillis, current, this);
    }

    /** The first failure of any worker, once all have ended. */
    public Optional<TransferFailure> failure() {
        return Optional.ofNullable(failure.get());
    }

    public boolean isAborted() {
        return aborted;
    }

    /** The reader is now reading from {@code stream} (null: between connections); an abort or a stall closes it. */
    public void reading(ImageStream stream) {
        current.set(stream);
    }

    /** The reader received data at {@code millis}. */
    public void dataArrived(long millis) {
        lastDataMillis.set(millis);
    }

    /** Takes the next item; the reader uses it for free buffers, so waiting there is not counted as a stall. */
    public <T> T takeFree(BlockingQueue<T> queue) throws InterruptedException {
        readerWaitsForBuffer = true;
        try {
            return take(queue);
        } finally {
            readerWaitsForBuffer = false;
        }
    }

    /** Takes the next item, or throws {@link TransferFailure} "aborted" once the run was aborted. */
    public <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        while (true) {
            T item = queue.poll(100, TimeUnit.MILLISECONDS);
            if (item != null) {
                return item;
            }
            failIfAborted();
        }
    }

    /** Puts {@code item}, waiting for room, or throws {@link TransferFailure} "aborted" once the run was aborted. */
    public <T> void put(BlockingQueue<T> queue, T item) throws InterruptedException {
        while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
            failIfAborted();
        }
    }

    /** Acquires a permit, or throws {@link TransferFailure} "aborted" once the run was aborted. */
    public void acquire(Semaphore semaphore) throws InterruptedException {
        while (!semaphore.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            failIfAborted();
        }
    }

    private void failIfAborted() {
        if (aborted) {
            throw new TransferFailure(Step.WRITE, "aborted");
        }
    }

    @Override
    public long written() {
        return written.getAsLong();
    }

    @Override
    public boolean failed() {
        return failure.get() != null;
    }

    @Override
    public void abort() {
        if (!aborted) {
            aborted = true;
            Thread r = reader;
            if (r != null) {
                r.interrupt();
            }
            ImageStream stream = current.get();
            if (stream != null) {
                TransferWatch.closeQuietly(log, stream);
            }
        }
    }

    @Override
    public boolean readerWaitsForBuffer() {
        return readerWaitsForBuffer;
    }

    @Override
    public void fail(String reason) {
        failure.compareAndSet(null, new TransferFailure(Step.WRITE, reason));
        abort();
    }
}
