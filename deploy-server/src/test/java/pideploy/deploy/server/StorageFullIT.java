package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.http.helidon.Json;

/**
 * A real full disk: `pideploy serve` in its own mount namespace (`unshare --user --map-root-user --mount`, no root and
 * no change to the host's mounts) with its data directory on a 16 MiB tmpfs. Loopback is shared, so the test talks
 * to it as devices and operators would. An upload bigger than the disk answers 507 STORAGE_FULL and keeps nothing;
 * once an image fills the disk, {@code /health} is DOWN saying "disk full" and database writes answer 503
 * STORAGE_FULL, not "busy".
 */
class StorageFullIT {
    private static final Pattern DEVICES = Pattern.compile("devices:\\s+http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern OPERATORS = Pattern.compile("operators: http://127\\.0\\.0\\.1:(\\d+)/");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFullDiskAnswersStorageFullAndHealthSaysSo(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        "unshare",
                        "--user",
                        "--map-root-user",
                        "--mount",
                        "sh",
                        "-c",
                        "mount -t tmpfs -o size=16m tmpfs \"$1\" && shift && exec \"$@\"",
                        "sh",
                        dir.toString(),
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        PiDeployMain.class.getName(),
                        "serve",
                        "--data",
                        dir.toString(),
                        "--deploy-listen",
                        "127.0.0.1:0",
                        "--admin-listen",
                        "127.0.0.1:0")
                .redirectErrorStream(true);
        pb.environment().put("PIDEPLOY_ADMIN_PASSWORD", Fixture.PASSWORD);
        pb.environment().remove("PIDEPLOY_CONFIG");
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        int device = -1;
        int admin = -1;
        try {
            String line;
            while (admin < 0 && (line = out.readLine()) != null) {
                lines.add(line);
                Matcher d = DEVICES.matcher(line);
                Matcher a = OPERATORS.matcher(line);
                if (d.find()) {
                    device = Integer.parseInt(d.group(1));
                }
                if (a.find()) {
                    admin = Integer.parseInt(a.group(1));
                }
            }
            assertThat(admin).as(String.join("\n", lines)).isPositive();
            URI health = URI.create("http://127.0.0.1:" + device + "/health");
            assertThat(get(health).statusCode()).isEqualTo(200);

            HttpResponse<String> tooBig = upload(admin, "1", 32L << 20);
            assertThat(tooBig.statusCode()).as(tooBig.body()).isEqualTo(507);
            assertThat(tooBig.body()).contains("\"STORAGE_FULL\"").contains("disk is full");
            HttpResponse<String> afterUpload = get(health);
            assertThat(afterUpload.statusCode()).isEqualTo(503);
            assertThat(afterUpload.body()).contains("disk full");
            long free = freeBytes(admin);
            assertThat(free).as("the failed upload kept nothing").isGreaterThan(12L << 20);

            HttpResponse<String> venue = post(admin, "/api/v1/venues", "{\"code\":\"FULL\",\"name\":\"Full\"}");
            assertThat(venue.statusCode()).as(venue.body()).isEqualTo(201);
            HttpResponse<String> filling = upload(admin, "2", free - (24 << 10));
            assertThat(filling.statusCode()).as(filling.body()).isEqualTo(201);
            HttpResponse<String> full = get(health);
            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(full.body())
                    .contains("\"status\":\"DOWN\"")
                    .contains("disk full")
                    .contains("bytes free");

            // SQLite first fills the room it already holds (free pages, the write-ahead log's slack), so the disk
            // refuses a write only after some imports; each of these needs more room than the last left.
            HttpResponse<String> pool = null;
            for (int i = 0; i < 30; i++) {
                String numbers = (i * 10_000 + 1) + "-" + (i * 10_000 + 10_000);
                pool = post(
                        admin, "/api/v1/pools/FULL/import", "{\"product\":\"KXP2\",\"numbers\":\"" + numbers + "\"}");
                if (pool.statusCode() != 200 && pool.statusCode() != 201) {
                    break;
                }
            }
            assertThat(pool.statusCode()).as(pool.body()).isEqualTo(503);
            assertThat(pool.body()).contains("\"STORAGE_FULL\"").doesNotContain("busy");
            assertThat(pool.headers().firstValue("Retry-After")).hasValue("30");
        } finally {
            p.toHandle().destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Uploads {@code size} bytes that registration takes for a disk image: an MBR sector, then filler. */
    private HttpResponse<String> upload(int admin, String version, long size) throws Exception {
        byte[] mbr = new byte[512];
        mbr[446 + 4] = 0x0c; // one FAT32 (LBA) partition from sector 1
        mbr[446 + 8] = 1;
        mbr[446 + 12] = 1;
        mbr[510] = 0x55;
        mbr[511] = (byte) 0xAA;
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/api/v1/images?product=KXP2&version="
                                + version + "&filename=big.img"))
                        .header("Authorization", Fixture.basic())
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.InputStream() {
                                    private long at;

                                    @Override
                                    public int read() {
                                        if (at >= size) {
                                            return -1;
                                        }
                                        long i = at++;
                                        return i < mbr.length ? mbr[(int) i] & 0xff : 0x5a;
                                    }

                                    @Override
                                    public int read(byte[] b, int off, int len) {
                                        if (at >= size) {
                                            return -1;
                                        }
                                        int n = (int) Math.min(len, size - at);
                                        for (int k = 0; k < n; k++) {
                                            long i = at + k;
                                            b[off + k] = i < mbr.length ? mbr[(int) i] : (byte) 0x5a;
                                        }
                                        at += n;
                                        return n;
                                    }
                                }),
                                size))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int admin, String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + path))
                        .header("Authorization", Fixture.basic())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long freeBytes(int admin) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/api/v1/system"))
                        .header("Authorization", Fixture.basic())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode disk = Json.MAPPER.readTree(r.body()).get("disk");
        return disk.get("free_bytes").asLong();
    }
}
