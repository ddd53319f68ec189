package pideploy.deploy.http.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pideploy.deploy.http.helidon.RouteSpec.Access;
import pideploy.deploy.http.helidon.RouteSpec.Listener;

class OperatorAccessIT {
    static StubServer stub;

    @BeforeAll
    static void start() {
        stub = new StubServer();
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    private static String concrete(String path) {
        return path.replaceAll("\\{[^}]+}", "x1").replace("/*", "/");
    }

    private HttpRequest.Builder request(RouteSpec spec) {
        HttpRequest.BodyPublisher body =
                spec.method().text().equals("GET") || spec.method().text().equals("HEAD")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}");
        return HttpRequest.newBuilder(stub.admin(concrete(spec.path())))
                .method(spec.method().text(), body);
    }

    @Test
    void refusesAnonymousCallersOnEveryOperatorRoute() throws Exception {
        int checked = 0;
        for (RouteSpec spec : RouteTable.ALL) {
            if (spec.listener() != Listener.OPERATOR || spec.access() != Access.OPERATOR) {
                continue;
            }
            HttpResponse<String> r = stub.send(request(spec));
            assertThat(r.statusCode()).as(spec.toString()).isEqualTo(401);
            assertThat(r.headers().firstValue("www-authenticate"))
                    .as(spec.toString())
                    .isPresent();
            assertThat(r.body()).as(spec.toString()).contains("UNAUTHENTICATED");
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
        assertThat(stub.send(HttpRequest.newBuilder(stub.admin("/api/v1/not-a-route"))
                                .GET())
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void pathTricksDoNotBypassTheLogin() throws Exception {
        for (String path : new String[] {
            "/api/%761/venues",
            "//api/v1/venues",
            "/api/v1/../v1/venues",
            "/api/v1/./venues",
            "/api/v1/venues/",
            "/x/../api/v1/venues",
            "/api/v1%2Fvenues",
            "/metrics/",
            "/%6detrics"
        }) {
            java.net.Socket socket = new java.net.Socket("127.0.0.1", stub.server.adminPort());
            try (socket) {
                socket.setSoTimeout(1500);
                socket.getOutputStream()
                        .write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String response = readUntilQuiet(socket);
                assertThat(response).as(path).startsWith("HTTP/1.1 4");
                assertThat(response).as(path).doesNotContain("\"route\"");
            }
        }
    }

    /** Reads what the server sends until it closes or goes quiet (it may keep the connection open). */
    private static String readUntilQuiet(java.net.Socket socket) throws java.io.IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = socket.getInputStream().read(buf)) > 0) {
                got.write(buf, 0, n);
                String text = got.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)")
                        .matcher(text);
                if (end > 0 && m.find() && text.length() >= end + 4 + Integer.parseInt(m.group(1))) {
                    break;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            // quiet: done
        }
        return got.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void refusesWrongPasswordsAndMalformedBasicHeaders() throws Exception {
        for (String auth : new String[] {
            StubServer.basic("admin", "wrong"),
            StubServer.basic("nobody", "x"),
            "Basic !!!",
            "Basic " + java.util.Base64.getEncoder().encodeToString("nocolon".getBytes()),
            "Bearer abc"
        }) {
            HttpResponse<String> r = stub.send(HttpRequest.newBuilder(stub.admin("/api/v1/venues"))
                    .header("Authorization", auth)
                    .GET());
            assertThat(r.statusCode()).as(auth).isIn(401, 429);
        }
    }

    @Test
    void acceptsBasicCredentialsOnEveryOperatorRoute() throws Exception {
        for (RouteSpec spec : RouteTable.ALL) {
            if (spec.listener() != Listener.OPERATOR
                    || spec.access() != Access.OPERATOR
                    || spec == RouteTable.EVENTS
                    || spec == RouteTable.LOGOUT) {
                continue;
            }
            HttpResponse<String> r = stub.send(
                    request(spec).header("Authorization", StubServer.basic(StubServer.USER, StubServer.PASSWORD)));
            assertThat(r.statusCode()).as(spec.toString()).isEqualTo(200);
        }
    }

    @Test
    void operatorRoutesAreAbsentFromTheDeviceListener() throws Exception {
        for (RouteSpec spec : RouteTable.ALL) {
            if (spec.listener() != Listener.OPERATOR || spec == RouteTable.HEALTH) {
                continue;
            }
            HttpResponse<String> r = stub.send(HttpRequest.newBuilder(stub.device(concrete(spec.path())))
                    .header("Authorization", StubServer.basic(StubServer.USER, StubServer.PASSWORD))
                    .method(spec.method().text(), HttpRequest.BodyPublishers.noBody()));
            assertThat(r.statusCode()).as(spec.toString()).isEqualTo(404);
        }
    }

    @Test
    void sessionLoginNeedsTheCsrfTokenForStateChangingRequests() throws Exception {
        HttpResponse<String> login = stub.send(HttpRequest.newBuilder(stub.admin("/api/v1/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + StubServer.PASSWORD + "\"}")));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.body()).contains("csrf_token");
        String cookieHeader = login.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookieHeader)
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/");
        String cookie = cookieHeader.substring(0, cookieHeader.indexOf(';'));
        JsonNode body = Json.MAPPER.readTree(login.body());
        String csrf = body.get("csrf_token").asText();
        assertThat(csrf).hasSizeGreaterThan(20);

