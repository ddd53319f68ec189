package pideploy.deploy.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pideploy.deploy.server.PiDeployServer;
import pideploy.deploy.server.config.ServerSettings;
import pideploy.deploy.server.config.SettingsResolver;
import pideploy.deploy.server.logging.LogSetup;

/**
 * {@code pideploy serve}: runs the server until SIGTERM/SIGINT, then stops gracefully. Flags win over
 * {@code PIDEPLOY_*} variables, which win over the config file, which wins over the defaults.
 */
@Command(name = "serve", description = "Run the deployment server.", mixinStandardHelpOptions = true)
public class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: $PIDEPLOY_DATA or ./var).")
    Path data;

    @Option(
            names = "--deploy-listen",
            paramLabel = "HOST:PORT",
            description = "Device listener (default 0.0.0.0:5001).")
    String deployListen;

    @Option(
            names = "--admin-listen",
            paramLabel = "HOST:PORT",
            description = "Operator listener: API, dashboard, metrics (default 127.0.0.1:5000).")
    String adminListen;

    @Option(
            names = "--public-url",
            paramLabel = "URL",
            description =
                    "Base URL devices use for images, e.g. http://10.0.0.1:5001 (default: the address they reached).")
    String publicUrl;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML or .properties settings file ($PIDEPLOY_CONFIG).")
    Path config;

    @Option(names = "--log-retention-days", paramLabel = "N", description = "Daily log files to keep (default 14).")
    Integer logRetentionDays;

    @Option(
            names = "--log-max-file-mb",
            paramLabel = "MIB",
            description = "Size at which a day's log continues in pideploy-DATE.1.log, .2.log... (default 50).")
    Integer logMaxFileMb;

    @Option(
            names = "--database",
            paramLabel = "URL",
            description =
                    "sqlite (default: the data directory's file) or jdbc:postgresql://HOST[:PORT]/DB to share one "
                            + "fleet between servers ($PIDEPLOY_DATABASE); the password only from $PIDEPLOY_DATABASE_PASSWORD_FILE "
                            + "or $PIDEPLOY_DATABASE_PASSWORD.")
    String database;

    @Option(names = "--database-user", paramLabel = "USER", description = "PostgreSQL user ($PIDEPLOY_DATABASE_USER).")
    String databaseUser;

    @Option(
            names = "--server-name",
            paramLabel = "NAME",
            description = "This server's name in the fleet, recorded on every deployment it answers and shown on the "
                    + "System page (default: the host name; $PIDEPLOY_SERVER_NAME).")
    String serverName;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "ERROR, WARNING, INFO, DEBUG (default INFO).")
    String logLevel;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        ServerSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        createDataDirectory(settings.dataDir(), out);
        LogSetup.server(
                settings.logDir(),
                settings.logRetentionDays(),
                settings.logMaxFileBytes(),
                settings.logLevel(),
                settings.consoleLog());
        PiDeployServer server = PiDeployServer.start(settings);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            // JUL's own shutdown hook may already have closed the log handlers; say it on the console
                            // too.
                            out.println("PiDeploy stopping: finishing requests in flight, then closing the database");
                            out.flush();
                            server.stop();
                            out.println("PiDeploy stopped");
                            out.flush();
                            stopped.countDown();
                        },
                        "pideploy-shutdown"));
        announce(server, spec.commandLine().getOut());
        afterStart(server);
        stopped.await();
        return ExitCodes.OK;
    }

    /**
     * The server's data directory, created when missing, with its missing parents, readable only by this user (it
     * holds the database with password hashes and the images), and said so on the console.
     */
    static void createDataDirectory(Path dir, PrintWriter out) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return;
        }
        try {
            Files.createDirectories(
                    absolute, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory %s: %s".formatted(absolute, e), e);
        }
        out.printf("created data directory %s (mode 700)%n", absolute);
        out.flush();
    }

    /** Hook for {@code demo}: runs once the server listens. */
    void afterStart(PiDeployServer server) {}

    ServerSettings settings() {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, SettingsResolver.DATA, data == null ? null : data.toString());
        put(flags, SettingsResolver.DEPLOY_LISTEN, deployListen);
        put(flags, SettingsResolver.ADMIN_LISTEN, adminListen);
        put(flags, SettingsResolver.PUBLIC_URL, publicUrl);
        put(flags, SettingsResolver.LOG_RETENTION_DAYS, logRetentionDays == null ? null : logRetentionDays.toString());
        put(flags, SettingsResolver.LOG_MAX_FILE_MB, logMaxFileMb == null ? null : logMaxFileMb.toString());
        put(flags, SettingsResolver.LOG_LEVEL, logLevel);
        put(flags, SettingsResolver.DATABASE, database);
        put(flags, SettingsResolver.DATABASE_USER, databaseUser);
        put(flags, SettingsResolver.SERVER_NAME, serverName);
        return SettingsResolver.of(flags, System.getenv(), Optional.ofNullable(config))
                .resolve();
    }

    static void announce(PiDeployServer server, PrintWriter out) {
        var http = server.settings().http();
        out.printf("PiDeploy %s, data in %s%n", pideploy.deploy.server.Version.VALUE, server.dataDir());
        out.printf(
                "  devices:   http://%s:%d  (POST /api/config, /api/status, GET /images/..., /health)%n",
                http.deployHost(), server.devicePort());
        out.printf(
                "  operators: %s/  (dashboard), %s/api/v1, %s/metrics%n",
                server.adminUrl(), server.adminUrl(), server.adminUrl());
        server.generatedAdminPassword()
                .ifPresentOrElse(
                        pw -> out.printf(
                                "  first start: created operator 'admin' with password %s%n"
                                        + "  (shown only now; change it with: %s)%n",
                                pw, DataDir.hint(server.dataDir(), "user passwd admin --password-stdin")),
                        () -> out.printf("  log in as an operator account (first account: admin)%n"));
        out.flush();
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
