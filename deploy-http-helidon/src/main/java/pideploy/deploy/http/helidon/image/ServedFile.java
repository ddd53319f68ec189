package pideploy.deploy.http.helidon.image;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.Objects;

/**
 * A registered image file as the handler serves it. The SHA-256 is the strong validator (ETag): images are immutable
 * after registration, so the hash computed then names this exact content forever. The bytes come from
 * {@link #content}, opened per request: the image store's channel, never a local path (ADR-0064).
 */
public record ServedFile(String name, Content content, long size, String sha256, Instant lastModified) {
    public ServedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(lastModified, "lastModified");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits: '%s'".formatted(sha256));
        }
    }

    /** Where the bytes are read from. */
    @FunctionalInterface
    public interface Content {
        /**
         * Opens the file at its start; the handler closes it. A {@link java.nio.channels.FileChannel} is sent with
         * zero-copy {@code transferTo}. @throws java.nio.file.NoSuchFileException if the file is gone
         */
        SeekableByteChannel open() throws IOException;
    }

    /** Quoted strong entity tag. */
    public String etag() {
        return "\"" + sha256 + "\"";
    }
}
