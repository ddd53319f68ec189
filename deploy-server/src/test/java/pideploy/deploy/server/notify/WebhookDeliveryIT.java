package pideploy.deploy.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.notify.Notice;
import pideploy.deploy.core.notify.NoticeType;

/**
 * Webhook deliveries over real HTTP to a receiver on loopback (ADR-0085): the body arrives with a signature the
 * receiver can check with the shared secret, a 500 is tried again, a 400 is not, and every attempt is in the log.
 */
class WebhookDeliveryIT {
    static final String SECRET = "s3cret-shared-with-the-receiver";
    static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200));

    record Received(byte[] body, String signature, String event) {}

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    /** Answers, in order, for the requests the receiver gets; 200 once they run out. */
    final List<Integer> answers = new CopyOnWriteArrayList<>();

    final AtomicInteger requests = new AtomicInteger();
    final DeliveryLog log = new DeliveryLog(50);
    final WebhookSender sender = new WebhookSender(QUICK, log, Clock.systemUTC());

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(
                    body,
                    exchange.getRequestHeaders().getFirst("X-PiDeploy-Signature"),
                    exchange.getRequestHeaders().getFirst("X-PiDeploy-Event")));
            int n = requests.getAndIncrement();
            int status = n < answers.size() ? answers.get(n) : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    URI hook() {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?token=not-logged");
    }

    static Notice failure() {
        return new Notice(
                NoticeType.DEPLOYMENT_FAILED,
                Instant.parse("2026-12-04T01:00:00Z"),
                "KXP2-CORO-014 (serial 10000000aaaa0001) failed at verify: sha256 mismatch",
                Map.of("hostname", "KXP2-CORO-014", "serial", "10000000aaaa0001", "deployment_id", "17"));
    }

    /** What a receiver computes: the hex HMAC-SHA256 of the body it read, with the shared secret. */
    static String expectedSignature(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void deliversASignedJsonBodyAndTriesAgainAfterA500() throws Exception {
        answers.add(500);

        Delivery last = sender.deliver(hook(), Optional.of(SECRET), failure());

        assertThat(last.ok()).isTrue();
        assertThat(received).hasSize(2);
        for (Received r : received) {
            assertThat(r.signature()).isEqualTo(expectedSignature(r.body()));
            assertThat(WebhookSignature.matches(r.signature(), r.body(), SECRET))
                    .isTrue();
            assertThat(WebhookSignature.matches(r.signature(), r.body(), "another secret"))
                    .isFalse();
            assertThat(r.event()).isEqualTo("deployment.failed");
        }
        String body = new String(received.get(1).body(), StandardCharsets.UTF_8);
        assertThat(body)
                .startsWith("{\"event\":\"deployment.failed\",\"at\":\"2026-12-04T01:00:00Z\"")
                .contains("\"summary\":\"KXP2-CORO-014 (serial 10000000aaaa0001) failed at verify: sha256 mismatch\"")
                .contains("\"details\":{\"deployment_id\":\"17\",\"hostname\":\"KXP2-CORO-014\"");
        assertThat(log.latest(10))
                .extracting(Delivery::attempt, Delivery::status, Delivery::ok)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, "200", true),
                        org.assertj.core.groups.Tuple.tuple(1, "500", false));
        assertThat(log.latest(10)).allSatisfy(d -> {
            assertThat(d.event()).isEqualTo("deployment.failed");
            assertThat(d.target())
                    .as("no query in the log")
                    .isEqualTo("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        });
    }

    @Test
    void sendsNoSignatureWithoutASecretAndDoesNotRetryARefusal() {
        answers.add(400);

        Delivery last = sender.deliver(hook(), Optional.empty(), failure());

        assertThat(last.ok()).isFalse();
        assertThat(last.status()).isEqualTo("400");
        assertThat(received)
                .singleElement()
                .satisfies(r -> assertThat(r.signature()).isNull());
        assertThat(log.latest(10)).hasSize(1);
    }

    @Test
    void givesUpAfterThePolicysAttemptsWhenNobodyListensAndLogsEachOne() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }

        Delivery last =
                sender.deliver(URI.create("http://127.0.0.1:" + closed + "/hook"), Optional.of(SECRET), failure());

        assertThat(last.ok()).isFalse();
        assertThat(last.status()).startsWith("error: ");
        assertThat(log.latest(10)).extracting(Delivery::attempt).containsExactly(3, 2, 1);
    }

    @Test
    void refusesATargetThatIsNotAnHttpUrlNamingIt() {
        assertThatThrownBy(() -> WebhookSender.target("ftp://example.org/hook"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http:// or https://")
                .hasMessageContaining("ftp://example.org/hook");
        assertThatThrownBy(() -> WebhookSender.target("not a url")).hasMessageContaining("'not a url'");
        assertThat(WebhookSender.target(" https://hooks.example.org/pideploy ").getHost())
                .isEqualTo("hooks.example.org");
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("attempts must be 1-10");
        assertThatThrownBy(() -> WebhookSignature.sign(new byte[0], "")).hasMessageContaining("secret");
        assertThat(RetryPolicy.DEFAULT.delayBefore(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryPolicy.DEFAULT.delayBefore(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(new RetryPolicy(10, Duration.ofSeconds(2), Duration.ofSeconds(30)).delayBefore(9))
                .isEqualTo(Duration.ofSeconds(30));
    }
}
