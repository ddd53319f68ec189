package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.server.CompressedImagesIT.run;
import static pideploy.deploy.server.CompressedImagesIT.sha256;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;

/**
 * ADR-0063 end to end with Debian's tools: a Pi-shaped image whose 256 MiB ext4 root holds a few MiB is registered
 * through {@code pideploy image register} and the upload route; the stored image is shrunk (much smaller, its last
 * partition ends at the file's end, {@code e2fsck -fn} clean, the files intact as {@code debugfs} reads them, the
 * boot partition untouched), the record keeps the original's size and hash and the minimum card size. A damaged
 * filesystem and {@code --no-shrink} are registered as given, with the reason.
 */
class ShrinkOnRegistrationIT {
    private static final long MIB = 1 << 20;
    private static final long ROOT_OFFSET = 40 * MIB;

    @TempDir
    Path dir;

    byte[] blob;

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
    void fleet() throws Exception {
        try (Fleet fleet = Fleet.open(dir, EventPublisher.NONE, Clock.systemUTC())) {
            DemoSeed.seed(fleet.core());
        }
        blob = new byte[(int) (5 * MIB)];
        new Random(63).nextBytes(blob);
    }

    /**
     * MBR, FAT32 boot partition of 36 MiB at 4 MiB, ext4 root of {@code rootMiB} at 40 MiB filled by
     * {@code mkfs.ext4 -d} with /etc/hostname and a 5 MiB random /blob; {@code damage} clears /etc/hostname's inode
     * with {@code debugfs -w} so {@code e2fsck -fn} finds errors.
     */
    Path piImage(String name, long rootMiB, boolean damage) throws Exception {
        return piImage(name, rootMiB, damage, 0);
    }

    /** As above, with {@code emptyFiles} empty files under /many (and inodes for them: {@code mkfs.ext4 -N}). */
    Path piImage(String name, long rootMiB, boolean damage, int emptyFiles) throws Exception {
        Path work = Files.createDirectories(dir.resolve("src-" + name));
        if (emptyFiles > 0) {
            Path many = Files.createDirectories(work.resolve("tree/many"));
            for (int i = 0; i < emptyFiles; i++) {
                Files.createFile(many.resolve("f" + i));
            }
        }
        Path tree = Files.createDirectories(work.resolve("tree/etc"));
        Files.writeString(tree.resolve("hostname"), "raspberrypi\n");
        Files.write(work.resolve("tree/blob"), blob);
        Path image = work.resolve(name);
        run(List.of("truncate", "-s", (ROOT_OFFSET / MIB + rootMiB) + "M", image.toString()));
        Process sfdisk = new ProcessBuilder("sfdisk", "--quiet", image.toString())
                .redirectErrorStream(true)
                .start();
        sfdisk.getOutputStream()
                .write("label: dos\nstart=8192, size=73728, type=c\nstart=81920, type=83\n"
                        .getBytes(StandardCharsets.US_ASCII));
        sfdisk.getOutputStream().close();
        assertThat(sfdisk.waitFor())
                .as(new String(sfdisk.getInputStream().readAllBytes()))
                .isZero();
        Path boot = work.resolve("boot.img");
        run(List.of(
                "mkfs.vfat", "-C", "-F", "32", "-s", "1", "-n", "BOOTFS", boot.toString(), String.valueOf(36 * 1024)));
        Path cmdline = work.resolve("cmdline.txt");
        Files.writeString(cmdline, "console=serial0,115200 root=PARTUUID=0-02 rootwait\n");
        run(List.of("mcopy", "-i", boot.toString(), cmdline.toString(), "::cmdline.txt"));
        run(List.of("dd", "if=" + boot, "of=" + image, "bs=1M", "seek=4", "conv=notrunc", "status=none"));
        Path root = work.resolve("root.img");
        List<String> mkfs = new java.util.ArrayList<>(List.of("mkfs.ext4", "-q", "-F", "-b", "4096"));
        if (emptyFiles > 0) {
            mkfs.addAll(List.of("-N", String.valueOf(2 * emptyFiles)));
        }
        mkfs.addAll(List.of("-d", work.resolve("tree").toString(), root.toString(), rootMiB + "M"));
        run(mkfs);
        if (damage) {
            run(List.of("debugfs", "-w", "-R", "clri /etc/hostname", root.toString()));
        }
        run(List.of(
                "dd",
                "if=" + root,
                "of=" + image,
                "bs=1M",
                "seek=" + ROOT_OFFSET / MIB,
                "conv=notrunc,sparse",
                "status=none"));
        return image;
    }

