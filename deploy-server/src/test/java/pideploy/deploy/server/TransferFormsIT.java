package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.Zstd;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.transfer.IndexEntry;
import pideploy.deploy.core.transfer.IndexJson;
import pideploy.deploy.core.transfer.TransferForm;
import pideploy.deploy.core.transfer.TransferState;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.disk.image.ByteRange;
import pideploy.disk.image.bmap.BlockMap;
import pideploy.disk.image.bmap.BlockMapper;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;

/**
 * Transfer forms end to end on the real server (ADR-0025): prepared in the background after registration, offered in
 * /api/config once ready, derived files served like images (ranges, ETags, conditionals) and usable by bmaptool;
 * a damaged image fails with a reason while the raw path keeps working; a restart finishes an interrupted one.
 */
class TransferFormsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void offersTheFormOnceReadyAndServesItsFilesWithRangesAndEtags(@TempDir Path dir) throws Exception {
        try (Fixture f = new Fixture(dir).seeded()) {
            MasterImage image = demoImage(f);
            TransferState before =
                    f.server.transferForms().find().stateOf(image).state();
            JsonNode early = Fixture.json(f.postDevice("/api/config", Fixture.config("1000000000000001")));
            TransferState after = f.server.transferForms().find().stateOf(image).state();
            if (after != TransferState.READY) {
                assertThat(early.has("transfer_forms"))
                        .as("offered before ready")
                        .isFalse();
                assertThat(early.has("bmap_url")).isFalse();
            }
            if (before == TransferState.READY) {
                assertThat(early.has("transfer_forms")).isTrue();
            }

            TransferForm ready = await(f, image, TransferState.READY);
            JsonNode answer = Fixture.json(f.postDevice("/api/config", Fixture.config("1000000000000002")));
            JsonNode offer = answer.get("transfer_forms").get(0);
            String imageUrl = answer.get("image_url").asText();
            assertThat(answer.get("transfer_forms")).hasSize(1);
            assertThat(offer.get("type").asText()).isEqualTo("zstd-ranges-v1");
            assertThat(offer.get("index_url").asText()).isEqualTo(imageUrl + ".zranges.json");
            assertThat(offer.get("data_url").asText()).isEqualTo(imageUrl + ".zranges");
            assertThat(answer.get("bmap_url").asText()).isEqualTo(imageUrl + ".bmap");
            assertThat(offer.get("mapped_bytes").asLong())
                    .isEqualTo(ready.prepared().orElseThrow().mappedBytes())
                    .isLessThan(image.sizeBytes());
            assertThat(offer.get("compressed_bytes").asLong())
                    .isEqualTo(ready.prepared().orElseThrow().compressedBytes());

            HttpResponse<byte[]> indexResponse = get(f, offer.get("index_url").asText(), null);
            assertThat(indexResponse.statusCode()).isEqualTo(200);
            assertThat(sha256(indexResponse.body()))
                    .isEqualTo(offer.get("index_sha256").asText());
            IndexJson index = IndexJson.parse(indexResponse.body());
            assertThat(index.imageSize()).isEqualTo(answer.get("image_size").asLong());
            assertThat(index.imageSha256())
                    .isEqualTo(answer.get("image_checksum").asText());

            // Resume mid-transfer: one segment's frame by Range decodes to bytes matching its hash.
            IndexEntry last = index.segments().getLast();
            HttpResponse<byte[]> frame = get(
                    f,
                    offer.get("data_url").asText(),
                    "bytes=%d-%d".formatted(last.zoffset(), last.zoffset() + last.zlength() - 1));
            assertThat(frame.statusCode()).isEqualTo(206);
            assertThat(frame.headers().firstValue("Content-Range"))
                    .contains("bytes %d-%d/%d"
                            .formatted(last.zoffset(), last.zoffset() + last.zlength() - 1, index.compressedBytes()));
            assertThat(sha256(Zstd.decompress(frame.body(), last.length()))).isEqualTo(last.sha256());

            HttpResponse<Void> head = f.http.send(
                    HttpRequest.newBuilder(URI.create(offer.get("data_url").asText()))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            String etag = "\"" + ready.prepared().orElseThrow().data().sha256() + "\"";
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("ETag")).contains(etag);
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(index.compressedBytes());
            assertThat(head.headers().firstValue("Accept-Ranges")).contains("bytes");
            HttpResponse<byte[]> notModified = f.http.send(
                    HttpRequest.newBuilder(URI.create(offer.get("data_url").asText()))
                            .header("If-None-Match", etag)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(notModified.statusCode()).isEqualTo(304);
            assertThat(get(f, offer.get("data_url").asText(), "bytes=%d-".formatted(index.compressedBytes()))
                            .statusCode())
                    .isEqualTo(416);
            assertThat(get(f, f.server.deviceUrl() + "/images/unregistered.img.zranges", null)
                            .statusCode())
                    .isEqualTo(404);

            // bmaptool against the server's URLs, as an operator would use it.
            Path card = dir.resolve("card.img");
            Process bmaptool = new ProcessBuilder(
                            "bmaptool", "copy", "--bmap", answer.get("bmap_url").asText(), imageUrl, card.toString())
                    .redirectErrorStream(true)
                    .start();
            String log = new String(bmaptool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bmaptool.waitFor()).as(log).isZero();
            assertThat(Files.size(card)).isEqualTo(image.sizeBytes());

            JsonNode images = Fixture.json(f.getAdmin("/api/v1/images"));
            JsonNode transfer = images.get(0).get("transfer");
            assertThat(transfer.get("state").asText()).isEqualTo("ready");
            assertThat(transfer.get("progress").asDouble()).isEqualTo(1.0);
            assertThat(transfer.get("mapped_bytes").asLong()).isEqualTo(index.mappedBytes());
        }
    }

