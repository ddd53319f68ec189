package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles on the real server (ADR-0043): only admins manage accounts and others' tokens, operators change the fleet, viewers
 * read; one's own password needs the old one; tokens die with a password change; the last admin stays an admin.
 */
class AccountAuthorityIT {
    private static final String OLGA_PASSWORD = "olga operates the fleet";
    private static final String VERA_PASSWORD = "vera only looks at it";

    @TempDir
    Path dir;

    private Fixture f;

    @BeforeEach
    void start() throws Exception {
        f = new Fixture(dir);
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

    private HttpResponse<String> bearer(String token, String method, String path) throws Exception {
        return f.http.send(
                HttpRequest.newBuilder(f.admin(path))
                        .header("Authorization", "Bearer " + token)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anOperatorCannotMintTokensForResetTheKeyOfOrRemoveAnotherAccount() throws Exception {
        HttpResponse<String> mint = as("olga", OLGA_PASSWORD, "POST", "/api/v1/users/admin/tokens", "{}");
        assertThat(mint.statusCode()).isEqualTo(403);
        assertThat(Fixture.json(mint).get("error").get("code").asText()).isEqualTo("FORBIDDEN");
        // Everyone manages their own tokens (ADR-0051); another account's need admin.
        assertThat(Fixture.json(mint).get("error").get("message").asText())
                .contains("only an admin")
                .contains("olga has role operator");
        assertThat(as(
                                "olga",
                                OLGA_PASSWORD,
                                "PUT",
                                "/api/v1/users/admin/password",
                                "{\"password\":\"taken over by olga\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(as("olga", OLGA_PASSWORD, "DELETE", "/api/v1/users/admin", null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(as(
                                "olga",
                                OLGA_PASSWORD,
                                "POST",
                                "/api/v1/users",
                                "{\"username\":\"mallory\",\"password\":\"mallory was here\",\"role\":\"admin\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(as("olga", OLGA_PASSWORD, "PUT", "/api/v1/users/olga/role", "{\"role\":\"admin\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(as("olga", OLGA_PASSWORD, "GET", "/api/v1/users", null).statusCode())
                .isEqualTo(403);

        assertThat(f.getAdmin("/api/v1/users/admin/tokens").body()).isEqualTo("[]");
        assertThat(f.getAdmin("/api/v1/users").body()).doesNotContain("mallory");
        assertThat(f.getAdmin("/api/v1/venues").statusCode()).isEqualTo(200);
        // ...but olga does run the fleet.
        assertThat(as("olga", OLGA_PASSWORD, "POST", "/api/v1/venues", "{\"code\":\"MESA\",\"name\":\"Mesa\"}")
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void aViewerReadsTheFleetButChangesNothing() throws Exception {
        assertThat(as("vera", VERA_PASSWORD, "GET", "/api/v1/venues", null).statusCode())
                .isEqualTo(200);
        assertThat(as("vera", VERA_PASSWORD, "GET", "/api/v1/deployments", null).statusCode())
                .isEqualTo(200);
        HttpResponse<String> write =
                as("vera", VERA_PASSWORD, "POST", "/api/v1/venues", "{\"code\":\"MESA\",\"name\":\"Mesa\"}");
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(Fixture.json(write).get("error").get("message").asText()).contains("needs role operator");
        assertThat(as("vera", VERA_PASSWORD, "POST", "/api/v1/images/rollback", "{}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(as("vera", VERA_PASSWORD, "GET", "/api/v1/session", null).body())
                .contains("\"role\":\"viewer\"");
        assertThat(f.getAdmin("/api/v1/venues").body()).doesNotContain("MESA");
    }

    @Test
    void changingOnesOwnPasswordNeedsTheOldOne() throws Exception {
        String path = "/api/v1/users/olga/password";
        assertThat(as("olga", OLGA_PASSWORD, "PUT", path, "{\"password\":\"olga has a new one\"}")
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> wrong = as(
                "olga",
                OLGA_PASSWORD,
                "PUT",
                path,
                "{\"old_password\":\"not it at all\",\"password\":\"olga has a new one\"}");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(Fixture.json(wrong).get("error").get("code").asText()).isEqualTo("WRONG_PASSWORD");

        assertThat(as(
                                "olga",
                                OLGA_PASSWORD,
                                "PUT",
                                path,
                                "{\"old_password\":\"%s\",\"password\":\"olga has a new one\"}"
                                        .formatted(OLGA_PASSWORD))
                        .statusCode())
                .isEqualTo(200);
        assertThat(as("olga", OLGA_PASSWORD, "GET", "/api/v1/venues", null).statusCode())
                .isEqualTo(401);
        assertThat(as("olga", "olga has a new one", "GET", "/api/v1/venues", null)
                        .statusCode())
                .isEqualTo(200);
        // An admin resets someone else's password without knowing it; their own needs the old one too.
        assertThat(f.sendAdmin("PUT", path, "{\"password\":\"reset by the admin\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(f.sendAdmin("PUT", "/api/v1/users/admin/password", "{\"password\":\"admin has a new one\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void tokensDieWithAPasswordChange() throws Exception {
        String token = Fixture.json(f.sendAdmin("POST", "/api/v1/users/olga/tokens", "{}"))
                .get("token")
                .asText();
        assertThat(bearer(token, "GET", "/api/v1/venues").statusCode()).isEqualTo(200);

        assertThat(f.sendAdmin("PUT", "/api/v1/users/olga/password", "{\"password\":\"reset by the admin\"}")
                        .statusCode())
                .isEqualTo(200);

        assertThat(bearer(token, "GET", "/api/v1/venues").statusCode()).isEqualTo(401);
        assertThat(f.getAdmin("/api/v1/users/olga/tokens").body()).isEqualTo("[]");
        assertThat(f.getAdmin("/api/v1/audit?actor=admin").body()).contains("revoked 1 API tokens");
    }

    @Test
    void anOpenEventStreamEndsWhenItsTokenIsRevoked() throws Exception {
        String token = Fixture.json(f.sendAdmin("POST", "/api/v1/users/vera/tokens", "{}"))
                .get("token")
                .asText();
        String id = Fixture.json(f.getAdmin("/api/v1/users/vera/tokens"))
                .get(0)
                .get("id")
                .asText();
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
        assertThat(f.sendAdmin("DELETE", "/api/v1/users/vera/tokens/" + id, "").statusCode())
                .isEqualTo(204);
        long revokedAt = System.nanoTime();

        ended.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - revokedAt))
                .isLessThan(java.time.Duration.ofSeconds(5));
    }

    @Test
    void aRoleChangeAppliesAtOnceAndTheLastAdminStaysAdmin() throws Exception {
        HttpResponse<String> demote = f.sendAdmin("PUT", "/api/v1/users/admin/role", "{\"role\":\"viewer\"}");
        assertThat(demote.statusCode()).isEqualTo(409);
        assertThat(Fixture.json(demote).get("error").get("code").asText()).isEqualTo("LAST_ADMIN");
        assertThat(f.sendAdmin("PUT", "/api/v1/users/olga/role", "{\"role\":\"root\"}")
                        .statusCode())
                .isEqualTo(400);

        assertThat(f.sendAdmin("PUT", "/api/v1/users/olga/role", "{\"role\":\"viewer\"}")
                        .body())
                .contains("\"role\":\"viewer\"");
        assertThat(as("olga", OLGA_PASSWORD, "POST", "/api/v1/venues", "{\"code\":\"MESA\",\"name\":\"Mesa\"}")
                        .statusCode())
                .isEqualTo(403);

        assertThat(f.sendAdmin("PUT", "/api/v1/users/olga/role", "{\"role\":\"admin\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(as("olga", OLGA_PASSWORD, "GET", "/api/v1/users", null).statusCode())
                .isEqualTo(200);
        // Now there are two admins: either may step down, and the first admin's account may go.
        assertThat(as("olga", OLGA_PASSWORD, "DELETE", "/api/v1/users/admin", null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(as("olga", OLGA_PASSWORD, "PUT", "/api/v1/users/olga/role", "{\"role\":\"operator\"}")
                        .statusCode())
                .isEqualTo(409);
    }
}
