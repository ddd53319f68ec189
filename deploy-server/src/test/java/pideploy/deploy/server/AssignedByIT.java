package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config answer says which rule chose hostname, product and venue, when the device asked for another. */
class AssignedByIT {
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

    private JsonNode config(String serial, String product, String venue, boolean protocolTwo) throws Exception {
        String body = "{\"serial_number\":\"%s\",\"product_type\":\"%s\",\"venue_code\":\"%s\"%s}"
                .formatted(serial, product, venue, protocolTwo ? ",\"protocol\":2" : "");
        var answer = f.postDevice("/api/config", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Fixture.json(answer);
    }

    @Test
    void aHeldHostnameAndAnActiveBatchOverrideTheRequestAndSaySo() throws Exception {
        JsonNode first = config("10000000bbbb0001", "KXP2", "CORO", true);
        assertThat(first.get("assigned_by").asText()).isEqualTo("request");
        assertThat(first.get("venue_code").asText()).isEqualTo("CORO");

        JsonNode held = config("10000000bbbb0001", "RXP2", "CORO", true);
        assertThat(held.get("assigned_by").asText()).isEqualTo("held");
        assertThat(held.get("hostname").asText())
                .isEqualTo(first.get("hostname").asText());
        assertThat(held.get("product_type").asText()).isEqualTo("KXP2");

        assertThat(f.sendAdmin("POST", "/api/v1/venues", "{\"code\":\"MESA\",\"name\":\"Mesa\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(f.sendAdmin("POST", "/api/v1/pools/MESA/import", "{\"product\":\"KXP2\",\"numbers\":\"1-3\"}")
                        .statusCode())
                .isBetween(200, 299);
        long batch = Fixture.json(
                        f.sendAdmin("POST", "/api/v1/batches", "{\"venue\":\"MESA\",\"product\":\"KXP2\",\"count\":2}"))
                .get("id")
                .asLong();
        assertThat(f.sendAdmin("POST", "/api/v1/batches/" + batch + "/start", "")
                        .statusCode())
                .isBetween(200, 299);

        JsonNode byBatch = config("10000000bbbb0002", "KXP2", "CORO", true);
        assertThat(byBatch.get("assigned_by").asText()).isEqualTo("batch");
        assertThat(byBatch.get("venue_code").asText()).isEqualTo("MESA");
        assertThat(byBatch.get("hostname").asText()).isEqualTo("KXP2-MESA-001");
    }

    @Test
    void aLegacyClientGetsTheVersionOneAnswerWithoutTheRule() throws Exception {
        assertThat(config("10000000bbbb0003", "KXP2", "CORO", false).has("assigned_by"))
                .isFalse();
    }
}
