package pideploy.deploy.server.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import pideploy.deploy.core.server.ServerName;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.RateLimit;
import pideploy.deploy.http.helidon.HttpSettings;

/**
 * Merges the sources of settings, highest first: command-line flags, {@code PIDEPLOY_*} environment variables, an
 * optional config file (YAML or .properties, named by {@code --config} or {@code PIDEPLOY_CONFIG}), built-in defaults.
 * Every key has one name everywhere: flag {@code --deploy-listen}, variable {@code PIDEPLOY_DEPLOY_LISTEN}, file key
 * {@code deploy-listen}. Unknown file keys fail, so a typo does not silently fall back to a default.
 */
public final class SettingsResolver {
    public static final String DATA = "data";
    public static final String DEPLOY_LISTEN = "deploy-listen";
    public static final String ADMIN_LISTEN = "admin-listen";
    public static final String PUBLIC_URL = "public-url";
    public static final String LOG_RETENTION_DAYS = "log-retention-days";
    public static final String LOG_MAX_FILE_MB = "log-max-file-mb";
    public static final String LOG_LEVEL = "log-level";
    public static final String MAX_DEVICE_BODY_BYTES = "max-device-body-bytes";
    public static final String SHUTDOWN_GRACE_SECONDS = "shutdown-grace-seconds";
    public static final String SESSION_IDLE_MINUTES = "session-idle-minutes";
    public static final String DEVICE_MAX_CONNECTIONS = "device-max-connections";
    public static final String DEVICE_MAX_CONNECTIONS_PER_ADDRESS = "device-max-connections-per-address";
    public static final String ADMIN_MAX_CONNECTIONS = "admin-max-connections";
    public static final String ADMIN_MAX_CONNECTIONS_PER_ADDRESS = "admin-max-connections-per-address";
    public static final String NETBOOT_BUILD = "netboot-build";
    public static final String NETBOOT_SERVER = "netboot-server";
    public static final String NETBOOT_DNSMASQ_CONFIG = "netboot-dnsmasq-config";
    public static final String NETBOOT_INSTALLER_DIR = "netboot-installer-dir";
    public static final String ASSIGNMENT_BURST = "assignment-burst";
    public static final String ASSIGNMENT_PER_MINUTE = "assignment-per-minute";
    public static final String STATUS_REPORT_BURST = "status-report-burst";
    public static final String STATUS_REPORTS_PER_MINUTE = "status-reports-per-minute";
    public static final String PROGRESS_EVENTS_RETENTION_HOURS = "progress-events-retention-hours";
    public static final String RECLAIM_UNFINISHED_AFTER_MINUTES = "reclaim-unfinished-after-minutes";
    public static final String ABANDON_AFTER_MINUTES = "abandon-after-minutes";
    public static final String STALL_AFTER_SECONDS = "stall-after-seconds";
    /** Where the fleet is stored (ADR-0060): {@code sqlite} (default) or a {@code jdbc:postgresql://} URL. */
    public static final String DATABASE = DatabaseChoice.URL_KEY;

    public static final String DATABASE_USER = "database-user";
    /** This server's name in the fleet (ADR-0098); default the host name. */
    public static final String SERVER_NAME = "server-name";
    /** Only from the environment: secrets do not belong on command lines (visible in ps) or in config files. */
    public static final String ADMIN_PASSWORD_ENV = "PIDEPLOY_ADMIN_PASSWORD";

    public static final String CONFIG_ENV = "PIDEPLOY_CONFIG";

    public static final List<String> KEYS = List.of(
            DATA,
            DEPLOY_LISTEN,
            ADMIN_LISTEN,
            PUBLIC_URL,
            LOG_RETENTION_DAYS,
            LOG_MAX_FILE_MB,
            LOG_LEVEL,
            MAX_DEVICE_BODY_BYTES,
            SHUTDOWN_GRACE_SECONDS,
            SESSION_IDLE_MINUTES,
            DEVICE_MAX_CONNECTIONS,
            DEVICE_MAX_CONNECTIONS_PER_ADDRESS,
            ADMIN_MAX_CONNECTIONS,
            ADMIN_MAX_CONNECTIONS_PER_ADDRESS,
            NETBOOT_BUILD,
            NETBOOT_SERVER,
            NETBOOT_DNSMASQ_CONFIG,
            NETBOOT_INSTALLER_DIR,
            ASSIGNMENT_BURST,
            ASSIGNMENT_PER_MINUTE,
            STATUS_REPORT_BURST,
            STATUS_REPORTS_PER_MINUTE,
            PROGRESS_EVENTS_RETENTION_HOURS,
            RECLAIM_UNFINISHED_AFTER_MINUTES,
            ABANDON_AFTER_MINUTES,
            STALL_AFTER_SECONDS,
            DATABASE,
            DATABASE_USER,
            SERVER_NAME);

    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final Map<String, String> file;

