package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.operator.NewAuditEntry;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.server.ServerName;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.ImportPoolCommand;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.persistence.postgresql.PostgresExtension;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.deploy.server.config.DatabaseChoice;
import pideploy.deploy.server.config.ServerSettings;

/**
 * A split boot storm: two real servers (own listeners, own data directories) on one PostgreSQL database, and devices
 * whose two config requests each go to a server chosen at random, over real HTTP. One fleet: every device gets one
 * hostname, the same whichever server it asks, and no hostname goes to two devices.
 */
class TwoServersOnePostgresIT {
    private static final int DEVICES = 500;

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    record Answer(long device, int server, int status, String hostname) {}

    @Test
    void aSplitBootStormMakesOneFleet() throws Exception {
        DatabaseChoice database =
                new DatabaseChoice.Postgres(POSTGRES.freshDatabase().settings());
        PiDeployServer a = PiDeployServer.start(
                ServerSettings.forTest(dir.resolve("a"), Fixture.PASSWORD).withDatabase(database));
        try {
            PiDeployServer b = PiDeployServer.start(
                    ServerSettings.forTest(dir.resolve("b"), Fixture.PASSWORD).withDatabase(database));
            try {
                DemoSeed.seed(a.core());
                awaitImageFile(b);
                b.core()
                        .importPool()
                        .importNumbers(ImportPoolCommand.parse(VenueCode.of("CORO"), ProductCode.of("KXP2"), "51-600"));
                List<PiDeployServer> servers = List.of(a, b);

                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<Answer>>> futures = new ArrayList<>();
                // 64 devices in flight at a time, as BootStormContract: enough to race every step across the servers,
                // without a connect storm that tests the loopback accept queue instead of the fleet.
                try (ExecutorService pool = Executors.newFixedThreadPool(64)) {
                    for (long d = 0; d < DEVICES; d++) {
                        long device = d;
                        futures.add(pool.submit(() -> {
                            go.await();
                            List<Answer> answers = new ArrayList<>();
                            for (int attempt = 0; attempt < 2; attempt++) {
                                int s = ThreadLocalRandom.current().nextInt(2);
                                answers.add(ask(servers.get(s), s, device));
                            }
                            return answers;
                        }));
                    }
                    go.countDown();
                }

                Map<Long, String> hostnameOf = new HashMap<>();
                int[] perServer = new int[2];
                for (Future<List<Answer>> f : futures) {
                    List<Answer> answers = f.get();
                    for (Answer answer : answers) {
                        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
                        perServer[answer.server()]++;
                    }
                    assertThat(answers.get(1).hostname())
                            .as("device %d's retry", answers.get(0).device())
                            .isEqualTo(answers.get(0).hostname());
                    hostnameOf.put(answers.get(0).device(), answers.get(0).hostname());
                }
                assertThat(perServer[0]).as("requests to server A").isPositive();
                assertThat(perServer[1]).as("requests to server B").isPositive();
                assertThat(new HashSet<>(hostnameOf.values())).hasSize(DEVICES);
                for (PiDeployServer server : servers) {
                    assertThat(server.core().listPool().list(PoolFilter.ALL).stream()
                                    .filter(e -> e.state() == PoolEntryState.ASSIGNED)
                                    .count())
                            .as("assigned entries seen by " + server.deviceUrl())
                            .isEqualTo(DEVICES);
                }
            } finally {
                b.stop();
            }
        } finally {
            a.stop();
        }
    }

    /**
     * Each deployment names the server that answered it (ADR-0098), whichever server is asked about it, and both
     * servers list the fleet's two servers with their heartbeats (the System page's list).
     */
    @Test
    void eachDeploymentNamesItsServerAndEveryServerListsTheFleet() throws Exception {
        DatabaseChoice database =
                new DatabaseChoice.Postgres(POSTGRES.freshDatabase().settings());
        PiDeployServer a = PiDeployServer.start(ServerSettings.forTest(dir.resolve("a"), Fixture.PASSWORD)
                .withDatabase(database)
                .withCore(CoreSettings.DEFAULTS.withServerName(ServerName.of("station-a"))));
        try {
            PiDeployServer b = PiDeployServer.start(ServerSettings.forTest(dir.resolve("b"), Fixture.PASSWORD)
                    .withDatabase(database)
                    .withCore(CoreSettings.DEFAULTS.withServerName(ServerName.of("station-b"))));
            try {
                DemoSeed.seed(a.core());
                awaitImageFile(b);
                assertThat(ask(a, 0, 1).status()).isEqualTo(200);
                assertThat(ask(b, 1, 2).status()).isEqualTo(200);

                com.fasterxml.jackson.databind.JsonNode list =
                        Fixture.json(get(a, "/api/v1/deployments?limit=10")).get("items");
                Map<String, String> answeredBy = new HashMap<>();
                for (com.fasterxml.jackson.databind.JsonNode d : list) {
                    answeredBy.put(
                            d.get("serial").asText(), d.get("answered_by").asText());
                }
                assertThat(answeredBy)
                        .containsEntry("%016x".formatted(0x20000000_00000000L + 1), "station-a")
                        .containsEntry("%016x".formatted(0x20000000_00000000L + 2), "station-b");

                for (PiDeployServer server : List.of(a, b)) {
                    com.fasterxml.jackson.databind.JsonNode servers =
                            Fixture.json(get(server, "/api/v1/system")).get("fleet_servers");
                    assertThat(servers).hasSize(2);
                    assertThat(servers.get(0).get("name").asText()).isEqualTo("station-a");
                    assertThat(servers.get(1).get("name").asText()).isEqualTo("station-b");
                    assertThat(servers.get(0).get("device_url").asText())
                            .isEqualTo(a.deviceUrl().toString());
                    for (com.fasterxml.jackson.databind.JsonNode s : servers) {
                        assertThat(s.get("heartbeat_at").asText()).isNotBlank();
                        assertThat(s.get("this_server").asBoolean())
                                .as("%s on %s", s.get("name"), server.adminUrl())
                                .isEqualTo(s.get("name").asText().equals(server == a ? "station-a" : "station-b"));
                    }
                }
            } finally {
                b.stop();
            }
        } finally {
            a.stop();
        }
    }

