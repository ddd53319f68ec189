package pideploy.installer.core.transfer;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.ReadBack;
import pideploy.installer.core.port.Step;
import pideploy.installer.core.port.TransferIndex;

/**
 * Reads segments back from the card and compares their SHA-256 with the index, reading and hashing overlapped on
 * two threads. Segments start on 4 KiB blocks, but O_DIRECT wants 64 KiB-aligned positions (see the raw path), so
 * each read covers the 64 KiB-aligned window around its segment and the hash takes the segment's part of it. The
 * card's first bytes are still zero (its partition table comes last), so the held-back head stands in for them.
 * One instance may verify consecutive runs of segments (the pipeline reads back each flushed window while later
 * segments are still being written); its buffers and digest are allocated once. Not thread-safe.
 */
final class SegmentReadBack {
    private static final Window END = new Window(-1, null, 0);
    private static final HexFormat HEX = HexFormat.of();

    private record Window(int segment, ByteBuffer buffer, int skip) {}

    private final PipelineSettings settings;
    private final InstallObserver observer;
    private final TransferIndex index;
    private final BlockingQueue<ByteBuffer> free;
    private final MessageDigest digest = Buffers.sha256();
    private long done;

    SegmentReadBack(PipelineSettings settings, InstallObserver observer, TransferIndex index) {
        this.settings = settings;
        this.observer = observer;
        this.index = index;
        this.free = new ArrayBlockingQueue<>(settings.bufferCount());
        for (int i = 0; i < settings.bufferCount(); i++) {
            free.add(Buffers.allocate(Buffers.roundUp(index.maxSegmentLength()) + 2L * Buffers.ALIGNMENT));
        }
    }

    /** Verifies every segment, reporting progress of step verify; fails unless all mapped bytes were verified. */
    void verify(ReadBack card, byte[] head, long cardSize) {
        verify(card, head, cardSize, 0, index.segments().size(), true);
        if (done != index.mappedBytes()) {
            throw new TransferFailure(
                    Step.VERIFY, "verified %d of %d mapped bytes".formatted(done, index.mappedBytes()));
        }
    }

    /** Mapped bytes verified so far by this instance. */
    long verifiedBytes() {
        return done;
    }

    /**
     * Verifies segments {@code from} (inclusive) to {@code to} (exclusive), which must already be on the card
     * (written and flushed).
     *
     * @throws TransferFailure step verify on a mismatch, when the card cannot be read, or when anything else fails
     *                         ({@link Error}s included); the reader thread has ended when it is thrown
     */
    void verify(ReadBack card, byte[] head, long cardSize, int from, int to, boolean report) {
        List<TransferIndex.Segment> segments = index.segments();
        BlockingQueue<Window> filled = new ArrayBlockingQueue<>(settings.bufferCount() + 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = Thread.ofPlatform()
                .name("pideploy-zverify-read")
                .daemon()
                .start(() -> {
                    try {
                        for (int i = from; i < to; i++) {
                            TransferIndex.Segment segment = segments.get(i);
                            long start = segment.offset() / Buffers.ALIGNMENT * Buffers.ALIGNMENT;
                            long end = Math.max(segment.end(), Math.min(Buffers.roundUp(segment.end()), cardSize));
                            ByteBuffer buffer = free.take();
                            buffer.clear().limit((int) (end - start));
                            try {
                                card.readFully(buffer, start);
                            } catch (Throwable e) {
                                free.add(buffer);
                                throw e;
                            }
                            filled.put(new Window(i, buffer.flip(), (int) (segment.offset() - start)));
                        }
                    } catch (Throwable e) {
                        // Errors too: unrecorded, the window would end early as if read back, and the run would learn
                        // of
                        // the shortfall only at its end, without the cause.
                        failure.set(e);
                    } finally {
                        filled.offer(END);
                    }
                });
        try {
            hash(filled, head, report);
            reader.join();
        } catch (InterruptedException e) {
            stop(reader, filled);
            Thread.currentThread().interrupt();
            throw new TransferFailure(Step.VERIFY, "interrupted while verifying");
        } catch (TransferFailure e) {
            stop(reader, filled);
            throw e;
        } catch (RuntimeException | Error e) {
            stop(reader, filled);
            throw new TransferFailure(Step.VERIFY, "verifying the card failed: " + e);
        }
        if (failure.get() != null) {
            throw new TransferFailure(Step.VERIFY, "reading the card back failed: " + failure.get());
        }
    }

    /** Hashes the windows the reader fills, up to its END. */
    private void hash(BlockingQueue<Window> filled, byte[] head, boolean report) throws InterruptedException {
        List<TransferIndex.Segment> segments = index.segments();
        while (true) {
            Window window = filled.poll(250, TimeUnit.MILLISECONDS);
            if (window == null) {
                if (report) {
                    observer.progress(Step.VERIFY, done, index.mappedBytes(), 0);
                }
                continue;
            }
            if (window == END) {
                return;
            }
            TransferIndex.Segment segment = segments.get(window.segment());
            String actual;
            try {
                ByteBuffer part = window.buffer().slice(window.skip(), (int) segment.length());
                if (segment.offset() < head.length) {
                    int n = (int) Math.min(head.length - segment.offset(), segment.length());
                    part.put(0, head, (int) segment.offset(), n);
                }
                digest.update(part);
                actual = HEX.formatHex(digest.digest());
            } finally {
                free.add(window.buffer());
            }
            if (!actual.equals(segment.sha256())) {
                throw new TransferFailure(
                        Step.VERIFY,
                        ("the %d bytes read back at offset %d have SHA-256 %s, not "
                                        + "%s: the card did not store what was written (failing card or reader?)")
                                .formatted(segment.length(), segment.offset(), actual, segment.sha256()));
            }
            done += segment.length();
            if (report) {
                observer.progress(Step.VERIFY, done, index.mappedBytes(), 0);
            }
        }
    }

    /**
     * Stops the reader of an abandoned run, waits for it, and gives its buffers back, so a failed instance leaves no
     * thread behind and never leaks its memory bound.
     */
    private void stop(Thread reader, BlockingQueue<Window> filled) {
        reader.interrupt();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (Window w = filled.poll(); w != null; w = filled.poll()) {
            if (w != END) {
                free.add(w.buffer());
            }
        }
        digest.reset();
    }
}
