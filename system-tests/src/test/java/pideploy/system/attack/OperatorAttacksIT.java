package pideploy.system.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.system.ServerRig;

/**
 * Issue 12's attacks by operators and their tokens on the real server: taking over another account (minting its
 * tokens, resetting its password, removing it, the first admin included), a token that outlives a password change,
 * an event stream that outlives its credential, failed logins missing from the audit log, and a weak first admin
 * password. Each now fails.
 */
class OperatorAttacksIT {
    private static final String OLGA = "olga runs the fleet";
    private static final String VERA = "vera only watches";

    @TempDir
    static Path dir;

    static ServerRig rig;
    static Loopback net;

    @BeforeAll
    static void start() throws Exception {
        Path image = dir.resolve("demo.img");
        try (InputStream in = DemoSeed.image()) {
            Files.copy(in, image);
        }
        rig = new ServerRig(dir.resolve("data"), image, "firstrun").start();
        net = new Loopback(rig, "127.0.0.30");
        addUser("olga", OLGA, "operator");
        addUser("vera", VERA, "viewer");
    }

    @AfterAll
    static void stop() {
        net.close();
        rig.close();
    }

    @Test
    void anOperatorOrAViewerOrTheirTokensCannotTakeOverAnotherAccount() {
        // Each credential with the other non-admin account: everyone may make tokens for themselves (ADR-0051).
        List<List<String>> attempts = List.of(
                List.of(Loopback.basic("olga", OLGA), "vera"),
                List.of("Bearer " + mintToken("olga"), "vera"),
                List.of(Loopback.basic("vera", VERA), "olga"),
                List.of("Bearer " + mintToken("vera"), "olga"));
        for (List<String> attempt : attempts) {
            String credential = attempt.get(0);
            String other = attempt.get(1);
            // A token may not make tokens at all (ADR-0051), whoever they would be for.
            String mintRefusal = credential.startsWith("Bearer ") ? "TOKEN_CANNOT_MINT" : "FORBIDDEN";
            assertRefused(net.operator("POST", "/api/v1/users/admin/tokens", credential, "{}"), mintRefusal);
            assertForbidden(net.operator(
                    "PUT", "/api/v1/users/admin/password", credential, "{\"password\":\"taken over at last\"}"));
            assertForbidden(net.operator("DELETE", "/api/v1/users/admin", credential, null));
            assertRefused(net.operator("POST", "/api/v1/users/" + other + "/tokens", credential, "{}"), mintRefusal);
            assertForbidden(net.operator("PUT", "/api/v1/users/olga/role", credential, "{\"role\":\"admin\"}"));
            assertForbidden(net.operator(
                    "POST",
                    "/api/v1/users",
                    credential,
                    "{\"username\":\"mallory\",\"password\":\"mallory was here\",\"role\":\"admin\"}"));
        }
        assertForbidden(net.operator("DELETE", "/api/v1/users/vera", Loopback.basic("olga", OLGA), null));

        // nothing changed: the admin's password and tokens are as they were, every account is still there
        assertThat(net.admin("/api/v1/users/admin/tokens")).isEmpty();
        assertThat(net.admin("/api/v1/users").toString())
                .contains("\"admin\"", "\"olga\"", "\"vera\"")
                .doesNotContain("mallory");
        assertThat(net.admin("/api/v1/users/vera/tokens")).hasSize(1);
    }

