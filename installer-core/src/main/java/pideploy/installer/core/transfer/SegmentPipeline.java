package pideploy.installer.core.transfer;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import pideploy.installer.core.port.DeploymentServer;
import pideploy.installer.core.port.ImageRequest;
import pideploy.installer.core.port.ImageStream;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.RangeCodec;
import pideploy.installer.core.port.ReadBack;
import pideploy.installer.core.port.ServerReply;
import pideploy.installer.core.port.Sleeper;
import pideploy.installer.core.port.Step;
import pideploy.installer.core.port.TransferIndex;
import pideploy.installer.core.transfer.RangedTransfer.Written;

/**
 * One ranged transfer, up to six threads in a pipeline joined by bounded queues (constant memory): the reader pulls
 * each segment's compressed frame off one HTTP response into a frame buffer; the decoder inflates it into a 64 KiB-
 * aligned direct segment buffer; the checker hashes the segment and passes it on only if it matches the index (and
 * adds that hash to the hash list that must end as {@code mapped_sha256}); the writer puts it on the card at its
 * offset (all but the image's first 4 KiB), while a flusher forces the card about every {@code syncEvery} bytes
 * beside it (the writer waits only when two syncEvery are unflushed); when a {@link ReadBack} is given, a verifier
 * reads back each flushed window's segments, bypassing the page cache, while later ones are still being written, so
 * only the last window's read-back follows the last write. A dropped or stalled connection resumes with
 * {@code Range} from the frame of the first segment not yet received whole, so every segment passes each stage
 * exactly once and in order.
 */
final class SegmentPipeline {
    static final int HEAD_SIZE = 4096;
    private static final System.Logger LOG = System.getLogger(SegmentPipeline.class.getName());
    private static final HexFormat HEX = HexFormat.of();
    private static final Frame FRAME_END = new Frame(-1, null);
    private static final Piece PIECE_END = new Piece(-1, null, null, null);

    private record Frame(int segment, ByteBuffer buffer) {}

    /**
     * A decoded segment: {@code data} (index 0 is the segment's first byte) is a view of the pooled {@code buffer}
     * placed so that its address has the same offset to a 64 KiB boundary as the segment's card offset, which lets
     * the {@link CardWriter} write its aligned middle past the page cache.
     */
    private record Piece(int segment, ByteBuffer data, ByteBuffer buffer, AtomicInteger pending) {}

    private final DeploymentServer server;
    private final RangeCodec codec;
    private final PipelineSettings settings;
    private final IntFunction<Duration> backoff;
    private final Sleeper sleeper;
    private final InstantSource clock;
    private final InstallObserver observer;
    private final String context;
    private final RangedTransfer.Plan plan;
    private final List<TransferIndex.Segment> segments;
    private final long total;
    private final int headLength;
    private final byte[] head;
    private final BlockingQueue<ByteBuffer> freeFrames;
    private final BlockingQueue<ByteBuffer> freeSegments;
    private final BlockingQueue<Frame> frames;
    private final BlockingQueue<Piece> toCheck;
    private final BlockingQueue<Piece> toWrite;
    private final AtomicLong written = new AtomicLong();
    private final Semaphore verifyRequests = new Semaphore(0);
    private final AtomicLong verified = new AtomicLong();
    private final Semaphore flushRequests = new Semaphore(0);
    private final Semaphore flushDone = new Semaphore(0);
    private final AtomicLong flushed = new AtomicLong();
    /** Nanoseconds each stage spent working (not waiting on its queues): says where the bottleneck is. */
    private final AtomicLong readNanos = new AtomicLong();

    private final AtomicLong decodeNanos = new AtomicLong();
    private final AtomicLong checkNanos = new AtomicLong();
    private final AtomicLong verifyNanos = new AtomicLong();
    private final AtomicLong writeNanos = new AtomicLong();
    private final AtomicLong flushNanos = new AtomicLong();
    private volatile boolean writerDone;
    /** The hash list: SHA-256 over the hex sha256 of every segment that passed the checker, in order. */
    private final MessageDigest mapped = Buffers.sha256();

    private PipelineThreads threads;