        HttpResponse<String> read = stub.send(HttpRequest.newBuilder(stub.admin("/api/v1/venues"))
                .header("Cookie", cookie)
                .GET());
        assertThat(read.statusCode()).isEqualTo(200);

        HttpResponse<String> noToken = stub.send(HttpRequest.newBuilder(stub.admin("/api/v1/venues"))
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF");

        HttpResponse<String> wrongToken = stub.send(HttpRequest.newBuilder(stub.admin("/api/v1/venues"))
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf + "x")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(wrongToken.statusCode()).isEqualTo(403);

        HttpResponse<String> withToken = stub.send(HttpRequest.newBuilder(stub.admin("/api/v1/venues"))
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(withToken.statusCode()).isEqualTo(200);

        HttpResponse<String> me = stub.send(HttpRequest.newBuilder(stub.admin("/api/v1/session"))
                .header("Cookie", cookie)
                .GET());
        assertThat(Json.MAPPER.readTree(me.body()).get("csrf_token").asText()).isEqualTo(csrf);

        HttpResponse<String> logout = stub.send(HttpRequest.newBuilder(stub.admin("/api/v1/session"))
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .DELETE());
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(stub.send(HttpRequest.newBuilder(stub.admin("/api/v1/venues"))
                                .header("Cookie", cookie)
                                .GET())
                        .statusCode())
                .isEqualTo(401);
        assertThat(stub.audit).contains("admin session.login", "admin session.logout");
    }

    @Test
    void basicCallersFromAnotherOriginCannotChangeState() throws Exception {
        HttpResponse<String> r = stub.send(HttpRequest.newBuilder(stub.admin("/api/v1/venues"))
                .header("Authorization", StubServer.basic(StubServer.USER, StubServer.PASSWORD))
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void repeatedFailedLoginsAreSlowedDownPerUserAndAddress() throws Exception {
        int throttled = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = stub.send(HttpRequest.newBuilder(stub.admin("/api/v1/session"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"victim\",\"password\":\"guess" + i + "\"}")));
            assertThat(r.statusCode()).isIn(401, 429);
            if (r.statusCode() == 429) {
                throttled++;
                assertThat(r.headers().firstValue("retry-after")).isPresent();
            }
        }
        assertThat(throttled).isGreaterThan(0);
        // another user from the same address is not affected
        HttpResponse<String> ok = stub.send(HttpRequest.newBuilder(stub.admin("/api/v1/session"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + StubServer.PASSWORD + "\"}")));
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    @Test
    void servesTheWebUiWithoutLoginAndMetricsOnlyWithLogin() throws Exception {
        HttpResponse<String> index =
                stub.send(HttpRequest.newBuilder(stub.admin("/")).GET());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(index.body()).contains("PiDeploy");
        assertThat(stub.send(HttpRequest.newBuilder(stub.admin("/index.html")).GET())
                        .statusCode())
                .isEqualTo(200);
        assertThat(stub.send(HttpRequest.newBuilder(stub.admin("/nope.js")).GET())
                        .statusCode())
                .isEqualTo(404);
        assertThat(stub.send(HttpRequest.newBuilder(stub.admin("/metrics")).GET())
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> metrics = stub.send(HttpRequest.newBuilder(stub.admin("/metrics"))
                .header("Authorization", StubServer.basic(StubServer.USER, StubServer.PASSWORD))
                .GET());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("pideploy_http_requests");
    }
}
