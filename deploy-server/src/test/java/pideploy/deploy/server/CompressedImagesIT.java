package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.deploy.server.cli.ExitCodes;

/**
 * ADR-0055 end to end: a Raspberry-Pi-OS-shaped image (FAT32 boot partition, ext4 root) compressed by Debian's
 * {@code xz}, {@code gzip}, {@code zstd} and {@code zip} is registered through {@code pideploy image register} and
 * through the real server's upload route; the store holds exactly the raw image and its recorded SHA-256 is the raw
 * image's. A truncated or damaged archive is refused naming where it broke, and nothing is left in the store.
 */
class CompressedImagesIT {
    @TempDir
    Path dir;

    Path raw;
    String rawSha256;

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
        raw = piShapedImage(dir.resolve("src"), "raspios.img");
        rawSha256 = sha256(raw);
    }

    /** 64 MiB: MBR, a 36 MiB FAT32 boot partition at 1 MiB (one sector a cluster, as system-tests PiDiskImage makes it) with cmdline.txt, ext4 root after it with random data. */
    static Path piShapedImage(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        Path root = Files.createDirectories(dir.resolve(name + ".root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "raspberrypi\n");
        byte[] blob = new byte[3 << 20];
        new Random(13).nextBytes(blob);
        Files.write(root.resolve("blob"), blob);
        Path image = dir.resolve(name);
        run(List.of("truncate", "-s", "64M", image.toString()));
        Process sfdisk = new ProcessBuilder("sfdisk", "--quiet", image.toString())
                .redirectErrorStream(true)
                .start();
        sfdisk.getOutputStream()
                .write("label: dos\nstart=2048, size=73728, type=c\nstart=75776, type=83\n"
                        .getBytes(StandardCharsets.US_ASCII));
        sfdisk.getOutputStream().close();
        assertThat(sfdisk.waitFor())
                .as(new String(sfdisk.getInputStream().readAllBytes()))
                .isZero();
        Path boot = dir.resolve(name + ".boot");
        run(List.of(
                "mkfs.vfat", "-C", "-F", "32", "-s", "1", "-n", "BOOTFS", boot.toString(), String.valueOf(36 * 1024)));
        Path cmdline = dir.resolve("cmdline.txt");
        Files.writeString(cmdline, "console=serial0,115200 root=PARTUUID=0-02 rootwait\n");
        run(List.of("mcopy", "-i", boot.toString(), cmdline.toString(), "::cmdline.txt"));
        run(List.of("dd", "if=" + boot, "of=" + image, "bs=1M", "seek=1", "conv=notrunc", "status=none"));
        run(List.of(
                "mkfs.ext4",
                "-q",
                "-F",
                "-b",
                "4096",
                "-E",
                "offset=" + (75776L * 512),
                "-d",
                root.toString(),
                image.toString(),
                String.valueOf((64L * 1024 * 1024 - 75776L * 512) / 4096)));
        return image;
    }

    static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", command, log).isZero();
        return log;
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The file compressed by the Debian tool, keeping the original. */
    private Path compressed(String format) throws Exception {
        Path out = switch (format) {
            case "xz" -> Path.of(raw + ".xz");
            case "gz" -> Path.of(raw + ".gz");
            case "zst" -> Path.of(raw + ".zst");
            case "zip" -> raw.resolveSibling("raspios.zip");
            default -> throw new IllegalArgumentException(format);
        };
        Files.deleteIfExists(out);
        switch (format) {
            case "xz" -> run(List.of("xz", "-k", "-1", "-T1", raw.toString()));
            case "gz" -> run(List.of("gzip", "-k", "-1", raw.toString()));
            case "zst" -> run(List.of("zstd", "-q", "-k", raw.toString()));
            case "zip" -> run(List.of("zip", "-q", "-j", out.toString(), raw.toString()));
            default -> throw new IllegalArgumentException(format);
        }
        return out;
    }

    private List<String> storedFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve(Fleet.IMAGES_DIR))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("kxp2-demo-"))
                    .toList();
        }
    }

    private Path stored(String fileName) {
        return dir.resolve(Fleet.IMAGES_DIR).resolve(fileName);
    }

    @Test
    void theCommandLineRegistersEachCompressedFormAsTheRawImageWithItsHash() throws Exception {
        String[] formats = {"xz", "gz", "zst", "zip"};
        for (int i = 0; i < formats.length; i++) {
            Path file = compressed(formats[i]);
            // A name that says nothing: the format is told by content.
            Path renamed = Files.move(file, file.resolveSibling("golden-" + formats[i] + ".bin"));
            Run reg = pideploy("image", "register", "--product", "KXP2", "--version", "5." + i, renamed.toString());
            assertThat(reg.code()).as(reg.err()).isZero();
            assertThat(reg.out()).contains("registered KXP2 5." + i, "sha256 " + rawSha256, "unpacked from");
            assertThat(reg.err()).contains("decompressing:", "inspecting:");

            JsonNode list = pideploy.deploy.http.helidon.Json.MAPPER.readTree(
                    pideploy("image", "list", "--format", "json").out());
            JsonNode image = find(list, "5." + i);
            assertThat(image.get("sha256").asText()).isEqualTo(rawSha256);
            assertThat(image.get("size_bytes").asLong()).isEqualTo(Files.size(raw));
            assertThat(Files.mismatch(stored(image.get("file_name").asText()), raw))
                    .as(formats[i])
                    .isEqualTo(-1);
        }
        Run rawReg = pideploy("image", "register", "--product", "KXP2", "--version", "5.9", raw.toString());
        assertThat(rawReg.code()).as(rawReg.err()).isZero();
        assertThat(rawReg.out()).contains("sha256 " + rawSha256).doesNotContain("unpacked from");
        assertThat(rawReg.err()).contains("hashing:");
    }

    @Test
    void aTruncatedArchiveIsRefusedNamingWhereItBrokeAndLeavesNothing() throws Exception {
        Path xz = compressed("xz");
        long half = Files.size(xz) / 2;
        try (RandomAccessFile file = new RandomAccessFile(xz.toFile(), "rw")) {
            file.setLength(half);
        }

        Run reg = pideploy("image", "register", "--product", "KXP2", "--version", "6.0", xz.toString());

        assertThat(reg.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(reg.err())
                .contains(
                        xz.toString(),
                        "xz data is corrupt or truncated",
                        "broken at or before byte " + half,
                        "truncated",
                        "nothing was kept");
        assertThat(pideploy("image", "list", "--format", "csv").out()).doesNotContain("KXP2,6.0,");
        assertThat(storedFiles()).isEmpty();
    }

    @Test
    void aDamagedArchiveIsRefusedWithItsOffsetAndLeavesNothing() throws Exception {
        Path zst = compressed("zst");
        long middle = Files.size(zst) / 2;
        try (RandomAccessFile file = new RandomAccessFile(zst.toFile(), "rw")) {
            byte[] junk = new byte[4096];
            new Random(5).nextBytes(junk);
            file.seek(middle);
            file.write(junk);
        }

        Run reg = pideploy("image", "register", "--product", "KXP2", "--version", "6.1", zst.toString());

        assertThat(reg.code()).as(reg.out()).isEqualTo(ExitCodes.REFUSED);
        assertThat(reg.err()).contains("zstd data is corrupt or truncated", "broken at or before byte");
        long offset = Long.parseLong(reg.err().replaceAll("(?s).*broken at or before byte (\\d+).*", "$1"));
        assertThat(offset).isGreaterThanOrEqualTo(middle).isLessThanOrEqualTo(Files.size(zst));
        assertThat(storedFiles()).isEmpty();
    }

    @Test
    void aCompressedFileThatIsNotADiskImageAndAZipOfTwoFilesAreRefused() throws Exception {
        Path text = dir.resolve("src/notes.txt");
        Files.writeString(text, "not an image\n".repeat(5000));
        run(List.of("xz", "-k", text.toString()));
        Run notImage = pideploy("image", "register", "--product", "KXP2", "--version", "7.0", text + ".xz");
        assertThat(notImage.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(notImage.err()).contains("not a disk image", "unpacked from xz", "no MBR or GPT");

        Path zip = dir.resolve("src/two.zip");
        run(List.of("zip", "-q", "-j", zip.toString(), raw.toString(), text.toString()));
        Run two = pideploy("image", "register", "--product", "KXP2", "--version", "7.1", zip.toString());
        assertThat(two.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(two.err()).contains("notes.txt after the image", "exactly one .img");
        assertThat(storedFiles()).isEmpty();
    }

    @Test
    void theUploadRouteTakesEachCompressedFormAndRefusesADamagedOneWith422() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            String[] formats = {"xz", "gz", "zst", "zip"};
            for (int i = 0; i < formats.length; i++) {
                Path file = compressed(formats[i]);
                HttpResponse<String> up = upload(f, "8." + i, file);
                assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
                JsonNode body = Fixture.json(up);
                assertThat(body.get("image").get("sha256").asText()).isEqualTo(rawSha256);
                assertThat(body.get("uploaded_format").asText())
                        .isEqualTo(formats[i].equals("gz") ? "gzip" : formats[i].equals("zst") ? "zstd" : formats[i]);
                assertThat(Files.mismatch(
                                stored(body.get("image").get("file_name").asText()), raw))
                        .isEqualTo(-1);
                assertThat(body.get("image").get("file_name").asText())
                        .as("the store keeps the raw image")
                        .isEqualTo("kxp2-8.%d-raspios.img".formatted(i));
            }

            // The images above get their transfer forms in the background, written through temporary files of
            // the same store; once those are done, any temporary file left is the refused upload's.
            awaitNoPreparation(f);
            Path gz = compressed("gz");
            byte[] bytes = Files.readAllBytes(gz);
            int middle = bytes.length / 2;
            for (int k = 0; k < 512; k++) {
                bytes[middle + k] ^= (byte) 0x5A;
            }
            Files.write(gz, bytes);
            HttpResponse<String> bad = upload(f, "8.9", gz);
            assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
            JsonNode error = Fixture.json(bad).get("error");
            assertThat(error.get("code").asText()).isEqualTo("CORRUPT_ARCHIVE");
            assertThat(error.get("message").asText())
                    .contains("gzip data is corrupt or truncated", "broken at or before byte", "nothing was kept");
            assertThat(Fixture.json(f.getAdmin("/api/v1/images?product=KXP2")).findValuesAsText("version"))
                    .contains("8.0")
                    .doesNotContain("8.9");
            assertThat(storedFiles()).noneMatch(n -> n.contains("8.9") || n.startsWith(".upload-"));
        }
    }

    private static HttpResponse<String> upload(Fixture f, String version, Path file) throws Exception {
        return f.http.send(
                HttpRequest.newBuilder(f.admin(
                                "/api/v1/images?product=KXP2&version=" + version + "&filename=" + file.getFileName()))
                        .header("Authorization", Fixture.basic())
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofFile(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits (at most two minutes) until no image's transfer form is pending or being prepared. */
    static void awaitNoPreparation(Fixture f) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (true) {
            List<String> states =
                    Fixture.json(f.getAdmin("/api/v1/images?product=KXP2")).findValuesAsText("state").stream()
                            .filter(state -> state.equals("pending") || state.equals("preparing"))
                            .toList();
            if (states.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("transfer forms still outstanding after 2 minutes: " + states);
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode find(JsonNode list, String version) {
        for (JsonNode i : list) {
            if (i.get("version").asText().equals(version)) return i;
        }
        throw new AssertionError("no image " + version + " in " + list);
    }
}