    SegmentPipeline(
            DeploymentServer server,
            RangeCodec codec,
            PipelineSettings settings,
            IntFunction<Duration> backoff,
            Sleeper sleeper,
            InstantSource clock,
            InstallObserver observer,
            String context,
            RangedTransfer.Plan plan) {
        this.server = server;
        this.codec = codec;
        this.settings = settings;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.clock = clock;
        this.observer = observer;
        this.context = context;
        this.plan = plan;
        this.segments = plan.index().segments();
        this.total = plan.index().mappedBytes();
        this.headLength = (int) Math.min(HEAD_SIZE, plan.index().imageSize());
        this.head = new byte[headLength];
        int count = settings.bufferCount();
        this.freeFrames = new ArrayBlockingQueue<>(count);
        for (int i = 0; i < count; i++) {
            freeFrames.add(Buffers.allocate(Math.max(1, plan.index().maxFrameLength())));
        }
        // Two more segment buffers than frames: the checker and the writer each hold one while the decoder fills;
        // each has room to place a segment at its card offset's distance from a 64 KiB boundary.
        this.freeSegments = new ArrayBlockingQueue<>(count + 2);
        for (int i = 0; i < count + 2; i++) {
            freeSegments.add(Buffers.allocate(Math.max(1, plan.index().maxSegmentLength()) + Buffers.ALIGNMENT));
        }
        this.frames = new ArrayBlockingQueue<>(count + 1);
        this.toCheck = new ArrayBlockingQueue<>(count + 3);
        this.toWrite = new ArrayBlockingQueue<>(count + 3);
    }

    /**
     * @param readBack when present, every segment is read back and verified during the transfer (after the flush
     *                 that covered it); when null, nothing is read back here
     * @param cardSize the card's size in bytes (read-back windows stop there)
     */
    Written run(CardWriter card, ReadBack readBack, long cardSize, RangedTransfer.ProgressSink sink) {
        long start = clock.millis();
        threads = new PipelineThreads(LOG, readBack == null ? 5 : 6, written::get);
        threads.startReader("pideploy-zread", "reading", this::read);
        threads.start("pideploy-zdecode", "decompressing", this::decode);
        threads.start("pideploy-zcheck", "hashing", this::check);
        threads.start("pideploy-zwrite", "writing", () -> write(card));
        threads.start("pideploy-zflush", "flushing", () -> flush(card));
        if (readBack != null) {
            threads.start("pideploy-zverify", "reading back", () -> verifyBack(readBack, cardSize));
        }
        threads.watch(
                new TransferWatch(
                        LOG,
                        context,
                        "transfer data",
                        clock,
                        observer,
                        settings.progressInterval(),
                        settings.stallTimeout()),
                start,
                total,
                sink);
        if (threads.failure().isPresent()) {
            throw threads.failure().get();
        }
        Duration elapsed = Duration.ofMillis(clock.millis() - start);
        LOG.log(
                Level.INFO,
                "{0}: {1} mapped bytes in {2} ms; busy ms: read {3}, decompress {4}, hash {5}, "
                        + "write {6}, flush {7}, read back {8} ({9} bytes); written past the page cache: {10} bytes",
                context,
                written.get(),
                elapsed.toMillis(),
                readNanos.get() / 1_000_000,
                decodeNanos.get() / 1_000_000,
                checkNanos.get() / 1_000_000,
                writeNanos.get() / 1_000_000,
                flushNanos.get() / 1_000_000,
                verifyNanos.get() / 1_000_000,
                verified.get(),
                card.directBytes());
        byte[] mappedSha256 = mapped.digest();
        String actual = HEX.formatHex(mappedSha256);
        if (written.get() != total || !actual.equals(plan.index().mappedSha256())) {
            throw new TransferFailure(
                    Step.VERIFY,
                    ("the %d mapped bytes received have a hash list (SHA-256 over the "
                                    + "segments' sha256) of %s but the index says %d bytes with mapped_sha256 %s: the served data is "
                                    + "corrupt")
                            .formatted(
                                    written.get(), actual, total, plan.index().mappedSha256()));
        }
        if (readBack != null && verified.get() != total) {
            throw new TransferFailure(Step.VERIFY, "read back %d of %d mapped bytes".formatted(verified.get(), total));
        }
        return new Written(head, mappedSha256, written.get(), elapsed, verified.get());
    }

    // --- reader: one GET of the data file, resumed with Range at a frame boundary -------------------------------

