package pideploy.deploy.http.helidon.manage;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.http.helidon.Json;

/** {@code GET /api/v1/logs?level=&serial=&limit=}: the newest of the server's recent log lines (ADR-0088). */
public final class LogApi {
    /** Default and largest {@code limit}. */
    static final int DEFAULT_LIMIT = 200;

    static final int MAX_LIMIT = 5000;

    private final RecentLogs logs;

    public LogApi(RecentLogs logs) {
        this.logs = logs;
    }

    public void logs(ServerRequest req, ServerResponse res) {
        RecentLogs.Level level =
                Params.query(req, "level", 10, RecentLogs.Level::parse).orElse(RecentLogs.Level.INFO);
        // A serial as devices send it (16 hex digits, any case); lines name it in lower case.
        Optional<String> serial =
                Params.query(req, "serial", 64, SerialNumber::of).map(SerialNumber::value);
        int limit = Params.intQuery(req, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<RecentLogs.Line> lines = logs.lines(new RecentLogs.Query(level, serial, limit));
        Json.send(res, Map.of("lines", lines));
    }
}
