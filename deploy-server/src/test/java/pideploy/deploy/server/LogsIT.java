package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/logs} on the real server (ADR-0088): the lines a device's requests made, filtered by serial and
 * level; bad parameters refused by name; and an admin command run in the same JVM leaves the capture as it was.
 */
class LogsIT {
    static final String SERIAL = "10000000cafe0001";

    @TempDir
    java.nio.file.Path dir;

    private static List<String> messages(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode line : Fixture.json(r).get("lines")) {
            out.add(line.get("level").asText() + " " + line.get("message").asText());
        }
        return out;
    }

    @Test
    void showsTheLinesThatNameASerialAtTheChosenLevel() throws Exception {
        try (Fixture f = new Fixture(dir).seeded()) {
            assertThat(f.postDevice("/api/config", Fixture.config(SERIAL)).statusCode())
                    .isEqualTo(200);
            assertThat(f.postDevice("/api/config", Fixture.config("10000000cafe0002"))
                            .statusCode())
                    .isEqualTo(200);

            List<String> mine = messages(f.getAdmin("/api/v1/logs?serial=" + SERIAL.toUpperCase()));
            assertThat(mine).isNotEmpty().allMatch(m -> m.contains(SERIAL));
            assertThat(mine).anyMatch(m -> m.startsWith("INFO ") && m.contains("KXP2-CORO-001"));
            assertThat(mine).noneMatch(m -> m.contains("10000000cafe0002"));

            assertThat(messages(f.getAdmin("/api/v1/logs?limit=5000")))
                    .anyMatch(m -> m.contains("serving data directory"));
            assertThat(messages(f.getAdmin("/api/v1/logs?level=error&serial=" + SERIAL)))
                    .isEmpty();
            assertThat(messages(f.getAdmin("/api/v1/logs?limit=1"))).hasSize(1);
        }
    }

    @Test
    void refusesABadLevelLimitOrSerialNamingTheParameter() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            HttpResponse<String> level = f.getAdmin("/api/v1/logs?level=loud");
            assertThat(level.statusCode()).isEqualTo(400);
            assertThat(level.body()).contains("level").contains("trace, debug, info, warning, error");
            HttpResponse<String> limit = f.getAdmin("/api/v1/logs?limit=0");
            assertThat(limit.statusCode()).isEqualTo(400);
            assertThat(limit.body()).contains("limit");
            HttpResponse<String> serial = f.getAdmin("/api/v1/logs?serial=no!");
            assertThat(serial.statusCode()).isEqualTo(400);
            assertThat(serial.body()).contains("serial");
        }
    }

    @Test
    void anAdminCommandInTheSameJvmDoesNotChangeWhatTheServerCaptures() throws Exception {
        try (Fixture f = new Fixture(dir).seeded()) {
            StringWriter out = new StringWriter();
            int code = PiDeployMain.commandLine()
                    .setOut(new PrintWriter(out))
                    .setErr(new PrintWriter(new StringWriter()))
                    .execute("venue", "list", "--data", dir.toString());
            assertThat(code).as(out.toString()).isZero();

            assertThat(f.postDevice("/api/config", Fixture.config(SERIAL)).statusCode())
                    .isEqualTo(200);

            assertThat(messages(f.getAdmin("/api/v1/logs?serial=" + SERIAL)))
                    .as("INFO lines logged after the command ran")
                    .anyMatch(m -> m.startsWith("INFO ") && m.contains("KXP2-CORO-001"));
        }
    }

    @Test
    void aServerStartedAfterAnAdminCommandInTheSameJvmStillCapturesInfoLines() throws Exception {
        // The order the failsafe JVM runs ITs in: a command test first (its WARNING floor), then a server.
        StringWriter err = new StringWriter();
        int code = PiDeployMain.commandLine()
                .setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err))
                .execute("venue", "list", "--data", dir.toString());
        assertThat(code).as(err.toString()).isZero();

        try (Fixture f = new Fixture(dir).seeded()) {
            assertThat(f.postDevice("/api/config", Fixture.config(SERIAL)).statusCode())
                    .isEqualTo(200);

            assertThat(messages(f.getAdmin("/api/v1/logs?serial=" + SERIAL)))
                    .as("INFO lines of a server started after a command")
                    .anyMatch(m -> m.startsWith("INFO ") && m.contains("KXP2-CORO-001"));
        }
    }
}
