package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.server.cli.ExitCodes;

/**
 * ADR-0056 against the real server: an image no device needs is deleted through the API and the command line with
 * its derived files gone from disk and an audit entry; the active image, the rollback target and an image a device
 * is writing are refused with 409 and their files stay.
 */
class ImageDeletionIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

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

    private void register(Path image, String version, boolean activate) {
        Run reg = activate
                ? pideploy(
                        "image", "register", "--product", "KXP2", "--version", version, "--activate", image.toString())
                : pideploy("image", "register", "--product", "KXP2", "--version", version, image.toString());
        assertThat(reg.code()).as(reg.err()).isZero();
    }

    private List<String> imagesDir() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve(Fleet.IMAGES_DIR))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static JsonNode image(Fixture f, String version) throws Exception {
        for (JsonNode i : Fixture.json(f.getAdmin("/api/v1/images?product=KXP2"))) {
            if (i.get("version").asText().equals(version)) return i;
        }
        return null;
    }

    private static JsonNode awaitReady(Fixture f, String version) throws Exception {
        Instant until = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(until)) {
            JsonNode i = image(f, version);
            if (i != null
                    && i.has("transfer")
                    && i.get("transfer").get("state").asText().equals("ready")) return i;
            Thread.sleep(200);
        }
        throw new AssertionError("transfer form of " + version + " not ready: " + image(f, version));
    }

    @Test
    void deletesWhatNoDeviceNeedsWithItsFilesAndRefusesTheRest() throws Exception {
        Path raw = CompressedImagesIT.piShapedImage(dir.resolve("src"), "golden.img");
        try (Fixture f = new Fixture(dir).seeded()) {
            register(raw, "1.0", true); // demo-1 is the rollback target now
            register(raw, "2.0", true); // 1.0 is
            register(raw, "3.0", false); // never activated
            JsonNode three = awaitReady(f, "3.0");
            String file = three.get("file_name").asText();
            assertThat(imagesDir()).contains(file, file + ".bmap", file + ".zranges", file + ".zranges.json");

            HttpResponse409 active = refuse(f, "2.0");
            assertThat(active.code()).isEqualTo("IMAGE_ACTIVE");
            HttpResponse409 target = refuse(f, "1.0");
            assertThat(target.code()).isEqualTo("IMAGE_ROLLBACK_TARGET");
            assertThat(target.message()).contains("rollback");

            var deleted = f.sendAdmin("DELETE", "/api/v1/images/KXP2/3.0", "");
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
            assertThat(Fixture.json(deleted).get("removed_files").toString())
                    .contains(file + "\"", file + ".bmap", file + ".zranges\"", file + ".zranges.json");
            assertThat(imagesDir()).noneMatch(n -> n.startsWith(file));
            assertThat(image(f, "3.0")).isNull();
            assertThat(f.sendAdmin("DELETE", "/api/v1/images/KXP2/3.0", "").statusCode())
                    .isEqualTo(404);
            assertThat(f.getAdmin("/api/v1/audit").body()).contains("image.delete", "KXP2 3.0");
            // The files of the images refused are all still there.
            assertThat(imagesDir())
                    .contains(
                            image(f, "1.0").get("file_name").asText(),
                            image(f, "2.0").get("file_name").asText());

            // The command line, beside the running server: demo-1 is neither active nor the target any more.
            Run cli = pideploy("image", "delete", "--product", "KXP2", "--version", "demo-1");
            assertThat(cli.code()).as(cli.err()).isZero();
            assertThat(cli.out()).contains("deleted KXP2 demo-1", "kxp2-demo-1-pideploy-demo.img");
            assertThat(imagesDir()).noneMatch(n -> n.startsWith("kxp2-demo-1"));
            Run refused = pideploy("image", "delete", "--product", "KXP2", "--version", "2.0");
            assertThat(refused.code()).isEqualTo(ExitCodes.REFUSED);
            assertThat(refused.err()).contains("KXP2 2.0 is active");
        }
    }

    @Test
    void anImageADeviceIsWritingIsRefusedUntilTheDeploymentEnds() throws Exception {
        Path raw = CompressedImagesIT.piShapedImage(dir.resolve("src"), "golden.img");
        try (Fixture f = new Fixture(dir).seeded()) {
            register(raw, "1.0", true);
            JsonNode config = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000bbbb0001")));
            assertThat(config.get("image_url").asText()).contains("kxp2-1.0-");
            long id = config.get("deployment_id").asLong();
            assertThat(f.postDevice(
                                    "/api/status",
                                    "{\"deployment_id\":%d,\"status\":\"downloading\",\"bytes_done\":5,\"bytes_total\":10}"
                                            .formatted(id))
                            .statusCode())
                    .isEqualTo(200);
            register(raw, "2.0", true);
            register(raw, "3.0", true); // 2.0 is the rollback target; 1.0 only has the device writing it
            String file = image(f, "1.0").get("file_name").asText();

            HttpResponse409 busy = refuse(f, "1.0");
            assertThat(busy.code()).isEqualTo("IMAGE_IN_USE");
            assertThat(busy.message())
                    .contains("1 unfinished deployment", config.get("hostname").asText());
            assertThat(imagesDir()).contains(file);

            assertThat(f.postDevice(
                                    "/api/status",
                                    "{\"deployment_id\":%d,\"status\":\"success\",\"bytes_done\":10,\"bytes_total\":10}"
                                            .formatted(id))
                            .statusCode())
                    .isEqualTo(200);
            var deleted = f.sendAdmin("DELETE", "/api/v1/images/KXP2/1.0", "");
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
            assertThat(imagesDir()).noneMatch(n -> n.startsWith(file));
            JsonNode history = Fixture.json(f.getAdmin("/api/v1/deployments/" + id));
            assertThat(history.get("image_version").asText())
                    .as("history keeps the version")
                    .isEqualTo("1.0");
        }
    }

    record HttpResponse409(String code, String message) {}

    private HttpResponse409 refuse(Fixture f, String version) throws Exception {
        var r = f.sendAdmin("DELETE", "/api/v1/images/KXP2/" + version, "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        JsonNode error = Fixture.json(r).get("error");
        return new HttpResponse409(
                error.get("code").asText(), error.get("message").asText());
    }
}
