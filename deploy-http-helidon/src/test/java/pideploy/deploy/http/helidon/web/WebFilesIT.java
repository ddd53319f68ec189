package pideploy.deploy.http.helidon.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's files on a real Helidon server: what the cache keeps when clients ask for files that do not exist. */
class WebFilesIT {
    private final WebFiles files = new WebFiles("/web");
    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;

    @BeforeEach
    void start() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .routing(r -> r.get("/*", files))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void madeUpPathsAreAnswered404AndNotRetained() throws Exception {
        assertThat(get("/login.html").statusCode()).isEqualTo(200);
        assertThat(get("/").statusCode()).isEqualTo(200);
        for (int i = 0; i < 1000; i++) {
            HttpResponse<String> r = get("/js/made-up-" + i + ".js");
            assertThat(r.statusCode()).isEqualTo(404);
        }
        // only the two real files: a flood of made-up names must not grow the heap (issue 12: OutOfMemoryError)
        assertThat(files.cachedFiles()).isEqualTo(2);
        assertThat(get("/login.html").body()).contains("<");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