    @Test
    void aTokenDiesWithItsOwnersPasswordChange() {
        addUser("otto", "otto has a password", "operator");
        String token = "Bearer " + mintToken("otto");
        assertThat(net.operator("GET", "/api/v1/venues", token, null).statusCode())
                .isEqualTo(200);

        HttpResponse<String> changed = net.operator(
                "PUT",
                "/api/v1/users/otto/password",
                Loopback.basic("otto", "otto has a password"),
                "{\"old_password\":\"otto has a password\",\"password\":\"otto has another one\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

        assertThat(net.operator("GET", "/api/v1/venues", token, null).statusCode())
                .isEqualTo(401);
        assertThat(net.admin("/api/v1/users/otto/tokens")).isEmpty();
    }

    @Test
    void anOpenEventStreamEndsWhenItsTokenIsRevokedAndWhenItsUserIsRemoved() throws Exception {
        addUser("eve", "eve listens to events", "viewer");
        String revoked = mintToken("eve");
        String tokenId = net.admin("/api/v1/users/eve/tokens").get(0).get("id").asText();
        String survivor = mintToken("eve");
        CompletableFuture<Long> first = stream(revoked);
        CompletableFuture<Long> second = stream(survivor);
        Thread.sleep(500);
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();

        assertThat(net.operator(
                                "DELETE",
                                "/api/v1/users/eve/tokens/" + tokenId,
                                Loopback.basic("admin", Loopback.ADMIN_PASSWORD),
                                null)
                        .statusCode())
                .isEqualTo(204);
        first.get(10, TimeUnit.SECONDS);
        assertThat(second).as("the other token's stream").isNotDone();

        assertThat(net.operator("DELETE", "/api/v1/users/eve", Loopback.basic("admin", Loopback.ADMIN_PASSWORD), null)
                        .statusCode())
                .isEqualTo(204);
        second.get(10, TimeUnit.SECONDS);
        assertThat(net.operator("GET", "/api/v1/events", "Bearer " + survivor, null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void failedLoginsAreInTheAuditLog() {
        Loopback guesser = new Loopback(rig, "127.0.0.31");
        try (guesser) {
            assertThat(guesser.operator(
                                    "POST",
                                    "/api/v1/session",
                                    null,
                                    "{\"username\":\"admin\",\"password\":\"not the password\"}")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(guesser.operator("GET", "/api/v1/venues", Loopback.basic("nobody-here", "nor this"), null)
                            .statusCode())
                    .isEqualTo(401);
        }
        assertThat(net.audit("session.login-failed", "admin"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.toString()).contains("127.0.0.31"));
        assertThat(net.audit("session.login-failed", "nobody-here")).hasSize(1);
    }

    @Test
    void aWeakFirstAdminPasswordIsRefusedAtStart() throws Exception {
        Path fresh = dir.resolve("fresh");
        Path output = dir.resolve("serve.out");
        ProcessBuilder serve = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "pideploy.deploy.server.PiDeployMain",
                        "serve",
                        "--data",
                        fresh.toString(),
                        "--deploy-listen",
                        "127.0.0.1:0",
                        "--admin-listen",
                        "127.0.0.1:0")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        serve.environment().put("PIDEPLOY_ADMIN_PASSWORD", "12345678");
        Process process = serve.start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS))
                    .as("serve refuses and exits")
                    .isTrue();
            assertThat(process.exitValue()).isNotZero();
            assertThat(Files.readString(output, StandardCharsets.UTF_8))
                    .contains("PIDEPLOY_ADMIN_PASSWORD")
                    .doesNotContain("Exception\n\tat ");
        } finally {
            process.destroyForcibly();
        }
    }

    private static void addUser(String name, String password, String role) {
        HttpResponse<String> r = net.operator(
                "POST",
                "/api/v1/users",
                Loopback.basic("admin", Loopback.ADMIN_PASSWORD),
                "{\"username\":\"%s\",\"password\":\"%s\",\"role\":\"%s\"}".formatted(name, password, role));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** An admin makes a token for {@code user}, as the token page does. */
    private static String mintToken(String user) {
        HttpResponse<String> r = net.operator(
                "POST", "/api/v1/users/" + user + "/tokens", Loopback.basic("admin", Loopback.ADMIN_PASSWORD), "{}");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        return Loopback.json(r).get("token").asText();
    }

    private static void assertForbidden(HttpResponse<String> r) {
        assertRefused(r, "FORBIDDEN");
    }

    private static void assertRefused(HttpResponse<String> r, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(Loopback.errorCode(r)).as(r.body()).isEqualTo(code);
    }

    /** Opens the live event stream with a token; the future completes when the server ends the stream. */
    private static CompletableFuture<Long> stream(String token) throws Exception {
        HttpResponse<Stream<String>> r = net.http()
                .send(
                        HttpRequest.newBuilder(URI.create(rig.adminUrl() + "/api/v1/events"))
                                .header("Authorization", "Bearer " + token)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        return CompletableFuture.supplyAsync(() -> r.body().count());
    }
}