    private Path stored(String fileName) {
        return dir.resolve(Fleet.IMAGES_DIR).resolve(fileName);
    }

    private JsonNode listed(String version) throws Exception {
        for (JsonNode i : Json.MAPPER.readTree(
                pideploy("image", "list", "--format", "json").out())) {
            if (i.get("version").asText().equals(version)) return i;
        }
        throw new AssertionError("no image " + version);
    }

    /** The last partition of {@code image}, copied out to a file of its own for e2fsck and debugfs. */
    private Path rootPartition(Path image) throws Exception {
        Partition last;
        try (FileChannel channel = FileChannel.open(image)) {
            last = PartitionTable.read(channel).lastPartition().orElseThrow();
        }
        Path out = dir.resolve(image.getFileName() + ".root");
        try (FileChannel in = FileChannel.open(image);
                FileChannel to = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long done = 0;
            while (done < last.sizeBytes()) {
                done += in.transferTo(last.firstByte() + done, last.sizeBytes() - done, to);
            }
        }
        return out;
    }

    private static String tool(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor())
                .as("%s: %s", List.of(command), new String(output, StandardCharsets.UTF_8))
                .isZero();
        return new String(output, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aMostlyEmptyRootIsShrunkCleanlyAndKeepsItsFilesAndTheOriginal() throws Exception {
        Path raw = piImage("raspios.img", 256, false);
        String rawSha = sha256(raw);
        long rawSize = Files.size(raw);

        Run reg = pideploy("image", "register", "--product", "KXP2", "--version", "9.0", raw.toString());

        assertThat(reg.code()).as(reg.err()).isZero();
        assertThat(reg.err()).contains("shrinking:");
        JsonNode image = listed("9.0");
        Path file = stored(image.get("file_name").asText());
        long size = Files.size(file);
        assertThat(size).isEqualTo(image.get("size_bytes").asLong()).isLessThan(rawSize / 2);
        assertThat(reg.out())
                .contains(
                        "shrunk from " + rawSize / MIB + " MiB to " + size / MIB + " MiB",
                        "%d bytes as given (sha256 %s)".formatted(rawSize, rawSha),
                        "card of at least " + size + " bytes");
        assertThat(image.get("shrunk").asBoolean()).isTrue();
        assertThat(image.get("original_size_bytes").asLong()).isEqualTo(rawSize);
        assertThat(image.get("original_sha256").asText()).isEqualTo(rawSha);
        assertThat(image.get("sha256").asText()).isEqualTo(sha256(file)).isNotEqualTo(rawSha);
        assertThat(image.get("min_card_size").asLong()).isEqualTo(size);
        assertThat(image.get("shrink_note").asText()).startsWith("shrunk from");

        try (FileChannel channel = FileChannel.open(file)) {
            PartitionTable table = PartitionTable.read(channel);
            assertThat(table.lastPartition().orElseThrow().endByteExclusive()).isEqualTo(size);
            assertThat(table.lastPartition().orElseThrow().firstByte()).isEqualTo(ROOT_OFFSET);
            assertThat(table.bootPartition().orElseThrow().sizeBytes()).isEqualTo(36 * MIB);
        }
        // Everything before the root partition but the MBR's root entry is the original's.
        byte[] before = new byte[(int) ROOT_OFFSET];
        byte[] after = new byte[(int) ROOT_OFFSET];
        try (var a = Files.newInputStream(raw);
                var b = Files.newInputStream(file)) {
            assertThat(a.readNBytes(before, 0, before.length)).isEqualTo(before.length);
            assertThat(b.readNBytes(after, 0, after.length)).isEqualTo(after.length);
        }
        assertThat(java.util.Arrays.equals(before, 512, before.length, after, 512, after.length))
                .isTrue();
        assertThat(java.util.Arrays.equals(before, 0, 446 + 16, after, 0, 446 + 16))
                .isTrue();

        Path root = rootPartition(file);
        tool("e2fsck", "-fn", root.toString());
        String cat = tool("debugfs", "-R", "cat /blob", root.toString());
        assertThat(cat.substring(cat.length() - blob.length).getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo(blob);
        assertThat(tool("debugfs", "-R", "cat /etc/hostname", root.toString())).contains("raspberrypi");
        assertThat(Files.size(root)).isLessThan(256 * MIB);
        try (Stream<Path> left = Files.list(dir.resolve(Fleet.IMAGES_DIR))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".upload-"));
        }
    }

