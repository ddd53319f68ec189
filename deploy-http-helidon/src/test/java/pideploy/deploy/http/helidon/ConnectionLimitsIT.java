package pideploy.deploy.http.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pideploy.deploy.http.helidon.RouteSpec.Listener;
import pideploy.deploy.http.helidon.listener.ConnectionGuard.Outcome;
import pideploy.deploy.http.helidon.listener.ConnectionLimits;

/**
 * The device listener under stalled and slow clients on loopback (ADR-0044): a flood from one address is capped,
 * slow request heads and idle sockets are closed, and a well-behaved client from another address is served within
 * a second throughout. Raw sockets, so the test controls every byte.
 */
class ConnectionLimitsIT {
    private static final ConnectionLimits TIGHT = new ConnectionLimits(
            400, 50, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2));

    private static StubServer server() {
        return new StubServer(HttpSettings.ephemeral().withLimits(TIGHT, TIGHT));
    }

    @Test
    void aFloodOfStalledConnectionsFromOneAddressLeavesOtherClientsServed() throws Exception {
        List<Socket> flood = new ArrayList<>();
        try (StubServer s = server()) {
            int port = s.server.devicePort();
            assertThat(config(port)).startsWith("HTTP/1.1 200"); // a cold JIT is not what this test measures
            for (int i = 0; i < 600; i++) {
                flood.add(connect("127.0.0.2", port));
            }
            var guard = s.server.guard(Listener.DEVICE);
            // the burst of connects is queued before the device's; once admitted or refused, the flood stands
            await(() -> guard.count(Outcome.REFUSED_ADDRESS_FULL) >= 550);
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                assertThat(config(port)).startsWith("HTTP/1.1 200");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            }
            // The flood's address holds at most its cap, whatever else is open (the device's own connections close
            // when the server gets to them, which under load is after this line).
            assertThat(guard.openConnectionsFrom(java.net.InetAddress.getByName("127.0.0.2")))
                    .isLessThanOrEqualTo(TIGHT.maxPerAddress());
            assertThat(guard.openConnections()).isLessThanOrEqualTo(TIGHT.maxConnections());
            // the stalled ones end at the idle timeout
            await(() -> guard.openConnections() == 0);
            assertThat(guard.count(Outcome.IDLE_TIMEOUT)).isGreaterThanOrEqualTo(TIGHT.maxPerAddress());
            long t0 = System.nanoTime();
            assertThat(config(port)).startsWith("HTTP/1.1 200");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            assertThat(s.server.health().listeners()).containsKeys("device", "operator");
        } finally {
            for (Socket f : flood) {
                f.close();
            }
        }
    }

    @Test
    void aClientRefusedAtTheAddressCapReadsThe503WithRetryAfter() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (StubServer s = server()) {
            int port = s.server.devicePort();
            var guard = s.server.guard(Listener.DEVICE);
            for (int i = 0; i < TIGHT.maxPerAddress(); i++) {
                held.add(connect("127.0.0.4", port));
            }
            await(() -> guard.openConnections() == TIGHT.maxPerAddress());
            // As a real client does: connect, then send the request a moment later, then read. An answer written
            // before the request is read, and a close with the request unread, reach this client as a reset.
            for (int i = 0; i < 20; i++) {
                try (Socket c = connect("127.0.0.4", port)) {
                    Thread.sleep(20);
                    String json = "{\"serial_number\":\"10000000abcdef01\"}";
                    c.getOutputStream()
                            .write(("POST /api/config HTTP/1.1\r\nHost: x\r\n"
                                            + "Content-Type: application/json\r\nContent-Length: " + json.length()
                                            + "\r\n\r\n"
                                            + json)
                                    .getBytes(StandardCharsets.US_ASCII));
                    String answer = readResponse(c);
                    assertThat(answer)
                            .startsWith("HTTP/1.1 503")
                            .contains("Retry-After: 2")
                            .contains("TOO_MANY_CONNECTIONS");
                }
            }
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .localAddress(InetAddress.getByName("127.0.0.4"))
                    .build();
            for (int i = 0; i < 20; i++) {
                java.net.http.HttpResponse<String> r = client.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + port + "/api/config"))
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "{\"x\":\"" + "a".repeat(i * 5000) + "\"}"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
            }
            // A client that connects and sends nothing is answered at the short deadline, not held.
            try (Socket silent = connect("127.0.0.4", port)) {
                long t0 = System.nanoTime();
                assertThat(readResponse(silent)).startsWith("HTTP/1.1 503");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            }
            assertThat(guard.count(Outcome.REFUSED_ADDRESS_FULL)).isEqualTo(41);
            assertThat(config(port)).startsWith("HTTP/1.1 200");
        } finally {
            for (Socket h : held) {
                h.close();
            }
        }
    }

    @Test
    void aRequestHeadSentByteByByteIsCutOffAtTheDeadline() throws Exception {
        try (StubServer s = server();
                Socket slow = connect("127.0.0.3", s.server.devicePort())) {
            OutputStream out = slow.getOutputStream();
            String head = "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(100);
            long t0 = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < head.length() && !cut; i++) {
                try {
                    out.write(head.charAt(i));
                    out.flush();
                    Thread.sleep(50);
                } catch (IOException e) {
                    cut = true;
                }
                if (Duration.ofNanos(System.nanoTime() - t0).toSeconds() > 3) {
                    slow.setSoTimeout(500);
                    try {
                        cut = slow.getInputStream().read() == -1;
                    } catch (IOException e) {
                        cut = true;
                    }
                }
            }
            assertThat(cut).isTrue();
            assertThat(s.server.guard(Listener.DEVICE).count(Outcome.REQUEST_HEAD_TIMEOUT))
                    .isEqualTo(1);
        }
    }

    @Test
    void http10GetsA505LabelledAsSuch() throws Exception {
        try (StubServer s = server();
                Socket c = connect("127.0.0.1", s.server.devicePort())) {
            c.getOutputStream().write("GET /health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(c);
            assertThat(answer)
                    .startsWith("HTTP/1.1 505")
                    .contains("HTTP_VERSION_NOT_SUPPORTED")
                    .doesNotContain("INTERNAL");
        }
    }

    @Test
    void chunkedBodiesWithChunkExtensionsAndTrailersAreAccepted() throws Exception {
        try (StubServer s = server();
                Socket c = connect("127.0.0.1", s.server.devicePort())) {
            String json = "{\"serial_number\":\"10000000abcdef01\"}";
            String req = "POST /api/config HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + Integer.toHexString(10) + ";name=value\r\n" + json.substring(0, 10) + "\r\n"
                    + Integer.toHexString(json.length() - 10) + " ; x\r\n" + json.substring(10) + "\r\n"
                    + "0;last\r\nX-Trailer: yes\r\n\r\n";
            c.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(c)).startsWith("HTTP/1.1 200").contains("10000000abcdef01");
        }
    }

    private static Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        return s;
    }

    private static String config(int port) throws IOException {
        try (Socket c = connect("127.0.0.1", port)) {
            String json = "{\"serial_number\":\"10000000abcdef01\"}";
            c.getOutputStream()
                    .write(("POST /api/config HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: " + json.length() + "\r\nConnection: close\r\n\r\n" + json)
                            .getBytes(StandardCharsets.US_ASCII));
            return readResponse(c);
        }
    }

    /** Status line, headers and a Content-Length body: what a client needs, without waiting for the close. */
    private static String readResponse(Socket c) throws IOException {
        c.setSoTimeout(5000);
        InputStream in = c.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    private static String readAll(Socket c) throws IOException {
        c.setSoTimeout(5000);
        InputStream in = c.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
    }
}
