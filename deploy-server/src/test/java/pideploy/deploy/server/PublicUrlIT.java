package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.deploy.server.config.ServerSettings;

/** With --public-url, config answers point devices there instead of at the address they reached. */
class PublicUrlIT {
    @Test
    void imageUrlAndServerIpComeFromThePublicUrl(@TempDir java.nio.file.Path dir) throws Exception {
        ServerSettings settings =
                ServerSettings.forTest(dir, Fixture.PASSWORD).withPublicUrl(URI.create("http://10.42.0.1:8080"));
        try (PiDeployServer server = PiDeployServer.start(settings)) {
            DemoSeed.seed(server.core());
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.deviceUrl() + "/api/config"))
                                    .POST(HttpRequest.BodyPublishers.ofString(Fixture.config("10000000f00d0001")))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode j = Json.MAPPER.readTree(r.body());
            assertThat(j.get("server_ip").asText()).isEqualTo("10.42.0.1");
            assertThat(j.get("image_url").asText())
                    .isEqualTo("http://10.42.0.1:8080/images/"
                            + server.core()
                                    .listImages()
                                    .find(DemoSeed.PRODUCT, DemoSeed.IMAGE_VERSION)
                                    .orElseThrow()
                                    .fileName());
        }
    }
}
