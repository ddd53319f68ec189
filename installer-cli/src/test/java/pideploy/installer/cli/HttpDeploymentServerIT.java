package pideploy.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.installer.core.port.CardIdentity;
import pideploy.installer.core.port.ConfigRequest;
import pideploy.installer.core.port.CustomizationMethod;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.DeploymentStatus;
import pideploy.installer.core.port.DeviceFacts;
import pideploy.installer.core.port.ImageRequest;
import pideploy.installer.core.port.ImageStream;
import pideploy.installer.core.port.ServerReply;
import pideploy.installer.core.port.StatusReport;
import pideploy.installer.core.port.Step;

/** The HTTP adapter against a small loopback server that answers like the device API does. */
class HttpDeploymentServerIT {
    private static final String CHECKSUM = "ab".repeat(32);
    private static final byte[] IMAGE = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json = new ObjectMapper();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> imageHeaders = new CopyOnWriteArrayList<>();
    private volatile int configStatus = 200;
    private volatile String configBody;
    private HttpServer http;
    private HttpDeploymentServer server;

    @BeforeEach
    void start() throws IOException {
        configBody = """
                {"deployment_id": 17, "hostname": "KXP2-CORO-007", "product_type": "KXP2", "venue_code": "CORO",
                 "server_ip": "127.0.0.1", "image_url": "/images/kxp2.img", "image_size": 20,
                 "image_checksum": "%s", "image_version": "1.0", "version": "1", "timestamp": "2026-11-26T15:00:00Z",
                 "customization_method": "cloud-init"}""".formatted(CHECKSUM);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/api/config", exchange -> {
            bodies.add(json.readTree(exchange.getRequestBody()));
            respond(exchange, configStatus, configBody);
        });
        http.createContext("/api/status", exchange -> {
            bodies.add(json.readTree(exchange.getRequestBody()));
            respond(exchange, 200, "{\"received\": true, \"hostname\": \"KXP2-CORO-007\"}");
        });
        http.createContext("/images/kxp2.img", exchange -> {
            imageHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
            String range = exchange.getRequestHeaders().getFirst("Range");
            exchange.getResponseHeaders().add("ETag", "\"1795704315487\"");
            if (range == null) {
                exchange.sendResponseHeaders(200, IMAGE.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(IMAGE);
                }
                return;
            }
            int from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
            exchange.getResponseHeaders()
                    .add("Content-Range", "bytes %d-%d/%d".formatted(from, IMAGE.length - 1, IMAGE.length));
            exchange.sendResponseHeaders(206, IMAGE.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(IMAGE, from, IMAGE.length - from);
            }
        });
        http.createContext("/images/chunked.img", exchange -> {
            // Length 0 makes the JDK server send the body chunked, which the socket download leaves to HttpClient.
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(IMAGE);
            }
        });
        http.createContext(
                "/images/busy.img",
                exchange -> respond(exchange, 503, "{\"error\":{\"code\":\"UNAVAILABLE\",\"message\":\"busy\"}}"));
        http.createContext(
                "/images/missing.img",
                exchange -> respond(
                        exchange, 404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no image missing.img\"}}"));
        http.start();
        server = new HttpDeploymentServer(
                ServerAddress.parse("http://127.0.0.1:" + http.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ConfigRequest request() {
        return new ConfigRequest("KXP2", "CORO", Optional.of("10000000abcdef01"), Optional.of("dc:a6:32:01:02:03"));
    }

    @Test
    void asksForConfigInSnakeCaseAndReadsTheAnswer() {
        ServerReply<DeploymentConfig> reply = server.requestConfig(request());

        assertThat(reply)
                .isEqualTo(new ServerReply.Accepted<>(new DeploymentConfig(
                        "17",
                        "KXP2-CORO-007",
                        "KXP2",
                        "CORO",
                        "/images/kxp2.img",
                        20,
                        CHECKSUM,
                        "1.0",
                        CustomizationMethod.CLOUD_INIT)));
        JsonNode sent = bodies.getFirst();
        assertThat(sent.path("product_type").asText()).isEqualTo("KXP2");
        assertThat(sent.path("venue_code").asText()).isEqualTo("CORO");
        assertThat(sent.path("serial_number").asText()).isEqualTo("10000000abcdef01");
        assertThat(sent.path("mac_address").asText()).isEqualTo("dc:a6:32:01:02:03");
    }

    @Test
    void anExhaustedPoolIsARejectionThatSaysSo() {
        configStatus = 409;
        configBody = "{\"error\":{\"code\":\"POOL_EXHAUSTED\",\"message\":\"KXP2 at CORO: 0 of 50 free\"}}";

        ServerReply<DeploymentConfig> reply = server.requestConfig(request());

        assertThat(reply).isInstanceOfSatisfying(ServerReply.Rejected.class, rejected -> {
            assertThat(rejected.poolExhausted()).isTrue();
            assertThat(rejected.httpStatus()).isEqualTo(409);
            assertThat(rejected.message()).contains("0 of 50 free");
        });
    }

    @Test
    void aServerErrorIsUnreachableSoItIsRetried() {
        configStatus = 503;
        configBody = "{\"error\":{\"code\":\"UNAVAILABLE\",\"message\":\"database unreachable\"}}";

        assertThat(server.requestConfig(request()))
                .isInstanceOfSatisfying(
                        ServerReply.Unreachable.class,
                        unreachable ->
                                assertThat(unreachable.reason()).contains("503").contains("database unreachable"));
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        HttpDeploymentServer nobody = new HttpDeploymentServer(ServerAddress.parse("http://127.0.0.1:" + port));

        assertThat(nobody.requestConfig(request())).isInstanceOf(ServerReply.Unreachable.class);
    }

    @Test
    void aConfigAnswerWithoutUsableFieldsIsRejectedAsABadResponse() {
        configBody = "{\"deployment_id\": 17, \"hostname\": \"KXP2-CORO-007\"}";

        assertThat(server.requestConfig(request()))
                .isInstanceOfSatisfying(
                        ServerReply.Rejected.class,
                        rejected -> assertThat(rejected.code()).isEqualTo("BAD_RESPONSE"));
    }

    @Test
    void reportsStatusWithTheDeploymentIdAsANumberAndEveryField() {
        StatusReport report = new StatusReport(
                "17",
                DeploymentStatus.FAILED,
                1024,
                2048,
                "verify failed",
                Optional.of("SHA-256 mismatch"),
                Optional.of(Step.VERIFY),
                "KXP2-CORO-007",
                new DeviceFacts(Optional.of("10000000abcdef01"), Optional.of("dc:a6:32:01:02:03")),
                Optional.of(new CardIdentity("0353", "SC32G", "0x000003")),
                OptionalDouble.of(23_456_789.4));

        assertThat(server.reportStatus(report)).isEqualTo(new ServerReply.Accepted<>("KXP2-CORO-007"));

        JsonNode sent = bodies.getFirst();
        assertThat(sent.path("deployment_id").isNumber()).isTrue();
        assertThat(sent.path("deployment_id").asLong()).isEqualTo(17);
        assertThat(sent.path("status").asText()).isEqualTo("failed");
        assertThat(sent.path("step").asText()).isEqualTo("verify");
        assertThat(sent.path("error_message").asText()).isEqualTo("SHA-256 mismatch");
        assertThat(sent.path("bytes_done").asLong()).isEqualTo(1024);
        assertThat(sent.path("serial").asText()).isEqualTo("10000000abcdef01");
        assertThat(sent.path("card_cid").asText()).isEqualTo("0353");
        assertThat(sent.path("card_manfid").asText()).isEqualTo("0x000003");
        assertThat(sent.path("write_rate").asLong()).isEqualTo(23_456_789);
    }

    @Test
    void streamsTheWholeImageAndResumesWithRangeAndIfRange() throws IOException {
        ServerReply<ImageStream> whole = server.openImage(new ImageRequest("/images/kxp2.img", 0, Optional.empty()));
        assertThat(whole).isInstanceOfSatisfying(ServerReply.Accepted.class, accepted -> {
            ImageStream stream = (ImageStream) accepted.value();
            assertThat(stream.firstByte()).isZero();
            assertThat(stream.imageSize()).isEqualTo(20);
            assertThat(stream.etag()).contains("\"1795704315487\"");
        });
        ((ImageStream) ((ServerReply.Accepted<?>) whole).value()).close();

        ServerReply<ImageStream> rest =
                server.openImage(new ImageRequest("/images/kxp2.img", 12, Optional.of("\"1795704315487\"")));

        ImageStream stream = ((ServerReply.Accepted<ImageStream>) rest).value();
        ByteBuffer buffer = ByteBuffer.allocate(64);
        while (stream.read(buffer) >= 0) {
            // drain
        }
        stream.close();
        assertThat(stream.firstByte()).isEqualTo(12);
        assertThat(stream.imageSize()).isEqualTo(20);
        assertThat(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII))
                .isEqualTo("cdefghij");
        Map<String, List<String>> headers = imageHeaders.getLast();
        assertThat(headers.get("Range")).containsExactly("bytes=12-");
        assertThat(headers.get("If-range")).containsExactly("\"1795704315487\"");
    }

    @Test
    void aServerErrorOnTheImageIsUnreachableSoItIsRetried() {
        assertThat(server.openImage(new ImageRequest("/images/busy.img", 0, Optional.empty())))
                .isInstanceOfSatisfying(
                        ServerReply.Unreachable.class,
                        unreachable -> assertThat(unreachable.reason()).contains("503"));
    }

    @Test
    void aChunkedImageResponseFallsBackToTheHttpClientWhichRefusesItForWantOfALength() {
        assertThat(server.openImage(new ImageRequest("/images/chunked.img", 0, Optional.empty())))
                .isInstanceOfSatisfying(
                        ServerReply.Rejected.class,
                        rejected -> assertThat(rejected.message()).contains("no Content-Length"));
    }

    @Test
    void aMissingImageIsRejectedWithItsCode() {
        assertThat(server.openImage(new ImageRequest("/images/missing.img", 0, Optional.empty())))
                .isInstanceOfSatisfying(ServerReply.Rejected.class, rejected -> {
                    assertThat(rejected.httpStatus()).isEqualTo(404);
                    assertThat(rejected.code()).isEqualTo("NOT_FOUND");
                });
    }
}
