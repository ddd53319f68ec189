package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device profiles through the real server: set with the management API, merged into a protocol 3 config answer
 * with its secrets, recorded redacted, and never shown back by any management route.
 */
class DeviceProfileIT {
    private static final String PSK = "correct horse battery";
    private static final String VENUE = """
            wifi.count=1
            wifi.0.ssid=Corona Karting
            wifi.0.security=psk
            wifi.0.psk=%s
            wifi.0.hidden=false
            wifi.0.priority=10
            wifi_country=GB
            time_zone=Europe/London
            env.VENUE_SERVER=https://coro.example/stream/{identifier}
            """.formatted(PSK);
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

    private HttpResponse<String> put(String path, String settings) throws Exception {
        return f.sendAdmin("PUT", path, JSON.writeValueAsString(Map.of("settings", settings)));
    }

    private JsonNode config(String serial, int protocol) throws Exception {
        var answer = f.postDevice(
                "/api/config",
                "{\"serial_number\":\"%s\",\"product_type\":\"KXP2\",".formatted(serial)
                        + "\"venue_code\":\"CORO\",\"protocol\":" + protocol + "}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Fixture.json(answer);
    }

    @Test
    void aVenueProfileReachesAProtocolThreeDeviceAndIsNeverShownBack() throws Exception {
        HttpResponse<String> set = put("/api/v1/profiles/venue/CORO", VENUE);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(set.body()).doesNotContain(PSK).contains("wifi.0.psk=<redacted>");
        assertThat(put(
                                "/api/v1/profiles/device/10000000cccc0001",
                                "static_ipv4.address=192.168.10.14/24\nstatic_ipv4.gateway=192.168.10.1\nstatic_ipv4.dns=\n")
                        .statusCode())
                .isEqualTo(200);

        JsonNode answer = config("10000000cccc0001", 3);

        JsonNode profile = answer.get("profile");
        assertThat(profile.at("/wifi/0/psk").asText()).isEqualTo(PSK);
        assertThat(profile.at("/static_ipv4/address").asText()).isEqualTo("192.168.10.14");
        assertThat(profile.at("/device_env/0/value").asText())
                .isEqualTo(answer.get("hostname").asText());
        long id = answer.get("deployment_id").asLong();
        HttpResponse<String> applied = f.getAdmin("/api/v1/deployments/" + id + "/profile");
        assertThat(applied.statusCode()).isEqualTo(200);
        assertThat(applied.body())
                .contains(
                        "wifi.0.psk=<redacted>",
                        "layers=venue CORO,device 10000000cccc0001",
                        "static_ipv4.address=192.168.10.14/24")
                .doesNotContain(PSK);
        for (String path : new String[] {
            "/api/v1/profiles",
            "/api/v1/profiles/venue/CORO",
            "/api/v1/devices/10000000cccc0001/profile",
            "/api/v1/deployments/" + id + "/profile",
            "/api/v1/deployments/" + id,
            "/api/v1/audit"
        }) {
            HttpResponse<String> r = f.getAdmin(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).doesNotContain(PSK);
        }
        assertThat(config("10000000cccc0002", 2).has("profile")).isFalse();
    }

    @Test
    void aRedactedLayerSentBackKeepsItsSecretAndBadInputIsRefusedNamingTheSetting() throws Exception {
        assertThat(put("/api/v1/profiles/venue/CORO", VENUE).statusCode()).isEqualTo(200);
        String shown = Fixture.json(f.getAdmin("/api/v1/profiles/venue/CORO"))
                .get("settings")
                .asText();

        assertThat(put("/api/v1/profiles/venue/CORO", shown.replace("Europe/London", "UTC"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(config("10000000cccc0003", 3).at("/profile/wifi/0/psk").asText())
                .isEqualTo(PSK);

        HttpResponse<String> shortPsk = put("/api/v1/profiles/venue/CORO", VENUE.replace(PSK, "short"));
        assertThat(shortPsk.statusCode()).isEqualTo(400);
        assertThat(shortPsk.body()).contains("INVALID_FIELD", "8-63");
        HttpResponse<String> zone = put("/api/v1/profiles/venue/CORO", "time_zone=Mars/Olympus\n");
        assertThat(zone.statusCode()).isEqualTo(400);
        assertThat(zone.body()).contains("Mars/Olympus");
        assertThat(Fixture.json(f.getAdmin("/api/v1/profiles/venue/CORO"))
                        .get("settings")
                        .asText())
                .contains("time_zone=UTC");
        assertThat(put("/api/v1/profiles/venue/NONE", "time_zone=UTC\n").statusCode())
                .isEqualTo(404);
    }

    @Test
    void twoDevicesWithOneStaticAddressAreRefusedWithAConflict() throws Exception {
        String address = "static_ipv4.address=192.168.10.14/24\nstatic_ipv4.gateway=192.168.10.1\n";
        assertThat(put("/api/v1/profiles/device/10000000cccc0001", address).statusCode())
                .isEqualTo(200);

        HttpResponse<String> second = put("/api/v1/profiles/device/10000000cccc0002", address);

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("ADDRESS_TAKEN", "192.168.10.14 is already set for device 10000000cccc0001");
        assertThat(f.getAdmin("/api/v1/profiles/device/10000000cccc0002").statusCode())
                .isEqualTo(404);
        HttpResponse<String> onVenue = put("/api/v1/profiles/venue/CORO", address);
        assertThat(onVenue.statusCode()).isEqualTo(400);
        assertThat(onVenue.body()).contains("one device");
    }
}
