package pideploy.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The release artifacts as a user gets them (ADR-0038): the .deb installed on this machine with {@code dpkg -i}, its
 * commands run, the server started with the packaged unit's command line and user, {@code /health} asked, and the
 * package purged, leaving the machine as it was, also when an assertion fails. Needs root, as CI runs it.
 */
class DebPackageIT {
    private static final Path RELEASE_DIR = Path.of(System.getProperty("pideploy.release.dir", "target/release"));
    private static final String VERSION = System.getProperty("pideploy.release.version", "0.1.0-SNAPSHOT");
    private static final String PACKAGE = "pideploy";
    private static final Path DATA = Path.of("/var/lib/pideploy");
    private static final Path UNIT = Path.of("/lib/systemd/system/pideploy.service");
    /** Everything the package or its scripts put on the machine: none of it may exist before or after. */
    private static final List<Path> FOOTPRINT = List.of(
            Path.of("/usr/bin/pideploy"),
            Path.of("/usr/bin/pi-installer"),
            Path.of("/usr/lib/pideploy"),
            Path.of("/etc/pideploy"),
            UNIT,
            Path.of("/lib/systemd/system/pideploy-dnsmasq.service"),
            DATA,
            Path.of("/usr/share/bash-completion/completions/pideploy"),
            Path.of("/usr/share/doc/pideploy"));

    @Test
    void the_tarball_holds_the_same_files_as_the_deb() throws Exception {
        List<String> debFiles = lines(run(List.of("dpkg-deb", "-c", deb().toString()), null)).stream()
                .map(l -> l.replaceFirst("^(\\S+\\s+){5}", "").replaceFirst(" -> .*", ""))
                .toList();
        List<String> tarFiles = lines(run(List.of("tar", "-tzf", tarball().toString()), null));

        assertThat(new TreeSet<>(normalized(tarFiles))).isEqualTo(new TreeSet<>(normalized(debFiles)));
        assertThat(normalized(debFiles))
                .contains(
                        "usr/bin/pideploy",
                        "usr/bin/pi-installer",
                        "usr/lib/pideploy/bin/pideploy",
                        "usr/lib/pideploy/lib/runtime/lib/server/libjvm.so",
                        "lib/systemd/system/pideploy.service",
                        "lib/systemd/system/pideploy-dnsmasq.service",
                        "usr/share/bash-completion/completions/pideploy",
                        "usr/share/bash-completion/completions/pi-installer",
                        "usr/share/man/man1/pideploy-serve.1.gz",
                        "etc/pideploy/pideploy.yaml");
        String control = run(List.of("dpkg-deb", "-f", deb().toString()), null);
        assertThat(control)
                .contains(
                        "Package: pideploy",
                        "Version: " + VERSION.replace('-', '~'),
                        "Architecture: amd64",
                        "Depends: libc6");
        assertThat(run(List.of("dpkg-deb", "-I", deb().toString(), "conffiles"), null)
                        .strip())
                .isEqualTo("/etc/pideploy/pideploy.yaml");
    }

    @Test
    void installs_runs_the_packaged_server_and_purges_without_a_trace() throws Exception {
        assertThat(run(List.of("id", "-u"), null).strip())
                .as("installing a .deb needs root, as CI runs it")
                .isEqualTo("0");
        assertNothingOfPideployOnThisMachine("before the test: this machine has pideploy already; "
                + "remove it (dpkg --purge pideploy) or run the test elsewhere");
        Throwable failure = null;
        try {
            installAndRun();
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            List<String> left = purgeAndRestore();
            if (!left.isEmpty()) {
                AssertionError e =
                        new AssertionError("dpkg --purge left behind: " + left + " (removed by the test afterwards)");
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    /** The version the root POM builds, which both commands report. */
    private static String pomVersion() throws java.io.IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "<artifactId>pideploy-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("..", "pom.xml")));
        assertThat(m.find()).as("the root POM names its version").isTrue();
        return m.group(1);
    }

    private void installAndRun() throws Exception {
        run(List.of("dpkg", "-i", deb().toString()), null);

        assertThat(run(List.of("dpkg-query", "-W", "-f", "${Status}", PACKAGE), null))
                .isEqualTo("install ok installed");
        // On PATH, on the package's own runtime: no JAVA_HOME, and the host's java (Java 17 on Debian 12) not used.
        Map<String, String> plain = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        assertThat(run(List.of("sh", "-c", "command -v pideploy; command -v pi-installer"), plain)
                        .lines())
                .containsExactly("/usr/bin/pideploy", "/usr/bin/pi-installer");
        assertThat(run(List.of("pideploy", "--version"), plain).strip()).isEqualTo("PiDeploy " + pomVersion());
        assertThat(run(List.of("pi-installer", "--version"), plain).strip())
                .isEqualTo("PiDeploy installer " + pomVersion());
        assertThat(run(List.of("pi-installer", "--help"), plain)).contains("--from-cmdline", "Exit codes");

        String user = run(List.of("getent", "passwd", PACKAGE), null).strip();
        String[] fields = user.split(":");
        assertThat(Integer.parseInt(fields[2]))
                .as("system user's uid: %s", user)
                .isLessThan(1000);
        assertThat(fields[5]).isEqualTo(DATA.toString());
        assertThat(fields[6]).endsWith("nologin");
        assertThat(Files.getOwner(DATA).getName()).isEqualTo(PACKAGE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA)))
                .isEqualTo("rwxr-x---");
        assertThat(Path.of("/usr/share/man/man1/pideploy.1.gz")).exists();
        assertThat(run(
                        List.of(
                                "bash",
                                "-c",
                                "source /usr/share/bash-completion/completions/pideploy" + " && complete -p pideploy"),
                        null))
                .contains("_complete_pideploy");

        serveWithThePackagedUnit();
    }

