package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.transfer.TransferForm;
import pideploy.deploy.core.transfer.TransferState;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.deploy.server.cli.ExitCodes;

/**
 * ADR-0033 end to end: {@code pideploy image register} picks up the {@code .bmap} made by {@code bmaptool create}
 * beside the image, the server prepares the transfer form from it and serves it unchanged, and {@code bmaptool copy}
 * works against the server's URLs; a tampered map is refused at registration, one that does not match the image's
 * bytes fails the preparation with the range named while the raw path keeps working.
 */
class ImportedBmapIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    record Run(int code, String out, String err) {}

    private static Run pideploy(Path data, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of(args), Stream.of("--data", data.toString()))
                .toArray(String[]::new);
        int code = PiDeployMain.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    /** The file system of a card written from {@link #sparseImage}, copied out of its partition for e2fsck. */
    private static Path partition(Path card) throws Exception {
        Path fs = card.resolveSibling(card.getFileName() + ".p1");
        run(List.of("dd", "if=" + card, "of=" + fs, "bs=1M", "skip=1", "status=none"));
        return fs;
    }

    /**
     * A sparse disk image: an MBR with one Linux partition at 1 MiB holding ext4 (registration takes only partitioned
     * images); bmaptool maps the MBR and the file system's extents.
     */
    private static Path sparseImage(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        Path tree = Files.createDirectories(dir.resolve(name + ".tree"));
        Files.writeString(tree.resolve("hostname"), "raspberrypi\n");
        byte[] blob = new byte[1 << 20];
        new Random(11).nextBytes(blob);
        Files.write(tree.resolve("blob"), blob);
        Path image = dir.resolve(name);
        run(List.of("truncate", "-s", "24M", image.toString()));
        Process sfdisk = new ProcessBuilder("sfdisk", "--quiet", image.toString())
                .redirectErrorStream(true)
                .start();
        sfdisk.getOutputStream().write("label: dos\nstart=2048, type=83\n".getBytes(StandardCharsets.US_ASCII));
        sfdisk.getOutputStream().close();
        assertThat(sfdisk.waitFor())
                .as(new String(sfdisk.getInputStream().readAllBytes()))
                .isZero();
        run(List.of(
                "mkfs.ext4",
                "-q",
                "-F",
                "-b",
                "4096",
                "-E",
                "offset=" + (1 << 20),
                "-d",
                tree.toString(),
                image.toString(),
                String.valueOf((23 << 20) / 4096)));
        return image;
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", command, log).isZero();
        return log;
    }

    private static void seed(Path data) {
        try (Fleet fleet = Fleet.open(data, EventPublisher.NONE, Clock.systemUTC())) {
            DemoSeed.seed(fleet.core());
        }
    }

    @Test
    void registersTheBmapBesideTheImageAndServesItUnchangedToBmaptool(@TempDir Path dir) throws Exception {
        seed(dir);
        Path image = sparseImage(dir.resolve("golden"), "golden.img");
        run(List.of("bmaptool", "create", "-o", image + ".bmap", image.toString()));
        byte[] bmap = Files.readAllBytes(Path.of(image + ".bmap"));

        Run reg = pideploy(
                dir, "image", "register", "--product", "KXP2", "--version", "9.0", "--activate", image.toString());
        assertThat(reg.code()).as(reg.err()).isZero();
        assertThat(reg.out()).contains("registered KXP2 9.0", "block map imported from " + image + ".bmap");

        try (Fixture f = new Fixture(dir)) {
            MasterImage golden = image(f, "9.0");
            TransferForm ready = await(f, golden, TransferState.READY);
            assertThat(ready.prepared().orElseThrow().mappedBytes()).isLessThan(golden.sizeBytes() / 2);
            JsonNode answer = Fixture.json(f.postDevice("/api/config", Fixture.config("1000000000000011")));
            String imageUrl = answer.get("image_url").asText();
            assertThat(imageUrl).endsWith(golden.fileName());
            assertThat(get(f, answer.get("bmap_url").asText())).isEqualTo(bmap);

            Path card = dir.resolve("card.img");
            String log = run(
                    List.of("bmaptool", "copy", "--bmap", answer.get("bmap_url").asText(), imageUrl, card.toString()));
            assertThat(log).doesNotContainIgnoringCase("error");
            assertThat(Files.size(card)).isEqualTo(golden.sizeBytes());
            run(List.of("e2fsck", "-fn", partition(card).toString()));

            JsonNode images = Fixture.json(f.getAdmin("/api/v1/images?product=KXP2"));
            for (JsonNode i : images) {
                await(f, image(f, i.get("version").asText()), TransferState.READY);
            }
            images = Fixture.json(f.getAdmin("/api/v1/images?product=KXP2"));
            for (JsonNode i : images) {
                String expected = i.get("version").asText().equals("9.0") ? "imported" : "computed";
                assertThat(i.get("transfer").get("map_source").asText())
                        .as(i.toString())
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void withoutABmapTheHolesOfASparseImageAreKeptAndLeftUnmapped(@TempDir Path dir) throws Exception {
        seed(dir);
        Path image = sparseImage(dir.resolve("golden"), "golden.img");

        Run reg = pideploy(
                dir,
                "image",
                "register",
                "--product",
                "KXP2",
                "--version",
                "9.3",
                "--activate",
                "--no-bmap",
                image.toString());
        assertThat(reg.code()).as(reg.err()).isZero();

        try (Fixture f = new Fixture(dir)) {
            MasterImage golden = image(f, "9.3");
            // No partition table: the filesystems alone would map all of it; the file's holes say what is empty.
            TransferForm ready = await(f, golden, TransferState.READY);
            assertThat(ready.prepared().orElseThrow().mappedBytes()).isLessThan(golden.sizeBytes() / 2);
            JsonNode answer = Fixture.json(f.postDevice("/api/config", Fixture.config("1000000000000014")));
            Path card = dir.resolve("card.img");
            String log = run(List.of(
                    "bmaptool",
                    "copy",
                    "--bmap",
                    answer.get("bmap_url").asText(),
                    answer.get("image_url").asText(),
                    card.toString()));
            assertThat(log).doesNotContainIgnoringCase("error");
            run(List.of("e2fsck", "-fn", partition(card).toString()));
            assertThat(Files.mismatch(card, image))
                    .as("a fresh card file reads zeros in the holes too")
                    .isEqualTo(-1);
        }
    }

    @Test
    void refusesATamperedBmapAndRegistersNothing(@TempDir Path dir) throws Exception {
        seed(dir);
        Path image = sparseImage(dir.resolve("golden"), "golden.img");
        Path bmapPath = dir.resolve("golden").resolve("other-name.bmap");
        run(List.of("bmaptool", "create", "-o", bmapPath.toString(), image.toString()));
        String text = Files.readString(bmapPath);
        int at = text.indexOf("chksum=\"") + "chksum=\"".length();
        Files.writeString(
                bmapPath, text.substring(0, at) + (text.charAt(at) == 'a' ? 'b' : 'a') + text.substring(at + 1));

        Run reg = pideploy(
                dir,
                "image",
                "register",
                "--product",
                "KXP2",
                "--version",
                "9.1",
                "--bmap",
                bmapPath.toString(),
                image.toString());

        assertThat(reg.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(reg.err()).contains("KXP2 9.1 not registered", "bmap file checksum mismatch");
        assertThat(pideploy(dir, "image", "list", "--format", "csv").out()).doesNotContain("9.1");
        try (Stream<Path> files = Files.list(dir.resolve("images"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("9.1"));
        }
    }

    @Test
    void failsThePreparationNamingTheRangeWhenTheBmapDoesNotMatchTheImageAndKeepsTheRawPath(@TempDir Path dir)
            throws Exception {
        seed(dir);
        Path image = sparseImage(dir.resolve("golden"), "golden.img");
        Path bmapPath = dir.resolve("golden.bmap");
        run(List.of("bmaptool", "create", "-o", bmapPath.toString(), image.toString()));
        // Same size, one mapped byte changed after the map was made (block 0 is always mapped: the MBR is in it).
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(100);
            file.write(0x5a);
        }
        Run reg = pideploy(
                dir,
                "image",
                "register",
                "--product",
                "KXP2",
                "--version",
                "9.2",
                "--activate",
                "--bmap",
                bmapPath.toString(),
                image.toString());
        assertThat(reg.code()).as(reg.err()).isZero();

        try (Fixture f = new Fixture(dir)) {
            MasterImage golden = image(f, "9.2");
            TransferForm failed = await(f, golden, TransferState.FAILED);
            assertThat(failed.reason()).contains("imported bmap does not match the image", "range of blocks 0-");

            JsonNode answer = Fixture.json(f.postDevice("/api/config", Fixture.config("1000000000000012")));
            assertThat(answer.has("transfer_forms")).isFalse();
            assertThat(answer.has("bmap_url")).isFalse();
            assertThat(answer.get("image_url").asText()).endsWith(golden.fileName());
            assertThat(get(f, answer.get("image_url").asText())).isEqualTo(Files.readAllBytes(image));
        }
    }

    @Test
    void theManagementApiTakesTheBmapBeforeTheUploadAndRefusesABadOne(@TempDir Path dir) throws Exception {
        Path image = sparseImage(dir.resolve("golden"), "golden.img");
        run(List.of("bmaptool", "create", "-o", image + ".bmap", image.toString()));
        byte[] bmap = Files.readAllBytes(Path.of(image + ".bmap"));
        byte[] tampered = bmap.clone();
        String text = new String(bmap, StandardCharsets.UTF_8);
        int at = text.indexOf("chksum=\"") + "chksum=\"".length();
        tampered[at] = (byte) (tampered[at] == 'a' ? 'b' : 'a');
        try (Fixture f = new Fixture(dir).seeded()) {
            HttpResponse<String> bad = send(f, "PUT", "/api/v1/images/KXP2/9.3/bmap", "application/xml", tampered);
            assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
            assertThat(Fixture.json(bad).get("error").get("code").asText()).isEqualTo("BMAP_REJECTED");
            assertThat(Fixture.json(bad).get("error").get("message").asText()).contains("bmap file checksum mismatch");

            HttpResponse<String> staged = send(f, "PUT", "/api/v1/images/KXP2/9.3/bmap", "application/xml", bmap);
            assertThat(staged.statusCode()).as(staged.body()).isEqualTo(202);
            assertThat(Fixture.json(staged).get("image_size").asLong()).isEqualTo(Files.size(image));
            HttpResponse<String> upload = send(
                    f,
                    "POST",
                    "/api/v1/images?product=KXP2&version=9.3&filename=golden.img",
                    "application/octet-stream",
                    Files.readAllBytes(image));
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
            assertThat(Fixture.json(upload).get("bmap_imported").asBoolean()).isTrue();

            MasterImage golden = image(f, "9.3");
            TransferForm ready = await(f, golden, TransferState.READY);
            assertThat(ready.prepared().orElseThrow().mapSource().wireName()).isEqualTo("imported");
            assertThat(get(f, f.server.deviceUrl() + "/images/" + golden.fileName() + ".bmap"))
                    .isEqualTo(bmap);

            HttpResponse<String> late = send(f, "PUT", "/api/v1/images/KXP2/9.3/bmap", "application/xml", bmap);
            assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
            HttpResponse<String> another = send(
                    f,
                    "POST",
                    "/api/v1/images?product=KXP2&version=9.4",
                    "application/octet-stream",
                    Files.readAllBytes(image));
            assertThat(Fixture.json(another).get("bmap_imported").asBoolean()).isFalse();
        }
    }

    private static HttpResponse<String> send(Fixture f, String method, String path, String type, byte[] body)
            throws Exception {
        return f.http.send(
                HttpRequest.newBuilder(f.admin(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", Fixture.basic())
                        .header("Content-Type", type)
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static MasterImage image(Fixture f, String version) {
        return f.server
                .core()
                .listImages()
                .find(DemoSeed.PRODUCT, ImageVersion.of(version))
                .orElseThrow();
    }

    private static TransferForm await(Fixture f, MasterImage image, TransferState state) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        TransferForm form = f.server.transferForms().find().stateOf(image);
        while (form.state() != state && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            form = f.server.transferForms().find().stateOf(image);
        }
        assertThat(form.state())
                .as("transfer form of %s: %s", image.fileName(), form)
                .isEqualTo(state);
        return form;
    }

    private static byte[] get(Fixture f, String url) throws Exception {
        HttpResponse<byte[]> r = f.http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }
}
