package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals name the field that is wrong (found by the web UI, which puts the message beside that field). */
class FieldErrorsIT {
    @TempDir
    Path dir;

    private Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static void assertInvalid(HttpResponse<String> r, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Fixture.json(r).get("error").get("code").asText()).isEqualTo("INVALID_FIELD");
        assertThat(Fixture.json(r).get("error").get("message").asText()).startsWith("field '" + field + "'");
    }

    @Test
    void aBadVenueContactEmailIsReportedUnderContactEmailOnCreateAndUpdate() throws Exception {
        assertInvalid(
                f.sendAdmin(
                        "POST",
                        "/api/v1/venues",
                        "{\"code\":\"MAIL\",\"name\":\"Mail\",\"contact_email\":\"not-an-address\"}"),
                "contact_email");
        assertThat(f.sendAdmin("POST", "/api/v1/venues", "{\"code\":\"MAIL\",\"name\":\"Mail\"}")
                        .statusCode())
                .isEqualTo(201);
        assertInvalid(
                f.sendAdmin("PUT", "/api/v1/venues/MAIL", "{\"name\":\"Mail\",\"contact_email\":\"still not\"}"),
                "contact_email");
        assertInvalid(f.sendAdmin("PUT", "/api/v1/venues/MAIL", "{\"name\":\"   \"}"), "name");
        assertInvalid(
                f.sendAdmin("POST", "/api/v1/venues", "{\"code\":\"NAME\",\"name\":\"" + "n".repeat(101) + "\"}"),
                "name");
    }

    @Test
    void aFarFutureDeploymentFilterDateIsRefusedNamingTheField() throws Exception {
        assertInvalid(f.getAdmin("/api/v1/deployments?from=2300-01-01T00:00:00Z"), "from");
        assertInvalid(f.getAdmin("/api/v1/deployments?to=9999-12-31T23:59:59Z"), "to");
        assertInvalid(f.getAdmin("/api/v1/deployments?to=1000-01-01T00:00:00Z"), "to");
        assertThat(f.getAdmin("/api/v1/deployments?from=2026-01-01T00:00:00Z&to=2261-12-31T00:00:00Z")
                        .statusCode())
                .isEqualTo(200);
        assertInvalid(f.getAdmin("/api/v1/audit?since=2300-01-01T00:00:00Z"), "since");
    }
}