    private SettingsResolver(Map<String, String> flags, Map<String, String> env, Map<String, String> file) {
        this.flags = flags;
        this.env = env;
        this.file = file;
    }

    /**
     * @param flags only the flags the user actually gave, by key
     * @param configFile {@code --config}, if given (else {@code PIDEPLOY_CONFIG} is consulted)
     */
    public static SettingsResolver of(Map<String, String> flags, Map<String, String> env, Optional<Path> configFile) {
        Optional<Path> file = configFile.or(() -> Optional.ofNullable(env.get(CONFIG_ENV))
                .filter(s -> !s.isBlank())
                .map(Path::of));
        return new SettingsResolver(
                Map.copyOf(flags),
                Map.copyOf(env),
                file.map(SettingsResolver::readFile).orElse(Map.of()));
    }

    /** Where the value of a key comes from, in order of precedence. */
    public Optional<String> value(String key) {
        String v = flags.get(key);
        if (v == null) {
            v = env.get("PIDEPLOY_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        if (v == null) {
            v = file.get(key);
        }
        return Optional.ofNullable(v).map(String::trim).filter(s -> !s.isEmpty());
    }

    public Path dataDir() {
        return Path.of(value(DATA).orElse("var"));
    }

    public ServerSettings resolve() {
        HttpSettings d = HttpSettings.defaults();
        Listen deploy =
                Listen.parse(value(DEPLOY_LISTEN).orElse(d.deployHost() + ":" + d.deployPort()), d.deployHost());
        Listen admin = Listen.parse(value(ADMIN_LISTEN).orElse(d.adminHost() + ":" + d.adminPort()), d.adminHost());
        Optional<URI> publicUrl = value(PUBLIC_URL).map(SettingsResolver::uri);
        HttpSettings http = new HttpSettings(
                deploy.host(),
                deploy.port(),
                admin.host(),
                admin.port(),
                publicUrl,
                intValue(MAX_DEVICE_BODY_BYTES, d.maxDeviceBodyBytes()),
                d.maxAdminBodyBytes(),
                Duration.ofSeconds(
                        intValue(SHUTDOWN_GRACE_SECONDS, (int) d.shutdownGrace().toSeconds())),
                Duration.ofMinutes(
                        intValue(SESSION_IDLE_MINUTES, (int) d.sessionIdle().toMinutes())),
                d.deviceLimits()
                        .withCaps(
                                intValue(
                                        DEVICE_MAX_CONNECTIONS, d.deviceLimits().maxConnections()),
                                intValue(
                                        DEVICE_MAX_CONNECTIONS_PER_ADDRESS,
                                        d.deviceLimits().maxPerAddress())),
                d.adminLimits()
                        .withCaps(
                                intValue(ADMIN_MAX_CONNECTIONS, d.adminLimits().maxConnections()),
                                intValue(
                                        ADMIN_MAX_CONNECTIONS_PER_ADDRESS,
                                        d.adminLimits().maxPerAddress())));
        return new ServerSettings(
                dataDir(),
                http,
                intValue(LOG_RETENTION_DAYS, 14),
                level(value(LOG_LEVEL)),
                true,
                Optional.ofNullable(env.get(ADMIN_PASSWORD_ENV)).filter(s -> !s.isEmpty()),
                netboot(),
                core(),
                intValue(LOG_MAX_FILE_MB, ServerSettings.DEFAULT_LOG_MAX_FILE_MB),
                database());
    }

    /** The database setting, with the password from {@code PIDEPLOY_DATABASE_PASSWORD[_FILE]} (never a flag). */
    public DatabaseChoice database() {
        return DatabaseChoice.of(value(DATABASE), value(DATABASE_USER), env);
    }

    private CoreSettings core() {
        Duration stallAfter =
                Duration.ofSeconds(intValue(STALL_AFTER_SECONDS, (int) CoreSettings.DEFAULT_STALL_AFTER.toSeconds()));
        if (stallAfter.toSeconds() < 5 || stallAfter.toSeconds() > 86_400) {
            throw new IllegalArgumentException("setting %s must be 5-86400 seconds, got %d"
                    .formatted(STALL_AFTER_SECONDS, stallAfter.toSeconds()));
        }
        return CoreSettings.DEFAULTS
                .withAssignmentLimit(
                        limit(ASSIGNMENT_BURST, ASSIGNMENT_PER_MINUTE, CoreSettings.DEFAULT_ASSIGNMENT_LIMIT))
                .withStatusLimit(
                        limit(STATUS_REPORT_BURST, STATUS_REPORTS_PER_MINUTE, CoreSettings.DEFAULT_STATUS_LIMIT))
                .withProgressRetention(Duration.ofHours(intValue(
                        PROGRESS_EVENTS_RETENTION_HOURS, (int) CoreSettings.DEFAULT_PROGRESS_RETENTION.toHours())))
                // 0 (the default) is off: an operator who wants hostnames back says after how long.
                .withReclaimAfter(Optional.of(intValue(RECLAIM_UNFINISHED_AFTER_MINUTES, 0))
                        .filter(m -> m != 0)
                        .map(Duration::ofMinutes))
                // 0 is off; the default ends deployments silent for half an hour (ADR-0047).
                .withAbandonAfter(Optional.of(
                                intValue(ABANDON_AFTER_MINUTES, (int) CoreSettings.DEFAULT_ABANDON_AFTER.toMinutes()))
                        .filter(m -> m != 0)
                        .map(Duration::ofMinutes))
                .withStallAfter(stallAfter)
                .withServerName(serverName());
    }

    /** {@code server-name}, or the host name (its first label if longer than a server name may be). */
    private ServerName serverName() {
        return value(SERVER_NAME)
                .map(v -> {
                    try {
                        return ServerName.of(v);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(SERVER_NAME + ": " + e.getMessage(), e);
                    }
                })
                .orElseGet(SettingsResolver::hostServerName);
    }

    /** The host's name as a server name; {@code pideploy} when it has none that fits. */
    public static ServerName hostServerName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "";
        }
        for (String candidate : new String[] {host, host.split("\\.")[0]}) {
            try {
                return ServerName.of(candidate);
            } catch (IllegalArgumentException e) {
                // try the next, shorter form
            }
        }
        return ServerName.of("pideploy");
    }

    private RateLimit limit(String burstKey, String perMinuteKey, RateLimit fallback) {
        int burst = intValue(burstKey, fallback.burst());
        int perMinute =
                intValue(perMinuteKey, (int) (60_000 / fallback.refillEvery().toMillis()));
        try {
            return RateLimit.perMinute(burst, perMinute);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "settings %s/%s: %s".formatted(burstKey, perMinuteKey, e.getMessage()), e);
        }
    }

    private NetbootSettings netboot() {
        boolean build = value(NETBOOT_BUILD)
                .map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                    case "true", "on", "yes" -> true;
                    case "false", "off", "no" -> false;
                    default ->
                        throw new IllegalArgumentException(
                                "setting %s must be on or off, was '%s'".formatted(NETBOOT_BUILD, v));
                })
                .orElse(false);
        Optional<String> server = value(NETBOOT_SERVER).map(v -> uri(v).toString());
        return new NetbootSettings(
                build,
                server,
                value(NETBOOT_DNSMASQ_CONFIG).map(Path::of).orElse(NetbootSettings.DEFAULT_DNSMASQ_CONFIG),
                value(NETBOOT_INSTALLER_DIR).map(Path::of));
    }

    private int intValue(String key, int fallback) {
        return value(key)
                .map(v -> {
                    try {
                        return Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(
                                "setting %s must be a whole number, was '%s'".formatted(key, v));
                    }
                })
                .orElse(fallback);
    }

    private static Level level(Optional<String> name) {
        String n = name.orElse("INFO").toUpperCase(Locale.ROOT);
        return switch (n) {
            case "DEBUG", "FINE" -> Level.FINE;
            case "TRACE", "FINEST" -> Level.FINEST;
            case "INFO" -> Level.INFO;
            case "WARN", "WARNING" -> Level.WARNING;
            case "ERROR", "SEVERE" -> Level.SEVERE;
            default ->
                throw new IllegalArgumentException(
                        "log level must be one of ERROR, WARNING, INFO, DEBUG, TRACE; was '%s'".formatted(n));
        };
    }

    private static URI uri(String s) {
        try {
            URI u = new URI(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException(
                        "public URL must look like http://HOST[:PORT], was '%s'".formatted(s));
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("public URL '%s' is not a URL: %s".formatted(s, e.getReason()));
        }
    }

    private static Map<String, String> readFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("config file %s does not exist or is not a file".formatted(path));
        }
        Config config = Config.just(ConfigSources.file(path).build());
        Map<String, String> out = new LinkedHashMap<>();
        config.asMap().orElse(Map.of()).forEach((k, v) -> {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(
                        "config file %s: unknown key '%s'; known keys: %s".formatted(path, k, String.join(", ", KEYS)));
            }
            out.put(k, v);
        });
        return out;
    }
}
