package pideploy.installer.core.workflow;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.DeploymentServer;
import pideploy.installer.core.port.ImageRequest;
import pideploy.installer.core.port.ImageStream;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.ServerReply;
import pideploy.installer.core.port.Sleeper;
import pideploy.installer.core.port.Step;
import pideploy.installer.core.transfer.CardWriter;
import pideploy.installer.core.transfer.PipelineThreads;
import pideploy.installer.core.transfer.TransferFailure;
import pideploy.installer.core.transfer.TransferWatch;

/**
 * Streams the image onto the card in one pass with three threads overlapping: a reader fills 64 KiB-aligned direct
 * buffers from the network, a hasher feeds them to SHA-256 and a writer writes them to the card, each buffer going
 * back to a fixed pool once both are done with it (constant memory). The image's first {@value #HEAD_SIZE} bytes are
 * copied aside and not written: the card gets its partition table only when everything else is verified. A dropped
 * or stalled connection resumes with {@code Range} from the first byte not yet received, which is where the hash
 * stopped, so the one-pass hash stays valid.
 */
final class StreamAndWrite {
    static final int HEAD_SIZE = 4096;
    private static final System.Logger LOG = System.getLogger(StreamAndWrite.class.getName());
    private static final Chunk END = new Chunk(null, -1, -1, null);

    /** Receives progress every {@code progressInterval}: bytes on the card so far and the average rate. */
    interface ProgressSink {
        void progress(long bytesWritten, double bytesPerSecond);
    }

    /** What was streamed: the held-back head, the SHA-256 of everything read, and timing. */
    record Streamed(byte[] head, byte[] sha256, long bytes, Duration elapsed) {
        double bytesPerSecond() {
            return rate(bytes, elapsed.toMillis());
        }
    }

    private record Chunk(ByteBuffer buffer, long offset, int length, AtomicInteger pending) {}

    private final DeploymentServer server;
    private final TransferSettings settings;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final InstallObserver observer;
    private final String context;

    StreamAndWrite(
            DeploymentServer server,
            TransferSettings settings,
            RetryPolicy retry,
            Sleeper sleeper,
            InstantSource clock,
            RandomGenerator random,
            InstallObserver observer,
            String context) {
        this.server = server;
        this.settings = settings;
        this.retry = retry;
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
        this.observer = observer;
        this.context = context;
    }

    /** Streams {@code config}'s image onto {@code card}; throws {@link StepFailure} (step write) on any failure. */
    Streamed run(CardWriter card, DeploymentConfig config, ProgressSink sink) {
        return new Run(card, config).execute(sink);
    }

    private final class Run {
        private final CardWriter card;
        private final DeploymentConfig config;
        private final long size;
        private final int headLength;
        private final byte[] head;
        private final BlockingQueue<ByteBuffer> free;
        private final BlockingQueue<Chunk> toHash;
        private final BlockingQueue<Chunk> toWrite;
        private final AtomicLong received = new AtomicLong();
        private final AtomicLong written = new AtomicLong();
        private final PipelineThreads threads = new PipelineThreads(LOG, 3, () -> written.get());
        private final MessageDigest digest;

