package pideploy.deploy.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.port.DuplicateKeyException;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.server.ServerName;
import pideploy.deploy.core.transfer.TransferForms;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.http.helidon.DeployHttp;
import pideploy.deploy.http.helidon.DeployHttpServer;
import pideploy.deploy.http.helidon.auth.PasswordHash;
import pideploy.deploy.http.helidon.device.LiveEvents;
import pideploy.deploy.http.helidon.events.EventBroker;
import pideploy.deploy.http.helidon.metrics.DeployMetrics;
import pideploy.deploy.server.config.ServerSettings;
import pideploy.deploy.server.config.SettingsResolver;
import pideploy.deploy.server.logging.AcceptLoopEndWatch;
import pideploy.deploy.server.logging.LogRing;
import pideploy.deploy.server.netboot.KitKeeper;
import pideploy.deploy.server.netboot.NetbootKit;
import pideploy.deploy.server.notify.NoticeRaisingPublisher;
import pideploy.deploy.server.notify.Notifications;
import pideploy.deploy.server.notify.RetryPolicy;

/**
 * A running PiDeploy server: the data directory opened, the first account ensured, both listeners up. Start one in
 * process with {@link #start(ServerSettings)} (tests use {@link ServerSettings#forTest}, ports 0), read the bound
 * ports, and {@link #stop()} it. Logging is not configured here; {@code pideploy serve} does that first.
 */
