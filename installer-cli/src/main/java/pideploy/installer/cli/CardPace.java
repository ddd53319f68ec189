package pideploy.installer.cli;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import pideploy.installer.core.port.Sleeper;

/**
 * A rate limit shared by every read and write of a {@link PacedTargetDevice}: after {@code n} bytes the caller
 * waits until {@code n / bytesPerSecond} seconds have passed since the first, so a card is as slow as asked however
 * its transfers are cut. The demo's simulated Pi uses it to stay watchable (ADR-0048). Thread-safe.
 */
final class CardPace {
    /** The largest piece a paced channel moves at once, so progress advances smoothly, not in 4 MiB jumps. */
    static final int PIECE = 64 * 1024;

    private final long bytesPerSecond;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private long startMillis = -1;
    private long bytes;

    CardPace(long bytesPerSecond, InstantSource clock, Sleeper sleeper) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("--card-rate must be positive, was " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Parses {@code --card-rate}: bytes per second, with {@code K} or {@code M} for KiB/MiB, e.g. {@code 640K}.
     *
     * @throws IllegalArgumentException naming the option and the bad value
     */
    static long parseRate(String text) {
        var m = java.util.regex.Pattern.compile("(\\d{1,12})([KkMm]?)").matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("--card-rate must be bytes per second with an optional K or M "
                    + "(KiB/MiB), e.g. 640K, was '%s'".formatted(text));
        }
        long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 1024;
            case "M" -> 1 << 20;
            default -> 1;
        };
        return Long.parseLong(m.group(1)) * unit;
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Bytes moved through the pace so far. */
    synchronized long bytes() {
        return bytes;
    }

    /** Counts {@code count} bytes moved and waits until the rate allows them. */
    void take(long count) throws InterruptedException {
        long waitMillis;
        synchronized (this) {
            long now = clock.millis();
            if (startMillis < 0) {
                startMillis = now;
            }
            bytes += count;
            long due = startMillis + bytes * 1000 / bytesPerSecond;
            waitMillis = due - now;
        }
        if (waitMillis > 0) {
            sleeper.sleep(Duration.ofMillis(waitMillis));
        }
    }
}
