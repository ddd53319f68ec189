package pideploy.deploy.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import pideploy.deploy.core.operator.PasswordPolicy;
import pideploy.deploy.core.server.ServerName;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.http.helidon.HttpSettings;

/**
 * Everything the composition root needs to start a server, already validated.
 *
 * @param dataDir the data directory: SQLite database, images, logs
 * @param http listener addresses and limits
 * @param logRetentionDays how many daily log files to keep
 * @param logLevel the root log level
 * @param consoleLog whether to log to the console too (off for quiet in-process tests)
 * @param adminPassword the first account's password when the database has no users yet; generated when empty
 * @param netboot how the server keeps the network-boot kit
 * @param core the deploy core's settings: pool protection, retention (ADR-0045)
 * @param logMaxFileMb size in MiB at which a day's log file continues in the next numbered part
 * @param database where the fleet is stored: the data directory's SQLite file or a shared PostgreSQL (ADR-0060)
 */
public record ServerSettings(
        Path dataDir,
        HttpSettings http,
        int logRetentionDays,
        Level logLevel,
        boolean consoleLog,
        Optional<String> adminPassword,
        NetbootSettings netboot,
        CoreSettings core,
        int logMaxFileMb,
        DatabaseChoice database) {

    public static final int DEFAULT_LOG_MAX_FILE_MB = 50;

    public ServerSettings(
            Path dataDir,
            HttpSettings http,
            int logRetentionDays,
            Level logLevel,
            boolean consoleLog,
            Optional<String> adminPassword,
            NetbootSettings netboot) {
        this(
                dataDir,
                http,
                logRetentionDays,
                logLevel,
                consoleLog,
                adminPassword,
                netboot,
                CoreSettings.DEFAULTS,
                DEFAULT_LOG_MAX_FILE_MB,
                DatabaseChoice.EMBEDDED);
    }

    public ServerSettings(
            Path dataDir,
            HttpSettings http,
            int logRetentionDays,
            Level logLevel,
            boolean consoleLog,
            Optional<String> adminPassword,
            NetbootSettings netboot,
            CoreSettings core) {
        this(
                dataDir,
                http,
                logRetentionDays,
                logLevel,
                consoleLog,
                adminPassword,
                netboot,
                core,
                DEFAULT_LOG_MAX_FILE_MB,
                DatabaseChoice.EMBEDDED);
    }

    public ServerSettings(
            Path dataDir,
            HttpSettings http,
            int logRetentionDays,
            Level logLevel,
            boolean consoleLog,
            Optional<String> adminPassword,
            NetbootSettings netboot,
            int logMaxFileMb) {
        this(
                dataDir,
                http,
                logRetentionDays,
                logLevel,
                consoleLog,
                adminPassword,
                netboot,
                CoreSettings.DEFAULTS,
                logMaxFileMb,
                DatabaseChoice.EMBEDDED);
    }

    public ServerSettings(
            Path dataDir,
            HttpSettings http,
            int logRetentionDays,
            Level logLevel,
            boolean consoleLog,
            Optional<String> adminPassword,
            NetbootSettings netboot,
            CoreSettings core,
            int logMaxFileMb) {
        this(
                dataDir,
                http,
                logRetentionDays,
                logLevel,
                consoleLog,
                adminPassword,
                netboot,
                core,
                logMaxFileMb,
                DatabaseChoice.EMBEDDED);
    }

    public ServerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(adminPassword, "adminPassword");
        Objects.requireNonNull(netboot, "netboot");
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(database, "database");
        if (logRetentionDays < 1 || logRetentionDays > 3650) {
            throw new IllegalArgumentException("log retention must be 1-3650 days, was " + logRetentionDays);
        }
        if (logMaxFileMb < 1 || logMaxFileMb > 10_240) {
            throw new IllegalArgumentException("log-max-file-mb must be 1-10240 (MiB), was " + logMaxFileMb);
        }
        // The first account is always named admin (PiDeployServer.FIRST_USER).
        adminPassword.ifPresent(p -> PasswordPolicy.require("PIDEPLOY_ADMIN_PASSWORD", "admin", p));
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** For tests and embedding: loopback listeners on free ports, a known admin password, no console log. */
    public static ServerSettings forTest(Path dataDir, String adminPassword) {
        return new ServerSettings(
                dataDir,
                HttpSettings.ephemeral(),
                2,
                Level.INFO,
                false,
                Optional.of(adminPassword),
                NetbootSettings.manual(),
                // Servers of one test share a host: each is named after its data directory (ADR-0098).
                CoreSettings.DEFAULTS.withServerName(testServerName(dataDir)),
                DEFAULT_LOG_MAX_FILE_MB);
    }

    private static ServerName testServerName(Path dataDir) {
        Path leaf = dataDir.toAbsolutePath().normalize().getFileName();
        String name = leaf == null ? "" : leaf.toString().replaceAll("[^A-Za-z0-9._-]", "-");
        name = name.replaceFirst("^[^A-Za-z0-9]+", "");
        return ServerName.of(name.isEmpty() ? "test" : name.substring(0, Math.min(63, name.length())));
    }

    public ServerSettings withHttp(HttpSettings http) {
        return new ServerSettings(
                dataDir,
                http,
                logRetentionDays,
                logLevel,
                consoleLog,
                adminPassword,
                netboot,
                core,
                logMaxFileMb,
                database);
    }

    public ServerSettings withNetboot(NetbootSettings netboot) {
        return new ServerSettings(
                dataDir,
                http,
                logRetentionDays,
                logLevel,
                consoleLog,
                adminPassword,
                netboot,
                core,
                logMaxFileMb,
                database);
    }

    public ServerSettings withCore(CoreSettings core) {
        return new ServerSettings(
                dataDir,
                http,
                logRetentionDays,
                logLevel,
                consoleLog,
                adminPassword,
                netboot,
                core,
                logMaxFileMb,
                database);
    }

    public ServerSettings withDatabase(DatabaseChoice database) {
        return new ServerSettings(
                dataDir,
                http,
                logRetentionDays,
                logLevel,
                consoleLog,
                adminPassword,
                netboot,
                core,
                logMaxFileMb,
                database);
    }

    public ServerSettings withPublicUrl(URI url) {
        return withHttp(http.withPublicUrl(Optional.of(url)));
    }

    public ServerSettings withShutdownGrace(Duration grace) {
        HttpSettings h = http;
        return withHttp(new HttpSettings(
                h.deployHost(),
                h.deployPort(),
                h.adminHost(),
                h.adminPort(),
                h.publicUrl(),
                h.maxDeviceBodyBytes(),
                h.maxAdminBodyBytes(),
                grace,
                h.sessionIdle(),
                h.deviceLimits(),
                h.adminLimits()));
    }

    public long logMaxFileBytes() {
        return (long) logMaxFileMb << 20;
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }
}
