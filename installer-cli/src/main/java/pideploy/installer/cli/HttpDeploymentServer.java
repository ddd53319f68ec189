package pideploy.installer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pideploy.installer.core.port.ConfigRequest;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.DeploymentServer;
import pideploy.installer.core.port.ImageRequest;
import pideploy.installer.core.port.ImageStream;
import pideploy.installer.core.port.ServerReply;
import pideploy.installer.core.port.StatusReport;
import pideploy.wire.DevicePaths;

/**
 * Deployment-server adapter over HTTP/1.1 with the JDK's HttpClient and Jackson, speaking the device API's
 * snake_case JSON (docs/protocol.md; the bodies are built and read by {@link DeviceApiJson}). Connection failures, timeouts and 5xx become {@link ServerReply.Unreachable}; 4xx become
 * {@link ServerReply.Rejected} with the error body's code; a 2xx whose body makes no sense is rejected as
 * {@code BAD_RESPONSE}.
 */
public final class HttpDeploymentServer implements DeploymentServer {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final ServerAddress server;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public HttpDeploymentServer(ServerAddress server) {
        this(
                server,
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build());
        // The client's selector thread waits in native epoll, and the JVM's exit waits up to 300 ms for threads in
        // native code: measured as 0.3 s between the installer's last line and its exit. Stopping it costs nothing.
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("pideploy-http-stop").unstarted(() -> {
                    http.shutdownNow();
                    try {
                        http.awaitTermination(Duration.ofMillis(200));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
    }

    HttpDeploymentServer(ServerAddress server, HttpClient http) {
        this.server = server;
        this.http = http;
    }

    @Override
    public ServerReply<DeploymentConfig> requestConfig(ConfigRequest request) {
        return post(DevicePaths.CONFIG, DeviceApiJson.configRequest(json, request))
                .flatMap(this::parseConfig);
    }

    @Override
    public ServerReply<String> reportStatus(StatusReport report) {
        return post(DevicePaths.STATUS, DeviceApiJson.statusRequest(json, report))
                .flatMap(answer -> new ServerReply.Accepted<>(DeviceApiJson.statusAnswerHostname(answer)));
    }

    @Override
    public ServerReply<ImageStream> openImage(ImageRequest request) {
        URI uri = server.resolve(request.imageUrl());
        if (SocketImageDownload.handles(uri)) {
            Optional<ServerReply<ImageStream>> direct = SocketImageDownload.open(uri, request, CONNECT_TIMEOUT);
            if (direct.isPresent()) {
                return direct.get();
            }
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().timeout(REQUEST_TIMEOUT);
        if (request.firstByte() > 0) {
            builder.header("Range", "bytes=" + request.firstByte() + "-");
            request.ifRange().ifPresent(etag -> builder.header("If-Range", etag));
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new ServerReply.Unreachable<>("GET %s: %s".formatted(uri, describe(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServerReply.Unreachable<>("interrupted");
        }
        int status = response.statusCode();
        if (status != 200 && status != 206) {
            String text = drain(response.body());
            if (status >= 500) {
                return new ServerReply.Unreachable<>("GET %s: HTTP %d".formatted(uri, status));
            }
            ErrorBody error = errorBody(text, status);
            return new ServerReply.Rejected<>(status, error.code(), "GET %s: %s".formatted(uri, error.message()));
        }
        Optional<String> etag = response.headers().firstValue("ETag");
        long first = 0;
        long size;
        if (status == 206) {
            Matcher range = CONTENT_RANGE.matcher(
                    response.headers().firstValue("Content-Range").orElse(""));
            if (!range.matches()) {
                drain(response.body());
                return new ServerReply.Rejected<>(
                        status, "BAD_RESPONSE", "GET %s: 206 without a usable Content-Range".formatted(uri));
            }
            first = Long.parseLong(range.group(1));
            size = Long.parseLong(range.group(3));
        } else {
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            if (length.isEmpty()) {
                drain(response.body());
                return new ServerReply.Rejected<>(
                        status,
                        "BAD_RESPONSE",
                        "GET %s: no Content-Length, cannot tell the image's size".formatted(uri));
            }
            size = length.getAsLong();
        }
        return new ServerReply.Accepted<>(new HttpImageStream(response.body(), first, size, etag));
    }

    /** Index files are small (about 200 bytes per 4 MiB segment); anything bigger is not one. */
    private static final int MAX_INDEX_BYTES = 64 << 20;

    @Override
    public ServerReply<byte[]> fetchIndex(String indexUrl) {
        URI uri = server.resolve(indexUrl);
        HttpResponse<InputStream> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(uri).GET().timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new ServerReply.Unreachable<>("GET %s: %s".formatted(uri, describe(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServerReply.Unreachable<>("interrupted");
        }
        int status = response.statusCode();
        if (status != 200) {
            String text = drain(response.body());
            if (status >= 500) {
                return new ServerReply.Unreachable<>("GET %s: HTTP %d".formatted(uri, status));
            }
            ErrorBody error = errorBody(text, status);
            return new ServerReply.Rejected<>(status, error.code(), "GET %s: %s".formatted(uri, error.message()));
        }
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_INDEX_BYTES + 1);
            if (bytes.length > MAX_INDEX_BYTES) {
                return new ServerReply.Rejected<>(
                        status,
                        "BAD_RESPONSE",
                        "GET %s: more than %d bytes, not an index".formatted(uri, MAX_INDEX_BYTES));
            }
            return new ServerReply.Accepted<>(bytes);
        } catch (IOException e) {
            return new ServerReply.Unreachable<>("GET %s: %s".formatted(uri, describe(e)));
        }
    }

    private ServerReply<JsonNode> post(String path, ObjectNode body) {
        URI uri = server.resolve(path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new ServerReply.Unreachable<>("POST %s: %s".formatted(uri, describe(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServerReply.Unreachable<>("interrupted");
        }
        int status = response.statusCode();
        if (status >= 500) {
            return new ServerReply.Unreachable<>("POST %s: HTTP %d %s"
                    .formatted(uri, status, errorBody(response.body(), status).message()));
        }
        if (status >= 300) {
            ErrorBody error = errorBody(response.body(), status);
            return new ServerReply.Rejected<>(status, error.code(), error.message());
        }
        try {
            return new ServerReply.Accepted<>(json.readTree(response.body()));
        } catch (IOException e) {
            return new ServerReply.Rejected<>(
                    status,
                    "BAD_RESPONSE",
                    "POST %s answered %d with a body that is not JSON: %s".formatted(uri, status, e.getMessage()));
        }
    }

    private ServerReply<DeploymentConfig> parseConfig(JsonNode body) {
        try {
            return new ServerReply.Accepted<>(DeviceApiJson.config(body));
        } catch (IllegalArgumentException e) {
            return new ServerReply.Rejected<>(
                    200, "BAD_RESPONSE", "the server's config answer is unusable: " + e.getMessage());
        }
    }

    private record ErrorBody(String code, String message) {}

    private ErrorBody errorBody(String text, int status) {
        HttpErrors.ErrorBody error = HttpErrors.parse(text, status);
        return new ErrorBody(error.code(), error.message());
    }

    private static String describe(IOException e) {
        return HttpErrors.describe(e);
    }

    private static String drain(InputStream body) {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(4096);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The response body as a channel. Reads go through a 256 KiB array: {@code Channels.newChannel} moves at most
     * 8 KiB per call into a direct buffer, which measured about 40 % slower on a 2 GiB image.
     */
    private static final class HttpImageStream extends RangedResponse {
        private static final int SCRATCH = 256 * 1024;
        private final InputStream body;
        private final byte[] scratch = new byte[SCRATCH];
        private volatile boolean open = true;

        HttpImageStream(InputStream body, long first, long size, Optional<String> etag) {
            super(first, size, etag);
            this.body = body;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!open) {
                throw new java.nio.channels.ClosedChannelException();
            }
            int n = body.read(scratch, 0, Math.min(dst.remaining(), SCRATCH));
            if (n > 0) {
                dst.put(scratch, 0, n);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            // Closing the body aborts the exchange, which makes a read blocked in another thread fail.
            open = false;
            body.close();
        }
    }
}