    @Test
    void aDamagedImageFailsWithAReasonAndDevicesStillGetTheRawImage(@TempDir Path dir) throws Exception {
        // Registered by the command line while the server is down, then damaged on disk (same size).
        String fileName = seedOffline(dir);
        try (RandomAccessFile file =
                new RandomAccessFile(dir.resolve("images").resolve(fileName).toFile(), "rw")) {
            file.seek(5 << 20);
            int b = file.read();
            file.seek(5 << 20);
            file.write(b ^ 0xff);
        }
        try (Fixture f = new Fixture(dir)) {
            MasterImage image = demoImage(f);
            TransferForm failed = await(f, image, TransferState.FAILED);
            assertThat(failed.reason()).contains("no longer matches the SHA-256", image.sha256());

            JsonNode answer = Fixture.json(f.postDevice("/api/config", Fixture.config("1000000000000003")));
            assertThat(answer.has("transfer_forms")).isFalse();
            assertThat(answer.has("bmap_url")).isFalse();
            HttpResponse<byte[]> raw = get(f, answer.get("image_url").asText(), "bytes=0-511");
            assertThat(raw.statusCode()).isEqualTo(206);
            assertThat(get(f, answer.get("image_url").asText() + ".zranges.json", null)
                            .statusCode())
                    .isEqualTo(404);
            assertThat(Files.exists(dir.resolve("images").resolve(fileName + ".zranges")))
                    .isFalse();

            JsonNode transfer =
                    Fixture.json(f.getAdmin("/api/v1/images")).get(0).get("transfer");
            assertThat(transfer.get("state").asText()).isEqualTo("failed");
            assertThat(transfer.get("reason").asText()).contains("no longer matches");
        }
    }

    @Test
    void aRestartPreparesAgainWhatAStopInterrupted(@TempDir Path dir) throws Exception {
        String fileName = seedOffline(dir);
        // What a stop mid-preparation leaves: state preparing with progress, a half-written data file.
        try (Fleet fleet = Fleet.open(dir, EventPublisher.NONE, Clock.systemUTC())) {
            fleet.db()
                    .transferForms()
                    .save(TransferForm.pending(fileName, TransferForm.ZSTD_RANGES_V1, Instant.now())
                            .preparing(4096, 1 << 20, Instant.now()));
        }
        Files.writeString(dir.resolve("images").resolve(fileName + ".zranges"), "cut short by a stop");

        try (Fixture f = new Fixture(dir)) {
            MasterImage image = demoImage(f);
            TransferForm ready = await(f, image, TransferState.READY);

            assertThat(Files.size(dir.resolve("images").resolve(fileName + ".zranges")))
                    .isEqualTo(ready.prepared().orElseThrow().compressedBytes());
            JsonNode answer = Fixture.json(f.postDevice("/api/config", Fixture.config("1000000000000004")));
            assertThat(answer.get("transfer_forms").get(0).get("index_sha256").asText())
                    .isEqualTo(ready.prepared().orElseThrow().index().sha256());
        }
    }

