package pideploy.deploy.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import pideploy.deploy.core.operator.PasswordPolicy;
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
 */
public record ServerSettings(Path dataDir, HttpSettings http, int logRetentionDays, Level logLevel,
        boolean consoleLog, Optional<String> adminPassword, NetbootSettings netboot) {

    public ServerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(adminPassword, "adminPassword");
        Objects.requireNonNull(netboot, "netboot");
        if (logRetentionDays < 1 || logRetentionDays > 3650) {
            throw new IllegalArgumentException("log retention must be 1-3650 days, was " + logRetentionDays);
        }
        // The first account is always named admin (PiDeployServer.FIRST_USER).
        adminPassword.ifPresent(p -> PasswordPolicy.require("PIDEPLOY_ADMIN_PASSWORD", "admin", p));
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** For tests and embedding: loopback listeners on free ports, a known admin password, no console log. */
    public static ServerSettings forTest(Path dataDir, String adminPassword) {
        return new ServerSettings(dataDir, HttpSettings.ephemeral(), 2, Level.INFO, false,
                Optional.of(adminPassword), NetbootSettings.manual());
    }

    public ServerSettings withHttp(HttpSettings http) {
        return new ServerSettings(dataDir, http, logRetentionDays, logLevel, consoleLog, adminPassword, netboot);
    }

    public ServerSettings withNetboot(NetbootSettings netboot) {
        return new ServerSettings(dataDir, http, logRetentionDays, logLevel, consoleLog, adminPassword, netboot);
    }

    public ServerSettings withPublicUrl(URI url) {
        return withHttp(http.withPublicUrl(Optional.of(url)));
    }

    public ServerSettings withShutdownGrace(Duration grace) {
        HttpSettings h = http;
        return withHttp(new HttpSettings(h.deployHost(), h.deployPort(), h.adminHost(), h.adminPort(), h.publicUrl(),
                h.maxDeviceBodyBytes(), h.maxAdminBodyBytes(), grace, h.sessionIdle()));
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }
}
