package pideploy.deploy.http.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fake.InMemoryImageStore;
import pideploy.deploy.core.port.ImageStore;
import pideploy.deploy.http.helidon.image.ServedFile;

class ImageServingIT {
    @TempDir
    static Path dir;

    static StubServer stub;
    static byte[] content;
    /** A store whose channels are no FileChannel: the handler must copy, not transferTo. */
    static final InMemoryImageStore memory = new InMemoryImageStore();

    static ServedFile file;

    @BeforeAll
    static void start() throws Exception {
        stub = new StubServer();
        content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        Path p = dir.resolve("kxp2-1.0.0.img");
        Files.write(p, content);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        file = new ServedFile(
                "kxp2-1.0.0.img",
                () -> FileChannel.open(p),
                content.length,
                sha,
                Instant.parse("2026-11-20T10:00:00Z"));
        stub.images.put(file.name(), file);
        try (ImageStore.PendingImage pending = memory.create("in-memory.img")) {
            pending.output().write(content);
            pending.commit();
        }
        stub.images.put(
                "in-memory.img",
                new ServedFile(
                        "in-memory.img",
                        () -> memory.open("in-memory.img"),
                        content.length,
                        sha,
                        Instant.parse("2026-11-20T10:00:00Z")));
        stub.images.put(
                "gone.img",
                new ServedFile(
                        "gone.img", () -> memory.open("gone.img"), 10, sha, Instant.parse("2026-11-20T10:00:00Z")));
        Files.writeString(dir.resolve("secret.txt"), "not an image");
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    private HttpRequest.Builder get(String name) {
        return HttpRequest.newBuilder(stub.device("/images/" + name)).GET();
    }

    @Test
    void servesTheWholeFileWithLengthEtagAndAcceptRanges() throws Exception {
        HttpResponse<byte[]> r = stub.sendBytes(get(file.name()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(content);
        assertThat(r.headers().firstValue("content-length")).hasValue(Integer.toString(content.length));
        assertThat(r.headers().firstValue("etag")).hasValue("\"" + file.sha256() + "\"");
        assertThat(r.headers().firstValue("accept-ranges")).hasValue("bytes");
        assertThat(r.headers().firstValue("last-modified")).hasValue("Fri, 20 Nov 2026 10:00:00 GMT");
    }

    @Test
    void headGivesHeadersWithoutBody() throws Exception {
        HttpResponse<byte[]> r = stub.sendBytes(HttpRequest.newBuilder(stub.device("/images/" + file.name()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("content-length")).hasValue(Integer.toString(content.length));
        assertThat(r.headers().firstValue("accept-ranges")).hasValue("bytes");
    }

    @Test
    void servesASingleRangeWith206() throws Exception {
        HttpResponse<byte[]> r = stub.sendBytes(get(file.name()).header("Range", "bytes=1000-1999"));
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(content, 1000, 2000));
        assertThat(r.headers().firstValue("content-range")).hasValue("bytes 1000-1999/" + content.length);
    }

    @Test
    void servesWholeFilesAndRangesFromAStoreWhoseChannelsAreNoFiles() throws Exception {
        HttpResponse<byte[]> whole = stub.sendBytes(get("in-memory.img"));
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(content);
        HttpResponse<byte[]> range = stub.sendBytes(get("in-memory.img").header("Range", "bytes=1000000-2100000"));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 1000000, 2100001));
    }

    @Test
    void answersImageUnavailableForARegisteredFileTheStoreNoLongerHas() throws Exception {
        HttpResponse<String> r = stub.send(get("gone.img"));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("IMAGE_UNAVAILABLE", "gone.img");
    }

    @Test
    void servesOpenEndedAndSuffixRanges() throws Exception {
        HttpResponse<byte[]> open = stub.sendBytes(get(file.name()).header("Range", "bytes=3145000-"));
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(content, 3145000, content.length));
        HttpResponse<byte[]> suffix = stub.sendBytes(get(file.name()).header("Range", "bytes=-100"));
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(content, content.length - 100, content.length));
    }

    @Test
    void answers416ForARangeBeyondTheEnd() throws Exception {
        HttpResponse<String> r = stub.send(get(file.name()).header("Range", "bytes=" + content.length + "-"));
        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(r.headers().firstValue("content-range")).hasValue("bytes */" + content.length);
        assertThat(r.body()).contains("RANGE_NOT_SATISFIABLE");
    }

    @Test
    void ignoresMalformedAndMultipleRanges() throws Exception {
        assertThat(stub.sendBytes(get(file.name()).header("Range", "bytes=0-1,5-9"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(stub.sendBytes(get(file.name()).header("Range", "pages=1-2")).statusCode())
                .isEqualTo(200);
        assertThat(stub.sendBytes(get(file.name()).header("Range", "bytes=9-1")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void answers304ForAMatchingIfNoneMatch() throws Exception {
        HttpResponse<byte[]> r = stub.sendBytes(get(file.name()).header("If-None-Match", file.etag()));
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        assertThat(stub.sendBytes(get(file.name()).header("If-None-Match", "\"other\""))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void answers412WhenIfMatchFails() throws Exception {
        assertThat(stub.sendBytes(get(file.name()).header("If-Match", "\"other\""))
                        .statusCode())
                .isEqualTo(412);
        assertThat(stub.sendBytes(
                                get(file.name()).header("If-Match", file.etag()).header("Range", "bytes=0-9"))
                        .statusCode())
                .isEqualTo(206);
    }

    @Test
    void answers304ForIfModifiedSinceAtOrAfterLastModified() throws Exception {
        assertThat(stub.sendBytes(get(file.name()).header("If-Modified-Since", "Fri, 20 Nov 2026 10:00:00 GMT"))
                        .statusCode())
                .isEqualTo(304);
        assertThat(stub.sendBytes(get(file.name()).header("If-Modified-Since", "Thu, 19 Nov 2026 10:00:00 GMT"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void ifRangeWithAStaleValidatorSendsTheWholeFile() throws Exception {
        HttpResponse<byte[]> stale =
                stub.sendBytes(get(file.name()).header("Range", "bytes=0-9").header("If-Range", "\"stale\""));
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).hasSize(content.length);
        HttpResponse<byte[]> fresh =
                stub.sendBytes(get(file.name()).header("Range", "bytes=0-9").header("If-Range", file.etag()));
        assertThat(fresh.statusCode()).isEqualTo(206);
        assertThat(fresh.body()).isEqualTo(Arrays.copyOf(content, 10));
    }

    @Test
    void unknownNamesAndPathTricksAreNotFound() throws Exception {
        for (String name : new String[] {
            "secret.txt", "..%2Fsecret.txt", "%2e%2e%2fsecret.txt", ".hidden", "kxp2-1.0.0.img%00", "KXP2-1.0.0.IMG"
        }) {
            HttpResponse<String> r = stub.send(get(name));
            assertThat(r.statusCode()).as(name).isEqualTo(404);
            assertThat(r.body()).as(name).contains("\"code\":\"NOT_FOUND\"");
        }
        HttpResponse<String> traversal = stub.send(
                HttpRequest.newBuilder(stub.device("/images/../../etc/passwd")).GET());
        assertThat(traversal.statusCode()).isEqualTo(404);
    }

    @Test
    void countsServedBytesInMetrics() throws Exception {
        stub.sendBytes(get(file.name()).header("Range", "bytes=0-99"));
        assertThat(stub.metrics.scrape()).contains("pideploy_image_bytes_served_bytes_total");
    }
}