    @Test
    void neitherOffersNorServesAFormThatIsNotReady(@TempDir Path dir) throws Exception {
        try (Fixture f = new Fixture(dir).seeded()) {
            MasterImage image = demoImage(f);
            await(f, image, TransferState.READY);
            // Another process (the admin command line's way in) records the form as being prepared again: from that
            // moment nothing of it may be offered or served, although its files are still on disk.
            try (Fleet other = Fleet.open(dir, EventPublisher.NONE, Clock.systemUTC())) {
                other.db()
                        .transferForms()
                        .save(TransferForm.pending(image.fileName(), TransferForm.ZSTD_RANGES_V1, Instant.now())
                                .preparing(0, 0, Instant.now()));
            }

            JsonNode answer = Fixture.json(f.postDevice("/api/config", Fixture.config("1000000000000005")));
            HttpResponse<byte[]> index = get(f, answer.get("image_url").asText() + ".zranges.json", null);

            assertThat(answer.has("transfer_forms")).isFalse();
            assertThat(answer.has("bmap_url")).isFalse();
            assertThat(index.statusCode()).isEqualTo(404);
            // Nothing runs it in this process, so the next scan prepares it again.
            await(f, image, TransferState.READY);
            assertThat(Fixture.json(f.postDevice("/api/config", Fixture.config("1000000000000005")))
                            .has("transfer_forms"))
                    .isTrue();
        }
    }

    @Test
    void holesOutsideTheFilesystemsStayUnmappedAndEveryBlockTheyUseIsStillSent(@TempDir Path dir) throws Exception {
        String fileName = seedOffline(dir);
        Path file = dir.resolve("images").resolve(fileName);
        BlockMap byFilesystems;
        List<Partition> partitions;
        try (FileChannel channel = FileChannel.open(file)) {
            byFilesystems = BlockMapper.map(channel);
            partitions = PartitionTable.read(channel).partitions();
        }
        // Zero blocks become holes, the content stays: the gap before the first partition (mapped by the safety
        // rule) may then be left out, but not the zero blocks the FAT and ext4 use (their tables, inode tables).
        Process dig = new ProcessBuilder("fallocate", "--dig-holes", file.toString())
                .inheritIO()
                .start();
        assertThat(dig.waitFor()).as("fallocate --dig-holes (util-linux)").isZero();

        try (Fixture f = new Fixture(dir)) {
            MasterImage image = demoImage(f);
            TransferForm ready = await(f, image, TransferState.READY);
            long mapped = ready.prepared().orElseThrow().mappedBytes();
            assertThat(mapped)
                    .as("mapped with holes left out, against %d by the filesystems alone", byFilesystems.mappedBytes())
                    .isLessThan(byFilesystems.mappedBytes())
                    .isPositive();

            // Zeros where nothing is mapped, every segment decoded at its offset: the registered image, exactly.
            JsonNode answer = Fixture.json(f.postDevice("/api/config", Fixture.config("1000000000000006")));
            JsonNode offer = answer.get("transfer_forms").get(0);
            IndexJson index = IndexJson.parse(
                    get(f, offer.get("index_url").asText(), null).body());
            byte[] data = get(f, offer.get("data_url").asText(), null).body();
            byte[] card = new byte[Math.toIntExact(image.sizeBytes())];
            for (IndexEntry segment : index.segments()) {
                byte[] frame = java.util.Arrays.copyOfRange(
                        data,
                        Math.toIntExact(segment.zoffset()),
                        Math.toIntExact(segment.zoffset() + segment.zlength()));
                byte[] bytes = Zstd.decompress(frame, Math.toIntExact(segment.length()));
                System.arraycopy(bytes, 0, card, Math.toIntExact(segment.offset()), bytes.length);
            }
            assertThat(index.mappedBytes()).isEqualTo(mapped);
            assertThat(sha256(card)).isEqualTo(image.sha256());

            // Every block the filesystems use inside the partitions is in a segment, holes or not.
            List<ByteRange> sent = index.segments().stream()
                    .map(s -> new ByteRange(s.offset(), s.length()))
                    .toList();
            List<ByteRange> inPartitions = ByteRange.intersect(
                    byFilesystems.ranges().stream()
                            .map(r -> ByteRange.between(r.firstBlock() * 4096, (r.lastBlock() + 1) * 4096))
                            .toList(),
                    partitions.stream()
                            .map(p -> ByteRange.between(p.firstByte(), p.endByteExclusive()))
                            .toList());
            assertThat(inPartitions).isNotEmpty();
            assertThat(ByteRange.intersect(inPartitions, sent)).isEqualTo(inPartitions);
        }
    }

    private static String seedOffline(Path dir) {
        try (Fleet fleet = Fleet.open(dir, EventPublisher.NONE, Clock.systemUTC())) {
            DemoSeed.seed(fleet.core());
            return fleet.core()
                    .listImages()
                    .find(DemoSeed.PRODUCT, DemoSeed.IMAGE_VERSION)
                    .orElseThrow()
                    .fileName();
        }
    }

    private static MasterImage demoImage(Fixture f) {
        return f.server
                .core()
                .listImages()
                .find(DemoSeed.PRODUCT, DemoSeed.IMAGE_VERSION)
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

    private static HttpResponse<byte[]> get(Fixture f, String url, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (range != null) {
            b.header("Range", range);
        }
        return f.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