public final class PiDeployServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PiDeployServer.class.getName());
    public static final String FIRST_USER = "admin";

    private final ServerSettings settings;
    private final Fleet fleet;
    private final EventBroker broker;
    private final DeployHttpServer http;
    private final Optional<String> generatedPassword;
    private final Instant startedAt;
    private final TransferWorkers transfer;
    private final AutoCloseable liveFeed;
    private final Optional<KitKeeper> kitKeeper;
    /** Where the kit and its Debian packages go below the data directory (as `pideploy netboot build` puts them). */
    public static final String KIT_DIR = "netboot/tftp";

    public static final String DEBS_DIR = "netboot/debs";
    /** How often the database is read for events other processes committed. */
    static final java.time.Duration TAIL_INTERVAL = java.time.Duration.ofSeconds(1);

    private volatile boolean stopped;
    private final DataDirLock lock;
    private final Housekeeping housekeeping;
    private final DeployMetrics metrics;
    /** The server's one clock: uptime is measured by it, never by the system clock behind its back. */
    private final Clock clock;

    private final LogRing logs;
    private volatile Heartbeat heartbeat;
    private volatile Notifications notifications;
    private volatile ImageSync imageSync;

    private PiDeployServer(
            ServerSettings settings,
            Fleet fleet,
            EventBroker broker,
            DeployHttpServer http,
            Optional<String> generatedPassword,
            Instant startedAt,
            TransferWorkers transfer,
            AutoCloseable liveFeed,
            Optional<KitKeeper> kitKeeper,
            DataDirLock lock,
            Housekeeping housekeeping,
            DeployMetrics metrics,
            Clock clock,
            LogRing logs) {
        this.clock = clock;
        this.logs = logs;
        this.metrics = metrics;
        this.lock = lock;
        this.housekeeping = housekeeping;
        this.transfer = transfer;
        this.kitKeeper = kitKeeper;
        this.liveFeed = liveFeed;
        this.settings = settings;
        this.fleet = fleet;
        this.broker = broker;
        this.http = http;
        this.generatedPassword = generatedPassword;
        this.startedAt = startedAt;
    }

    /** Where notices go, and the log of their deliveries (ADR-0085). */
    public Notifications notifications() {
        return notifications;
    }

    public static PiDeployServer start(ServerSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /**
     * @throws DataDirInUseException if another server runs on the data directory
     * @throws pideploy.deploy.core.port.CorruptStorageException if the database fails its integrity check
     */
    public static PiDeployServer start(ServerSettings settings, Clock clock) {
        DataDirLock lock = DataDirLock.acquire(settings.dataDir(), clock);
        // First, so the start-up lines (schema version, listeners) are on the System page too (ADR-0088).
        LogRing logs = LogRing.attach(LogRing.CAPACITY);
        EventBroker broker = new EventBroker(1000, Duration.ofSeconds(1), clock);
        DeployMetrics metrics = new DeployMetrics();
        LiveEvents live = new LiveEvents(broker);
        // Failures, stalls and breaker trips go to the operator's webhook and e-mail (ADR-0085).
        Notifications notifications = new Notifications(settings.dataDir(), RetryPolicy.DEFAULT, clock);
        // Every deployment records the server that answered it (ADR-0098).
        ServerName name = settings.core().serverName().orElseGet(SettingsResolver::hostServerName);
        Fleet fleet;
        try {
            fleet = Fleet.open(
                    settings.dataDir(),
                    live,
                    clock,
                    settings.core().withServerName(name),
                    settings.database(),
                    notifications.notifier());
        } catch (RuntimeException e) {
            broker.close();
            logs.detach();
            lock.close();
            throw e;
        }
        TransferWorkers transfer = null;
        AutoCloseable liveFeed = null;
        Housekeeping housekeeping = null;
        PiDeployServer[] self = new PiDeployServer[1];
        try {
            // Events committed by the admin command line or another server (ADR-0032, ADR-0097).
            liveFeed = fleet.db().startLiveFeed(live, TAIL_INTERVAL);
            transfer = TransferWorkers.start(fleet, clock);
            housekeeping = Housekeeping.start(
                    fleet.db().fleetStore(),
                    fleet.db().auditLog(),
                    // Deployments it abandons fail (ADR-0047): told about like any other failure.
                    new NoticeRaisingPublisher(live, notifications.notifier()),
                    notifications.notifier(),
                    () -> notifications.targets().poolThreshold(),
                    settings.core(),
                    clock);
            Optional<String> generated = ensureFirstUser(fleet, settings.adminPassword(), clock);
            Instant startedAt = clock.instant();
            DeployHttpServer http = DeployHttp.start(
                    settings.http(),
                    new DeployHttp.Parts(
                            fleet.core(),
                            fleet.db().users(),
                            fleet.db().auditLog(),
                            fleet.db().sessions(),
                            fleet.db().apiTokens(),
                            broker,
                            metrics,
                            () -> self[0] == null ? Map.of() : self[0].systemFacts(),
                            clock,
                            Version.VALUE,
                            Optional.of(transfer.forms().find()),
                            () -> diskFull(settings.dataDir()),
                            logs));
            Optional<KitKeeper> keeper = settings.netboot().build()
                    ? Optional.of(KitKeeper.start(
                            kitSetup(settings),
                            () -> fleet.core().listImages().list(Optional.empty()).stream()
                                    .filter(MasterImage::isActive)
                                    .toList()))
                    : Optional.empty();
            // Helidon does not tell the application when an accept loop ends; its log record does (ADR-0044).
            AcceptLoopEndWatch.install(http::acceptLoopEnded);
            self[0] = new PiDeployServer(
                    settings,
                    fleet,
                    broker,
                    http,
                    generated,
                    startedAt,
                    transfer,
                    liveFeed,
                    keeper,
                    lock,
                    housekeeping,
                    metrics,
                    clock,
                    logs);
            self[0].notifications = notifications;
            self[0].heartbeat = Heartbeat.start(
                    fleet.db().servers(),
                    clock,
                    name,
                    settings.http()
                            .publicUrl()
                            .map(URI::toString)
                            .orElse(self[0].deviceUrl().toString()),
                    startedAt);
            if (settings.database() instanceof pideploy.deploy.server.config.DatabaseChoice.Postgres) {
                // Files of images other servers registered come from them (ADR-0099).
                Heartbeat beat = self[0].heartbeat;
                self[0].imageSync = ImageSync.start(
                        fleet.core().listImages(),
                        transfer.forms().find(),
                        fleet.images(),
                        fleet.db().servers(),
                        () -> Optional.of(beat.self()),
                        clock);
            }
            LOG.log(Level.INFO, "PiDeploy {0} serving data directory {1}", Version.VALUE, settings.dataDir());
            return self[0];
        } catch (RuntimeException e) {
            if (self[0] != null) {
                self[0].stop();
                throw e;
            }
            broker.close();
            metrics.close();
            if (liveFeed != null) {
                closeQuietly(liveFeed);
            }
            if (transfer != null) {
                transfer.close();
            }
            if (housekeeping != null) {
                housekeeping.close();
            }
            fleet.close();
            logs.detach();
            lock.close();
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "stopping the live event feed failed: {0}", e.toString());
        }
    }

    /** Below this much free space the data directory's disk counts as full (or 1% of a disk smaller than 6.4 GB). */
    static final long MIN_FREE_BYTES = 64L << 20;

    /**
     * Why the data directory's disk counts as full now: less free space than an image upload's buffers, a WAL
     * checkpoint and the logs need to go on working.
     */
    static Optional<String> diskFull(Path dataDir) {
        try {
            FileStore store = Files.getFileStore(dataDir);
            long free = store.getUsableSpace();
            long floor = Math.min(MIN_FREE_BYTES, store.getTotalSpace() / 100);
            return free < floor
                    ? Optional.of(("%d bytes free in %s, below the %d the server needs; remove old "
                                    + "images (pideploy image list) or logs")
                            .formatted(free, dataDir, floor))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot read the free space of " + dataDir + ": " + e.getMessage());
        }
    }

    /**
     * Creates {@code admin} when there is no account yet: with the given password, or a generated one that the
     * caller prints once. Two processes racing here both succeed; only one account is made.
     */
    static Optional<String> ensureFirstUser(Fleet fleet, Optional<String> password, Clock clock) {
        var users = fleet.db().users();
        if (!users.list().isEmpty()) {
            return Optional.empty();
        }
        String pw = password.orElseGet(PasswordHash::generate);
        try {
            users.add(new User(FIRST_USER, PasswordHash.hash(pw.toCharArray()), clock.instant(), Role.ADMIN));
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        LOG.log(Level.INFO, "created the first operator account ''{0}''", FIRST_USER);
        return password.isPresent() ? Optional.empty() : Optional.of(pw);
    }

    public int devicePort() {
        return http.devicePort();
    }

    public int adminPort() {
        return http.adminPort();
    }

    /** Base URL of the device listener, with a loopback host when it listens on every interface. */
    public URI deviceUrl() {
        return url(settings.http().deployHost(), devicePort());
    }

    public URI adminUrl() {
        return url(settings.http().adminHost(), adminPort());
    }

    /** The generated password of {@code admin}, present only on the start that created the account without one. */
    public Optional<String> generatedAdminPassword() {
        return generatedPassword;
    }

    public DeployCore core() {
        return fleet.core();
    }

    /** Runs one housekeeping round now (history thinning, hostname reclaiming when on), as the timer does. */
    public void housekeepNow() {
        housekeeping.runNow();
    }

    /** Transfer-form use cases (ADR-0025): state queries, and preparing outstanding images now. */
    public TransferForms transferForms() {
        return transfer.forms();
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    public ServerSettings settings() {
        return settings;
    }

    public boolean isRunning() {
        return !stopped && http.isRunning();
    }

    /**
     * Stops gracefully: listeners stop accepting and in-flight requests get the grace period; event streams end;
     * then the database closes. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.log(
                Level.INFO,
                "stopping: no new requests, {0} s for those in flight",
                settings.http().shutdownGrace().toSeconds());
        broker.close();
        kitKeeper.ifPresent(KitKeeper::close);
        if (imageSync != null) {
            imageSync.close();
        }
        if (heartbeat != null) {
            heartbeat.close();
        }
        try {
            http.stop();
        } finally {
            closeQuietly(liveFeed);
            transfer.close();
            housekeeping.close();
            metrics.close();
            fleet.close();
            lock.close();
            LOG.log(Level.INFO, "stopped; database closed");
            logs.detach();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The kit keeper's inputs: the kit, packages and installer below the data directory unless said otherwise. */
    private static KitKeeper.Setup kitSetup(ServerSettings settings) {
        Path data = settings.dataDir();
        Optional<String> server = settings.netboot()
                .serverUrl()
                .or(() -> settings.http().publicUrl().map(URI::toString));
        return new KitKeeper.Setup(
                data.resolve(KIT_DIR),
                data.resolve(DEBS_DIR),
                settings.netboot().installerDir().orElseGet(NetbootKit::defaultInstallerDir),
                server,
                data.resolve(Fleet.IMAGES_DIR),
                Path.of(System.getProperty("java.home")));
    }

    /** Version, listeners, database, disk and netboot kit, as the System page shows them. */
    public Map<String, Object> systemFacts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("version", Version.VALUE);
        facts.put("java", Runtime.version().toString());
        facts.put("started_at", startedAt);
        facts.put("uptime_seconds", Duration.between(startedAt, clock.instant()).toSeconds());
        facts.put(
                "listeners",
                Map.of(
                        "device", Map.of("host", settings.http().deployHost(), "port", devicePort()),
                        "operator", Map.of("host", settings.http().adminHost(), "port", adminPort())));
        facts.put("public_url", settings.http().publicUrl().map(URI::toString).orElse(null));
        facts.put("fleet_servers", fleetServers());
        Map<String, Object> db = new LinkedHashMap<>();
        if (settings.database() instanceof pideploy.deploy.server.config.DatabaseChoice.Postgres) {
            // A shared database: its size is the DBA's to watch, and its address is what an operator needs here.
            db.put("url", fleet.db().where());
        } else {
            Path dbFile = settings.dataDir().resolve(Fleet.DATABASE_FILE);
            db.put("file", dbFile.toString());
            db.put("size_bytes", size(dbFile) + size(Path.of(dbFile + "-wal")));
        }
        db.put("status", fleet.core().checkHealth().database().text());
        facts.put("database", db);
        Map<String, Object> disk = new LinkedHashMap<>();
        disk.put("data_dir", settings.dataDir().toString());
        disk.put("images_bytes", treeSize(settings.dataDir().resolve(Fleet.IMAGES_DIR)));
        disk.put("logs_bytes", treeSize(settings.logDir()));
        try {
            FileStore store = Files.getFileStore(settings.dataDir());
            disk.put("free_bytes", store.getUsableSpace());
            disk.put("total_bytes", store.getTotalSpace());
        } catch (IOException e) {
            disk.put("free_bytes", null);
        }
        facts.put("disk", disk);
        Map<String, Object> netboot = new LinkedHashMap<>(KitKeeper.KitStatus.facts(
                settings.dataDir().resolve(KIT_DIR), settings.netboot().dnsmasqConfig()));
        netboot.put(
                "server_builds_kit",
                kitKeeper
                        .map(KitKeeper::facts)
                        .map(Object.class::cast)
                        .orElse(
                                "off (netboot-build: on to rebuild the kit at start and when the active image changes)"));
        facts.put("netboot", netboot);
        facts.put("housekeeping", housekeeping.facts());
        return facts;
    }

    /** The fleet's servers by name with their last heartbeat (ADR-0098); this one marked. */
    private List<Map<String, Object>> fleetServers() {
        Heartbeat beat = heartbeat;
        try {
            return fleet.db().servers().list().stream()
                    .map(s -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", s.name().value());
                        m.put(
                                "this_server",
                                beat != null && beat.self().instance().equals(s.instance()));
                        m.put("version", s.version());
                        m.put("device_url", s.deviceUrl());
                        m.put("started_at", s.startedAt());
                        m.put("heartbeat_at", s.heartbeatAt());
                        return m;
                    })
                    .toList();
        } catch (StorageException e) {
            return List.of(Map.of("error", "cannot read the fleet's servers: " + e.getMessage()));
        }
    }

    private static long size(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static long treeSize(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.mapToLong(PiDeployServer::size).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static URI url(String host, int port) {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        if (h.contains(":")) {
            h = "[" + h + "]";
        }
        return URI.create("http://" + h + ":" + port);
    }
}
