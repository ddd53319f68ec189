package pideploy.system.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.storage.fs.FilefragLayout;
import pideploy.disk.image.ByteRange;
import pideploy.disk.image.partition.PartitionTable;
import pideploy.installer.cli.InstallerExitCodes;
import pideploy.system.InstallerRun;
import pideploy.system.PiDiskImage;
import pideploy.system.ServerRig;
import pideploy.system.Tools;

/**
 * End to end on the real server's own preparation: an image registered with {@code pideploy image register} is
 * prepared in the background; once the server serves its {@code .zranges.json}, the installer's default path takes
 * the form the server offers in {@code /api/config}, and the card comes out right. The server's index is also
 * compared with the one the contract-only preparer builds from the same image: two implementations, one map.
 */
class RealServerTransferIT {
    private static final long MIB = 1 << 20;
    private static final long CARD_SIZE = 160 * MIB;

    @TempDir
    static Path shared;

    static PiDiskImage image;

    @TempDir
    Path dir;

    private final InstallerRun installerRun = new InstallerRun();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void buildImage() throws Exception {
        image = PiDiskImage.build(shared.resolve("image"), 60, 8);
    }

    private Path card() throws IOException {
        return InstallerRun.card(dir.resolve("card.img"), CARD_SIZE);
    }

    /** The served index, once the server's background preparation made it available (at most a minute). */
    private JsonNode awaitIndex(String url) throws Exception {
        for (int i = 0; i < 240; i++) {
            HttpResponse<byte[]> response =
                    http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                return json.readTree(response.body());
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the server never served " + url);
    }

    @Test
    void theDefaultPathTakesTheServersPreparedFormAndWritesAVerifiedCard() throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start()) {
            String served = server.servedImage().getFileName().toString();
            JsonNode index = awaitIndex(server.deviceUrl() + "/images/" + served + ".zranges.json");
            Path card = card();

            List<String> args = new ArrayList<>(List.of(
                    "--server",
                    server.deviceUrl(),
                    "--product",
                    "KXP2",
                    "--venue",
                    "CORO",
                    "--device",
                    card.toString(),
                    "--no-reboot",
                    "--serial",
                    "5e3da3b1c0ffee02"));
            int exit = installerRun.run(args.toArray(String[]::new));

            assertThat(exit).as(installerRun.output()).isEqualTo(InstallerExitCodes.DONE);
            long mapped = index.path("mapped_bytes").asLong();
            assertThat(mapped).isPositive().isLessThan(image.size());
            Deployment deployment = server.deployments().getFirst();
            assertThat(deployment.status()).isEqualTo(DeploymentStatus.SUCCESS);
            // Progress counted mapped bytes: the block-mapped form was taken, not the raw image.
            assertThat(deployment.bytesDone()).isEqualTo(mapped);
            assertThat(InstallerRun.read(card, image.rootOffset(), image.rootSize()))
                    .isEqualTo(InstallerRun.read(image.file(), image.rootOffset(), image.rootSize()));
            assertThat(PartitionTable.parseMbr(InstallerRun.read(card, 0, 512))
                            .lastPartition()
                            .orElseThrow()
                            .endByteExclusive())
                    .isEqualTo(CARD_SIZE);
            Path boot = dir.resolve("boot.img");
            Tools.check(
                    dir,
                    "dd",
                    "if=" + card,
                    "of=" + boot,
                    "bs=1M",
                    "skip=" + image.bootOffset() / MIB,
                    "count=" + image.bootSize() / MIB,
                    "status=none");
            assertThat(Tools.run(dir, List.of("fsck.fat", "-n", boot.toString()))
                            .exitCode())
                    .isZero();

            // The contract-only preparer, run on the same image with the stored file's holes (the server keeps the
            // sparse source's holes and leaves them unmapped), finds the same segments with the same hashes.
            Path copy = dir.resolve("copy").resolve(served);
            java.nio.file.Files.createDirectories(copy.getParent());
            java.nio.file.Files.copy(image.file(), copy);
            Optional<List<ByteRange>> allocated = new FilefragLayout().allocatedRanges(server.servedImage());
            assertThat(allocated).as("filefrag reads the stored image's layout").isPresent();
            ZrangesPreparer.Prepared mine = ZrangesPreparer.prepare(copy, 3, allocated);
            JsonNode ours = json.readTree(mine.index().toFile());
            assertThat(index.path("image_sha256")).isEqualTo(ours.path("image_sha256"));
            assertThat(index.path("mapped_sha256")).isEqualTo(ours.path("mapped_sha256"));
            assertThat(segments(index)).isEqualTo(segments(ours));
        }
    }

    @Test
    void aCorruptByteInTheServersCompressedDataFailsAtVerifyAndLeavesNoPartitionTable() throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start()) {
            String served = server.servedImage().getFileName().toString();
            JsonNode index = awaitIndex(server.deviceUrl() + "/images/" + served + ".zranges.json");
            Path data;
            try (var files = java.nio.file.Files.walk(dir.resolve("data"))) {
                data = files.filter(p -> p.getFileName().toString().equals(served + ".zranges"))
                        .findFirst()
                        .orElseThrow();
            }
            long at = index.path("compressed_bytes").asLong() / 2;
            try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
                file.seek(at);
                int b = file.read();
                file.seek(at);
                file.write(~b);
            }
            Path card = card();

            int exit = installerRun.run(
                    "--server",
                    server.deviceUrl(),
                    "--product",
                    "KXP2",
                    "--venue",
                    "CORO",
                    "--device",
                    card.toString(),
                    "--no-reboot",
                    "--serial",
                    "5e3da3b1c0ffee03");

            assertThat(exit).as(installerRun.output()).isEqualTo(InstallerExitCodes.TRANSFER);
            assertThat(installerRun.errors()).contains("failed at verify").contains("served data is corrupt");
            assertThat(InstallerRun.read(card, 0, 512)).isEqualTo(new byte[512]);
            Deployment deployment = server.deployments().getFirst();
            assertThat(deployment.status()).isEqualTo(DeploymentStatus.FAILED);
        }
    }

    private static List<String> segments(JsonNode index) {
        List<String> list = new ArrayList<>();
        index.path("segments")
                .forEach(s -> list.add(s.path("offset").asLong() + "+"
                        + s.path("length").asLong() + ":" + s.path("sha256").asText()));
        return list;
    }
}
