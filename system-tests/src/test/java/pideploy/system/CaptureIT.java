package pideploy.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;
import pideploy.installer.cli.InstallerExitCodes;

/**
 * ADR-0091 with the real installer against the real server: a "reference card" (a file holding a Pi OS-shaped image
 * that was customized on the bench: its own hostname, machine-id, SSH host keys and a configuration file) is captured
 * with {@code pi-installer capture} over the operator listener with an API token. The server registers it as a new
 * inactive version, takes the identity out (read back from the stored image's ext4 with {@code debugfs}, nothing
 * mounted), shrinks it, and the result deploys to a card smaller than the reference card with the customization and
 * a clean {@code e2fsck -fn}.
 */
class CaptureIT {
    private static final long MIB = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aReferenceCardIsCapturedIdentityFreeShrunkAndDeploysToASmallerCard() throws Exception {
        PiDiskImage reference = PiDiskImage.build(dir.resolve("image"), 256, 8);
        Path card = customize(reference);
        long cardSize = Files.size(card);
        try (ServerRig server = new ServerRig(dir.resolve("data"), reference.file(), "firstrun").start()) {
            String token = token(server);
            Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
            // Another operator's open Images page: the live stream, subscribed once its first line arrived.
            HttpResponse<InputStream> live = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.adminUrl() + "/api/v1/events"))
                                    .header("Authorization", "Bearer " + token)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertThat(live.statusCode()).isEqualTo(200);
            BufferedReader events = new BufferedReader(new InputStreamReader(live.body(), StandardCharsets.UTF_8));
            events.readLine();

            InstallerRun capture = new InstallerRun();
            int exit = capture.run(
                    "capture",
                    "--server",
                    server.adminUrl(),
                    "--device",
                    card.toString(),
                    "--product",
                    "KXP2",
                    "--version",
                    "2026.12-ref",
                    "--token-file",
                    tokenFile.toString());
            assertThat(exit).as(capture.output()).isEqualTo(InstallerExitCodes.DONE);
            assertThat(capture.errors()).contains("capturing " + card, "of them data");
            JsonNode answer = JSON.readTree(
                    capture.standardOutput().substring(capture.standardOutput().indexOf('{')));
            JsonNode image = answer.get("image");
            assertThat(image.get("state").asText()).isEqualTo("inactive");
            assertThat(image.get("file_name").asText()).isEqualTo("kxp2-2026.12-ref-capture.img");
            assertThat(answer.get("shrink").asText()).contains("identity reset", "ssh_host_ed25519_key", "shrunk");
            // ADR-0089: the capture is published as the change operator changes are, so it appears on open pages.
            List<String> change = CompletableFuture.supplyAsync(() -> eventWith(events, "\"action\":\"image.capture\""))
                    .get(2, TimeUnit.MINUTES);
            assertThat(change.get(0)).isEqualTo("event:change");
            assertThat(change.get(1)).contains("\"kind\":\"images\"", "\"target\":\"KXP2 2026.12-ref\"");
            live.body().close();

            Path stored = dir.resolve("data/images/kxp2-2026.12-ref-capture.img");
            assertThat(Files.size(stored))
                    .isLessThan(cardSize)
                    .isEqualTo(image.get("size_bytes").asLong());
            String fs = stored + "?offset=" + reference.rootOffset();
            assertThat(debugfs("cat /etc/machine-id", fs)).isEmpty();
            assertThat(debugfs("cat /etc/hostname", fs)).isEqualTo("raspberrypi\n");
            assertThat(debugfs("cat /etc/hosts", fs))
                    .contains("127.0.1.1\traspberrypi")
                    .doesNotContain("ref-kart");
            assertThat(debugfs("ls -p /etc/ssh", fs)).contains("sshd_config").doesNotContain("ssh_host_");
            assertThat(debugfs("cat /etc/kart.conf", fs)).isEqualTo("track=coro\n");
            assertThat(debugfs("stat /etc/hostname", fs)).contains("User:     0", "Group:     0", "Mode:  0644");

            ServerRig.pideploy(
                    "image",
                    "activate",
                    "--product",
                    "KXP2",
                    "--version",
                    "2026.12-ref",
                    "--data",
                    dir.resolve("data").toString());
            long smallSize = 200 * MIB;
            assertThat(smallSize).isLessThan(cardSize);
            Path small = InstallerRun.card(dir.resolve("small.img"), smallSize);
            InstallerRun install = new InstallerRun();
            assertThat(install.install(server.deviceUrl(), small, "--transfer", "raw"))
                    .as(install.output())
                    .isEqualTo(InstallerExitCodes.DONE);
            assertThat(server.deployments().getFirst().status()).isEqualTo(DeploymentStatus.SUCCESS);
            assertThat(server.deployments().getFirst().imageVersion().value()).isEqualTo("2026.12-ref");

