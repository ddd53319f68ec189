package pideploy.deploy.http.helidon;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import pideploy.deploy.core.port.StorageFullException;

/**
 * Whether the server's storage can take writes, as {@code /health} and the dashboard's banner tell it: DOWN while the
 * data directory's disk is below its free-space floor (the composition root's probe says so, with the numbers), or for
 * a short while after a write failed because the disk or database was full. A full disk is not a busy database:
 * retrying does not help until an operator frees space, so it is reported as its own state. Thread-safe.
 */
public final class StorageHealth {
    /** How long one write that failed for lack of space keeps the state DOWN when the probe sees space again. */
    static final Duration REMEMBER_FULL = Duration.ofSeconds(60);

    private record Failure(Instant at, String message) {}

    private final InstantSource clock;
    private final Supplier<Optional<String>> diskProbe;
    private final AtomicReference<Failure> lastFull = new AtomicReference<>();

    /** @param diskProbe the reason the disk counts as full now (free bytes, floor, directory), or empty */
    public StorageHealth(InstantSource clock, Supplier<Optional<String>> diskProbe) {
        this.clock = clock;
        this.diskProbe = diskProbe;
    }

    /** Storage that is never full: for adapters tested without a data directory. */
    public static StorageHealth unlimited(InstantSource clock) {
        return new StorageHealth(clock, Optional::empty);
    }

    /** A write failed because the disk or database was full. */
    public void writeFailedForLackOfSpace(String message) {
        lastFull.set(new Failure(clock.instant(), message));
    }

    /**
     * Whether {@code failure} (anywhere in its causes) is a write refused for lack of space: the database's
     * {@link StorageFullException}, or an I/O error with the kernel's text for {@code ENOSPC} or {@code EDQUOT}.
     */
    public static boolean isLackOfSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageFullException) {
                return true;
            }
            String m = t.getMessage();
            if (t instanceof IOException
                    && m != null
                    && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** Why storage counts as full now, or empty when it takes writes. */
    public Optional<String> fullReason() {
        Optional<String> disk = diskProbe.get();
        if (disk.isPresent()) {
            return disk;
        }
        Failure f = lastFull.get();
        if (f != null && f.at().plus(REMEMBER_FULL).isAfter(clock.instant())) {
            return Optional.of("a write failed at %s for lack of space: %s".formatted(f.at(), f.message()));
        }
        return Optional.empty();
    }
}