    private void read() throws InterruptedException {
        String url = plan.form().dataUrl();
        long size = plan.index().compressedBytes();
        int next = 0;
        Optional<String> etag = Optional.empty();
        int failures = 0;
        while (next < segments.size()) {
            if (threads.isAborted()) {
                return;
            }
            long from = segments.get(next).zoffset();
            ServerReply<ImageStream> reply = server.openImage(new ImageRequest(url, from, etag));
            ImageStream stream;
            switch (reply) {
                case ServerReply.Accepted<ImageStream> accepted -> stream = accepted.value();
                case ServerReply.Rejected<ImageStream> rejected ->
                    throw new TransferFailure(
                            Step.WRITE,
                            "the server refused the transfer data %s from byte %d: %s"
                                    .formatted(url, from, rejected.describe()));
                case ServerReply.Unreachable<ImageStream> unreachable -> {
                    failures = retryOrFail(++failures, from, unreachable.reason());
                    continue;
                }
            }
            threads.reading(stream);
            try {
                if (stream.imageSize() != size) {
                    throw new TransferFailure(
                            Step.WRITE,
                            "the server's transfer data %s is %d bytes, the index says %d"
                                    .formatted(url, stream.imageSize(), size));
                }
                if (stream.firstByte() != from) {
                    throw new TransferFailure(
                            Step.WRITE,
                            ("the server answered the resume from byte %d of %s with "
                                            + "bytes from %d: the data changed on the server during the transfer")
                                    .formatted(from, url, stream.firstByte()));
                }
                if (etag.isEmpty()) {
                    etag = stream.etag();
                }
                while (next < segments.size()) {
                    TransferIndex.Segment segment = segments.get(next);
                    ByteBuffer buffer = threads.takeFree(freeFrames);
                    buffer.clear().limit((int) segment.zlength());
                    try {
                        while (buffer.hasRemaining()) {
                            long t0 = System.nanoTime();
                            int n = stream.read(buffer);
                            readNanos.addAndGet(System.nanoTime() - t0);
                            if (n < 0) {
                                throw new EOFException("the server closed the connection at byte %d of %d"
                                        .formatted(segment.zoffset() + buffer.position(), size));
                            }
                            if (n > 0) {
                                threads.dataArrived(clock.millis());
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        freeFrames.add(buffer);
                        throw e;
                    }
                    failures = 0;
                    threads.put(frames, new Frame(next, buffer.flip()));
                    next++;
                }
            } catch (IOException e) {
                if (threads.isAborted()) {
                    return;
                }
                failures = retryOrFail(++failures, segments.get(next).zoffset(), e.toString());
            } finally {
                threads.reading(null);
                closeQuietly(stream);
            }
        }
        threads.put(frames, FRAME_END);
    }

    private int retryOrFail(int failures, long zoffset, String reason) throws InterruptedException {
        if (failures > settings.maxResumes()) {
            throw new TransferFailure(
                    Step.WRITE,
                    ("the transfer broke off at compressed byte %d of %d and %d attempts "
                                    + "to resume failed; last error: %s")
                            .formatted(zoffset, plan.index().compressedBytes(), failures, reason));
        }
        Duration wait = backoff.apply(failures);
        LOG.log(
                Level.WARNING,
                "{0}: transfer interrupted before compressed byte {1} ({2}); resuming in {3} ms",
                context,
                zoffset,
                reason,
                wait.toMillis());
        observer.note(
                "transfer interrupted at compressed byte %d (%s); resuming with Range".formatted(zoffset, reason));
        sleeper.sleep(wait);
        return failures;
    }

    // --- decoder -------------------------------------------------------------------------------------------------

    private void decode() throws InterruptedException {
        try (RangeCodec.FrameDecoder decoder = codec.newDecoder()) {
            for (Frame frame = threads.take(frames); frame != FRAME_END; frame = threads.take(frames)) {
                TransferIndex.Segment segment = segments.get(frame.segment());
                ByteBuffer raw = threads.take(freeSegments);
                int shift = (int) (segment.offset() % Buffers.ALIGNMENT);
                raw.clear().position(shift);
                int produced;
                long t0 = System.nanoTime();
                try {
                    produced = decoder.decode(frame.buffer(), raw);
                    decodeNanos.addAndGet(System.nanoTime() - t0);
                } catch (RangeCodec.CorruptFrameException e) {
                    throw new TransferFailure(
                            Step.VERIFY,
                            ("the segment at offset %d (frame at compressed byte %d) "
                                            + "cannot be decompressed: %s; the served data is corrupt")
                                    .formatted(segment.offset(), segment.zoffset(), e.getMessage()));
                } finally {
                    freeFrames.add(frame.buffer());
                }
                if (produced != segment.length()) {
                    throw new TransferFailure(
                            Step.VERIFY,
                            ("the segment at offset %d decompressed to %d bytes but the "
                                            + "index says %d: the served data is corrupt")
                                    .formatted(segment.offset(), produced, segment.length()));
                }
                threads.put(toCheck, new Piece(frame.segment(), raw.slice(shift, produced), raw, new AtomicInteger(1)));
            }
        }
        threads.put(toCheck, PIECE_END);
    }

    // --- checker: nothing reaches the card before its hash matched ------------------------------------------------

    private void check() throws InterruptedException {
        MessageDigest digest = Buffers.sha256();
        for (Piece piece = threads.take(toCheck); piece != PIECE_END; piece = threads.take(toCheck)) {
            TransferIndex.Segment segment = segments.get(piece.segment());
            long t0 = System.nanoTime();
            digest.update(piece.data().duplicate());
            String actual = HEX.formatHex(digest.digest());
            checkNanos.addAndGet(System.nanoTime() - t0);
            if (!actual.equals(segment.sha256())) {
                throw new TransferFailure(
                        Step.VERIFY,
                        ("the segment at offset %d (%d bytes) has SHA-256 %s but the "
                                        + "index says %s: the served data is corrupt")
                                .formatted(segment.offset(), segment.length(), actual, segment.sha256()));
            }
            // The hash list over what actually passed, in order: a segment skipped or repeated by a bug shows.
            mapped.update(actual.getBytes(StandardCharsets.US_ASCII));
            if (segment.offset() < headLength) {
                int n = (int) Math.min(headLength - segment.offset(), segment.length());
                piece.data().get(0, head, (int) segment.offset(), n);
            }
            threads.put(toWrite, piece);
        }
        threads.put(toWrite, PIECE_END);
    }

    // --- writer: segments at their offsets, everything but the head ------------------------------------------------

    private void write(CardWriter card) throws IOException, InterruptedException {
        long requestedAt = 0;
        for (Piece piece = threads.take(toWrite); piece != PIECE_END; piece = threads.take(toWrite)) {
            TransferIndex.Segment segment = segments.get(piece.segment());
            long from = Math.max(segment.offset(), headLength);
            if (from < segment.end()) {
                ByteBuffer slice = piece.data().duplicate().position((int) (from - segment.offset()));
                long t0 = System.nanoTime();
                card.write(slice, from);
                writeNanos.addAndGet(System.nanoTime() - t0);
            }
            long total = written.addAndGet(segment.length());
            release(piece);
            if (total - requestedAt >= settings.syncEvery()) {
                requestedAt = total;
                flushRequests.release();
            }
            // Flushing runs beside the writing (an fsync each syncEvery in turn cost this pipeline half its rate
            // on a file target); the writer waits only when more than two syncEvery are not yet on the card.
            while (total - flushed.get() > 2 * settings.syncEvery()) {
                threads.acquire(flushDone);
            }
        }
        writerDone = true;
        flushRequests.release();
    }

    /**
     * Flushes the card on request, off the writer's thread, folding requests that arrived meanwhile into one fsync;
     * the last flush follows the last write.
     */
    private void flush(CardWriter card) throws IOException, InterruptedException {
        while (true) {
            threads.acquire(flushRequests);
            flushRequests.drainPermits();
            boolean last = writerDone;
            long upTo = written.get();
            long t0 = System.nanoTime();
            card.force();
            flushNanos.addAndGet(System.nanoTime() - t0);
            flushed.set(upTo);
            flushDone.release();
            verifyRequests.release();
            if (last) {
                return;
            }
        }
    }

    /**
     * Reads back, after each flush, the segments that flush put on the card, while the writer goes on with later
     * ones; the last window follows the last flush. Segments are written in order, so the flushed byte count names
     * a prefix of them.
     */
    private void verifyBack(ReadBack readBack, long cardSize) throws InterruptedException {
        SegmentReadBack verifier = new SegmentReadBack(settings, observer, plan.index());
        int next = 0;
        long upTo = 0;
        while (next < segments.size()) {
            threads.acquire(verifyRequests);
            verifyRequests.drainPermits();
            long onCard = flushed.get();
            int to = next;
            long end = upTo;
            while (to < segments.size() && end + segments.get(to).length() <= onCard) {
                end += segments.get(to).length();
                to++;
            }
            if (to > next) {
                long t0 = System.nanoTime();
                verifier.verify(readBack, head, cardSize, next, to, false);
                verifyNanos.addAndGet(System.nanoTime() - t0);
                next = to;
                upTo = end;
                verified.set(verifier.verifiedBytes());
            }
        }
    }

    private void release(Piece piece) {
        if (piece.pending().decrementAndGet() == 0) {
            freeSegments.add(piece.buffer());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        TransferWatch.closeQuietly(LOG, closeable);
    }
}
