package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API tokens for scripts (ADR-0031), end to end: made by the command line beside a running server or by the API,
 * accepted as {@code Authorization: Bearer} without a CSRF token, listed without secrets, revoked at once, audited,
 * and never stored in clear.
 */
class ApiTokenIT {
    @TempDir
    Path dir;

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

    private static HttpResponse<String> bearer(Fixture f, String method, String path, String token, String json)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(f.admin(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        b.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTokenFromTheCommandLineWorksOnTheRunningServerUntilRevoked() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            Run made = cli("user", "token", "admin", "--label", "nightly export");
            assertThat(made.code()).as(made.err()).isZero();
            String token = made.out().strip();
            assertThat(token).startsWith("pdt_").doesNotContain("\n");
            assertThat(made.err()).contains("shown only this once");

            assertThat(bearer(f, "GET", "/api/v1/venues", token, null).statusCode())
                    .isEqualTo(200);
            // No cookie, so no CSRF token needed for a change.
            assertThat(bearer(f, "POST", "/api/v1/venues", token, "{\"code\":\"TOKN\",\"name\":\"By token\"}")
                            .statusCode())
                    .isEqualTo(201);
            HttpResponse<String> who = bearer(f, "GET", "/api/v1/session", token, null);
            assertThat(Fixture.json(who).get("method").asText()).isEqualTo("token");
            assertThat(bearer(f, "GET", "/api/v1/venues", token + "x", null).statusCode())
                    .isEqualTo(401);

            Run list = cli("user", "tokens", "admin", "--format", "json");
            assertThat(list.code()).isZero();
            JsonNode listed = Fixture.json(f.getAdmin("/api/v1/users/admin/tokens"));
            assertThat(listed).hasSize(1);
            String id = listed.get(0).get("id").asText();
            assertThat(listed.get(0).get("label").asText()).isEqualTo("nightly export");
            assertThat(listed.get(0).has("token")).isFalse();
            assertThat(list.out()).contains(id).contains("nightly export").doesNotContain(token);

            assertThat(cli("user", "revoke-token", "admin", id).code()).isZero();
            assertThat(bearer(f, "GET", "/api/v1/venues", token, null).statusCode())
                    .isEqualTo(401);
            assertThat(cli("user", "revoke-token", "admin", id).code()).isEqualTo(1);

            String audit = f.getAdmin("/api/v1/audit").body();
            assertThat(audit)
                    .contains("token.add")
                    .contains("token.revoke")
                    .contains(id)
                    .contains("\"actor\":\"admin\"")
                    .doesNotContain(token);
        }
    }

    @Test
    void theApiMakesListsAndRevokesTokens() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            HttpResponse<String> made = f.sendAdmin("POST", "/api/v1/users/admin/tokens", "{\"label\":\"ci\"}");
            assertThat(made.statusCode()).isEqualTo(201);
            JsonNode body = Fixture.json(made);
            String token = body.get("token").asText();
            String id = body.get("id").asText();
            assertThat(body.get("label").asText()).isEqualTo("ci");
            assertThat(body.get("username").asText()).isEqualTo("admin");

            assertThat(bearer(f, "GET", "/api/v1/users/admin/tokens", token, null)
                            .body())
                    .contains(id)
                    .doesNotContain(token);
            assertThat(f.sendAdmin("POST", "/api/v1/users/ghost/tokens", "{}").statusCode())
                    .isEqualTo(404);
            assertThat(f.sendAdmin("POST", "/api/v1/users/admin/tokens", "{\"label\":\"" + "x".repeat(101) + "\"}")
                            .body())
                    .contains("label");

            assertThat(f.sendAdmin("DELETE", "/api/v1/users/admin/tokens/" + id, "")
                            .statusCode())
                    .isEqualTo(204);
            assertThat(bearer(f, "GET", "/api/v1/venues", token, null).statusCode())
                    .isEqualTo(401);
            assertThat(f.sendAdmin("DELETE", "/api/v1/users/admin/tokens/" + id, "")
                            .statusCode())
                    .isEqualTo(404);
            assertThat(f.getAdmin("/api/v1/audit?actor=admin").body())
                    .contains("token.add")
                    .contains("token.revoke");

            f.server.stop();
            String db = new String(Files.readAllBytes(dir.resolve("pideploy.db")), StandardCharsets.ISO_8859_1);
            // pdt_<id>_<secret>: the secret is base64url and may itself hold '_', so cut after the id, not the last '_'
            String secret = token.substring(token.indexOf('_', "pdt_".length()) + 1);
            assertThat(secret).hasSizeGreaterThan(20);
            assertThat(db).doesNotContain(secret);
        }
    }

    @Test
    void removingAUserRevokesItsTokens() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            assertThat(f.sendAdmin(
                                    "POST",
                                    "/api/v1/users",
                                    "{\"username\":\"carol\",\"password\":\"carol-password-1\"}")
                            .statusCode())
                    .isEqualTo(201);
            String token = Fixture.json(f.sendAdmin("POST", "/api/v1/users/carol/tokens", "{}"))
                    .get("token")
                    .asText();
            assertThat(bearer(f, "GET", "/api/v1/venues", token, null).statusCode())
                    .isEqualTo(200);

            assertThat(f.sendAdmin("DELETE", "/api/v1/users/carol", "").statusCode())
                    .isEqualTo(204);

            assertThat(bearer(f, "GET", "/api/v1/venues", token, null).statusCode())
                    .isEqualTo(401);
            assertThat(f.getAdmin("/api/v1/users/carol/tokens").statusCode()).isEqualTo(404);
        }
    }
}
