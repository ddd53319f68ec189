package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.deploy.server.cli.ExitCodes;

/**
 * ADR-0090 end to end: an {@code .img.xz} on a loopback "vendor site" that drops the first connection halfway is
 * registered from its URL through {@code pideploy image register --url} and through the real server's API; the
 * download resumes with a Range request, the published SHA-256 is checked, and the store holds the raw image. A
 * wrong hash or a URL that does not deliver is a clear 422 (CLI: exit 1) and leaves nothing.
 */
class ImageFromUrlIT {
    @TempDir
    Path dir;

    Path raw;
    Path xz;
    String rawSha256;
    String xzSha256;

    record Run(int code, String out, String err) {}

    private Run pideploy(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of(args), Stream.of("--data", dir.toString()))
                .toArray(String[]::new);
        int code = PiDeployMain.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void piImage() throws Exception {
        try (Fleet fleet = Fleet.open(dir, EventPublisher.NONE, Clock.systemUTC())) {
            DemoSeed.seed(fleet.core());
        }
        raw = CompressedImagesIT.piShapedImage(dir.resolve("src"), "raspios.img");
        rawSha256 = CompressedImagesIT.sha256(raw);
        CompressedImagesIT.run(List.of("xz", "-k", "-1", "-T1", raw.toString()));
        xz = Path.of(raw + ".xz");
        xzSha256 = CompressedImagesIT.sha256(xz);
    }

    private List<String> storedFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve(Fleet.IMAGES_DIR))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("kxp2-demo-"))
                    .toList();
        }
    }

    @Test
    void theCommandLineDownloadsResumingAfterADroppedConnectionAndChecksThePublishedHash() throws Exception {
        try (DroppingFileServer site = new DroppingFileServer(xz, 1)) {
            Run reg = pideploy(
                    "image",
                    "register",
                    "--product",
                    "KXP2",
                    "--version",
                    "9.0",
                    "--url",
                    site.url(),
                    "--sha256",
                    xzSha256.toUpperCase());

            assertThat(reg.code()).as(reg.err()).isZero();
            assertThat(reg.out())
                    .contains("registered KXP2 9.0", "sha256 " + rawSha256, "downloaded from " + site.url());
            assertThat(reg.err()).contains("decompressing:", "resumed 1 time");
            assertThat(site.ranges).hasSize(2);
            assertThat(site.ranges.get(0)).isEqualTo("-");
            long resumedAt = Long.parseLong(site.ranges.get(1).replaceAll("bytes=(\\d+)-", "$1"));
            assertThat(resumedAt).isPositive().isLessThan(Files.size(xz));
            assertThat(Files.mismatch(dir.resolve(Fleet.IMAGES_DIR).resolve("kxp2-9.0-raspios.img"), raw))
                    .isEqualTo(-1);
        }
    }

    @Test
    void aWrongPublishedHashOnTheCommandLineRegistersNothing() throws Exception {
        try (DroppingFileServer site = new DroppingFileServer(xz, 0)) {
            Run reg = pideploy(
                    "image",
                    "register",
                    "--product",
                    "KXP2",
                    "--version",
                    "9.5",
                    "--url",
                    site.url(),
                    "--sha256",
                    "0".repeat(64));

            assertThat(reg.code()).isEqualTo(ExitCodes.REFUSED);
            assertThat(reg.err())
                    .contains("SHA-256 is " + xzSha256, "not the published " + "0".repeat(64), "nothing was kept");
            assertThat(storedFiles()).isEmpty();
            assertThat(pideploy("image", "list", "--format", "csv").out()).doesNotContain("KXP2,9.5,");
        }
    }

    @Test
    void theApiDownloadsResumesAndRefusesAWrongHashOrAMissingFileWith422() throws Exception {
        try (Fixture f = new Fixture(dir);
                DroppingFileServer site = new DroppingFileServer(xz, 1)) {
            HttpResponse<String> ok = fromUrl(f, "9.1", site.url(), xzSha256);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
            JsonNode body = Fixture.json(ok);
            assertThat(body.get("image").get("sha256").asText()).isEqualTo(rawSha256);
            assertThat(body.get("image").get("file_name").asText()).isEqualTo("kxp2-9.1-raspios.img");
            assertThat(body.get("uploaded_format").asText()).isEqualTo("xz");
            assertThat(site.ranges).hasSize(2).element(1).asString().startsWith("bytes=");

            HttpResponse<String> wrong = fromUrl(f, "9.2", site.url(), "ab".repeat(32));
            assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(422);
            JsonNode error = Fixture.json(wrong).get("error");
            assertThat(error.get("code").asText()).isEqualTo("CHECKSUM_MISMATCH");
            assertThat(error.get("message").asText()).contains(xzSha256, "ab".repeat(32), "nothing was kept");

            HttpResponse<String> missing = fromUrl(f, "9.3", site.url() + ".missing", null);
            assertThat(missing.statusCode()).as(missing.body()).isEqualTo(422);
            assertThat(Fixture.json(missing).get("error").get("code").asText()).isEqualTo("DOWNLOAD_FAILED");
            assertThat(Fixture.json(missing).get("error").get("message").asText())
                    .contains("HTTP 404");

            HttpResponse<String> badHash = fromUrl(f, "9.4", site.url(), "xyz");
            assertThat(badHash.statusCode()).as(badHash.body()).isEqualTo(400);
            assertThat(badHash.body()).contains("sha256", "64 hexadecimal digits");

            HttpResponse<String> notHttp = fromUrl(f, "9.4", "file:///etc/passwd", null);
            assertThat(notHttp.statusCode()).as(notHttp.body()).isEqualTo(400);
            assertThat(notHttp.body()).contains("http:// or https://");

            assertThat(Fixture.json(f.getAdmin("/api/v1/images?product=KXP2")).findValuesAsText("version"))
                    .contains("9.1")
                    .doesNotContain("9.2", "9.3", "9.4");
            assertThat(storedFiles())
                    .noneMatch(n -> n.contains("9.2") || n.contains("9.3") || n.startsWith(".upload-"));
        }
    }

    private static HttpResponse<String> fromUrl(Fixture f, String version, String url, String sha256) throws Exception {
        String query = "/api/v1/images?product=KXP2&version=" + version + "&url="
                + URLEncoder.encode(url, StandardCharsets.UTF_8) + (sha256 == null ? "" : "&sha256=" + sha256);
        return f.http.send(
                HttpRequest.newBuilder(f.admin(query))
                        .header("Authorization", Fixture.basic())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
