package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.device.MacAddress;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.ConfigAnswer;
import pideploy.deploy.core.usecase.ConfigRequest;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.persistence.sqlite.SqliteDatabase;
import pideploy.deploy.persistence.sqlite.SqliteSettings;
import pideploy.deploy.storage.fs.DirectoryImageStore;

/**
 * Deployment events committed by another process on the same database file reach an open event stream (ADR-0032),
 * and the server's own events are not sent twice; other command-line changes make open pages refresh.
 */
class ForeignEventsIT {
    @TempDir
    Path dir;

    @Test
    void aDeploymentRecordedByASecondProcessAppearsOnTheStreamAndOwnEventsOnlyOnce() throws Exception {
        try (Fixture f = new Fixture(dir).seeded()) {
            HttpResponse<InputStream> stream = f.http.send(
                    HttpRequest.newBuilder(f.admin("/api/v1/events"))
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

            // A second process: its own pool of connections to the same file, and no live-event publisher.
            ConfigAnswer answer;
            try (SqliteDatabase other = SqliteDatabase.open(new SqliteSettings(dir.resolve("pideploy.db")))) {
                DeployCore core = DeployCore.create(
                        other.fleetStore(),
                        new DirectoryImageStore(dir.resolve("images")),
                        EventPublisher.NONE,
                        Clock.systemUTC(),
                        CoreSettings.DEFAULTS);
                answer = core.answerConfig()
                        .answer(ConfigRequest.of(
                                ProductCode.of("KXP2"),
                                VenueCode.of("CORO"),
                                DeviceIdentity.of(
                                        SerialNumber.of("10000000f0e1a001"), MacAddress.of("dc:a6:32:0f:0e:01"))));
            }
            assertThat(answer).isInstanceOf(ConfigAnswer.Assigned.class);
            String foreignHost = ((ConfigAnswer.Assigned) answer).hostname().value();

            // And one through this server's own API.
            JsonNode own = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000f0e1a002")));
            String ownHost = own.get("hostname").asText();

            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline && data.stream().noneMatch(l -> l.contains(foreignHost))) {
                Thread.sleep(50);
            }
            assertThat(data)
                    .as("events on the stream")
                    .anyMatch(l -> l.contains(foreignHost) && l.contains("\"status\":\"started\""));
            // Give the tail three more rounds to (wrongly) repeat the server's own event.
            Thread.sleep(3_000);
            assertThat(data.stream().filter(l -> l.contains(ownHost))).hasSize(1);
            assertThat(data.stream().filter(l -> l.contains(foreignHost))).hasSize(1);
            reader.interrupt();
        }
    }

    @Test
    void aPoolImportByTheCommandLineAsksOpenPagesToRefresh() throws Exception {
        try (Fixture f = new Fixture(dir).seeded()) {
            HttpResponse<InputStream> stream = f.http.send(
                    HttpRequest.newBuilder(f.admin("/api/v1/events"))
                            .header("Authorization", Fixture.basic())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    // stream closed at the end of the test
                }
            });
            java.io.StringWriter err = new java.io.StringWriter();
            int code = PiDeployMain.commandLine()
                    .setOut(new java.io.PrintWriter(new java.io.StringWriter()))
                    .setErr(new java.io.PrintWriter(err))
                    .execute(
                            "pool",
                            "import",
                            "CORO",
                            "--product",
                            "KXP2",
                            "--numbers",
                            "60-70",
                            "--data",
                            dir.toString());
            assertThat(code).as(err.toString()).isZero();

            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline && lines.stream().noneMatch(l -> l.contains("pool.import"))) {
                Thread.sleep(50);
            }
            assertThat(lines).anyMatch(l -> l.replace(" ", "").equals("event:refresh"));
            assertThat(lines)
                    .anyMatch(l -> l.startsWith("data:")
                            && l.contains("changed from the command line")
                            && l.contains("pool.import"));
            reader.interrupt();
        }
    }
}
