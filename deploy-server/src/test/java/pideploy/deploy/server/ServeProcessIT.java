package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.server.cli.ExitCodes;

/**
 * {@code pideploy serve} as operators run it, in its own JVM: it says where it listens, takes the first admin
 * password from the environment, writes daily log files, and on SIGTERM stops gracefully and says so.
 */
class ServeProcessIT {
    private static final Pattern DEVICES = Pattern.compile("devices:\\s+http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aListenerThatCannotBindEndsServeWithTheAddressAndANonZeroExit(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Process p = serve(dir, "--deploy-listen", "127.0.0.1:0", "--admin-listen", address)
                    .start();
            String output;
            try (var in = p.getInputStream()) {
                assertThat(p.waitFor(60, TimeUnit.SECONDS))
                        .as("serve ends by itself")
                        .isTrue();
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                p.destroyForcibly();
            }
            assertThat(p.exitValue()).as(output).isEqualTo(ExitCodes.LISTENER);
            assertThat(output)
                    .contains(
                            "pideploy serve: cannot listen on " + address + " (operator listener, " + "--admin-listen)")
                    .contains("in use")
                    .doesNotContain(":-1");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aDataDirectoryThatDoesNotExistIsCreatedWithMode700AndSaidSo(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("fleet").resolve("var");
        Process p = serve(data, "--deploy-listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0")
                .start();
        List<String> lines = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !DEVICES.matcher(line).find()) {
                lines.add(line);
            }
            assertThat(line).as(String.join("\n", lines)).isNotNull();
        } finally {
            p.toHandle().destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(lines).contains("created data directory " + data.toAbsolutePath() + " (mode 700)");
        for (Path created : List.of(data, data.getParent())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
                    .as(created.toString())
                    .isEqualTo("rwx------");
        }
        assertThat(data.resolve("pideploy.db")).exists();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void servesLogsAndStopsGracefullyOnSigterm(@TempDir Path dir) throws Exception {
        ProcessBuilder pb = serve(dir, "--deploy-listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int port = -1;
        try {
            String line;
            while (port < 0 && (line = out.readLine()) != null) {
                lines.add(line);
                Matcher m = DEVICES.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(port).as(String.join("\n", lines)).isPositive();
            for (int i = 0; i < 2; i++) {
                lines.add(out.readLine());
            }
            assertThat(String.join("\n", lines))
                    .contains("operators: http://127.0.0.1:")
                    .contains("log in as an operator account")
                    .doesNotContain("first start: created");
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String rest = out.lines().reduce("", (a, b) -> a + b + "\n");
        assertThat(rest).contains("PiDeploy stopping").contains("PiDeploy stopped");
        try (Stream<Path> logs = Files.list(dir.resolve("logs"))) {
            List<Path> files = logs.toList();
            assertThat(files).hasSize(1);
            assertThat(files.get(0).getFileName().toString()).matches("pideploy-\\d{4}-\\d{2}-\\d{2}\\.log");
            assertThat(Files.readString(files.get(0))).contains("device listener on 127.0.0.1:" + port);
        }
    }

    /** {@code pideploy serve --data DIR ARGS} in its own JVM, the first admin password from the environment. */
    private static ProcessBuilder serve(Path dir, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                PiDeployMain.class.getName(),
                "serve",
                "--data",
                dir.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PIDEPLOY_ADMIN_PASSWORD", "from-the-environment");
        pb.environment().remove("PIDEPLOY_CONFIG");
        return pb;
    }
}
