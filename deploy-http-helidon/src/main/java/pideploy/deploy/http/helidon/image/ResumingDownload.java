package pideploy.deploy.http.helidon.image;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file downloaded over HTTP(S) as one stream that survives dropped connections (ADR-0090): when the connection
 * breaks or ends before the announced length, the rest is asked for with {@code Range: bytes=N-} (and
 * {@code If-Range} with the first answer's {@code ETag} or {@code Last-Modified}, so a file replaced on the server is
 * never spliced onto the old one's first part), up to {@link #MAX_RESUMES} times. A server that answers a resume
 * with the whole file again is read from the start and the part already had is skipped. Not thread-safe; one reader.
 */
public final class ResumingDownload extends InputStream {
    private static final System.Logger LOG = System.getLogger(ResumingDownload.class.getName());
    /** Resumes in one download; a connection that keeps breaking is given up on. */
    public static final int MAX_RESUMES = 8;

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private final HttpClient client;
    private final URI url;
    private final Optional<String> validator;
    private final OptionalLong length;
    private final Duration pause;
    private InputStream body;
    private long position;
    private int resumes;

    private ResumingDownload(
            HttpClient client, URI url, InputStream body, Optional<String> validator, OptionalLong length, Duration p) {
        this.client = client;
        this.url = url;
        this.body = body;
        this.validator = validator;
        this.length = length;
        this.pause = p;
    }

    /**
     * Starts the download.
     *
     * @throws IllegalArgumentException the URL is not an absolute http or https URL
     * @throws DownloadException        the server cannot be reached or does not answer 200
     */
    public static ResumingDownload open(HttpClient client, URI url) throws DownloadException {
        return open(client, url, Duration.ofSeconds(1));
    }

    /** @param pause how long to wait before each resume (multiplied by the resume's number) */
    static ResumingDownload open(HttpClient client, URI url, Duration pause) throws DownloadException {
        checkUrl(url);
        HttpResponse<InputStream> response = send(client, url, HttpRequest.newBuilder(url), 0);
        if (response.statusCode() != 200) {
            close(response.body());
            throw new DownloadException("GET %s answered HTTP %d; give the URL of the image file itself"
                    .formatted(url, response.statusCode()));
        }
        Optional<String> validator = response.headers()
                .firstValue("ETag")
                .filter(tag -> !tag.startsWith("W/")) // a weak tag may not be used with If-Range
                .or(() -> response.headers().firstValue("Last-Modified"));
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        return new ResumingDownload(client, url, response.body(), validator, length, pause);
    }

    /** The URL's last path segment, decoded: the name an operator sees for the file (e.g. {@code raspios.img.xz}). */
    public static String fileName(URI url) {
        String path = Objects.requireNonNullElse(url.getRawPath(), "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        String name = URLDecoder.decode(last, StandardCharsets.UTF_8);
        return name.isBlank() ? "image.img" : name;
    }

    /** @throws IllegalArgumentException naming what is wrong with the URL */
    public static void checkUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException(
                    "url must be an absolute http:// or https:// URL of the image file, got '%s'".formatted(url));
        }
    }

    /** The file's length, when the server announced it. */
    public OptionalLong length() {
        return length;
    }

    /** Bytes delivered so far. */
    public long position() {
        return position;
    }

    /** How many times the download was resumed after a broken connection. */
    public int resumes() {
        return resumes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            IOException broken;
            try {
                int n = body.read(b, off, len);
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (length.isEmpty() || position >= length.getAsLong()) {
                    return -1;
                }
                broken = new IOException(
                        "the connection ended at byte %d of %d".formatted(position, length.getAsLong()));
            } catch (IOException e) {
                broken = e;
            }
            resume(broken);
        }
    }

    private void resume(IOException broken) throws IOException {
        close(body);
        if (resumes >= MAX_RESUMES) {
            throw new DownloadException(
                    "download of %s broke at byte %d and did not recover after %d resumes: %s"
                            .formatted(url, position, resumes, broken.getMessage()),
                    broken);
        }
        resumes++;
        try {
            Thread.sleep(pause.multipliedBy(resumes));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("download of %s interrupted at byte %d".formatted(url, position), e);
        }
        LOG.log(
                Level.INFO,
                "download of {0} broke at byte {1} ({2}); resuming ({3} of {4})",
                url,
                String.valueOf(position),
                broken.getMessage(),
                resumes,
                MAX_RESUMES);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Range", "bytes=" + position + "-");
        validator.ifPresent(v -> request.header("If-Range", v));
        HttpResponse<InputStream> response;
        try {
            response = send(client, url, request, position);
        } catch (DownloadException unreachable) {
            body = InputStream.nullInputStream();
            resume(unreachable); // counts as one more resume; gives up after MAX_RESUMES
            return;
        }
        int status = response.statusCode();
        if (status == 206) {
            Matcher range = CONTENT_RANGE.matcher(
                    response.headers().firstValue("Content-Range").orElse(""));
            if (!range.matches() || Long.parseLong(range.group(1)) != position) {
                close(response.body());
                throw new DownloadException("resuming %s at byte %d: the server sent Content-Range '%s'"
                        .formatted(
                                url,
                                position,
                                response.headers().firstValue("Content-Range").orElse("")));
            }
            body = response.body();
        } else if (status == 200) {
            if (validator.isPresent()) {
                // With If-Range, a whole answer means the file changed since the first part was read.
                close(response.body());
                throw new DownloadException(
                        "the file at %s changed while it was downloaded (at byte %d); register it again"
                                .formatted(url, position));
            }
            LOG.log(
                    Level.INFO,
                    "{0} does not resume; reading its first {1} bytes again",
                    url,
                    String.valueOf(position));
            body = response.body();
            try {
                body.skipNBytes(position);
            } catch (IOException again) {
                resume(again);
            }
        } else {
            close(response.body());
            throw new DownloadException(
                    "resuming %s at byte %d: the server answered HTTP %d".formatted(url, position, status));
        }
    }

    private static HttpResponse<InputStream> send(HttpClient client, URI url, HttpRequest.Builder request, long at)
            throws DownloadException {
        try {
            return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new DownloadException(
                    "cannot download %s (at byte %d): %s"
                            .formatted(url, at, Objects.toString(e.getMessage(), e.toString())),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("download of %s interrupted".formatted(url), e);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // a broken connection's stream; nothing more to read from it
        }
    }

    @Override
    public void close() {
        close(body);
    }

    /** The download failed: the server, the network or the file, not the image; names the URL and the byte. */
    public static final class DownloadException extends IOException {
        public DownloadException(String message) {
            super(message);
        }

        public DownloadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