    @Test
    void aRootWhoseInodesDoNotFitItsUsedBlocksIsShrunkToResize2fsOwnMinimumInstead() throws Exception {
        // 40,000 files need two of the four 128 MiB block groups' inodes, while their data fits in well under one:
        // the tight size (used blocks plus the margin) is refused by resize2fs, and the image is shrunk as before.
        Path raw = piImage("inodes.img", 512, false, 40_000);

        Run reg = pideploy("image", "register", "--product", "KXP2", "--version", "9.4", raw.toString());

        assertThat(reg.code()).as(reg.err()).isZero();
        JsonNode image = listed("9.4");
        assertThat(image.get("shrunk").asBoolean()).as(image.toString()).isTrue();
        Path file = stored(image.get("file_name").asText());
        assertThat(Files.size(file)).isLessThan(Files.size(raw)).isGreaterThan(ROOT_OFFSET + 128 * MIB);
        Path root = rootPartition(file);
        tool("e2fsck", "-fn", root.toString());
        assertThat(tool("debugfs", "-R", "stat /many/f39999", root.toString())).contains("Inode:");
    }

    @Test
    void aDamagedFilesystemIsRegisteredAsGivenWithTheReason() throws Exception {
        Path raw = piImage("damaged.img", 128, true);
        String rawSha = sha256(raw);

        Run reg = pideploy("image", "register", "--product", "KXP2", "--version", "9.1", raw.toString());

        assertThat(reg.code()).as(reg.err()).isZero();
        assertThat(reg.out()).contains("not shrunk: e2fsck -fn found problems in the root filesystem (exit 4)");
        JsonNode image = listed("9.1");
        assertThat(image.get("shrunk").asBoolean()).isFalse();
        assertThat(image.get("sha256").asText())
                .isEqualTo(rawSha)
                .isEqualTo(image.get("original_sha256").asText());
        assertThat(image.get("min_card_size").asLong()).isEqualTo(Files.size(raw));
        assertThat(image.get("shrink_note").asText()).contains("e2fsck -fn found problems");
        assertThat(Files.mismatch(stored(image.get("file_name").asText()), raw)).isEqualTo(-1);
    }

    @Test
    void noShrinkKeepsTheImageAsGiven() throws Exception {
        Path raw = piImage("raspios.img", 128, false);

        Run reg = pideploy("image", "register", "--product", "KXP2", "--version", "9.2", "--no-shrink", raw.toString());

        assertThat(reg.code()).as(reg.err()).isZero();
        assertThat(reg.out()).contains("not shrunk: not asked to");
        JsonNode image = listed("9.2");
        assertThat(Files.mismatch(stored(image.get("file_name").asText()), raw)).isEqualTo(-1);
        assertThat(image.get("original_size_bytes").asLong()).isEqualTo(Files.size(raw));
    }

    @Test
    void theUploadRouteShrinksByDefaultTakesShrinkFalseAndRefusesAnythingElse() throws Exception {
        Path raw = piImage("raspios.img", 256, false);
        try (Fixture f = new Fixture(dir)) {
            HttpResponse<String> bad = upload(f, "9.3", raw, "&shrink=yes");
            assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
            assertThat(bad.body()).contains("shrink", "must be true or false");

            HttpResponse<String> shrunk = upload(f, "9.3", raw, "");
            assertThat(shrunk.statusCode()).as(shrunk.body()).isEqualTo(201);
            JsonNode body = Fixture.json(shrunk);
            assertThat(body.get("shrink").asText()).startsWith("shrunk from");
            assertThat(body.get("image").get("size_bytes").asLong()).isLessThan(Files.size(raw) / 2);
            assertThat(body.get("image").get("min_card_size").asLong())
                    .isEqualTo(body.get("image").get("size_bytes").asLong());
            assertThat(body.get("image").get("original_size_bytes").asLong()).isEqualTo(Files.size(raw));

            HttpResponse<String> asGiven = upload(f, "9.4", raw, "&shrink=false");
            assertThat(asGiven.statusCode()).as(asGiven.body()).isEqualTo(201);
            assertThat(Fixture.json(asGiven).get("image").get("size_bytes").asLong())
                    .isEqualTo(Files.size(raw));
            assertThat(Fixture.json(asGiven).get("shrink").asText()).isEqualTo("not shrunk: not asked to");
        }
    }

    private static HttpResponse<String> upload(Fixture f, String version, Path file, String extra) throws Exception {
        return f.http.send(
                HttpRequest.newBuilder(f.admin("/api/v1/images?product=KXP2&version=" + version + "&filename="
                                + file.getFileName() + extra))
                        .header("Authorization", Fixture.basic())
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofFile(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