        Run(CardWriter card, DeploymentConfig config) {
            this.card = card;
            this.config = config;
            this.size = config.imageSize();
            this.headLength = (int) Math.min(HEAD_SIZE, size);
            this.head = new byte[headLength];
            this.free = new ArrayBlockingQueue<>(settings.bufferCount());
            for (int i = 0; i < settings.bufferCount(); i++) {
                free.add(AlignedBuffers.allocate(settings.bufferSize()));
            }
            this.toHash = new ArrayBlockingQueue<>(settings.bufferCount() + 1);
            this.toWrite = new ArrayBlockingQueue<>(settings.bufferCount() + 1);
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        Streamed execute(ProgressSink sink) {
            long start = clock.millis();
            threads.startReader("pideploy-read", "reading", this::read);
            threads.start("pideploy-hash", "hashing", this::hash);
            threads.start("pideploy-write", "writing", this::write);
            threads.watch(
                    new TransferWatch(
                            LOG,
                            context,
                            "image data",
                            clock,
                            observer,
                            settings.progressInterval(),
                            settings.stallTimeout()),
                    start,
                    size,
                    sink::progress);
            if (threads.failure().isPresent()) {
                throw new StepFailure(Step.WRITE, threads.failure().get().getMessage());
            }
            Duration elapsed = Duration.ofMillis(clock.millis() - start);
            return new Streamed(head, digest.digest(), written.get(), elapsed);
        }

        // --- reader: network -> buffers, resuming with Range where the stream broke off ---------------------------

        private void read() throws IOException, InterruptedException {
            long offset = 0;
            long chunkStart = 0;
            ByteBuffer buffer = nextBuffer(offset);
            Optional<String> etag = Optional.empty();
            int failures = 0;
            while (offset < size) {
                if (threads.isAborted()) {
                    return;
                }
                ServerReply<ImageStream> reply = server.openImage(new ImageRequest(config.imageUrl(), offset, etag));
                ImageStream stream;
                switch (reply) {
                    case ServerReply.Accepted<ImageStream> accepted -> stream = accepted.value();
                    case ServerReply.Rejected<ImageStream> rejected ->
                        throw new TransferFailure(
                                Step.WRITE,
                                "the server refused the image %s from byte %d: %s"
                                        .formatted(config.imageUrl(), offset, rejected.describe()));
                    case ServerReply.Unreachable<ImageStream> unreachable -> {
                        failures = retryOrFail(++failures, offset, unreachable.reason());
                        continue;
                    }
                }
                threads.reading(stream);
                try {
                    checkStream(stream, offset, etag);
                    if (etag.isEmpty()) {
                        etag = stream.etag();
                    }
                    while (offset < size) {
                        int n = stream.read(buffer);
                        if (n < 0) {
                            throw new EOFException(
                                    "the server closed the connection at byte %d of %d".formatted(offset, size));
                        }
                        if (n == 0) {
                            continue;
                        }
                        offset += n;
                        received.set(offset);
                        threads.dataArrived(clock.millis());
                        failures = 0;
                        if (!buffer.hasRemaining()) {
                            submit(buffer, chunkStart);
                            chunkStart = offset;
                            if (offset < size) {
                                buffer = nextBuffer(offset);
                            }
                        }
                    }
                } catch (IOException e) {
                    if (threads.isAborted()) {
                        return;
                    }
                    failures = retryOrFail(++failures, offset, e.toString());
                } finally {
                    threads.reading(null);
                    closeQuietly(stream);
                }
            }
            threads.put(toHash, END);
            threads.put(toWrite, END);
        }

        private void checkStream(ImageStream stream, long offset, Optional<String> etag) {
            if (stream.imageSize() != size) {
                throw new TransferFailure(
                        Step.WRITE,
                        "the server's image %s is %d bytes, but the config said %d"
                                .formatted(config.imageUrl(), stream.imageSize(), size));
            }
            if (stream.firstByte() != offset) {
                throw new TransferFailure(
                        Step.WRITE,
                        ("the server answered the resume from byte %d with bytes from %d: "
                                        + "the image changed on the server during the transfer (ETag was %s, now %s)")
                                .formatted(
                                        offset,
                                        stream.firstByte(),
                                        etag.orElse("none"),
                                        stream.etag().orElse("none")));
            }
        }

        private int retryOrFail(int failures, long offset, String reason) throws InterruptedException {
            if (failures > settings.maxResumes()) {
                throw new TransferFailure(
                        Step.WRITE,
                        "the image transfer broke off at byte %d of %d and %d attempts to "
                                        .formatted(offset, size, failures)
                                + "resume failed; last error: " + reason);
            }
            Duration wait = retry.backoff(failures, random);
            LOG.log(
                    Level.WARNING,
                    "{0}: image transfer interrupted at byte {1} ({2}); resuming in {3} ms",
                    context,
                    offset,
                    reason,
                    wait.toMillis());
            observer.note("transfer interrupted at byte %d (%s); resuming with Range".formatted(offset, reason));
            sleeper.sleep(wait);
            return failures;
        }

        private ByteBuffer nextBuffer(long offset) throws InterruptedException {
            ByteBuffer buffer = threads.takeFree(free);
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), size - offset));
            return buffer;
        }

        private void submit(ByteBuffer buffer, long chunkStart) throws InterruptedException {
            int length = buffer.position();
            if (chunkStart < headLength) {
                buffer.get(0, head, 0, headLength);
            }
            Chunk chunk = new Chunk(buffer, chunkStart, length, new AtomicInteger(2));
            threads.put(toHash, chunk);
            threads.put(toWrite, chunk);
        }

        // --- hasher ------------------------------------------------------------------------------------------------

        private void hash() throws InterruptedException {
            for (Chunk chunk = threads.take(toHash); chunk != END; chunk = threads.take(toHash)) {
                digest.update(chunk.buffer().duplicate().limit(chunk.length()).position(0));
                release(chunk);
            }
        }

        // --- writer: buffers -> card, everything but the head ------------------------------------------------------

        private void write() throws IOException, InterruptedException {
            // Flushes run on their own thread so the card keeps receiving data while the previous part is flushed;
            // a synchronous flush left the disk idle while the cache filled and halved the rate (benchmark).
            ExecutorService flusher = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().name("pideploy-flush").daemon().factory());
            try {
                writeChunks(flusher);
            } finally {
                flusher.shutdown();
            }
        }

        private void writeChunks(ExecutorService flusher) throws IOException, InterruptedException {
            Future<?> flush = CompletableFuture.completedFuture(null);
            long sinceSync = 0;
            for (Chunk chunk = threads.take(toWrite); chunk != END; chunk = threads.take(toWrite)) {
                long from = Math.max(chunk.offset(), headLength);
                long end = chunk.offset() + chunk.length();
                if (from < end) {
                    card.write(
                            chunk.buffer().duplicate().limit(chunk.length()).position((int) (from - chunk.offset())),
                            from);
                }
                sinceSync += chunk.length();
                if (sinceSync >= settings.syncEvery()) {
                    // At most one flush in flight: the page cache never holds more than two flush intervals.
                    awaitFlush(flush);
                    flush = flusher.submit(() -> {
                        card.force();
                        return null;
                    });
                    sinceSync = 0;
                }
                written.set(end);
                release(chunk);
            }
            awaitFlush(flush);
            card.force();
        }

        private void awaitFlush(Future<?> flush) throws IOException, InterruptedException {
            try {
                flush.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException("flushing the card failed: " + e.getCause(), e.getCause());
            }
        }

        private void release(Chunk chunk) {
            if (chunk.pending().decrementAndGet() == 0) {
                free.add(chunk.buffer());
            }
        }
    }

    static double rate(long bytes, long millis) {
        return TransferWatch.rate(bytes, millis);
    }

    static void closeQuietly(AutoCloseable closeable) {
        TransferWatch.closeQuietly(LOG, closeable);
    }
}
