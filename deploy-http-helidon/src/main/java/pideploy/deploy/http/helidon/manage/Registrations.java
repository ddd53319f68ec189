package pideploy.deploy.http.helidon.manage;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.RegistrationProgress;

/**
 * The registrations running in this server right now and how far each is (ADR-0092), for the Images page's progress
 * bar: an upload's request waits until the image is registered, so its phase (receiving, decompressing, hashing,
 * shrinking, inspecting) is read from here meanwhile. In memory only; an entry lives as long as its request.
 */
public final class Registrations {
    private final Map<String, Entry> running = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();

    public Registrations(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * One registration's progress as the page shows it.
     *
     * @param phase       {@code uploading} or {@code downloading} until the server reads the image's first bytes, then
     *                    the core's phase in lower case ({@code decompressing}, {@code hashing}, {@code shrinking},
     *                    {@code inspecting})
     * @param inputBytes  bytes of the file as given received so far
     * @param inputTotal  its length when known (the upload's Content-Length, the download's), else -1
     * @param imageBytes  bytes of the raw image stored so far
     */
    public record Progress(
            String product,
            String version,
            String source,
            String phase,
            long inputBytes,
            long inputTotal,
            long imageBytes,
            Instant startedAt) {}

    /** A running registration; close it when the request ends, whatever its outcome. */
    public final class Entry implements RegistrationProgress, AutoCloseable {
        private final String key;
        private volatile Progress progress;

        private Entry(String key, Progress progress) {
            this.key = key;
            this.progress = progress;
        }

        @Override
        public void update(Phase phase, long inputBytes, long imageBytes) {
            Progress p = progress;
            progress = new Progress(
                    p.product(),
                    p.version(),
                    p.source(),
                    phase.name().toLowerCase(Locale.ROOT),
                    inputBytes,
                    p.inputTotal(),
                    imageBytes,
                    p.startedAt());
        }

        /** The length of the file as given, once it is known (a download's answer announces it). */
        void total(long inputTotal) {
            Progress p = progress;
            progress = new Progress(
                    p.product(),
                    p.version(),
                    p.source(),
                    p.phase(),
                    p.inputBytes(),
                    inputTotal,
                    p.imageBytes(),
                    p.startedAt());
        }

        @Override
        public void close() {
            running.remove(key, this);
        }
    }

    /** Starts tracking a registration; {@code source} is {@code upload}, {@code url} or {@code capture}. */
    public Entry start(ProductCode product, ImageVersion version, String source, String phase, long inputTotal) {
        String key = String.valueOf(sequence.incrementAndGet());
        Entry entry = new Entry(
                key, new Progress(product.value(), version.value(), source, phase, 0, inputTotal, 0, clock.instant()));
        running.put(key, entry);
        return entry;
    }

    /** What runs now, oldest first. */
    public List<Progress> list() {
        return running.values().stream()
                .map(e -> e.progress)
                .sorted(Comparator.comparing(Progress::startedAt))
                .toList();
    }
}
