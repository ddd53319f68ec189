package pideploy.deploy.http.helidon.image;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.http.helidon.metrics.DeployMetrics;
import pideploy.wire.ErrorCode;

/**
 * Serves registered image files: {@code GET|HEAD /images/{file}} with Content-Length, a strong ETag (the SHA-256),
 * Last-Modified, Accept-Ranges, one byte range per request (206/416) and the conditional headers of RFC 9110
 * (If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since, If-Range).
 *
 * <p>Written instead of Helidon's static-content handler because 4.5.0 sends no Accept-Ranges and breaks ranges from
 * its memory cache (FIELD-NOTES §5). Memory use is constant: a file the image store opens as a {@link FileChannel}
 * goes from {@link FileChannel#transferTo} into the response stream in the JDK's small chunks; any other channel is
 * copied through one small buffer; never a buffer of the image's size.
 */
public final class ImageFileHandler implements Handler {
    private static final System.Logger LOG = System.getLogger(ImageFileHandler.class.getName());
    /** File names the catalog can produce; anything else (slashes, dot-dot, encoded tricks) is just "not found". */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");

    private static final HeaderName IF_RANGE = HeaderNames.create("If-Range");
    /** For a store whose channels are not files; the size of the JDK's own transferTo chunks. */
    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    private final ImageFiles files;
    private final DeployMetrics metrics;
    private final InstantSource clock;

    public ImageFileHandler(ImageFiles files, DeployMetrics metrics, InstantSource clock) {
        this.files = files;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().first("file").orElse("");
        boolean head = req.prologue().method() == Method.HEAD;
        Optional<ServedFile> found =
                SAFE_NAME.matcher(name).matches() && !name.contains("..") ? files.find(name) : Optional.empty();
        if (found.isEmpty()) {
            Json.sendError(res, ErrorCode.NOT_FOUND, "no registered image file named '%s'".formatted(printable(name)));
            return;
        }
        ServedFile file = found.get();
        Instant lastModified = file.lastModified().truncatedTo(ChronoUnit.SECONDS);
        res.header(HeaderNames.ACCEPT_RANGES, "bytes");
        res.header(HeaderNames.ETAG, file.etag());
        res.header(HeaderNames.LAST_MODIFIED, httpDate(lastModified));
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");

        // RFC 9110 §13.2.2: evaluate preconditions in this order.
        Optional<String> ifMatch = header(req, HeaderNames.IF_MATCH);
        if (ifMatch.isPresent()) {
            if (!matches(ifMatch.get(), file.etag(), true)) {
                sendEmpty(res, Status.PRECONDITION_FAILED_412);
                return;
            }
        } else {
            Optional<Instant> since =
                    header(req, HeaderNames.IF_UNMODIFIED_SINCE).flatMap(ImageFileHandler::parseDate);
            if (since.isPresent() && lastModified.isAfter(since.get())) {
                sendEmpty(res, Status.PRECONDITION_FAILED_412);
                return;
            }
        }
        Optional<String> ifNoneMatch = header(req, HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent()) {
            if (matches(ifNoneMatch.get(), file.etag(), false)) {
                sendEmpty(res, Status.NOT_MODIFIED_304);
                return;
            }
        } else {
            Optional<Instant> since = header(req, HeaderNames.IF_MODIFIED_SINCE).flatMap(ImageFileHandler::parseDate);
            if (since.isPresent() && !lastModified.isAfter(since.get())) {
                sendEmpty(res, Status.NOT_MODIFIED_304);
                return;
            }
        }

        Optional<String> range = header(req, HeaderNames.RANGE);
        Optional<String> ifRange = header(req, IF_RANGE);
        if (range.isPresent() && ifRange.isPresent() && !ifRangeHolds(ifRange.get(), file.etag(), lastModified)) {
            range = Optional.empty();
        }
        long size = file.size();
        switch (ByteRange.parse(range, size)) {
            case ByteRange.Parsed.Unsatisfiable u -> {
                res.header(HeaderNames.CONTENT_RANGE, "bytes */" + size);
                Json.sendError(
                        res,
                        ErrorCode.RANGE_NOT_SATISFIABLE,
                        "range '%s' is outside the file's %d bytes".formatted(printable(range.orElse("")), size));
            }
            case ByteRange.Parsed.Satisfiable s -> {
                res.status(Status.PARTIAL_CONTENT_206);
                res.header(HeaderNames.CONTENT_RANGE, s.range().contentRange(size));
                stream(req, res, file, s.range().first(), s.range().length(), head);
            }
            case ByteRange.Parsed.Ignore i -> {
                res.status(Status.OK_200);
                stream(req, res, file, 0, size, head);
            }
        }
    }