    /**
     * Runs the unit's {@code ExecStart} as its {@code User} with its {@code Environment}, in its working directory:
     * what systemd would run, on a temporary data directory and loopback ports chosen by the system.
     */
    private void serveWithThePackagedUnit() throws Exception {
        Unit unit = Unit.read(UNIT);
        assertThat(unit.execStart()).isEqualTo("/usr/bin/pideploy serve");
        assertThat(unit.user()).isEqualTo(PACKAGE);
        Path data = Files.createTempDirectory("pideploy-deb-it");
        try {
            run(List.of("chown", PACKAGE + ":" + PACKAGE, data.toString()), null);
            Map<String, String> env = new LinkedHashMap<>(unit.environment());
            assertThat(env)
                    .containsEntry("PIDEPLOY_DATA", DATA.toString())
                    .containsEntry("PIDEPLOY_CONFIG", "/etc/pideploy/pideploy.yaml");
            env.put("PIDEPLOY_DATA", data.toString());
            env.put("PIDEPLOY_DEPLOY_LISTEN", "127.0.0.1:0");
            env.put("PIDEPLOY_ADMIN_LISTEN", "127.0.0.1:0");
            env.put("PIDEPLOY_ADMIN_PASSWORD", "deb-install-test-password");
            env.put("PATH", "/usr/bin:/bin");
            List<String> cmd = new ArrayList<>(
                    List.of("setpriv", "--reuid=" + unit.user(), "--regid=" + unit.user(), "--init-groups"));
            cmd.addAll(List.of(unit.execStart().split(" ")));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(unit.workingDirectory().toFile())
                    .redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process server = pb.start();
            LinkedBlockingQueue<String> output = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                    r.lines().forEach(output::add);
                } catch (IOException e) {
                    output.add("(output closed: " + e.getMessage() + ")");
                }
            });
            try {
                URI devices = awaitUrl(output, Pattern.compile("devices: +(http://127\\.0\\.0\\.1:\\d+)"), server);
                URI operators = awaitUrl(output, Pattern.compile("operators: +(http://127\\.0\\.0\\.1:\\d+)"), server);
                HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
                for (URI base : List.of(devices, operators)) {
                    HttpResponse<String> health = http.send(
                            HttpRequest.newBuilder(base.resolve("/health"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(health.statusCode())
                            .as("%s/health: %s", base, health.body())
                            .isEqualTo(200);
                    assertThat(health.body()).contains("\"UP\"");
                }
                assertThat(data.resolve("pideploy.db")).exists();
                assertThat(Files.getOwner(data.resolve("pideploy.db")).getName())
                        .isEqualTo(PACKAGE);
                try (Stream<Path> inData = Files.list(DATA)) {
                    assertThat(inData)
                            .as("the packaged data directory, unused by this run")
                            .isEmpty();
                }
                server.destroy();
                assertThat(server.waitFor(30, TimeUnit.SECONDS))
                        .as("serve stops on SIGTERM")
                        .isTrue();
                assertThat(server.exitValue())
                        .as("exit code (the unit counts 143 as success)")
                        .isIn(0, 143);
            } finally {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            run(List.of("rm", "-rf", data.toString()), null);
        }
    }

    private static URI awaitUrl(LinkedBlockingQueue<String> output, Pattern pattern, Process server)
            throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = output.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                if (!server.isAlive() && output.isEmpty()) {
                    fail(
                            "pideploy serve exited with %d before printing %s; it printed:%n%s",
                            server.exitValue(), pattern, String.join("\n", seen));
                }
                continue;
            }
            seen.add(line);
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return URI.create(m.group(1));
            }
        }
        return fail("pideploy serve did not print %s within 60 s; it printed:%n%s", pattern, String.join("\n", seen));
    }

    /** Purges the package, lists what it left behind, then removes that too, so the machine is as before. */
    private static List<String> purgeAndRestore() throws Exception {
        List<String> left = new ArrayList<>();
        Result purge = exec(List.of("dpkg", "--purge", PACKAGE), null);
        if (purge.code() != 0) {
            left.add("dpkg --purge failed (" + purge.code() + "): "
                    + purge.output().strip());
            exec(List.of("dpkg", "--purge", "--force-all", PACKAGE), null);
        }
        if (exec(List.of("dpkg-query", "-W", PACKAGE), null).code() == 0) {
            left.add("the package is still known to dpkg");
        }
        for (Path p : FOOTPRINT) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                left.add(p.toString());
                exec(List.of("rm", "-rf", p.toString()), null);
            }
        }
        if (exec(List.of("getent", "passwd", PACKAGE), null).code() == 0) {
            left.add("user " + PACKAGE);
            exec(List.of("userdel", PACKAGE), null);
        }
        if (exec(List.of("getent", "group", PACKAGE), null).code() == 0) {
            left.add("group " + PACKAGE);
            exec(List.of("groupdel", PACKAGE), null);
        }
        return left;
    }

    private static void assertNothingOfPideployOnThisMachine(String why) throws Exception {
        List<String> present = new ArrayList<>();
        if (exec(List.of("dpkg-query", "-W", PACKAGE), null).code() == 0) {
            present.add("package " + PACKAGE);
        }
        FOOTPRINT.stream()
                .filter(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS))
                .forEach(p -> present.add(p.toString()));
        if (exec(List.of("getent", "passwd", PACKAGE), null).code() == 0) {
            present.add("user " + PACKAGE);
        }
        if (exec(List.of("getent", "group", PACKAGE), null).code() == 0) {
            present.add("group " + PACKAGE);
        }
        assertThat(present).as(why).isEmpty();
    }

    private static Path deb() {
        return artifact(".deb");
    }

    private static Path tarball() {
        return artifact(".tar.gz");
    }

    private static Path artifact(String suffix) {
        Path file = RELEASE_DIR.resolve("pideploy_" + VERSION.replace('-', '~') + "_amd64" + suffix);
        assertThat(file)
                .as("built by the release profile (mvn -B -Prelease verify)")
                .isRegularFile();
        return file;
    }

    private static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    /** Tar member names as paths below the root: no {@code ./}, no trailing slash, the root itself left out. */
    private static List<String> normalized(List<String> names) {
        return names.stream()
                .map(n -> n.replaceFirst("^\\./", "").replaceFirst("/$", ""))
                .filter(n -> !n.isEmpty() && !n.equals("."))
                .toList();
    }

    private record Result(int code, String output) {}

    private static String run(List<String> cmd, Map<String, String> env) throws Exception {
        Result r = exec(cmd, env);
        assertThat(r.code())
                .as("%s exited with %d:%n%s", cmd, r.code(), r.output())
                .isZero();
        return r.output();
    }

    private static Result exec(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish within 120 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The lines of a systemd unit this test acts on. */
    private record Unit(String execStart, String user, Path workingDirectory, Map<String, String> environment) {
        static Unit read(Path file) throws IOException {
            String exec = null;
            String user = null;
            Path dir = Path.of("/");
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (line.startsWith("#") || eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                switch (key) {
                    case "ExecStart" -> exec = value;
                    case "User" -> user = value;
                    case "WorkingDirectory" -> dir = Path.of(value);
                    case "Environment" -> {
                        int e = value.indexOf('=');
                        env.put(value.substring(0, e), value.substring(e + 1));
                    }
                    default -> {}
                }
            }
            if (exec == null || user == null) {
                throw new AssertionError(file + " has no ExecStart or no User");
            }
            return new Unit(exec, user, dir, env);
        }
    }
}