            Partition root = PartitionTable.parseMbr(InstallerRun.read(small, 0, 512))
                    .lastPartition()
                    .orElseThrow();
            assertThat(root.endByteExclusive()).isEqualTo(smallSize);
            Path rootFs = dir.resolve("deployed-root.img");
            Tools.check(
                    dir,
                    "dd",
                    "if=" + small,
                    "of=" + rootFs,
                    "bs=1M",
                    "skip=" + root.firstByte() / MIB,
                    "count=" + root.sizeBytes() / MIB,
                    "status=none");
            Tools.Result fsck = Tools.run(dir, List.of("e2fsck", "-fn", rootFs.toString()));
            assertThat(fsck.exitCode()).as(fsck.output()).isZero();
            assertThat(debugfs("cat /etc/kart.conf", rootFs.toString())).isEqualTo("track=coro\n");
            assertThat(debugfs("cat /etc/machine-id", rootFs.toString())).isEmpty();
        }
    }

    @Test
    void aCaptureWithoutAValidTokenIsRefusedAndRegistersNothing() throws Exception {
        PiDiskImage reference = PiDiskImage.build(dir.resolve("image"), 64, 1);
        try (ServerRig server = new ServerRig(dir.resolve("data"), reference.file(), "firstrun").start()) {
            Path tokenFile = Files.writeString(dir.resolve("token"), "pdt_not-a-real-token\n");
            InstallerRun capture = new InstallerRun();
            int exit = capture.run(
                    "capture",
                    "--server",
                    server.adminUrl(),
                    "--device",
                    reference.file().toString(),
                    "--product",
                    "KXP2",
                    "--version",
                    "2026.12-bad",
                    "--token-file",
                    tokenFile.toString());
            assertThat(exit).as(capture.output()).isEqualTo(InstallerExitCodes.SERVER);
            assertThat(capture.errors()).contains("HTTP 401");
            assertThat(Files.exists(dir.resolve("data/images/kxp2-2026.12-bad-capture.img")))
                    .isFalse();
        }
    }

    /** The reference Pi as it was set up on the bench: its own identity and a configuration file. */
    private Path customize(PiDiskImage image) throws Exception {
        Path work = Files.createDirectories(dir.resolve("bench"));
        Files.writeString(work.resolve("hostname"), "ref-kart-07\n");
        Files.writeString(work.resolve("hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\tref-kart-07\n");
        Files.writeString(work.resolve("machine-id"), "0123456789abcdef0123456789abcdef\n");
        Files.writeString(work.resolve("key"), "-----BEGIN OPENSSH PRIVATE KEY-----\nreference\n");
        Files.writeString(work.resolve("key.pub"), "ssh-ed25519 AAAA reference\n");
        Files.writeString(work.resolve("kart.conf"), "track=coro\n");
        Path script = Files.writeString(
                work.resolve("bench.debugfs"),
                String.join(
                        "\n",
                        "rm /etc/hostname",
                        "write " + work.resolve("hostname") + " /etc/hostname",
                        "rm /etc/hosts",
                        "write " + work.resolve("hosts") + " /etc/hosts",
                        "rm /etc/machine-id",
                        "write " + work.resolve("machine-id") + " /etc/machine-id",
                        "write " + work.resolve("key") + " /etc/ssh/ssh_host_ed25519_key",
                        "write " + work.resolve("key.pub") + " /etc/ssh/ssh_host_ed25519_key.pub",
                        "write " + work.resolve("kart.conf") + " /etc/kart.conf",
                        ""));
        String fs = image.file() + "?offset=" + image.rootOffset();
        Tools.check(dir, "debugfs", "-w", "-f", script.toString(), fs);
        assertThat(debugfs("cat /etc/hostname", fs)).isEqualTo("ref-kart-07\n");
        assertThat(debugfs("ls -p /etc/ssh", fs)).contains("ssh_host_ed25519_key");
        return image.file();
    }

    private String debugfs(String request, String fs) throws Exception {
        Process p = new ProcessBuilder("debugfs", "-R", request, fs)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(request).isZero();
        return out;
    }

    /** The {@code event:} line and the data line of the first event whose data contains {@code needle}. */
    private static List<String> eventWith(BufferedReader events, String needle) {
        try {
            List<String> block = new java.util.ArrayList<>();
            for (String line; (line = events.readLine()) != null; ) {
                if (!line.isEmpty()) {
                    block.add(line);
                    continue;
                }
                String name = block.stream()
                        .filter(l -> l.startsWith("event:"))
                        .findFirst()
                        .orElse("");
                java.util.Optional<String> data = block.stream()
                        .filter(l -> l.startsWith("data:") && l.contains(needle))
                        .findFirst();
                if (data.isPresent()) {
                    return List.of(name, data.get());
                }
                block.clear();
            }
            throw new AssertionError("the live stream ended without an event containing " + needle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String token(ServerRig server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String basic =
                Base64.getEncoder().encodeToString("admin:system-test-password".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> made = http.send(
                HttpRequest.newBuilder(URI.create(server.adminUrl() + "/api/v1/users/admin/tokens"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"label\":\"capture bench\",\"role\":\"operator\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        return JSON.readTree(made.body()).get("token").asText();
    }
}
