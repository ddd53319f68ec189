package pideploy.installer.core.workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * How the image is streamed onto the card. Memory use is {@code bufferSize × bufferCount} (direct, 64 KiB-aligned),
 * whatever the image size. {@code syncEvery} bytes written, the card is flushed so dirty pages never pile up and
 * progress reports what the card holds; a transfer with no data for {@code stallTimeout} is reconnected; at most
 * {@code maxResumes} consecutive failed (re)connections are tolerated.
 */
public record TransferSettings(
        int bufferSize,
        int bufferCount,
        long syncEvery,
        Duration progressInterval,
        Duration stallTimeout,
        int maxResumes) {

    public static final int ALIGNMENT = 64 * 1024;
    // 256 MiB between flushes: every 64 MiB halved the write rate to a file target here (docs/benchmarks/installer.md)
    // while a card is slower than its flushes anyway; the page cache never holds more than this unflushed.
    public static final TransferSettings DEFAULT =
            new TransferSettings(4 << 20, 4, 256L << 20, Duration.ofSeconds(3), Duration.ofSeconds(30), 10);

    public TransferSettings {
        if (bufferSize < ALIGNMENT || bufferSize % ALIGNMENT != 0) {
            throw new IllegalArgumentException(
                    "bufferSize must be a positive multiple of 64 KiB, was %d".formatted(bufferSize));
        }
        if (bufferCount < 2) {
            throw new IllegalArgumentException("bufferCount must be at least 2, was %d".formatted(bufferCount));
        }
        if (syncEvery <= 0) {
            throw new IllegalArgumentException("syncEvery must be positive, was %d".formatted(syncEvery));
        }
        Objects.requireNonNull(progressInterval, "progressInterval");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be positive, was " + stallTimeout);
        }
        if (maxResumes < 0) {
            throw new IllegalArgumentException("maxResumes must not be negative, was " + maxResumes);
        }
    }
}
