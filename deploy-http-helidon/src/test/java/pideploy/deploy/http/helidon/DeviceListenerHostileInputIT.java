package pideploy.deploy.http.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Malformed bodies and raw protocol garbage get JSON 4xx answers from the adapter itself, never a 500. */
class DeviceListenerHostileInputIT {
    static StubServer stub;

    @BeforeAll
    static void start() {
        stub = new StubServer();
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return stub.send(HttpRequest.newBuilder(stub.device("/api/config"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void malformedJsonIsA400NamingTheProblem() throws Exception {
        for (String body : new String[] {
            "",
            "{",
            "[]",
            "null",
            "42",
            "\"s\"",
            "{\"a\":1}{}",
            "{\"a\":}",
            "{\"serial_number\":\"a\",\"serial_number\":\"b\"}",
            "[".repeat(5000),
            "\u0000\u0001"
        }) {
            HttpResponse<String> r = post(body);
            assertThat(r.statusCode())
                    .as(body.length() > 40 ? body.substring(0, 40) : body)
                    .isEqualTo(400);
            assertThat(r.body()).contains("\"error\"").contains("\"code\"");
            assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        }
    }

    @Test
    void wrongTypesAndOversizeFieldsNameTheField() throws Exception {
        HttpResponse<String> type = post("{\"serial_number\": 12}");
        assertThat(type.statusCode()).isEqualTo(400);
        assertThat(type.body()).contains("INVALID_FIELD").contains("serial_number");
        HttpResponse<String> longer = post("{\"serial_number\": \"" + "a".repeat(65) + "\"}");
        assertThat(longer.statusCode()).isEqualTo(400);
        assertThat(longer.body()).contains("serial_number");
        HttpResponse<String> control = post("{\"serial_number\": \"ab\\u0000cd\"}");
        assertThat(control.statusCode()).isEqualTo(400);
        HttpResponse<String> missing = post("{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("serial_number").contains("required");
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        HttpResponse<String> r = post("{\"serial_number\": \"" + "a".repeat(20_000) + "\"}");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("PAYLOAD_TOO_LARGE");
        HttpResponse<String> huge = post("{\"x\": \"" + "a".repeat(200_000) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.body()).contains("PAYLOAD_TOO_LARGE");
    }

    @Test
    void unknownPathsAndMethodsAre404InJson() throws Exception {
        HttpResponse<String> r =
                stub.send(HttpRequest.newBuilder(stub.device("/api/v1/venues")).GET());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("NOT_FOUND");
        assertThat(stub.send(HttpRequest.newBuilder(stub.device("/api/config")).GET())
                        .statusCode())
                .isEqualTo(404);
        assertThat(stub.send(HttpRequest.newBuilder(stub.device("/metrics")).GET())
                        .statusCode())
                .isEqualTo(404);
        assertThat(stub.send(HttpRequest.newBuilder(stub.device("/")).GET()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void rawProtocolGarbageNeverGetsA500() throws Exception {
        String[] requests = {
            "GARBAGE\r\n\r\n",
            "POST /api/config HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
            "POST /api/config HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            "GET /images/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /images/\u00e9t\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /api/config HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
            "GET /health HTTP/1.1\r\nHost: x\r\nX: " + "y".repeat(70_000) + "\r\n\r\n",
        };
        for (String raw : requests) {
            String status = rawStatus(raw);
            assertThat(status)
                    .as(raw.length() > 60 ? raw.substring(0, 60) : raw)
                    .doesNotStartWith("HTTP/1.1 5");
        }
    }

    private String rawStatus(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", stub.server.devicePort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            return new String(head, StandardCharsets.ISO_8859_1);
        }
    }
}
