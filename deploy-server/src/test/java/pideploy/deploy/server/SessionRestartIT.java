package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.server.config.ServerSettings;

/**
 * Browser sessions live in the database (ADR-0030): a dashboard stays logged in across a server restart, its event
 * stream can reconnect without a new login, logout and idle expiry still end a session, and the database never holds
 * the cookie's token.
 */
class SessionRestartIT {
    @TempDir
    Path dir;

    private record Login(String cookie, String csrf) {}

    private static Login login(Fixture f) throws Exception {
        HttpResponse<String> r = f.http.send(
                HttpRequest.newBuilder(f.admin("/api/v1/session"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"admin\",\"password\":\"" + Fixture.PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new Login(
                r.headers().firstValue("set-cookie").orElseThrow().split(";")[0],
                Fixture.json(r).get("csrf_token").asText());
    }

    private static HttpResponse<String> get(Fixture f, String path, Login l) throws Exception {
        return f.http.send(
                HttpRequest.newBuilder(f.admin(path))
                        .header("Cookie", l.cookie())
                        .header("Sec-Fetch-Mode", "cors")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSessionSurvivesARestartWithItsCsrfTokenAndEventStream() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            Login l = login(f);

            f.restart();

            HttpResponse<String> session = get(f, "/api/v1/session", l);
            assertThat(session.statusCode()).isEqualTo(200);
            assertThat(Fixture.json(session).get("username").asText()).isEqualTo("admin");
            assertThat(Fixture.json(session).get("csrf_token").asText()).isEqualTo(l.csrf());
            HttpResponse<String> add = f.http.send(
                    HttpRequest.newBuilder(f.admin("/api/v1/venues"))
                            .header("Cookie", l.cookie())
                            .header("X-CSRF-Token", l.csrf())
                            .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"RSTR\",\"name\":\"After restart\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(add.statusCode()).isEqualTo(201);
            HttpResponse<InputStream> events = f.http.send(
                    HttpRequest.newBuilder(f.admin("/api/v1/events"))
                            .header("Cookie", l.cookie())
                            .header("Last-Event-ID", "0-1")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(events.statusCode()).isEqualTo(200);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
                // An id of an earlier run: the stream says to reload lists instead of asking for a login.
                String line;
                do {
                    line = in.readLine();
                } while (line != null && !line.startsWith("event:"));
                assertThat(line).matches("event: ?refresh");
            }
        }
    }

    @Test
    void logoutEndsTheSessionAlsoAfterARestart() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            Login l = login(f);
            HttpResponse<String> out = f.http.send(
                    HttpRequest.newBuilder(f.admin("/api/v1/session"))
                            .header("Cookie", l.cookie())
                            .header("X-CSRF-Token", l.csrf())
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(out.statusCode()).isEqualTo(204);
            assertThat(get(f, "/api/v1/session", l).statusCode()).isEqualTo(401);

            f.restart();

            assertThat(get(f, "/api/v1/session", l).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theDatabaseHoldsNeitherTheSessionTokenNorTheCsrfToken() throws Exception {
        Login l;
        try (Fixture f = new Fixture(dir)) {
            l = login(f);
            assertThat(get(f, "/api/v1/session", l).statusCode()).isEqualTo(200);
        }
        // Stopping folds the WAL into the file, so the file alone is the whole database.
        String token = l.cookie().substring(l.cookie().indexOf('=') + 1);
        String db = new String(Files.readAllBytes(dir.resolve("pideploy.db")), StandardCharsets.ISO_8859_1);
        assertThat(db).contains("admin").doesNotContain(token).doesNotContain(l.csrf());
    }

    @Test
    void anIdleSessionExpiresAndAnUsedOneDoesNot() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
        ServerSettings settings = ServerSettings.forTest(dir, Fixture.PASSWORD);
        Duration idle = settings.http().sessionIdle();
        try (Fixture f = new Fixture(dir, settings, clock)) {
            Login used = login(f);
            Login idleOne = login(f);
            clock.advance(idle.minusMinutes(1));
            assertThat(get(f, "/api/v1/session", used).statusCode()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(2));

            f.restart(settings, clock);

            assertThat(get(f, "/api/v1/session", idleOne).statusCode()).isEqualTo(401);
            assertThat(get(f, "/api/v1/session", used).statusCode()).isEqualTo(200);
        }
    }
}
