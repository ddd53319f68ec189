package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.server.config.ServerSettings;

/**
 * Token scopes, expiry and last use on the real server with a real database file (ADR-0051): a token does at most
 * its role and its owner's current role, dies at its expiry with a 401 that says so, records its last use at most
 * once a minute; every account manages its own tokens, admins everyone's; the command line takes --role and --expires.
 */
class TokenScopeIT {
    private static final String OLGA_PASSWORD = "olga operates the fleet";
    private static final String VERA_PASSWORD = "vera only looks at it";
    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path dir;

    private MutableClock clock;
    private Fixture f;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(START);
        f = new Fixture(dir, ServerSettings.forTest(dir, Fixture.PASSWORD), clock);
        assertThat(f.sendAdmin(
                                "POST",
                                "/api/v1/users",
                                "{\"username\":\"olga\",\"password\":\"%s\",\"role\":\"operator\"}"
                                        .formatted(OLGA_PASSWORD))
                        .statusCode())
                .isEqualTo(201);
        assertThat(f.sendAdmin(
                                "POST",
                                "/api/v1/users",
                                "{\"username\":\"vera\",\"password\":\"%s\",\"role\":\"viewer\"}"
                                        .formatted(VERA_PASSWORD))
                        .statusCode())
                .isEqualTo(201);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private HttpResponse<String> as(String user, String password, String method, String path, String json)
            throws Exception {
        String basic =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return f.http.send(
                HttpRequest.newBuilder(f.admin(path))
                        .header("Authorization", basic)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> bearer(String token, String method, String path, String json) throws Exception {
        return f.http.send(
                HttpRequest.newBuilder(f.admin(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode mint(String user, String json) throws Exception {
        HttpResponse<String> r = f.sendAdmin("POST", "/api/v1/users/" + user + "/tokens", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Fixture.json(r);
    }

    private static String code(HttpResponse<String> r) throws Exception {
        return Fixture.json(r).get("error").get("code").asText();
    }

    private static String message(HttpResponse<String> r) throws Exception {
        return Fixture.json(r).get("error").get("message").asText();
    }

    @Test
    void aViewerTokenOfAnAdminOnlyReads() throws Exception {
        JsonNode made = mint("admin", "{\"label\":\"dashboard screen\",\"role\":\"viewer\"}");
        String token = made.get("token").asText();
        assertThat(made.get("role").asText()).isEqualTo("viewer");

        assertThat(bearer(token, "GET", "/api/v1/venues", null).statusCode()).isEqualTo(200);
        HttpResponse<String> write = bearer(token, "POST", "/api/v1/venues", "{\"code\":\"MESA\",\"name\":\"Mesa\"}");
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(message(write)).contains("needs role operator").contains("has role viewer");
        assertThat(bearer(token, "GET", "/api/v1/users", null).statusCode()).isEqualTo(403);
        assertThat(Fixture.json(bearer(token, "GET", "/api/v1/session", null))
                        .get("role")
                        .asText())
                .isEqualTo("viewer");
        assertThat(f.getAdmin("/api/v1/venues").body()).doesNotContain("MESA");
    }

    @Test
    void aTokenAboveItsOwnersRoleIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> tooHigh = f.sendAdmin("POST", "/api/v1/users/olga/tokens", "{\"role\":\"admin\"}");
        assertThat(tooHigh.statusCode()).isEqualTo(400);
        assertThat(message(tooHigh))
                .contains("role")
                .contains("admin")
                .contains("operator of olga")
                .contains("at most its owner's role");
        HttpResponse<String> unknown = f.sendAdmin("POST", "/api/v1/users/olga/tokens", "{\"role\":\"root\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(message(unknown))
                .contains("role must be one of viewer, operator, admin")
                .contains("root");
        HttpResponse<String> own =
                as("vera", VERA_PASSWORD, "POST", "/api/v1/users/vera/tokens", "{\"role\":\"operator\"}");
        assertThat(own.statusCode()).isEqualTo(400);
        assertThat(message(own)).contains("viewer of vera");

        assertThat(f.getAdmin("/api/v1/users/olga/tokens").body()).isEqualTo("[]");
        assertThat(f.getAdmin("/api/v1/users/vera/tokens").body()).isEqualTo("[]");
        // Without a role the token gets its owner's.
        assertThat(mint("olga", "{}").get("role").asText()).isEqualTo("operator");
    }

    @Test
    void demotingTheOwnerCapsItsTokensAtOnce() throws Exception {
        String token = mint("olga", "{\"role\":\"operator\"}").get("token").asText();
        assertThat(bearer(token, "POST", "/api/v1/venues", "{\"code\":\"MESA\",\"name\":\"Mesa\"}")
                        .statusCode())
                .isEqualTo(201);

        assertThat(f.sendAdmin("PUT", "/api/v1/users/olga/role", "{\"role\":\"viewer\"}")
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> write = bearer(token, "POST", "/api/v1/venues", "{\"code\":\"TAOS\",\"name\":\"Taos\"}");
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(message(write)).contains("has role viewer");
        assertThat(bearer(token, "GET", "/api/v1/venues", null).statusCode()).isEqualTo(200);
        // The token keeps its own scope: promoting olga again gives it back operator, not more.
        assertThat(f.sendAdmin("PUT", "/api/v1/users/olga/role", "{\"role\":\"admin\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(bearer(token, "GET", "/api/v1/users", null).statusCode()).isEqualTo(403);
    }

    @Test
    void anExpiredTokenIsRefusedWith401SayingSo() throws Exception {
        JsonNode made = mint("admin", "{\"expires\":\"1h\"}");
        String token = made.get("token").asText();
        assertThat(Instant.parse(made.get("expires_at").asText())).isEqualTo(START.plus(Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(59));
        assertThat(bearer(token, "GET", "/api/v1/venues", null).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));

        HttpResponse<String> refused = bearer(token, "GET", "/api/v1/venues", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(message(refused))
                .contains(made.get("id").asText())
                .contains("expired")
                .contains("make a new one");
    }

    @Test
    void anOpenEventStreamEndsWhenItsTokenExpires() throws Exception {
        String token = mint("vera", "{\"expires\":\"1h\"}").get("token").asText();
        HttpResponse<java.util.stream.Stream<String>> stream = f.http.send(
                HttpRequest.newBuilder(f.admin("/api/v1/events"))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        java.util.concurrent.CompletableFuture<Long> ended = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> stream.body().count());
        Thread.sleep(500);
        assertThat(ended).isNotDone();

        clock.advance(Duration.ofHours(1));

        // The stream re-checks its credential every few seconds; a hang here fails with a timeout.
        ended.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(bearer(token, "GET", "/api/v1/events", null).statusCode()).isEqualTo(401);
    }

    @Test
    void tokensExpireAfter90DaysUnlessNeverIsAskedFor() throws Exception {
        JsonNode byDefault = mint("admin", "{}");
        JsonNode forever = mint("admin", "{\"expires\":\"never\"}");
        assertThat(Instant.parse(byDefault.get("expires_at").asText())).isEqualTo(START.plus(Duration.ofDays(90)));
        assertThat(forever.get("expires_at").isNull()).isTrue();

        clock.advance(Duration.ofDays(1000));

        assertThat(bearer(byDefault.get("token").asText(), "GET", "/api/v1/venues", null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(bearer(forever.get("token").asText(), "GET", "/api/v1/venues", null)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> bad = f.sendAdmin("POST", "/api/v1/users/admin/tokens", "{\"expires\":\"forever\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(message(bad)).contains("expires").contains("30d").contains("never");
        assertThat(f.getAdmin("/api/v1/users/admin/tokens").body()).doesNotContain("forever");
    }

    @Test
    void theLastUseIsRecordedAtMostOnceAMinute() throws Exception {
        JsonNode made = mint("admin", "{}");
        String token = made.get("token").asText();
        assertThat(made.get("last_used_at").isNull()).isTrue();

        clock.advance(Duration.ofSeconds(10));
        bearer(token, "GET", "/api/v1/venues", null);
        Instant first = START.plusSeconds(10);
        assertThat(lastUse()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(50));
        bearer(token, "GET", "/api/v1/venues", null);
        assertThat(lastUse()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(10));
        bearer(token, "GET", "/api/v1/venues", null);
        assertThat(lastUse()).isEqualTo(first.plusSeconds(60));
    }

    private Instant lastUse() throws Exception {
        return Instant.parse(Fixture.json(f.getAdmin("/api/v1/users/admin/tokens"))
                .get(0)
                .get("last_used_at")
                .asText());
    }

    @Test
    void everyAccountManagesItsOwnTokensAndAdminsEveryones() throws Exception {
        String adminTokenId = mint("admin", "{\"label\":\"admin's\"}").get("id").asText();
        HttpResponse<String> made = as(
                "olga",
                OLGA_PASSWORD,
                "POST",
                "/api/v1/users/olga/tokens",
                "{\"label\":\"olga's\",\"role\":\"viewer\",\"expires\":\"30d\"}");
        assertThat(made.statusCode()).isEqualTo(201);
        String olgaTokenId = Fixture.json(made).get("id").asText();

        assertThat(as("olga", OLGA_PASSWORD, "GET", "/api/v1/users/olga/tokens", null)
                        .body())
                .contains(olgaTokenId);
        HttpResponse<String> others = as("olga", OLGA_PASSWORD, "GET", "/api/v1/users/admin/tokens", null);
        assertThat(others.statusCode()).isEqualTo(403);
        assertThat(message(others)).contains("only an admin").contains("olga has role operator");
        assertThat(as("olga", OLGA_PASSWORD, "GET", "/api/v1/tokens", null).body())
                .contains(olgaTokenId)
                .doesNotContain(adminTokenId);
        assertThat(f.getAdmin("/api/v1/tokens").body()).contains(olgaTokenId).contains(adminTokenId);
        assertThat(as("olga", OLGA_PASSWORD, "DELETE", "/api/v1/users/admin/tokens/" + adminTokenId, null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(as("olga", OLGA_PASSWORD, "POST", "/api/v1/users/vera/tokens", "{}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(f.getAdmin("/api/v1/tokens").body()).contains(adminTokenId).doesNotContain("\"vera\"");

        assertThat(as("olga", OLGA_PASSWORD, "DELETE", "/api/v1/users/olga/tokens/" + olgaTokenId, null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(f.sendAdmin("DELETE", "/api/v1/users/admin/tokens/" + adminTokenId, "")
                        .statusCode())
                .isEqualTo(204);
        assertThat(f.getAdmin("/api/v1/tokens").body()).isEqualTo("[]");
        assertThat(f.getAdmin("/api/v1/audit?actor=olga").body())
                .contains("token.add")
                .contains("role viewer")
                .contains("token.revoke");
    }

    @Test
    void aTokenCannotMakeTokens() throws Exception {
        String token = mint("admin", "{}").get("token").asText();

        HttpResponse<String> r = bearer(token, "POST", "/api/v1/users/admin/tokens", "{\"expires\":\"never\"}");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(code(r)).isEqualTo("TOKEN_CANNOT_MINT");
        assertThat(Fixture.json(f.getAdmin("/api/v1/users/admin/tokens"))).hasSize(1);
    }

    private record Run(int code, String out, String err) {}

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(args), java.util.stream.Stream.of("--data", dir.toString()))
                .toArray(String[]::new);
        int code = PiDeployMain.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theCommandLineTakesRoleAndExpiryAndListsThemWithTheLastUse() throws Exception {
        Run made = cli("user", "token", "olga", "--label", "export", "--role", "viewer", "--expires", "30d");
        assertThat(made.code()).as(made.err()).isZero();
        String token = made.out().strip();
        assertThat(bearer(token, "GET", "/api/v1/venues", null).statusCode()).isEqualTo(200);
        assertThat(bearer(token, "POST", "/api/v1/venues", "{\"code\":\"MESA\",\"name\":\"Mesa\"}")
                        .statusCode())
                .isEqualTo(403);

        Run tooHigh = cli("user", "token", "olga", "--role", "admin");
        assertThat(tooHigh.code()).isEqualTo(2);
        assertThat(tooHigh.err()).contains("at most its owner's role");
        Run badExpiry = cli("user", "token", "olga", "--expires", "soon");
        assertThat(badExpiry.code()).isEqualTo(2);
        assertThat(badExpiry.err()).contains("expires").contains("never");
        assertThat(cli("user", "token", "olga", "--expires", "never").code()).isZero();

        Run list = cli("user", "tokens", "olga");
        assertThat(list.out())
                .contains("ROLE")
                .contains("EXPIRES_AT")
                .contains("LAST_USED_AT")
                .contains("viewer")
                .contains("operator")
                .doesNotContain(token);
        JsonNode json = pideploy.deploy.http.helidon.Json.MAPPER.readTree(
                cli("user", "tokens", "olga", "--format", "json").out());
        assertThat(json).hasSize(2);
        assertThat(json.get(0).get("role").asText()).isEqualTo("viewer");
        // The CLI uses the real clock, the server the test's; only the presence of the times is compared here.
        assertThat(json.get(0).get("expires_at").isNull()).isFalse();
        assertThat(json.get(0).get("last_used_at").isNull()).isFalse();
        assertThat(json.get(1).get("expires_at").isNull()).isTrue();
        assertThat(f.getAdmin("/api/v1/audit").body()).contains("role viewer").contains("never expires");
    }
}
