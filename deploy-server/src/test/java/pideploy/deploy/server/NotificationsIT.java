package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.notify.NoticeType;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.server.config.ServerSettings;
import pideploy.deploy.server.notify.Delivery;
import pideploy.deploy.server.notify.NotificationSettingsFile;
import pideploy.deploy.server.notify.NotificationTargets;

/**
 * Notices raised by the fleet on a real server (ADR-0085): a scripted failing deployment over the device API, a
 * deployment falling silent past the stall time and a batch its breaker paused each reach a webhook receiver on
 * loopback, signed with the shared secret, and the delivery log shows each delivery. The device's answer does not
 * wait for the receiver.
 */
class NotificationsIT {
    static final String SECRET = "shared-with-the-receiver";
    /** The seeded pool has 50 hostnames. */
    static final int POOL_THRESHOLD = 49;

    record Received(byte[] body, String signature, String event) {
        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(body);
        }
    }

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T01:00:00Z"));
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(
                    body,
                    exchange.getRequestHeaders().getFirst("X-PiDeploy-Signature"),
                    exchange.getRequestHeaders().getFirst("X-PiDeploy-Event")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private Fixture server() {
        Fixture f = new Fixture(dir, ServerSettings.forTest(dir, Fixture.PASSWORD), clock).seeded();
        f.server
                .notifications()
                .configure(new NotificationTargets(
                        Optional.of(URI.create(
                                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")),
                        Optional.of(SECRET),
                        Optional.empty(),
                        EnumSet.of(
                                NoticeType.DEPLOYMENT_FAILED,
                                NoticeType.DEPLOYMENT_STALLED,
                                NoticeType.BREAKER_TRIPPED,
                                NoticeType.BATCH_COMPLETED,
                                NoticeType.POOL_NEARLY_EMPTY),
                        POOL_THRESHOLD));
        return f;
    }

    /** What a receiver computes over the bytes it read. */
    static String signatureOf(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private Received next() throws InterruptedException {
        Received r = received.poll(60, TimeUnit.SECONDS);
        assertThat(r).as("a webhook within a minute").isNotNull();
        return r;
    }

    private static long config(Fixture f, String serial, String venue) throws Exception {
        HttpResponse<String> r = f.postDevice(
                "/api/config",
                "{\"serial_number\":\"%s\",\"product_type\":\"KXP2\",\"venue_code\":\"%s\",\"mac_address\":\"d8:3a:dd:00:00:01\"}"
                        .formatted(serial, venue));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Fixture.json(r).get("deployment_id").asLong();
    }

    private static void status(Fixture f, long id, String status, String extra) throws Exception {
        HttpResponse<String> r = f.postDevice(
                "/api/status",
                "{\"deployment_id\":%d,\"status\":\"%s\",\"bytes_done\":0%s}".formatted(id, status, extra));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aScriptedFailingDeploymentReachesTheReceiverSignedAndIsInTheDeliveryLog() throws Exception {
        try (Fixture f = server()) {
            long id = config(f, "10000000aaaa0001", "CORO");
            status(f, id, "downloading", "");
            assertThat(received).as("nothing before a failure").isEmpty();
            status(f, id, "failed", ",\"step\":\"verify\",\"error_message\":\"sha256 mismatch\"");

            Received r = next();
            assertThat(r.signature()).isEqualTo(signatureOf(r.body()));
            assertThat(r.event()).isEqualTo("deployment.failed");
            JsonNode body = r.json();
            assertThat(body.get("event").asText()).isEqualTo("deployment.failed");
            assertThat(body.get("summary").asText())
                    .isEqualTo("KXP2-CORO-001 (serial 10000000aaaa0001) failed at verify: sha256 mismatch");
            JsonNode details = body.get("details");
            assertThat(details.get("deployment_id").asText()).isEqualTo(Long.toString(id));
            assertThat(details.get("serial").asText()).isEqualTo("10000000aaaa0001");
            assertThat(details.get("failure_step").asText()).isEqualTo("verify");
            assertThat(details.get("venue").asText()).isEqualTo("CORO");

            // The log entry is added after the receiver answered: wait for it rather than race it.
            Delivery logged = null;
            for (int i = 0; i < 600 && logged == null; i++) {
                logged = f.server.notifications().log().latest(10).stream()
                        .filter(d -> d.event().equals("deployment.failed"))
                        .findFirst()
                        .orElse(null);
                if (logged == null) {
                    Thread.sleep(100);
                }
            }
            assertThat(logged).isNotNull();
            assertThat(logged.ok()).isTrue();
            assertThat(logged.status()).isEqualTo("204");
            assertThat(logged.attempt()).isEqualTo(1);
            assertThat(received).as("one failure, one notice").isEmpty();
        }
    }

    @Test
    void aStalledDeploymentIsToldAboutOncePerSilence() throws Exception {
        try (Fixture f = server()) {
            long id = config(f, "10000000aaaa0002", "CORO");
            status(f, id, "downloading", "");
            f.server.housekeepNow();
            assertThat(Fixture.json(f.getAdmin("/api/v1/system"))
                            .get("housekeeping")
                            .get("stall_notices_raised")
                            .asInt())
                    .as("not silent long enough yet")
                    .isZero();

            clock.advance(Duration.ofMinutes(5));
            f.server.housekeepNow();
            f.server.housekeepNow();
            Received r = next();
            assertThat(r.signature()).isEqualTo(signatureOf(r.body()));
            JsonNode body = r.json();
            assertThat(body.get("event").asText()).isEqualTo("deployment.stalled");
            assertThat(body.get("summary").asText()).startsWith("KXP2-CORO-001 (serial 10000000aaaa0002) stalled");
            assertThat(body.get("details").get("status").asText()).isEqualTo("downloading");
            assertThat(Fixture.json(f.getAdmin("/api/v1/system"))
                            .get("housekeeping")
                            .get("stall_notices_raised")
                            .asInt())
                    .as("two rounds of one silence: one notice")
                    .isEqualTo(1);

            // It reports again, then falls silent anew: a new silence, a new notice.
            status(f, id, "verifying", "");
            clock.advance(Duration.ofMinutes(5));
            f.server.housekeepNow();
            assertThat(next().json().get("event").asText()).isEqualTo("deployment.stalled");
        }
    }

    @Test
    void aBatchItsBreakerPausedIsToldAbout() throws Exception {
        try (Fixture f = server()) {
            HttpResponse<String> created = f.sendAdmin(
                    "POST",
                    "/api/v1/batches",
                    "{\"venue\":\"CORO\",\"product\":\"KXP2\",\"count\":5,\"breaker\":\"2/2\"}");
            assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
            long batch = Fixture.json(created).get("id").asLong();
            HttpResponse<String> started = f.sendAdmin("POST", "/api/v1/batches/" + batch + "/start", "{}");
            assertThat(started.statusCode()).as(started.body()).isLessThan(300);
            for (int n = 1; n <= 2; n++) {
                long id = config(f, "10000000bbbb000" + n, "CORO");
                status(f, id, "downloading", "");
                status(f, id, "failed", ",\"step\":\"write\",\"error_message\":\"short write\"");
            }
            Received trip = null;
            // Two failures, the trip, and maybe the pool running low if a scheduled round ran meanwhile.
            for (int i = 0; i < 4 && trip == null; i++) {
                Received r = next();
                assertThat(r.signature()).isEqualTo(signatureOf(r.body()));
                if ("batch.breaker_tripped".equals(r.event())) {
                    trip = r;
                }
            }
            assertThat(trip).as("a breaker notice among the failures").isNotNull();
            JsonNode body = trip.json();
            assertThat(body.get("details").get("batch_id").asText()).isEqualTo(Long.toString(batch));
            assertThat(body.get("summary").asText())
                    .startsWith("batch " + batch + " paused by its circuit breaker: 2 of the last 2");
        }
    }

    @Test
    void aCompletedBatchAndAPoolRunningLowAreToldAboutOnce() throws Exception {
        try (Fixture f = server()) {
            // The round that learns which batches were completed before: none are told about.
            f.server.housekeepNow();
            HttpResponse<String> created =
                    f.sendAdmin("POST", "/api/v1/batches", "{\"venue\":\"CORO\",\"product\":\"KXP2\",\"count\":2}");
            assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
            long batch = Fixture.json(created).get("id").asLong();
            HttpResponse<String> started = f.sendAdmin("POST", "/api/v1/batches/" + batch + "/start", "{}");
            assertThat(started.statusCode()).as(started.body()).isLessThan(300);
            config(f, "10000000cccc0001", "CORO");
            config(f, "10000000cccc0002", "CORO");

            f.server.housekeepNow();
            JsonNode completed = null;
            JsonNode low = null;
            for (int i = 0; i < 2; i++) {
                Received r = next();
                assertThat(r.signature()).isEqualTo(signatureOf(r.body()));
                JsonNode body = r.json();
                switch (body.get("event").asText()) {
                    case "batch.completed" -> completed = body;
                    case "pool.nearly_empty" -> low = body;
                    default -> throw new AssertionError("unexpected notice " + body);
                }
            }
            assertThat(completed).isNotNull();
            assertThat(completed.get("details").get("batch_id").asText()).isEqualTo(Long.toString(batch));
            assertThat(low).isNotNull();
            assertThat(low.get("summary").asText())
                    .isEqualTo("pool KXP2 at CORO nearly empty: 48 hostname(s) available, fewer than 49; import more"
                            + " (pool import)");

            f.server.housekeepNow();
            assertThat(Fixture.json(f.getAdmin("/api/v1/system"))
                            .get("housekeeping")
                            .get("batch_and_pool_notices_raised")
                            .asInt())
                    .as("once per completion, once per crossing")
                    .isEqualTo(2);
        }
    }

    @Test
    void theTargetsSurviveARestartInAFileOnlyTheOwnerReads() throws Exception {
        try (Fixture f = server()) {
            NotificationTargets before = f.server.notifications().targets();
            Path file = dir.resolve(NotificationSettingsFile.FILE_NAME);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");

            f.restart(ServerSettings.forTest(dir, Fixture.PASSWORD), clock);
            assertThat(f.server.notifications().targets()).isEqualTo(before);
            long id = config(f, "10000000dddd0001", "CORO");
            status(f, id, "failed", ",\"step\":\"write\",\"error_message\":\"short write\"");
            Received r = next();
            assertThat(r.event()).isEqualTo("deployment.failed");
            assertThat(r.signature()).isEqualTo(signatureOf(r.body()));
        }
    }

    @Test
    void aSettingsFileThatCannotBeReadSendsNothingAndIsKept() throws Exception {
        Path file = dir.resolve(NotificationSettingsFile.FILE_NAME);
        Files.writeString(file, "{\"webhook_url\":\"ftp://example.org/hook\"}");
        try (Fixture f = new Fixture(dir, ServerSettings.forTest(dir, Fixture.PASSWORD), clock).seeded()) {
            assertThat(f.server.notifications().targets()).isEqualTo(NotificationTargets.NONE);
            assertThat(Files.readString(file)).contains("ftp://example.org/hook");
        }
    }

    @Test
    void aDeviceIsAnsweredWhileTheReceiverIsStillHoldingTheNotice() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        receiver.createContext("/slow", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrived.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        try (Fixture f = server()) {
            NotificationTargets t = f.server.notifications().targets();
            f.server
                    .notifications()
                    .configure(new NotificationTargets(
                            Optional.of(URI.create(
                                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/slow")),
                            t.secret(),
                            t.mail(),
                            t.events(),
                            t.poolThreshold()));
            // The receiver answers only after this test ends (finally): a device's answer that waited for it would
            // time out, and status() would fail instead of seeing its 200.
            long first = config(f, "10000000eeee0001", "CORO");
            status(f, first, "failed", ",\"step\":\"write\",\"error_message\":\"short write\"");
            assertThat(arrived.await(60, TimeUnit.SECONDS))
                    .as("the notice reached the receiver")
                    .isTrue();
            long second = config(f, "10000000eeee0002", "CORO");
            status(f, second, "downloading", "");
        } finally {
            release.countDown();
        }
    }
}
