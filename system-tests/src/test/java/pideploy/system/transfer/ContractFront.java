package pideploy.system.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device listener that speaks the zstd-ranges-v1 contract in front of a real PiDeploy server: {@code /api/*} is
 * forwarded to the server, and config answers gain {@code transfer_forms} and {@code bmap_url} pointing here;
 * {@code /images/*} files (the raw image and its prepared forms) are served from disk with ETag, single Range (206,
 * 416) and If-Range, counting the body bytes sent per file. Used until, and beside, the server's own preparation:
 * it pins the contract independently of either side's code, and counts the bytes that cross the network.
 */
final class ContractFront implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final HttpServer http;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI server;
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final AtomicLong cutAfter = new AtomicLong(Long.MAX_VALUE);
    private volatile String cutFile = "";
    private volatile String imageName;
    private volatile ZrangesPreparer.Prepared form;
    private volatile boolean offerForms = true;
    private volatile long bytesPerSecond;
    private long linkFreeAt;

    ContractFront(URI server) throws IOException {
        this.server = server;
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        http.createContext("/api/", this::api);
        http.createContext("/images/", this::images);
        http.setExecutor(executor);
        http.start();
    }

    /** Serves {@code image} and its prepared form, and offers the form in config answers. */
    ContractFront serving(Path image, ZrangesPreparer.Prepared prepared) {
        imageName = image.getFileName().toString();
        form = prepared;
        files.put(imageName, image);
        files.put(prepared.bmap().getFileName().toString(), prepared.bmap());
        files.put(prepared.data().getFileName().toString(), prepared.data());
        files.put(prepared.index().getFileName().toString(), prepared.index());
        return this;
    }

    /** The first response for {@code file} breaks off after {@code bytes} body bytes. */
    ContractFront cuttingOnce(String file, long bytes) {
        cutFile = file;
        cutAfter.set(bytes);
        return this;
    }

    /** Paces all image bodies together to {@code bytesPerSecond}, like one shared link (0: unlimited). */
    ContractFront pacedTo(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    ContractFront withoutForms() {
        offerForms = false;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Body bytes sent for {@code file} so far. */
    long bytesSent(String file) {
        return sent.getOrDefault(file, new AtomicLong()).get();
    }

    long bytesSent() {
        return sent.values().stream().mapToLong(AtomicLong::get).sum();
    }

    void resetCounters() {
        sent.clear();
    }

    private void api(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            server.resolve(exchange.getRequestURI().toString()))
                    .header("Content-Type", "application/json");
            request.method(
                    exchange.getRequestMethod(),
                    body.length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            byte[] answer = response.body();
            if (exchange.getRequestURI().getPath().equals("/api/config") && response.statusCode() == 200) {
                answer = rewriteConfig(answer);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private byte[] rewriteConfig(byte[] answer) throws IOException {
        ObjectNode config = (ObjectNode) json.readTree(answer);
        String base = url() + "/images/";
        config.put("image_url", base + imageName);
        ZrangesPreparer.Prepared prepared = form;
        // Whatever the server offers itself is replaced: this front's files, or nothing (an old server).
        config.remove("transfer_forms");
        config.remove("bmap_url");
        if (offerForms && prepared != null) {
            config.put("bmap_url", base + prepared.bmap().getFileName());
            config.putArray("transfer_forms")
                    .addObject()
                    .put("type", "zstd-ranges-v1")
                    .put("index_url", base + prepared.index().getFileName())
                    .put("data_url", base + prepared.data().getFileName())
                    .put("index_sha256", prepared.indexSha256())
                    .put("mapped_bytes", prepared.mappedBytes())
                    .put("compressed_bytes", prepared.compressedBytes());
        }
        return json.writeValueAsBytes(config);
    }

    private void images(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring("/images/".length());
            Path file = files.get(name);
            if (file == null) {
                byte[] error = "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no such file\"}}".getBytes();
                exchange.sendResponseHeaders(404, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                String etag = "\"" + name + "-" + size + "-"
                        + java.nio.file.Files.getLastModifiedTime(file).toMillis() + "\"";
                long first = 0;
                long last = size - 1;
                int status = 200;
                String range = exchange.getRequestHeaders().getFirst("Range");
                String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
                if (range != null && (ifRange == null || ifRange.equals(etag))) {
                    Matcher m = RANGE.matcher(range.strip());
                    if (m.matches()) {
                        first = Long.parseLong(m.group(1));
                        if (!m.group(2).isEmpty()) {
                            last = Math.min(last, Long.parseLong(m.group(2)));
                        }
                        if (first >= size) {
                            exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
                            exchange.sendResponseHeaders(416, -1);
                            return;
                        }
                        status = 206;
                        exchange.getResponseHeaders()
                                .set("Content-Range", "bytes %d-%d/%d".formatted(first, last, size));
                    }
                }
                long length = last - first + 1;
                exchange.getResponseHeaders().set("ETag", etag);
                exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                if (exchange.getRequestMethod().equals("HEAD")) {
                    exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
                    exchange.sendResponseHeaders(status, -1);
                    return;
                }
                exchange.sendResponseHeaders(status, length);
                long limit = name.equals(cutFile) ? cutAfter.getAndSet(Long.MAX_VALUE) : Long.MAX_VALUE;
                AtomicLong counter = sent.computeIfAbsent(name, n -> new AtomicLong());
                OutputStream out = exchange.getResponseBody();
                byte[] chunk = new byte[1 << 20];
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                long done = 0;
                while (done < length) {
                    buffer.clear().limit((int) Math.min(chunk.length, Math.min(length - done, limit - done)));
                    if (buffer.limit() == 0) {
                        // Break the connection mid-body: the client sees a premature end of the response.
                        throw new IOException("cut after " + done + " bytes (test)");
                    }
                    int n = channel.read(buffer, first + done);
                    out.write(chunk, 0, n);
                    pace(n);
                    counter.addAndGet(n);
                    done += n;
                }
            }
        }
    }

    /** Each chunk occupies the shared link for its transmission time; the sender waits until it has passed. */
    private void pace(int bytes) throws IOException {
        long rate = bytesPerSecond;
        if (rate <= 0) {
            return;
        }
        long now = System.nanoTime();
        long due;
        synchronized (this) {
            linkFreeAt = Math.max(linkFreeAt, now) + bytes * 1_000_000_000L / rate;
            due = linkFreeAt;
        }
        try {
            Thread.sleep(java.time.Duration.ofNanos(Math.max(0, due - now)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
