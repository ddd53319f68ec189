package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.http.helidon.RouteSpec;
import pideploy.deploy.http.helidon.RouteTable;

/** docs/openapi.yaml and the server's route table describe the same routes, in both directions. */
class OpenApiRoutesTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void everyDocumentedRouteExistsAndEveryRouteIsDocumented() throws Exception {
        Set<String> documented = new TreeSet<>();
        try (InputStream in = Files.newInputStream(openApi())) {
            Map<String, Object> doc = new Yaml().load(in);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
            paths.forEach((path, item) -> item.forEach((key, op) -> {
                if (METHODS.contains(key)) {
                    @SuppressWarnings("unchecked")
                    List<String> listeners = (List<String>) ((Map<String, Object>) op).get("x-listeners");
                    assertThat(listeners).as("x-listeners of %s %s", key, path).isNotEmpty();
                    for (String l : listeners) {
                        documented.add(l + " " + key.toUpperCase(Locale.ROOT) + " " + path);
                    }
                }
            }));
        }
        Set<String> routed = new TreeSet<>();
        for (RouteSpec r : RouteTable.ALL) {
            if (r.documented()) {
                String listener = r.listener() == RouteSpec.Listener.DEVICE ? "device" : "operator";
                routed.add(listener + " " + r.method().text() + " " + r.path());
            }
        }
        assertThat(documented).as("documented in openapi.yaml").containsExactlyElementsOf(routed);
        assertThat(routed).hasSizeGreaterThan(40);
    }

    @Test
    void everyLoggedInOperationNamesTheRolesThatMayCallItAndDocumentsTheRefusal() throws Exception {
        Map<String, Object> doc;
        try (InputStream in = Files.newInputStream(openApi())) {
            doc = new Yaml().load(in);
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> paths =
                (Map<String, Map<String, Map<String, Object>>>) doc.get("paths");
        for (RouteSpec r : RouteTable.ALL) {
            if (!r.documented()
                    || r.listener() != RouteSpec.Listener.OPERATOR
                    || r.access() != RouteSpec.Access.OPERATOR) {
                continue;
            }
            Map<String, Object> op = paths.get(r.path()).get(r.method().text().toLowerCase(Locale.ROOT));
            Role needed = RouteTable.requiredRole(r);
            List<String> allowed = Arrays.stream(Role.values())
                    .filter(x -> x.covers(needed))
                    .map(Role::wire)
                    .sorted()
                    .toList();
            @SuppressWarnings("unchecked")
            List<String> roles = (List<String>) op.get("x-roles");
            assertThat(roles).as("x-roles of %s", r).isNotNull();
            assertThat(roles.stream().sorted().toList()).as("x-roles of %s", r).isEqualTo(allowed);
            if (needed != Role.VIEWER) {
                @SuppressWarnings("unchecked")
                Map<String, Object> responses = (Map<String, Object>) op.get("responses");
                assertThat(responses).as("responses of %s", r).containsKey("403");
            }
        }
    }

    @Test
    void everyOperationHasItsOwnOperationId() throws Exception {
        Map<String, Object> doc;
        try (InputStream in = Files.newInputStream(openApi())) {
            doc = new Yaml().load(in);
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        List<String> missing = new java.util.ArrayList<>();
        Map<String, String> seen = new java.util.HashMap<>();
        List<String> duplicates = new java.util.ArrayList<>();
        paths.forEach((path, item) -> item.forEach((key, op) -> {
            if (!METHODS.contains(key)) {
                return;
            }
            String where = key.toUpperCase(Locale.ROOT) + " " + path;
            Object id = ((Map<?, ?>) op).get("operationId");
            if (!(id instanceof String name) || !name.matches("[a-z][A-Za-z0-9]*")) {
                missing.add(where);
            } else if (seen.putIfAbsent(name, where) != null) {
                duplicates.add(name + " (" + seen.get(name) + " and " + where + ")");
            }
        }));
        assertThat(missing).as("operations without a camelCase operationId").isEmpty();
        assertThat(duplicates).as("operationIds used twice").isEmpty();
        assertThat(seen).hasSizeGreaterThan(40);
    }

    static Path openApi() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docs/openapi.yaml"))) {
            p = p.getParent();
        }
        assertThat(p)
                .as("docs/openapi.yaml above " + Path.of("").toAbsolutePath())
                .isNotNull();
        return p.resolve("docs/openapi.yaml");
    }
}
