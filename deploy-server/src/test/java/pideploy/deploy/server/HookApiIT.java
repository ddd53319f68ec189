package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hooks through the real server (ADR-0094): versions, diff, audit, and bad input refused with nothing lost. */
class HookApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture(dir).seeded();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private HttpResponse<String> upload(String path, String script) throws Exception {
        return f.sendAdmin("PUT", path, JSON.writeValueAsString(Map.of("script", script)));
    }

    @Test
    void badInputIsRefusedNamingWhatIsWrongAndTheStoredVersionsStay() throws Exception {
        assertThat(upload("/api/v1/hooks/venue/CORO/camera-app", "#!/bin/sh\necho one\n")
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> noShebang = upload("/api/v1/hooks/venue/CORO/camera-app", "echo two\n");
        HttpResponse<String> batch = upload("/api/v1/hooks/batch/1/camera-app", "#!/bin/sh\n");
        HttpResponse<String> badName = upload("/api/v1/hooks/venue/CORO/Camera_App", "#!/bin/sh\n");
        HttpResponse<String> noVenue = upload("/api/v1/hooks/venue/NONE/camera-app", "#!/bin/sh\n");
        HttpResponse<String> dos = upload("/api/v1/hooks/venue/CORO/camera-app", "#!/bin/sh\r\necho dos\r\n");

        assertThat(noShebang.statusCode()).isEqualTo(400);
        assertThat(noShebang.body()).contains("INVALID_FIELD", "script", "#!/bin/sh");
        assertThat(batch.statusCode()).isEqualTo(400);
        assertThat(batch.body()).contains("product or a venue");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).contains("Camera_App");
        assertThat(noVenue.statusCode()).isEqualTo(404);
        assertThat(noVenue.body()).contains("venue NONE does not exist");
        assertThat(dos.statusCode()).isEqualTo(400);
        assertThat(dos.body()).contains("LF");
        var versions = Fixture.json(f.getAdmin("/api/v1/hooks/venue/CORO/camera-app"));
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).get("script").asText()).isEqualTo("#!/bin/sh\necho one\n");
    }

    @Test
    void versionsDiffAndRemovalAreShownAndAudited() throws Exception {
        upload("/api/v1/hooks/venue/CORO/camera-app", "#!/bin/sh\necho one\n");
        HttpResponse<String> same = upload("/api/v1/hooks/venue/CORO/camera-app", "#!/bin/sh\necho one\n");
        HttpResponse<String> second = upload("/api/v1/hooks/venue/CORO/camera-app", "#!/bin/sh\necho two\n");

        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(Fixture.json(second).get("version").asInt()).isEqualTo(2);
        assertThat(Fixture.json(second).get("author").asText()).isEqualTo("admin");
        assertThat(Fixture.json(f.getAdmin("/api/v1/hooks/venue/CORO/camera-app/diff"))
                        .get("lines")
                        .toString())
                .isEqualTo("[\" #!/bin/sh\",\"-echo one\",\"+echo two\"]");
        assertThat(f.getAdmin("/api/v1/hooks/venue/CORO/camera-app/diff?from=1&to=5")
                        .statusCode())
                .isEqualTo(404);
        assertThat(Fixture.json(f.getAdmin("/api/v1/hooks"))
                        .get(0)
                        .get("version")
                        .asInt())
                .isEqualTo(2);
        assertThat(f.sendAdmin("DELETE", "/api/v1/hooks/venue/CORO/camera-app", "")
                        .statusCode())
                .isEqualTo(204);
        assertThat(f.getAdmin("/api/v1/hooks/venue/CORO/camera-app").statusCode())
                .isEqualTo(404);
        assertThat(f.getAdmin("/api/v1/audit").body())
                .contains("hook.upload", "venue CORO camera-app v2", "sha256 ", "hook.remove");
    }
}
