package pideploy.deploy.persistence.postgresql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests, made from the Debian {@code postgresql} package's binaries: {@code initdb}
 * into {@code target/}, {@code pg_ctl start} on a free loopback port with its unix socket directory beside the data,
 * password (SCRAM) authentication over TCP, {@code pg_ctl stop} at the end. PostgreSQL refuses to run as root, so when
 * the tests run as root (CI does) the cluster belongs to and runs as {@code nobody}, through {@code setpriv}.
 *
 * <p>fsync and synchronous commit are off: the cluster is thrown away, and the tests are about behaviour, not
 * durability. Tests get a fresh database each ({@link #freshDatabase()}), not a fresh cluster: a cluster takes seconds
 * to start, a database milliseconds.
 */
public final class LocalPostgres implements AutoCloseable {
    /** Overrides where the server binaries are looked for (a directory holding initdb and pg_ctl). */
    public static final String BIN_ENV = "PIDEPLOY_PG_BIN";

    public static final String SUPERUSER = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path base;
    private final Path data;
    private final int port;
    private final String password;
    private final Optional<String> runAs;

    private LocalPostgres(Path bin, Path base, int port, String password, Optional<String> runAs) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
        this.password = password;
        this.runAs = runAs;
    }

    /** A database of the cluster: JDBC URL, user and password. */
    public record TestDatabase(String url, String user, String password, String name) {
        public PostgresSettings settings() {
            return new PostgresSettings(url, Optional.of(user), Optional.of(password));
        }

        @Override
        public String toString() {
            return "TestDatabase[" + url + "]";
        }
    }

    /**
     * Creates and starts a cluster under {@code parent}. Fails, never skips, when the binaries are missing: a test that
     * needs PostgreSQL and quietly does not run proves nothing.
     */
    public static LocalPostgres start(Path parent) {
        Path bin = binaries(System.getenv(), Path.of("/usr/lib/postgresql"));
        Optional<String> runAs = isRoot() ? Optional.of("nobody") : Optional.empty();
        IllegalStateException last = null;
        // A free port found by binding 0 can be taken by someone else before postgres binds it: try a few.
        for (int attempt = 0; attempt < 3; attempt++) {
            Path base = parent.toAbsolutePath()
                    .resolve("pg-" + ProcessHandle.current().pid() + "-" + attempt);
            LocalPostgres pg =
                    new LocalPostgres(bin, base, freePort(), UUID.randomUUID().toString(), runAs);
            try {
                pg.initAndStart();
                // If the run dies before JUnit closes the store, the cluster must not outlive it.
                Runtime.getRuntime().addShutdownHook(new Thread(pg::stopIfRunning, "pideploy-test-postgres-stop"));
                return pg;
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private void initAndStart() {
        try {
            deleteTree(base);
            Files.createDirectories(base.resolve("sock"));
            Path pwfile = base.resolve("pwfile");
            Files.writeString(pwfile, password + "\n");
            if (runAs.isPresent()) {
                chownTree(base, runAs.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + base + ": " + e.getMessage(), e);
        }
        run(
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-U",
                        SUPERUSER,
                        "-E",
                        "UTF8",
                        "--locale=C",
                        "--auth-local=trust",
                        "--auth-host=scram-sha-256",
                        "--pwfile=" + base.resolve("pwfile"),
                        "--no-sync"),
                120);
        String options = "-p " + port + " -k " + base.resolve("sock") + " -c listen_addresses=127.0.0.1"
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        run(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-l",
                        base.resolve("postgres.log").toString(),
                        "-o",
                        options,
                        "-w",
                        "-t",
                        "60",
                        "start"),
                90);
    }

    /** Creates an empty database of its own for one test. */
    public TestDatabase freshDatabase() {
        String name = "t" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, password);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create test database " + name + " on port " + port + ": " + e.getMessage(), e);
        }
        return new TestDatabase(url(name), SUPERUSER, password, name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

    private void stopIfRunning() {
        if (!stopped.get()) {
            close();
        }
    }

    /** Stops the cluster ({@code -m fast}: open connections are ended) and removes its data; the log stays. */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), 60);
        } finally {
            deleteTree(data);
        }
    }

    private void run(List<String> command, int timeoutSeconds) {
        List<String> full = new ArrayList<>();
        if (runAs.isPresent()) {
            // setpriv (util-linux) drops to the user without a login shell or PAM, so it works in containers too.
            full.addAll(List.of(
                    "setpriv", "--reuid=" + runAs.get(), "--regid=" + groupOf(runAs.get()), "--clear-groups", "--"));
        }
        full.addAll(command);
        Path output = base.resolve("command.log");
        try {
            Process p = new ProcessBuilder(full)
                    .directory(base.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in " + timeoutSeconds + " s: "
                        + Files.readString(output) + log());
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (exit " + p.exitValue() + "): "
                        + Files.readString(output) + log());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", full) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + full.getFirst(), e);
        }
    }

    private String log() {
        Path log = base.resolve("postgres.log");
        try {
            return Files.exists(log) ? "\n--- " + log + ":\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The directory of initdb, pg_ctl and postgres, or a failure that says how to install them. */
    static Path binaries(java.util.Map<String, String> env, Path debian) {
        return findBinaries(env, debian)
                .orElseThrow(() -> new IllegalStateException(
                        "PostgreSQL server binaries (initdb, pg_ctl, postgres; version 15 or later) not found in $"
                                + BIN_ENV + ", " + debian + "/<version>/bin or PATH. Install them "
                                + "(Debian: apt-get install postgresql) or set " + BIN_ENV
                                + " to the directory holding them"));
    }

    static Optional<Path> findBinaries(java.util.Map<String, String> env, Path debian) {
        String override = env.get(BIN_ENV);
        if (override != null && !override.isBlank()) {
            return Optional.of(Path.of(override)).filter(LocalPostgres::hasServer);
        }
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.filter(
                                v -> v.getFileName().toString().matches("\\d+")
                                        && Integer.parseInt(v.getFileName().toString()) >= 15)
                        .max(Comparator.comparingInt(
                                v -> Integer.parseInt(v.getFileName().toString())))
                        .map(v -> v.resolve("bin"))
                        .filter(LocalPostgres::hasServer);
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to PATH
            }
        }
        return Stream.of(env.getOrDefault("PATH", "").split(":"))
                .filter(s -> !s.isEmpty())
                .map(Path::of)
                .filter(LocalPostgres::hasServer)
                .findFirst();
    }

    private static boolean hasServer(Path dir) {
        return Files.isExecutable(dir.resolve("initdb"))
                && Files.isExecutable(dir.resolve("pg_ctl"))
                && Files.isExecutable(dir.resolve("postgres"));
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String groupOf(String user) {
        try {
            Process p = new ProcessBuilder("id", "-g", user)
                    .redirectErrorStream(true)
                    .start();
            String gid = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return gid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void chownTree(Path root, String user) throws IOException {
        UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName(user);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(groupOf(user));
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(owner);
                view.setGroup(group);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
