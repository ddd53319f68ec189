package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADR-0092: while an upload is being registered (its phase visible at {@code GET /api/v1/registrations}), deleting
 * that product + version stops the registration: the delete answers 202, the upload 409 REGISTRATION_CANCELLED, and
 * nothing of it is left in the store or the catalog. Real server, real threads: the upload's body holds back its
 * second half until the delete was answered.
 */
class DeleteDuringRegistrationIT {
    @TempDir
    Path dir;

    @Test
    void deletingAnImageWhileItIsRegisteredCancelsTheRegistrationAndKeepsNothing() throws Exception {
        Path raw = CompressedImagesIT.piShapedImage(dir.resolve("src"), "raspios.img");
        CompressedImagesIT.run(List.of("xz", "-k", "-1", "-T1", raw.toString()));
        byte[] xz = Files.readAllBytes(Path.of(raw + ".xz"));
        int half = xz.length / 2;
        CountDownLatch deleted = new CountDownLatch(1);
        InputStream held = new InputStream() {
            private InputStream rest;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (rest == null) {
                    try {
                        assertThat(deleted.await(60, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    rest = new ByteArrayInputStream(xz, half, xz.length - half);
                }
                return rest.read(b, off, len);
            }
        };
        try (Fixture f = new Fixture(dir)) {
            CompletableFuture<HttpResponse<String>> upload = f.http.sendAsync(
                    HttpRequest.newBuilder(f.admin("/api/v1/images?product=KXP2&version=10.0&filename=raspios.img.xz"))
                            .header("Authorization", Fixture.basic())
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new SequenceInputStream(new ByteArrayInputStream(xz, 0, half), held)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            JsonNode running = awaitPhase(f, "decompressing");
            assertThat(running.get("source").asText()).isEqualTo("upload");
            assertThat(running.get("image_bytes").asLong()).isPositive();

            HttpResponse<String> delete = f.sendAdmin("DELETE", "/api/v1/images/KXP2/10.0", "");
            assertThat(delete.statusCode()).as(delete.body()).isEqualTo(202);
            assertThat(Fixture.json(delete).get("cancelled_registrations").asInt())
                    .isEqualTo(1);
            deleted.countDown();

            HttpResponse<String> answer = upload.get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
            assertThat(Fixture.json(answer).get("error").get("code").asText()).isEqualTo("REGISTRATION_CANCELLED");
            assertThat(Fixture.json(f.getAdmin("/api/v1/images?product=KXP2")).findValuesAsText("version"))
                    .doesNotContain("10.0");
            assertThat(Fixture.json(f.getAdmin("/api/v1/registrations"))).isEmpty();
            try (Stream<Path> files = Files.list(dir.resolve(Fleet.IMAGES_DIR))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.contains("10.0") || n.startsWith(".upload-"));
            }
            HttpResponse<String> again = f.sendAdmin("DELETE", "/api/v1/images/KXP2/10.0", "");
            assertThat(again.statusCode())
                    .as("nothing left to delete or cancel")
                    .isEqualTo(404);
        }
    }

    private static JsonNode awaitPhase(Fixture f, String phase) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (JsonNode r : Fixture.json(f.getAdmin("/api/v1/registrations"))) {
                if (r.get("version").asText().equals("10.0")
                        && r.get("phase").asText().equals(phase)) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no registration of 10.0 reached " + phase);
    }
}