    private void stream(
            ServerRequest req, ServerResponse res, ServedFile file, long offset, long length, boolean head) {
        res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        if (head) {
            res.header(HeaderNames.CONTENT_LENGTH, Long.toString(length));
            res.send();
            return;
        }
        String peer = req.remotePeer().host();
        long started = clock.millis();
        long sent = 0;
        metrics.downloadStarted();
        try (SeekableByteChannel ch = file.content().open()) {
            if (ch.size() < offset + length) {
                throw new IOException(
                        "file is shorter (%d bytes) than registered (%d)".formatted(ch.size(), file.size()));
            }
            res.contentLength(length);
            LOG.log(
                    Level.INFO,
                    "image download start: {0} bytes {1}-{2} to {3}",
                    file.name(),
                    Long.toString(offset),
                    Long.toString(offset + length - 1),
                    peer);
            try (OutputStream out = res.outputStream()) {
                WritableByteChannel target = Channels.newChannel(out);
                ByteBuffer buffer = ch instanceof FileChannel ? null : ByteBuffer.allocate(COPY_BUFFER_BYTES);
                ch.position(offset);
                while (sent < length) {
                    long n = buffer == null
                            ? ((FileChannel) ch).transferTo(offset + sent, length - sent, target)
                            : copy(ch, buffer, length - sent, target);
                    if (n <= 0) {
                        throw new IOException("file ended early at byte " + (offset + sent));
                    }
                    sent += n;
                }
            }
            LOG.log(
                    Level.INFO,
                    "image download done: {0} {1} bytes to {2} in {3} ms",
                    file.name(),
                    Long.toString(sent),
                    peer,
                    Long.toString(clock.millis() - started));
        } catch (NoSuchFileException e) {
            LOG.log(
                    Level.ERROR,
                    "image file {0} is registered but missing from the image store: {1}",
                    file.name(),
                    e.getMessage());
            if (!res.isSent()) {
                Json.sendError(
                        res,
                        ErrorCode.IMAGE_UNAVAILABLE,
                        "image file '%s' is registered but missing on the server".formatted(file.name()));
            }
        } catch (IOException | UncheckedIOException e) {
            // Mostly the device went away mid-transfer; it resumes with Range. Nothing else to tell it.
            LOG.log(
                    Level.WARNING,
                    "image download aborted: {0} after {1} of {2} bytes to {3}: {4}",
                    file.name(),
                    Long.toString(sent),
                    Long.toString(length),
                    peer,
                    e.getMessage());
            if (!res.isSent() && sent == 0) {
                Json.sendError(res, ErrorCode.IMAGE_UNAVAILABLE, "image file could not be read: " + e.getMessage());
            }
        } finally {
            metrics.downloadEnded(sent);
        }
    }

    /** Copies up to {@code max} bytes of one read; the number copied, or -1 at the channel's end. */
    private static long copy(SeekableByteChannel from, ByteBuffer buffer, long max, WritableByteChannel to)
            throws IOException {
        buffer.clear().limit((int) Math.min(buffer.capacity(), max));
        int n = from.read(buffer);
        if (n > 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                to.write(buffer);
            }
        }
        return n;
    }

    private static void sendEmpty(ServerResponse res, Status status) {
        res.status(status);
        res.send();
    }

    private static Optional<String> header(ServerRequest req, HeaderName name) {
        return req.headers().first(name);
    }

    /** Entity-tag list comparison; weak comparison for If-None-Match, strong for If-Match (RFC 9110 §8.8.3.2). */
    static boolean matches(String headerValue, String etag, boolean strong) {
        String v = headerValue.trim();
        if (v.equals("*")) {
            return true;
        }
        for (String candidate : v.split(",")) {
            String c = candidate.trim();
            boolean weak = c.startsWith("W/");
            if (weak) {
                if (strong) {
                    continue;
                }
                c = c.substring(2);
            }
            if (c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean ifRangeHolds(String value, String etag, Instant lastModified) {
        String v = value.trim();
        if (v.startsWith("\"")) {
            return v.equals(etag);
        }
        if (v.startsWith("W/")) {
            return false;
        }
        return parseDate(v).map(d -> d.equals(lastModified)).orElse(false);
    }

    static Optional<Instant> parseDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
