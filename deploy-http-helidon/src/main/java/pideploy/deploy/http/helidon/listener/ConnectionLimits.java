package pideploy.deploy.http.helidon.listener;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of one listener's connections (ADR-0044).
 *
 * @param maxConnections open connections at most; at the cap a new one evicts the longest-idle connection, or is
 *         refused with 503 when none is idle
 * @param maxPerAddress open connections from one client address at most; more are refused with 503
 * @param requestHead time from the first byte of a request to the end of its headers
 * @param readStall longest wait for more bytes of a request body that has started
 * @param writeStall longest a write may stay blocked because the client does not read
 * @param idle longest wait for the next request on an open connection
 */
public record ConnectionLimits(
        int maxConnections,
        int maxPerAddress,
        Duration requestHead,
        Duration readStall,
        Duration writeStall,
        Duration idle) {

    public ConnectionLimits {
        Objects.requireNonNull(requestHead, "requestHead");
        Objects.requireNonNull(readStall, "readStall");
        Objects.requireNonNull(writeStall, "writeStall");
        Objects.requireNonNull(idle, "idle");
        if (maxConnections < 1 || maxConnections > 1_000_000) {
            throw new IllegalArgumentException("max connections must be 1-1000000, was " + maxConnections);
        }
        if (maxPerAddress < 1 || maxPerAddress > maxConnections) {
            throw new IllegalArgumentException("max connections per address must be 1-%d (the listener's cap), was %d"
                    .formatted(maxConnections, maxPerAddress));
        }
        positive("request head timeout", requestHead);
        positive("read stall timeout", readStall);
        positive("write stall timeout", writeStall);
        positive("idle timeout", idle);
    }

    /**
     * Device listener: a venue's boot storm behind one NAT address still fits (BootStormIT: 400 devices at once
     * from one address; refused devices retry on 503), image downloads survive an SD card that pauses reading.
     */
    public static ConnectionLimits deviceDefaults() {
        return new ConnectionLimits(
                2048,
                1024,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                Duration.ofSeconds(30));
    }

    /** Operator listener: a few browsers (each with a live event stream) and scripts. */
    public static ConnectionLimits operatorDefaults() {
        return new ConnectionLimits(
                256,
                64,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                Duration.ofSeconds(120));
    }

    public ConnectionLimits withCaps(int maxConnections, int maxPerAddress) {
        return new ConnectionLimits(maxConnections, maxPerAddress, requestHead, readStall, writeStall, idle);
    }

    public ConnectionLimits withTimeouts(Duration requestHead, Duration readStall, Duration writeStall, Duration idle) {
        return new ConnectionLimits(maxConnections, maxPerAddress, requestHead, readStall, writeStall, idle);
    }

    private static void positive(String what, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }
}
