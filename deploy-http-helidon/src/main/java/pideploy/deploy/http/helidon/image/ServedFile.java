package pideploy.deploy.http.helidon.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A registered image file as the handler serves it. The SHA-256 is the strong validator (ETag): images are immutable
 * after registration, so the hash computed then names this exact content forever.
 */
public record ServedFile(String name, Path path, long size, String sha256, Instant lastModified) {
    public ServedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(lastModified, "lastModified");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits: '%s'".formatted(sha256));
        }
    }

    /** Quoted strong entity tag. */
    public String etag() {
        return "\"" + sha256 + "\"";
    }
}
