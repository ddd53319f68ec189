package pideploy.deploy.http.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.http.helidon.metrics.DeployMetrics;

/**
 * A client that closes its connection in the middle of a request body, on a real server with our error mapping:
 * one log line without a stack trace (issue 12: a 1.2 KB stack trace per dropped connection), not a 500 logged as
 * our failure.
 */
class ClientDisconnectIT {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger errors = Logger.getLogger(ErrorMapping.class.getName());
    /** Helidon logs an error our handler leaves unanswered under its own name, with the stack trace. */
    private final Logger helidon = Logger.getLogger("io.helidon");

    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final DeployMetrics metrics = new DeployMetrics();
    private final java.util.concurrent.CountDownLatch handled = new java.util.concurrent.CountDownLatch(1);
    private Level before;
    private WebServer server;

    @BeforeEach
    void start() {
        before = errors.getLevel();
        errors.setLevel(Level.ALL);
        errors.addHandler(capture);
        helidon.addHandler(capture);
        ErrorMapping mapping = new ErrorMapping(metrics, StorageHealth.unlimited(java.time.Clock.systemUTC()));
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .routing(r -> {
                    mapping.register(r);
                    r.post("/api/status", (req, res) -> {
                        try {
                            Json.send(res, Json.readObject(req, 16 * 1024).text("status", 32));
                        } finally {
                            handled.countDown();
                        }
                    });
                })
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        server.stop();
        errors.removeHandler(capture);
        helidon.removeHandler(capture);
        errors.setLevel(before);
    }

    @Test
    void aBodyCutShortIsOneLineWithoutStackTrace() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/status HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 500\r\n\r\n{\"status\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200);
        }
        assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        assertThat(records).noneMatch(r -> r.getThrown() != null);
        assertThat(records).noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
        assertThat(records)
                .filteredOn(r -> r.getMessage().contains("disconnected"))
                .hasSize(1);
        assertThat(metrics.scrape()).doesNotContain("INTERNAL");
    }
}
