package pideploy.deploy.http.helidon;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import pideploy.deploy.core.operator.NewAuditEntry;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.SessionRepository;
import pideploy.deploy.core.port.UserRepository;
import pideploy.deploy.core.transfer.FindTransferForms;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.usecase.Operators;
import pideploy.deploy.http.helidon.auth.AuditTrail;
import pideploy.deploy.http.helidon.auth.Authenticator;
import pideploy.deploy.http.helidon.auth.LoginThrottle;
import pideploy.deploy.http.helidon.auth.OperatorAccess;
import pideploy.deploy.http.helidon.auth.PasswordChecks;
import pideploy.deploy.http.helidon.auth.Pbkdf2PasswordHasher;
import pideploy.deploy.http.helidon.auth.SessionApi;
import pideploy.deploy.http.helidon.auth.Sessions;
import pideploy.deploy.http.helidon.device.DeviceApi;
import pideploy.deploy.http.helidon.events.ChangeEvents;
import pideploy.deploy.http.helidon.events.EventBroker;
import pideploy.deploy.http.helidon.events.SseHandler;
import pideploy.deploy.http.helidon.image.ImageFileHandler;
import pideploy.deploy.http.helidon.image.ImageFiles;
import pideploy.deploy.http.helidon.image.ServedFile;
import pideploy.deploy.http.helidon.listener.ListenerHealth;
import pideploy.deploy.http.helidon.manage.BatchApi;
import pideploy.deploy.http.helidon.manage.DeploymentApi;
import pideploy.deploy.http.helidon.manage.FleetApi;
import pideploy.deploy.http.helidon.manage.ImageApi;
import pideploy.deploy.http.helidon.manage.LogApi;
import pideploy.deploy.http.helidon.manage.RecentLogs;
import pideploy.deploy.http.helidon.manage.ReportApi;
import pideploy.deploy.http.helidon.manage.SystemApi;
import pideploy.deploy.http.helidon.manage.UserApi;
import pideploy.deploy.http.helidon.metrics.DeployMetrics;
import pideploy.deploy.http.helidon.web.WebFiles;

/**
 * Wires the adapter's handlers to the core's use cases and binds them to {@link RouteTable}: the one place that knows
 * which handler answers which route. The composition root creates the broker and metrics first (the core publishes
 * into the broker), then calls {@link #start}.
 */
public final class DeployHttp {
    private DeployHttp() {}

    /**
     * What the adapter needs from outside; all thread-safe. {@code transferForms} is present when the composition
     * root prepares transfer forms (ADR-0025): their derived files are then served beside the images, offered in
     * config answers once ready, and their state shown in the management API. {@code diskFull}
     * says why the data directory's disk counts as full now (empty while it takes writes), for {@code /health}.
     */
    public record Parts(
            DeployCore core,
            UserRepository users,
            AuditLog auditLog,
            SessionRepository sessions,
            ApiTokenRepository apiTokens,
            EventBroker broker,
            DeployMetrics metrics,
            Supplier<Map<String, Object>> systemFacts,
            InstantSource clock,
            String version,
            Optional<FindTransferForms> transferForms,
            Supplier<Optional<String>> diskFull,
            RecentLogs logs) {
        /** Without a log ring: {@code GET /api/v1/logs} answers no lines. */
        public Parts(
                DeployCore core,
                UserRepository users,
                AuditLog auditLog,
                SessionRepository sessions,
                ApiTokenRepository apiTokens,
                EventBroker broker,
                DeployMetrics metrics,
                Supplier<Map<String, Object>> systemFacts,
                InstantSource clock,
                String version,
                Optional<FindTransferForms> transferForms,
                Supplier<Optional<String>> diskFull) {
            this(
                    core,
                    users,
                    auditLog,
                    sessions,
                    apiTokens,
                    broker,
                    metrics,
                    systemFacts,
                    clock,
                    version,
                    transferForms,
                    diskFull,
                    RecentLogs.NONE);
        }

        /** Without a free-space probe: storage counts as full only after a write failed for lack of space. */
        public Parts(
                DeployCore core,
                UserRepository users,
                AuditLog auditLog,
                SessionRepository sessions,
                ApiTokenRepository apiTokens,
                EventBroker broker,
                DeployMetrics metrics,
                Supplier<Map<String, Object>> systemFacts,
                InstantSource clock,
                String version,
                Optional<FindTransferForms> transferForms) {
            this(
                    core,
                    users,
                    auditLog,
                    sessions,
                    apiTokens,
                    broker,
                    metrics,
                    systemFacts,
                    clock,
                    version,
                    transferForms,
                    Optional::empty);
        }

        public Parts(
                DeployCore core,
                UserRepository users,
                AuditLog auditLog,
                SessionRepository sessions,
                ApiTokenRepository apiTokens,
                EventBroker broker,
                DeployMetrics metrics,
                Supplier<Map<String, Object>> systemFacts,
                InstantSource clock,
                String version) {
            this(
                    core,
                    users,
                    auditLog,
                    sessions,
                    apiTokens,
                    broker,
                    metrics,
                    systemFacts,
                    clock,
                    version,
                    Optional.empty());
        }
    }

