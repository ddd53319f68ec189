package pideploy.installer.core.transfer;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the ranged transfer, taken from the workflow's transfer settings: how many segment buffers each stage
 * may hold (memory is about {@code 2 × bufferCount} segments, whatever the image size), how often the card is
 * flushed, how often progress is reported, when a silent connection counts as stalled, and how many consecutive
 * failed (re)connections are tolerated.
 */
public record PipelineSettings(
        int bufferCount, long syncEvery, Duration progressInterval, Duration stallTimeout, int maxResumes) {
    public PipelineSettings {
        if (bufferCount < 2) {
            throw new IllegalArgumentException("bufferCount must be at least 2, was " + bufferCount);
        }
        if (syncEvery <= 0) {
            throw new IllegalArgumentException("syncEvery must be positive, was " + syncEvery);
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
