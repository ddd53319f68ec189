package pideploy.installer.core.transfer;

import java.io.IOException;
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
 * Reads every segment back from the card and compares its SHA-256 with the index, reading and hashing overlapped on
 * two threads. Segments start on 4 KiB blocks, but O_DIRECT wants 64 KiB-aligned positions (see the raw path), so
 * each read covers the 64 KiB-aligned window around its segment and the hash takes the segment's part of it. The
 * card's first bytes are still zero (its partition table comes last), so the held-back head stands in for them.
 */
final class SegmentReadBack {
    private static final Window END = new Window(-1, null, 0);
    private static final HexFormat HEX = HexFormat.of();

    private record Window(int segment, ByteBuffer buffer, int skip) {
    }

    private final PipelineSettings settings;
    private final InstallObserver observer;

    SegmentReadBack(PipelineSettings settings, InstallObserver observer) {
        this.settings = settings;
        this.observer = observer;
    }

    void verify(ReadBack card, TransferIndex index, byte[] head, long cardSize) {
        List<TransferIndex.Segment> segments = index.segments();
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(settings.bufferCount());
        BlockingQueue<Window> filled = new ArrayBlockingQueue<>(settings.bufferCount() + 1);
        for (int i = 0; i < settings.bufferCount(); i++) {
            free.add(Buffers.allocate(Buffers.roundUp(index.maxSegmentLength()) + 2L * Buffers.ALIGNMENT));
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().name("pideploy-zverify-read").daemon().start(() -> {
            try {
                for (int i = 0; i < segments.size(); i++) {
                    TransferIndex.Segment segment = segments.get(i);
                    long start = segment.offset() / Buffers.ALIGNMENT * Buffers.ALIGNMENT;
                    long end = Math.max(segment.end(), Math.min(Buffers.roundUp(segment.end()), cardSize));
                    ByteBuffer buffer = free.take();
                    buffer.clear().limit((int) (end - start));
                    card.readFully(buffer, start);
                    filled.put(new Window(i, buffer.flip(), (int) (segment.offset() - start)));
                }
            } catch (IOException | RuntimeException | InterruptedException e) {
                failure.set(e);
            } finally {
                filled.offer(END);
            }
        });
        MessageDigest digest = Buffers.sha256();
        long done = 0;
        try {
            while (true) {
                Window window = filled.poll(250, TimeUnit.MILLISECONDS);
                if (window == null) {
                    observer.progress(Step.VERIFY, done, index.mappedBytes(), 0);
                    continue;
                }
                if (window == END) {
                    break;
                }
                TransferIndex.Segment segment = segments.get(window.segment());
                ByteBuffer part = window.buffer().slice(window.skip(), (int) segment.length());
                if (segment.offset() < head.length) {
                    int n = (int) Math.min(head.length - segment.offset(), segment.length());
                    part.put(0, head, (int) segment.offset(), n);
                }
                digest.update(part);
                String actual = HEX.formatHex(digest.digest());
                free.add(window.buffer());
                if (!actual.equals(segment.sha256())) {
                    reader.interrupt();
                    throw new TransferFailure(Step.VERIFY, ("the %d bytes read back at offset %d have SHA-256 %s, not "
                            + "%s: the card did not store what was written (failing card or reader?)")
                            .formatted(segment.length(), segment.offset(), actual, segment.sha256()));
                }
                done += segment.length();
                observer.progress(Step.VERIFY, done, index.mappedBytes(), 0);
            }
            reader.join();
        } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            throw new TransferFailure(Step.VERIFY, "interrupted while verifying");
        }
        if (failure.get() != null) {
            throw new TransferFailure(Step.VERIFY, "reading the card back failed: " + failure.get());
        }
        if (done != index.mappedBytes()) {
            throw new TransferFailure(Step.VERIFY, "verified %d of %d mapped bytes".formatted(done,
                    index.mappedBytes()));
        }
    }
}