    /**
     * Waits until server B holds the demo image's file: registered on A, it is copied to B (ADR-0099), and until
     * then B answers configs for it with 503.
     */
    private static void awaitImageFile(PiDeployServer b) throws InterruptedException {
        String file = b.core()
                .listImages()
                .find(DemoSeed.PRODUCT, DemoSeed.IMAGE_VERSION)
                .orElseThrow()
                .fileName();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Path copy = b.dataDir().resolve(Fleet.IMAGES_DIR).resolve(file);
        while (!java.nio.file.Files.exists(copy) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(copy).as("image file copied to " + b.deviceUrl()).exists();
    }

    private HttpResponse<String> get(PiDeployServer server, String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(server.adminUrl() + path))
                        .header("Authorization", Fixture.basic())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r;
    }

    private Answer ask(PiDeployServer server, int index, long device) throws Exception {
        String serial = "%016x".formatted(0x20000000_00000000L + device);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(server.deviceUrl() + "/api/config"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Fixture.config(serial)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(device, index, r.statusCode(), BootStormIT.hostname(r));
    }

    /**
     * On PostgreSQL no database tail runs: the commit of server A's write notifies server B ({@code LISTEN/NOTIFY},
     * ADR-0097), so a device that asks server A appears live on server B's event stream; and a change made with the
     * admin command line makes server B's pages reload.
     */
    @Test
    void aDeviceDeployingThroughOneServerAppearsLiveOnTheOthersDashboard() throws Exception {
        DatabaseChoice database =
                new DatabaseChoice.Postgres(POSTGRES.freshDatabase().settings());
        PiDeployServer a = PiDeployServer.start(
                ServerSettings.forTest(dir.resolve("a"), Fixture.PASSWORD).withDatabase(database));
        try {
            PiDeployServer b = PiDeployServer.start(
                    ServerSettings.forTest(dir.resolve("b"), Fixture.PASSWORD).withDatabase(database));
            try {
                DemoSeed.seed(a.core());
                awaitImageFile(b);
                HttpResponse<InputStream> stream = http.send(
                        HttpRequest.newBuilder(URI.create(b.adminUrl() + "/api/v1/events"))
                                .header("Authorization", Fixture.basic())
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(stream.statusCode()).isEqualTo(200);
                List<String> data = new CopyOnWriteArrayList<>();
                Thread reader = Thread.ofVirtual().start(() -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            if (line.startsWith("data:")) {
                                data.add(line);
                            }
                        }
                    } catch (java.io.IOException e) {
                        // stream closed at the end of the test
                    }
                });

                Answer viaA = ask(a, 0, 7);
                assertThat(viaA.status()).as(viaA.toString()).isEqualTo(200);

                long deadline = System.nanoTime() + 15_000_000_000L;
                while (System.nanoTime() < deadline && data.stream().noneMatch(l -> l.contains(viaA.hostname()))) {
                    Thread.sleep(50);
                }
                assertThat(data)
                        .as("events on server B's stream")
                        .anyMatch(l -> l.contains(viaA.hostname()) && l.contains("\"status\":\"started\""));

                // The admin command line opens the fleet itself and audits its change under cli:<user> (AdminCommand).
                try (Fleet cli = Fleet.open(
                        dir.resolve("cli"), EventPublisher.NONE, Clock.systemUTC(), CoreSettings.DEFAULTS, database)) {
                    cli.db()
                            .auditLog()
                            .append(new NewAuditEntry(
                                    Instant.now(), "cli:root", "venue.add", "ZETA", "from the command line"));
                }
                long refreshDeadline = System.nanoTime() + 15_000_000_000L;
                while (System.nanoTime() < refreshDeadline
                        && data.stream().noneMatch(l -> l.contains("venue.add ZETA"))) {
                    Thread.sleep(50);
                }
                assertThat(data)
                        .as("refresh events on server B's stream")
                        .anyMatch(l -> l.contains("changed from the command line: venue.add ZETA"));
                reader.interrupt();
            } finally {
                b.stop();
            }
        } finally {
            a.stop();
        }
    }
}
