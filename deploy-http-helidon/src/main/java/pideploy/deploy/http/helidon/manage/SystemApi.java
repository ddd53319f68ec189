package pideploy.deploy.http.helidon.manage;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.function.Supplier;
import pideploy.deploy.http.helidon.Json;

/** {@code GET /api/v1/system}: version, listeners, database and disk facts, gathered by the composition root. */
public final class SystemApi {
    private final Supplier<Map<String, Object>> facts;

    public SystemApi(Supplier<Map<String, Object>> facts) {
        this.facts = facts;
    }

    public void system(ServerRequest req, ServerResponse res) {
        Json.send(res, facts.get());
    }
}