    public static DeployHttpServer start(HttpSettings settings, Parts p) {
        DeployCore core = p.core();
        Sessions sessions = new Sessions(p.sessions(), p.clock(), settings.sessionIdle());
        Operators operators = Operators.create(
                p.users(), p.sessions(), p.apiTokens(), p.auditLog(), new Pbkdf2PasswordHasher(), p.clock());
        AuditTrail audit = (op, action, target, details) -> {
            p.auditLog()
                    .append(new NewAuditEntry(
                            p.clock().instant(),
                            op.username(),
                            action,
                            target,
                            ("from " + op.address() + (details.isEmpty() ? "" : "; " + details))));
            // Other operators' open pages refetch what changed (ADR-0089).
            ChangeEvents.publish(p.broker(), action, target, op.username());
        };
        // Daemon threads that end when idle: nothing to close when the server stops.
        PasswordChecks passwordChecks = PasswordChecks.forThisMachine();
        Authenticator auth = new Authenticator(
                operators.authenticate(),
                sessions,
                p.apiTokens(),
                new LoginThrottle(p.clock()),
                passwordChecks,
                p.clock());
        int adminBody = settings.maxAdminBodyBytes();
        // Registered images first; then the derived files (.bmap, .zranges, .zranges.json) of ready transfer forms.
        ImageFiles images = name -> core.listImages()
                .findByFileName(name)
                .map(i -> new ServedFile(
                        i.fileName(),
                        () -> core.openImageFile().open(i.fileName()),
                        i.sizeBytes(),
                        i.sha256(),
                        i.registeredAt()))
                .or(() -> p.transferForms()
                        .flatMap(t -> t.derivedFile(name))
                        .map(d -> new ServedFile(
                                d.file().name(),
                                () -> core.openImageFile().open(d.file().name()),
                                d.file().size(),
                                d.file().sha256(),
                                d.writtenAt())));
        // Pool and deployment gauges: read by a scrape at most every few seconds, never by a device's request.
        p.metrics().watchFleet(() -> core.summarizeFleet().summarize(), p.clock());
        ImageFileHandler imageHandler = new ImageFileHandler(images, p.metrics(), p.clock());
        StorageHealth storage = new StorageHealth(p.clock(), p.diskFull());
        DeployHttpServer[] server = new DeployHttpServer[1];
        DeviceApi device = new DeviceApi(
                core.answerConfig(),
                core.recordStatus(),
                core.checkHealth(),
                p.metrics(),
                p.clock(),
                settings.publicUrl(),
                settings.maxDeviceBodyBytes(),
                p.version(),
                image -> p.transferForms().flatMap(t -> t.ready(image)),
                storage,
                (address, target, detail) -> p.auditLog()
                        .append(new NewAuditEntry(
                                p.clock().instant(), "device@" + address, "device.spoof_refused", target, detail)),
                () -> server[0] == null ? ListenerHealth.unknown() : server[0].health());
        SessionApi sessionApi = new SessionApi(auth, sessions, audit, adminBody);
        FleetApi fleet = new FleetApi(core, audit, adminBody);
        pideploy.deploy.http.helidon.manage.ProfileApi profiles =
                new pideploy.deploy.http.helidon.manage.ProfileApi(core, audit, adminBody);
        pideploy.deploy.http.helidon.manage.HookApi hooks =
                new pideploy.deploy.http.helidon.manage.HookApi(core, audit, adminBody);
        BatchApi batches = new BatchApi(core, audit, adminBody);
        ImageApi imageApi = new ImageApi(
                core,
                audit,
                adminBody,
                image -> p.transferForms().map(t -> t.stateOf(image)),
                storage,
                new pideploy.deploy.http.helidon.manage.Registrations(p.clock()));
        DeploymentApi deployments = new DeploymentApi(core);
        UserApi users = new UserApi(operators, passwordChecks, auth, adminBody);
        SystemApi system = new SystemApi(p.systemFacts());

        Routes routes = Routes.builder()
                .bind(RouteTable.CONFIG, device::config)
                .bind(RouteTable.STATUS, device::status)
                .bind(RouteTable.IMAGE_GET, imageHandler)
                .bind(RouteTable.IMAGE_HEAD, imageHandler)
                .bind(RouteTable.DEVICE_HEALTH, device::health)
                .bind(RouteTable.HEALTH, device::health)
                .bind(RouteTable.METRICS, (req, res) -> {
                    res.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                    res.send(p.metrics().scrape());
                })
                .bind(RouteTable.LOGIN, sessionApi::login)
                .bind(RouteTable.SESSION, sessionApi::current)
                .bind(RouteTable.LOGOUT, sessionApi::logout)
                .bind(RouteTable.SYSTEM, system::system)
                .bind(RouteTable.LOGS, new LogApi(p.logs())::logs)
                .bind(
                        RouteTable.EVENTS,
                        new SseHandler(
                                p.broker(),
                                p.metrics(),
                                Duration.ofSeconds(15),
                                req -> auth.authenticate(req) instanceof Authenticator.Outcome.Authenticated))
                .bind(RouteTable.PROFILES, profiles::list)
                .bind(RouteTable.PROFILE, profiles::get)
                .bind(RouteTable.PROFILE_SET, profiles::put)
                .bind(RouteTable.PROFILE_REMOVE, profiles::delete)
                .bind(RouteTable.PROFILE_PREVIEW, profiles::preview)
                .bind(RouteTable.DEPLOYMENT_PROFILE, profiles::applied)
                .bind(RouteTable.HOOKS, hooks::list)
                .bind(RouteTable.HOOK_VERSIONS, hooks::versions)
                .bind(RouteTable.HOOK_UPLOAD, hooks::upload)
                .bind(RouteTable.HOOK_REMOVE, hooks::remove)
                .bind(RouteTable.HOOK_DIFF, hooks::diff)
                .bind(RouteTable.VENUES, fleet::venues)
                .bind(RouteTable.VENUE_ADD, fleet::addVenue)
                .bind(RouteTable.VENUE_UPDATE, fleet::updateVenue)
                .bind(RouteTable.PRODUCTS, fleet::products)
                .bind(RouteTable.PRODUCT_ADD, fleet::addProduct)
                .bind(RouteTable.SUMMARY, fleet::summary)
                .bind(RouteTable.POOLS, fleet::pools)
                .bind(RouteTable.POOL, fleet::pool)
                .bind(RouteTable.POOL_IMPORT, fleet::importPool)
                .bind(RouteTable.HOSTNAME_RELEASE, fleet::release)
                .bind(RouteTable.HOSTNAME_RETIRE, fleet::retire)
                .bind(RouteTable.BATCHES, batches::list)
                .bind(RouteTable.BATCH_CREATE, batches::create)
                .bind(RouteTable.BATCH_START, batches::start)
                .bind(RouteTable.BATCH_PAUSE, batches::pause)
                .bind(RouteTable.BATCH_CANCEL, batches::cancel)
                .bind(RouteTable.BATCH_PRIORITY, batches::priority)
                .bind(RouteTable.BATCH_MOVE, batches::move)
                .bind(RouteTable.BATCH_BREAKER, batches::breaker)
                .bind(RouteTable.BATCH_EXPECTED, batches::expected)
                .bind(RouteTable.BATCH_EXPECT, batches::expect)
                .bind(RouteTable.IMAGES, imageApi::list)
                .bind(RouteTable.IMAGE_REGISTER, imageApi::register)
                .bind(RouteTable.IMAGE_ACTIVATE, imageApi::activate)
                .bind(RouteTable.IMAGE_ROLLBACK, imageApi::rollback)
                .bind(RouteTable.IMAGE_BMAP, imageApi::stageBmap)
                .bind(RouteTable.IMAGE_DELETE, imageApi::delete)
                .bind(RouteTable.CAPTURE, imageApi::capture)
                .bind(RouteTable.REGISTRATIONS, imageApi::running)
                .bind(RouteTable.DEPLOYMENTS, deployments::list)
                .bind(RouteTable.NOT_CONFIRMED, deployments::notConfirmed)
                .bind(RouteTable.DEPLOYMENT, deployments::one)
                .bind(RouteTable.DEPLOYMENT_HISTORY, deployments::history)
                .bind(RouteTable.USERS, users::list)
                .bind(RouteTable.USER_ADD, users::add)
                .bind(RouteTable.USER_PASSWORD, users::changePassword)
                .bind(RouteTable.USER_ROLE, users::setRole)
                .bind(RouteTable.USER_DELETE, users::delete)
                .bind(RouteTable.USER_TOKENS, users::tokens)
                .bind(RouteTable.USER_TOKEN_ADD, users::addToken)
                .bind(RouteTable.USER_TOKEN_REVOKE, users::revokeToken)
                .bind(RouteTable.TOKENS, users::allTokens)
                .bind(RouteTable.AUDIT, users::audit)
                .bind(RouteTable.REPORT, new ReportApi(core.buildReport())::report)
                .bind(RouteTable.DEVICE, deployments::device)
                .bind(RouteTable.WEB, new WebFiles("/web"))
                .build();
        server[0] = DeployHttpServer.start(settings, routes, new OperatorAccess(auth), p.metrics(), storage);
        return server[0];
    }
}
