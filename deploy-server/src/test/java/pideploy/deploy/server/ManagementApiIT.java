package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.http.helidon.RouteSpec;
import pideploy.deploy.http.helidon.RouteTable;
import pideploy.deploy.server.cli.DemoSeed;

/** The management API on the real server: every route answers, writes are audited, live events flow. */
class ManagementApiIT {
    @TempDir
    static java.nio.file.Path dir;

    static Fixture f;

    @BeforeAll
    static void start() {
        f = new Fixture(dir);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void anonymousCallersAreRefusedOnEveryApiRoute() throws Exception {
        for (RouteSpec spec : RouteTable.ALL) {
            if (spec.listener() != RouteSpec.Listener.OPERATOR || spec.access() != RouteSpec.Access.OPERATOR) {
                continue;
            }
            String path = spec.path().replaceAll("\\{[^}]+}", "1");
            HttpResponse<String> r = f.http.send(
                    HttpRequest.newBuilder(f.admin(path))
                            .method(spec.method().text(), HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(spec.toString()).isEqualTo(401);
        }
    }

    @Test
    void uploadThatIsNotADiskImageIsRefusedAndNothingIsStored() throws Exception {
        // bzip2 is not among the formats registration unpacks (ADR-0055), so it is refused by its magic number.
        byte[] bzip2 = new byte[64 * 1024];
        bzip2[0] = 'B';
        bzip2[1] = 'Z';
        bzip2[2] = 'h';
        HttpResponse<String> upload = f.http.send(
                HttpRequest.newBuilder(f.admin("/api/v1/images?product=RXP2&version=0.9.1&filename=rxp2.img.bz2"))
                        .header("Authorization", Fixture.basic())
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bzip2))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(422);
        JsonNode error = Fixture.json(upload).get("error");
        assertThat(error.get("code").asText()).isEqualTo("NOT_A_DISK_IMAGE");
        assertThat(error.get("message").asText()).contains("rxp2.img.bz2").contains("bzip2-compressed");
        assertThat(Fixture.json(f.getAdmin("/api/v1/images?product=RXP2"))).isEmpty();
        try (var stored = java.nio.file.Files.list(dir.resolve(Fleet.IMAGES_DIR))) {
            assertThat(stored.map(p -> p.getFileName().toString()).toList()).noneMatch(n -> n.contains("0.9.1"));
        }
    }

    @Test
    void fleetSetupThroughTheApiIsAuditedAndServesDevices() throws Exception {
        assertThat(f.sendAdmin(
                                "POST",
                                "/api/v1/venues",
                                "{\"code\":\"mesa\",\"name\":\"Mesa\",\"location\":\"AZ\",\"contact_email\":\"m@example.com\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(f.sendAdmin("POST", "/api/v1/venues", "{\"code\":\"MESA\",\"name\":\"again\"}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(f.sendAdmin("POST", "/api/v1/venues", "{\"code\":\"MES\",\"name\":\"x\"}")
                        .body())
                .contains("INVALID_FIELD")
                .contains("code");
        assertThat(f.sendAdmin("POST", "/api/v1/products", "{\"code\":\"TAB1\",\"strategy\":\"serial\"}")
                        .statusCode())
                .isEqualTo(201);
        JsonNode imported = Fixture.json(
                f.sendAdmin("POST", "/api/v1/pools/MESA/import", "{\"product\":\"KXP2\",\"numbers\":\"1-10,77\"}"));
        assertThat(imported.get("imported").asInt()).isEqualTo(11);
        JsonNode pool = Fixture.json(f.getAdmin("/api/v1/pools/MESA?state=available"));
        assertThat(pool.get("entries")).hasSize(11);
        assertThat(pool.get("counts").get(0).get("capacity").asInt()).isEqualTo(11);

        byte[] image;
        try (InputStream in = DemoSeed.image()) {
            image = in.readAllBytes();
        }
        HttpResponse<String> upload = f.http.send(
                HttpRequest.newBuilder(f.admin(
                                "/api/v1/images?product=KXP2&version=2.0.0&filename=pi.img&activate=true&notes=api"))
                        .header("Authorization", Fixture.basic())
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(image))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        assertThat(Fixture.json(upload).get("image").get("size_bytes").asLong()).isEqualTo(image.length);
        assertThat(Fixture.json(f.getAdmin("/api/v1/images?product=KXP2"))
                        .get(0)
                        .get("active")
                        .asBoolean())
                .isTrue();

        JsonNode batch = Fixture.json(f.sendAdmin(
                "POST", "/api/v1/batches", "{\"venue\":\"MESA\",\"product\":\"KXP2\",\"count\":2,\"priority\":5}"));
        long id = batch.get("id").asLong();
        assertThat(batch.get("state").asText()).isEqualTo("pending");
        assertThat(Fixture.json(f.sendAdmin("POST", "/api/v1/batches/" + id + "/start", ""))
                        .get("state")
                        .asText())
                .isEqualTo("active");
        assertThat(Fixture.json(f.sendAdmin("PUT", "/api/v1/batches/" + id + "/priority", "{\"priority\":7}"))
                        .get("priority")
                        .asInt())
                .isEqualTo(7);
        assertThat(f.sendAdmin("POST", "/api/v1/batches/999/start", "").statusCode())
                .isEqualTo(404);

        // a device without venue or product is placed by the active batch
        JsonNode cfg = Fixture.json(f.postDevice("/api/config", "{\"serial_number\":\"10000000cafe0001\"}"));
        assertThat(cfg.get("hostname").asText()).isEqualTo("KXP2-MESA-001");
        assertThat(cfg.get("image_version").asText()).isEqualTo("2.0.0");

        JsonNode page = Fixture.json(f.getAdmin("/api/v1/deployments?venue=MESA&status=started&limit=10"));
        assertThat(page.get("total").asLong()).isEqualTo(1);
        assertThat(page.get("items").get(0).get("hostname").asText()).isEqualTo("KXP2-MESA-001");
        HttpResponse<String> csv = f.getAdmin("/api/v1/deployments?format=csv&venue=MESA");
        assertThat(csv.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("id,hostname,serial,").contains("KXP2-MESA-001");
        long depId = cfg.get("deployment_id").asLong();
        JsonNode history = Fixture.json(f.getAdmin("/api/v1/deployments/" + depId + "/history"));
        assertThat(history.get("events").get(0).get("type").asText()).isEqualTo("created");
        assertThat(f.getAdmin("/api/v1/deployments/not-confirmed").statusCode()).isEqualTo(200);
        assertThat(f.getAdmin("/api/v1/deployments/99999").statusCode()).isEqualTo(404);
        assertThat(f.getAdmin("/api/v1/deployments?status=nope").statusCode()).isEqualTo(400);

        assertThat(Fixture.json(f.sendAdmin("POST", "/api/v1/hostnames/KXP2-MESA-077/retire", ""))
                        .get("state")
                        .asText())
                .isEqualTo("retired");
        assertThat(f.sendAdmin("POST", "/api/v1/hostnames/KXP2-MESA-077/release", "")
                        .statusCode())
                .isEqualTo(409);
        assertThat(f.sendAdmin("POST", "/api/v1/hostnames/KXP2-MESA-001/release", "")
                        .statusCode())
                .isEqualTo(200);

        JsonNode summary = Fixture.json(f.getAdmin("/api/v1/summary"));
        assertThat(summary.get("venues").toString()).contains("MESA");
        JsonNode system = Fixture.json(f.getAdmin("/api/v1/system"));
        assertThat(system.get("version").asText()).isEqualTo(Version.VALUE);
        assertThat(system.get("listeners").get("device").get("port").asInt()).isEqualTo(f.server.devicePort());
        assertThat(system.get("database").get("status").asText()).isEqualTo("UP");
        assertThat(system.get("disk").get("images_bytes").asLong()).isGreaterThanOrEqualTo(image.length);

        JsonNode audit = Fixture.json(f.getAdmin("/api/v1/audit?actor=admin&limit=50"));
        List<String> actions = new ArrayList<>();
        audit.forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions)
                .contains(
                        "venue.add",
                        "product.add",
                        "pool.import",
                        "image.register",
                        "batch.create",
                        "batch.start",
                        "batch.priority",
                        "hostname.retire",
                        "hostname.release");
        assertThat(audit.get(0).get("detail").asText()).startsWith("from 127.0.0.1");
    }

    @Test
    void usersCanBeManagedButNotTheLastOne() throws Exception {
        assertThat(f.sendAdmin("POST", "/api/v1/users", "{\"username\":\"carol\",\"password\":\"short\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(f.sendAdmin("POST", "/api/v1/users", "{\"username\":\"carol\",\"password\":\"carols-password\"}")
                        .statusCode())
                .isEqualTo(201);
        String carol = "Basic " + java.util.Base64.getEncoder().encodeToString("carol:carols-password".getBytes());
        HttpResponse<String> asCarol = f.http.send(
                HttpRequest.newBuilder(f.admin("/api/v1/venues"))
                        .header("Authorization", carol)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asCarol.statusCode()).isEqualTo(200);
        assertThat(f.sendAdmin("PUT", "/api/v1/users/carol/password", "{\"password\":\"new-carol-password\"}")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> oldPassword = f.http.send(
                HttpRequest.newBuilder(f.admin("/api/v1/venues"))
                        .header("Authorization", carol)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(oldPassword.statusCode()).isEqualTo(401);
        assertThat(f.sendAdmin("DELETE", "/api/v1/users/carol", "").statusCode())
                .isEqualTo(204);
        assertThat(f.sendAdmin("DELETE", "/api/v1/users/admin", "").statusCode())
                .isEqualTo(409);
        assertThat(Fixture.json(f.getAdmin("/api/v1/users")).toString()).doesNotContain("carol");
    }

    @Test
    void browserSessionNeedsCsrfOnTheRealServer() throws Exception {
        HttpResponse<String> login = f.http.send(
                HttpRequest.newBuilder(f.admin("/api/v1/session"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"admin\",\"password\":\"" + Fixture.PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        String csrf = Fixture.json(login).get("csrf_token").asText();
        HttpResponse<String> without = f.http.send(
                HttpRequest.newBuilder(f.admin("/api/v1/venues"))
                        .header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"SESS\",\"name\":\"S\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(403);
        HttpResponse<String> with = f.http.send(
                HttpRequest.newBuilder(f.admin("/api/v1/venues"))
                        .header("Cookie", cookie)
                        .header("X-CSRF-Token", csrf)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"SESS\",\"name\":\"S\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(with.statusCode()).isEqualTo(201);
    }

    @Test
    void liveEventsCarryDeploymentChanges() throws Exception {
        DemoSeed.seed(f.server.core());
        HttpResponse<InputStream> stream = f.http.send(
                HttpRequest.newBuilder(f.admin("/api/v1/events"))
                        .header("Authorization", Fixture.basic())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> {
            List<String> got = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    got.add(line);
                    if (line.startsWith("data:") && line.contains("10000000cafe0099") && line.contains("downloading")) {
                        break;
                    }
                }
            } catch (java.io.IOException e) {
                got.add("IOException " + e);
            }
            return got;
        });
        Thread.sleep(200);
        JsonNode cfg = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000cafe0099")));
        f.postDevice(
                "/api/status",
                "{\"deployment_id\":%d,\"status\":\"downloading\",\"bytes_done\":1,\"bytes_total\":9}"
                        .formatted(cfg.get("deployment_id").asLong()));
        List<String> got = lines.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(got).contains("event:deployment");
        assertThat(got)
                .anyMatch(l -> l.startsWith("data:")
                        && l.contains("\"status\":\"started\"")
                        && l.contains(cfg.get("hostname").asText()));
        assertThat(got).anyMatch(l -> l.startsWith("id:"));
    }

    static Duration timeout() {
        return Duration.ofSeconds(10);
    }
}
