package pideploy.system.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import pideploy.system.ServerRig;
import pideploy.wire.Fields;
import pideploy.wire.Protocol;

/**
 * HTTP to the rig's two listeners from one loopback address of our choosing: the server's per-address budgets see
 * 127.0.0.2 and 127.0.0.3 as two machines, so an attacker and a real device can be told apart on one host.
 */
final class Loopback implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_PASSWORD = "system-test-password";

    private final ServerRig rig;
    private final HttpClient http;

    Loopback(ServerRig rig, String address) {
        this.rig = rig;
        try {
            this.http = HttpClient.newBuilder()
                    .localAddress(InetAddress.getByName(address))
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the installer sends for a Pi of the rig's venue and product. */
    static ObjectNode device(String serial, String mac) {
        return JSON.createObjectNode()
                .put(Fields.ConfigRequest.PRODUCT_TYPE, "KXP2")
                .put(Fields.ConfigRequest.VENUE_CODE, "CORO")
                .put(Fields.ConfigRequest.SERIAL_NUMBER, serial)
                .put(Fields.ConfigRequest.MAC_ADDRESS, mac);
    }

    /** The request as today's installer sends it: announcing the protocol that carries the device secret. */
    static ObjectNode proving(ObjectNode request) {
        return request.put(Fields.ConfigRequest.PROTOCOL, Protocol.DEVICE_PROOF);
    }

    static ObjectNode status(long id, String status) {
        return JSON.createObjectNode()
                .put(Fields.StatusRequest.DEPLOYMENT_ID, id)
                .put(Fields.StatusRequest.STATUS, status);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String errorCode(HttpResponse<String> r) {
        return json(r).at("/error/code").asText();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> postDevice(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(rig.deviceUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    HttpResponse<String> getDevice(String path) {
        return send(HttpRequest.newBuilder(URI.create(rig.deviceUrl() + path)).GET());
    }

    /** A config answer that must be 200. */
    JsonNode config(ObjectNode request) {
        HttpResponse<String> r = postDevice(pideploy.wire.DevicePaths.CONFIG, request);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    /** A request to the operator listener; {@code authorization} may be null for an anonymous one. */
    HttpResponse<String> operator(String method, String path, String authorization, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rig.adminUrl() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b);
    }

    /** An admin's GET that must be 200. */
    JsonNode admin(String path) {
        HttpResponse<String> r = operator("GET", path, basic("admin", ADMIN_PASSWORD), null);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return json(r);
    }

    /** Audit entries with this action (and target, when not null), newest first. */
    List<JsonNode> audit(String action, String target) {
        JsonNode audit = admin("/api/v1/audit?limit=500");
        JsonNode items = audit.isArray() ? audit : audit.path("items");
        List<JsonNode> found = new ArrayList<>();
        items.forEach(e -> {
            if (e.get("action").asText().equals(action)
                    && (target == null || e.get("target").asText().equals(target))) {
                found.add(e);
            }
        });
        return found;
    }

    @Override
    public void close() {
        http.close();
    }

    HttpClient http() {
        return http;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
