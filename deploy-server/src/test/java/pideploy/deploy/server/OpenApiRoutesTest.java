package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
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

    static Path openApi() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docs/openapi.yaml"))) {
            p = p.getParent();
        }
        assertThat(p).as("docs/openapi.yaml above " + Path.of("").toAbsolutePath()).isNotNull();
        return p.resolve("docs/openapi.yaml");
    }
}
