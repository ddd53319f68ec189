package pideploy.installer.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pideploy.installer.core.port.ImageRequest;
import pideploy.installer.core.port.ImageStream;
import pideploy.installer.core.port.ServerReply;

/**
 * Downloads an image over a plain HTTP/1.1 connection on a {@link SocketChannel}, reading the body straight into
 * the workflow's direct buffers. The JDK HttpClient copies every body byte through its own buffer chain and topped
 * out at about a third of {@code curl}'s rate on a 2 GiB image here (docs/benchmarks/installer.md); a socket read
 * into a direct buffer keeps up. Only what the image route needs: one GET with {@code Range}/{@code If-Range},
 * {@code Connection: close}, a body with {@code Content-Length}. Anything else (https, chunked) returns empty so the
 * caller uses HttpClient.
 */
final class SocketImageDownload {
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
    private static final int MAX_HEAD = 16 * 1024;

    private SocketImageDownload() {}

    /** Whether {@code uri} can be fetched this way. */
    static boolean handles(URI uri) {
        return "http".equals(uri.getScheme()) && uri.getHost() != null;
    }

    /** Opens the download; empty when the response needs a full HTTP client (chunked body). */
    static Optional<ServerReply<ImageStream>> open(URI uri, ImageRequest request, Duration connectTimeout) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            int port = uri.getPort() < 0 ? 80 : uri.getPort();
            channel.socket().connect(new InetSocketAddress(uri.getHost(), port), (int) connectTimeout.toMillis());
            writeRequest(channel, uri, port, request);
            ByteBuffer head = ByteBuffer.allocate(MAX_HEAD);
            int end = readHead(channel, head);
            String text = new String(head.array(), 0, end, StandardCharsets.ISO_8859_1);
            ByteBuffer leftover = ByteBuffer.wrap(head.array(), end + 4, head.position() - end - 4);
            String[] lines = text.split("\r\n");
            Matcher status = STATUS.matcher(lines[0]);
            if (!status.matches()) {
                close(channel);
                return Optional.of(
                        new ServerReply.Unreachable<>("GET %s: not an HTTP response: %s".formatted(uri, lines[0])));
            }
            int code = Integer.parseInt(status.group(1));
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(
                            lines[i].substring(0, colon).strip(),
                            lines[i].substring(colon + 1).strip());
                }
            }
            if (headers.getOrDefault("Transfer-Encoding", "")
                    .toLowerCase(Locale.ROOT)
                    .contains("chunked")) {
                close(channel);
                return Optional.empty();
            }
            long length = Long.parseLong(headers.getOrDefault("Content-Length", "-1"));
            if (code != 200 && code != 206) {
                String body = readSome(channel, leftover, length);
                close(channel);
                return Optional.of(
                        code >= 500
                                ? new ServerReply.Unreachable<>("GET %s: HTTP %d".formatted(uri, code))
                                : HttpErrors.rejected(code, body, "GET " + uri));
            }
            if (length < 0) {
                close(channel);
                return Optional.of(new ServerReply.Rejected<>(
                        code,
                        "BAD_RESPONSE",
                        "GET %s: no Content-Length, cannot tell the image's size".formatted(uri)));
            }
            long first = 0;
            long size = length;
            if (code == 206) {
                Matcher range = CONTENT_RANGE.matcher(headers.getOrDefault("Content-Range", ""));
                if (!range.matches()) {
                    close(channel);
                    return Optional.of(new ServerReply.Rejected<>(
                            code, "BAD_RESPONSE", "GET %s: 206 without a usable Content-Range".formatted(uri)));
                }
                first = Long.parseLong(range.group(1));
                size = Long.parseLong(range.group(3));
            }
            return Optional.of(new ServerReply.Accepted<>(
                    new Stream(channel, leftover, length, first, size, Optional.ofNullable(headers.get("ETag")))));
        } catch (IOException | RuntimeException e) {
            close(channel);
            return Optional.of(new ServerReply.Unreachable<>("GET %s: %s".formatted(uri, HttpErrors.describe(e))));
        }
    }

    private static void writeRequest(SocketChannel channel, URI uri, int port, ImageRequest request)
            throws IOException {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        StringBuilder text = new StringBuilder()
                .append("GET ")
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(uri.getHost())
                .append(':')
                .append(port)
                .append("\r\n")
                .append("User-Agent: pideploy-installer\r\nAccept: */*\r\nConnection: close\r\n");
        if (request.firstByte() > 0) {
            text.append("Range: bytes=").append(request.firstByte()).append("-\r\n");
            request.ifRange()
                    .ifPresent(etag -> text.append("If-Range: ").append(etag).append("\r\n"));
        }
        text.append("\r\n");
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Reads until the blank line ending the head; returns the index of its {@code \r\n\r\n}. */
    private static int readHead(SocketChannel channel, ByteBuffer head) throws IOException {
        int scanned = 0;
        while (true) {
            if (channel.read(head) < 0) {
                throw new IOException("connection closed before the response head ended");
            }
            byte[] a = head.array();
            for (int i = Math.max(0, scanned - 3); i + 3 < head.position(); i++) {
                if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                    return i;
                }
            }
            scanned = head.position();
            if (!head.hasRemaining()) {
                throw new IOException("response head longer than " + MAX_HEAD + " bytes");
            }
        }
    }

    private static String readSome(SocketChannel channel, ByteBuffer leftover, long length) throws IOException {
        int want = (int) Math.min(length < 0 ? 4096 : length, 4096);
        ByteBuffer body = ByteBuffer.allocate(want);
        body.put(leftover.slice(leftover.position(), Math.min(leftover.remaining(), want)));
        while (body.hasRemaining() && channel.read(body) > 0) {
            // until the error body is in or the server closes
        }
        return new String(body.array(), 0, body.position(), StandardCharsets.UTF_8);
    }

    private static void close(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }

    private static final class Stream extends RangedResponse {
        private final SocketChannel channel;
        private final ByteBuffer leftover;
        private long remaining;

        Stream(SocketChannel channel, ByteBuffer leftover, long length, long first, long size, Optional<String> etag) {
            super(first, size, etag);
            this.channel = channel;
            this.leftover = leftover;
            this.remaining = length;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!channel.isOpen()) {
                throw new ClosedChannelException();
            }
            if (remaining <= 0) {
                return -1;
            }
            int n;
            if (leftover.hasRemaining()) {
                n = (int) Math.min(Math.min(leftover.remaining(), dst.remaining()), remaining);
                dst.put(leftover.slice(leftover.position(), n));
                leftover.position(leftover.position() + n);
            } else if (dst.remaining() > remaining) {
                ByteBuffer limited = dst.slice(dst.position(), (int) remaining);
                n = channel.read(limited);
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
            } else {
                n = channel.read(dst);
            }
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            // Closing a SocketChannel makes a read blocked in another thread fail at once.
            channel.close();
        }
    }
}
