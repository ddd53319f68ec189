package pideploy.deploy.http.helidon.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;
import pideploy.deploy.core.deployment.CardIdentity;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.DeviceSecret;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.deployment.ProofFailure;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.device.MacAddress;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.profile.BootReport;
import pideploy.deploy.core.transfer.PreparedForm;
import pideploy.deploy.core.transfer.TransferForm;
import pideploy.deploy.core.usecase.AnswerConfig;
import pideploy.deploy.core.usecase.CheckHealth;
import pideploy.deploy.core.usecase.ConfigAnswer;
import pideploy.deploy.core.usecase.ConfigRequest;
import pideploy.deploy.core.usecase.RecordStatus;
import pideploy.deploy.core.usecase.StatusAnswer;
import pideploy.deploy.core.usecase.StatusReport;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.http.helidon.ApiProblem;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.http.helidon.JsonFields;
import pideploy.deploy.http.helidon.StorageHealth;
import pideploy.deploy.http.helidon.listener.ListenerHealth;
import pideploy.deploy.http.helidon.metrics.DeployMetrics;
import pideploy.wire.DevicePaths;
import pideploy.wire.ErrorCode;
import pideploy.wire.Fields;
import pideploy.wire.Protocol;
import pideploy.wire.zranges.ZrangesIndex;

/**
 * The device-facing use cases over HTTP (docs/protocol.md): parses the old system's request fields into core values
 * (each refusal names its field), calls {@link AnswerConfig} / {@link RecordStatus}, and maps every outcome to a status
 * and body. Field names, wire names and error codes come from the wire module, whose golden fixtures
 * {@code DeviceApiWireTest} holds these bodies to. One log line per answer, naming serial, hostname and deployment.
 */
public final class DeviceApi {
    private static final System.Logger LOG = System.getLogger(DeviceApi.class.getName());

    /**
     * The config answer, field for field what the old system's installer read, plus customization_method, and
     * {@code transfer_forms} + {@code bmap_url} only once the image's transfer form is ready (absent before; old
     * clients ignore them), and {@code device_secret} and {@code assigned_by} only for a client that announced the
     * device-proof protocol (the version 1 answer stays as it was).
     */
    public record ConfigBody(
            long deploymentId,
            String hostname,
            String productType,
            String venueCode,
            String serverIp,
            String imageUrl,
            long imageSize,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long minCardSize,
            String imageChecksum,
            String imageVersion,
            String version,
            Instant timestamp,
            String customizationMethod,
            boolean newHostname,
            @JsonInclude(JsonInclude.Include.NON_NULL) String assignedBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<TransferFormBody> transferForms,
            @JsonInclude(JsonInclude.Include.NON_NULL) String bmapUrl,
            @JsonInclude(JsonInclude.Include.NON_NULL) String deviceSecret,
            @JsonInclude(JsonInclude.Include.NON_NULL) ProfileBody profile) {
        public ConfigBody(
                long deploymentId,
                String hostname,
                String productType,
                String venueCode,
                String serverIp,
                String imageUrl,
                long imageSize,
                String imageChecksum,
                String imageVersion,
                String version,
                Instant timestamp,
                String customizationMethod,
                boolean newHostname) {
            this(
                    deploymentId,
                    hostname,
                    productType,
                    venueCode,
                    serverIp,
                    imageUrl,
                    imageSize,
                    null,
                    imageChecksum,
                    imageVersion,
                    version,
                    timestamp,
                    customizationMethod,
                    newHostname,
                    null,
                    null,
                    null,
                    null,
                    null);
        }

        @Override
        public String toString() {
            return "ConfigBody[deployment " + deploymentId + ", " + hostname + "]";
        }
    }

    /**
     * What a protocol 4 device says took effect at boot (ADR-0094); empty when it says none of it. A hook's output
     * comes base64-encoded (its bytes may not be UTF-8) and is kept as text, malformed bytes replaced.
     */
    private static Optional<BootReport> bootReport(JsonFields f) {
        Optional<String> ssid = f.optionalText(Fields.StatusRequest.WIFI_SSID, 64);
        Optional<List<String>> addresses = f.optionalTextList(Fields.StatusRequest.ADDRESSES, 16, 64);
        Optional<String> os = f.optionalText(Fields.StatusRequest.OS_VERSION, 200);
        Optional<List<JsonFields>> hooks = f.optionalObjectList(Fields.StatusRequest.HOOKS, 64);
        if (ssid.isEmpty() && addresses.isEmpty() && os.isEmpty() && hooks.isEmpty()) {
            return Optional.empty();
        }
        List<BootReport.HookResult> results = new java.util.ArrayList<>();
        for (JsonFields h : hooks.orElse(List.of())) {
            String out64 =
                    h.optionalAscii(Fields.HookResult.OUTPUT_BASE64, 8192).orElse("");
            String output = JsonFields.parse(
                    Fields.HookResult.OUTPUT_BASE64,
                    out64,
                    b -> new String(java.util.Base64.getDecoder().decode(b), java.nio.charset.StandardCharsets.UTF_8));
            String name = h.ascii(Fields.HookResult.NAME, 40);
            int version = (int) h.longValue(Fields.HookResult.VERSION, 1, Integer.MAX_VALUE);
            int exit = (int) h.longValue(Fields.HookResult.EXIT_CODE, 0, 255);
            results.add(JsonFields.parse(
                    Fields.StatusRequest.HOOKS, name, n -> new BootReport.HookResult(n, version, exit, output)));
        }
        return Optional.of(JsonFields.parse(
                Fields.StatusRequest.ADDRESSES,
                "",
                x -> new BootReport(ssid, addresses.orElse(List.of()), os, results)));
    }

    /** One offered transfer form ({@link ZrangesIndex#FORMAT}, docs/protocol.md "Transfer forms"). */
    public record TransferFormBody(
            String type, String indexUrl, String dataUrl, String indexSha256, long mappedBytes, long compressedBytes) {}

    public record StatusBody(boolean received, String hostname, long deploymentId, String status) {}

    private final Supplier<ListenerHealth> listeners;
    private final AnswerConfig answerConfig;
    private final RecordStatus recordStatus;
    private final CheckHealth health;
    private final DeployMetrics metrics;
    private final InstantSource clock;
    private final Optional<URI> publicUrl;
    private final int maxBodyBytes;
    private final String version;
    private final Function<MasterImage, Optional<TransferForm>> readyTransferForm;
    private final SpoofAudit spoofAudit;
    private final StorageHealth storage;

    public DeviceApi(
            AnswerConfig answerConfig,
            RecordStatus recordStatus,
            CheckHealth health,
            DeployMetrics metrics,
            InstantSource clock,
            Optional<URI> publicUrl,
            int maxBodyBytes,
            String version) {
        this(
                answerConfig,
                recordStatus,
                health,
                metrics,
                clock,
                publicUrl,
                maxBodyBytes,
                version,
                image -> Optional.empty(),
                StorageHealth.unlimited(clock));
    }

    /** @param readyTransferForm the image's transfer form when ready to offer (ADR-0025), else empty */
    public DeviceApi(
            AnswerConfig answerConfig,
            RecordStatus recordStatus,
            CheckHealth health,
            DeployMetrics metrics,
            InstantSource clock,
            Optional<URI> publicUrl,
            int maxBodyBytes,
            String version,
            Function<MasterImage, Optional<TransferForm>> readyTransferForm) {
        this(
                answerConfig,
                recordStatus,
                health,
                metrics,
                clock,
                publicUrl,
                maxBodyBytes,
                version,
                readyTransferForm,
                StorageHealth.unlimited(clock));
    }

    /**
     * @param readyTransferForm the image's transfer form when ready to offer (ADR-0025), else empty
     * @param storage           whether the disk is full, for {@code /health}
     */
    public DeviceApi(
            AnswerConfig answerConfig,
            RecordStatus recordStatus,
            CheckHealth health,
            DeployMetrics metrics,
            InstantSource clock,
            Optional<URI> publicUrl,
            int maxBodyBytes,
            String version,
            Function<MasterImage, Optional<TransferForm>> readyTransferForm,
            StorageHealth storage) {
        this(
                answerConfig,
                recordStatus,
                health,
                metrics,
                clock,
                publicUrl,
                maxBodyBytes,
                version,
                readyTransferForm,
                storage,
                SpoofAudit.NONE,
                ListenerHealth::unknown);
    }

    /**
     * @param spoofAudit where requests refused as spoofing attempts are recorded (ADR-0042)
     * @param listeners  the listeners' states for {@code /health} (ADR-0044)
     */
    public DeviceApi(
            AnswerConfig answerConfig,
            RecordStatus recordStatus,
            CheckHealth health,
            DeployMetrics metrics,
            InstantSource clock,
            Optional<URI> publicUrl,
            int maxBodyBytes,
            String version,
            Function<MasterImage, Optional<TransferForm>> readyTransferForm,
            StorageHealth storage,
            SpoofAudit spoofAudit,
            Supplier<ListenerHealth> listeners) {
        this.spoofAudit = spoofAudit;
        this.listeners = listeners;
        this.readyTransferForm = readyTransferForm;
        this.storage = storage;
        this.answerConfig = answerConfig;
        this.recordStatus = recordStatus;
        this.health = health;
        this.metrics = metrics;
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.maxBodyBytes = maxBodyBytes;
        this.version = version;
    }

    public void config(ServerRequest req, ServerResponse res) {
        JsonFields f = Json.readObject(req, maxBodyBytes);
        Optional<ProductCode> product = f.optionalAscii(Fields.ConfigRequest.PRODUCT_TYPE, 16)
                .map(s -> JsonFields.parse(Fields.ConfigRequest.PRODUCT_TYPE, s, ProductCode::of));
        Optional<VenueCode> venue = f.optionalAscii(Fields.ConfigRequest.VENUE_CODE, 4)
                .map(s -> JsonFields.parse(Fields.ConfigRequest.VENUE_CODE, s, VenueCode::of));
        Optional<SerialNumber> serial = f.optionalAscii(Fields.ConfigRequest.SERIAL_NUMBER, 64)
                .map(s -> JsonFields.parse(Fields.ConfigRequest.SERIAL_NUMBER, s, SerialNumber::of));
        Optional<MacAddress> mac = f.optionalAscii(Fields.ConfigRequest.MAC_ADDRESS, 17)
                .map(s -> JsonFields.parse(Fields.ConfigRequest.MAC_ADDRESS, s, MacAddress::of));
        if (serial.isEmpty() && mac.isEmpty()) {
            throw ApiProblem.invalidField(
                    Fields.ConfigRequest.SERIAL_NUMBER, "is required (or mac_address when the device has no serial)");
        }
        // A client announces the protocol it speaks; one that announces nothing is a legacy client (ADR-0042).
        long protocol = f.optionalLong(Fields.ConfigRequest.PROTOCOL, 1, Integer.MAX_VALUE)
                .orElse((long) Protocol.LEGACY);
        Optional<DeviceSecret> presented = secret(f, Fields.ConfigRequest.DEVICE_SECRET);
        // Optional: with it a card too small for the image is refused before a hostname is handed out (ADR-0047).
        OptionalLong cardSize = toOptionalLong(f.optionalLong(Fields.ConfigRequest.CARD_SIZE, 0, Long.MAX_VALUE));
        String ip = req.remotePeer().host();
        ConfigRequest request = new ConfigRequest(
                product,
                venue,
                new DeviceIdentity(serial, mac),
                ip,
                protocol >= Protocol.DEVICE_PROOF,
                presented,
                cardSize,
                protocol >= Protocol.PROFILES,
                protocol >= Protocol.HOOKS);
        Who who = new Who(serial, mac); // text only when a refusal or a debug line needs it
        ConfigAnswer answer = answerConfig.answer(request);
        switch (answer) {
            case ConfigAnswer.Assigned a -> {
                Deployment d = a.deployment();
                MasterImage image = a.image();
                String base = baseUrl(req);
                metrics.configRequest("assigned");
                // The core logs the assignment (INFO); this adds the address, for debugging only.
                if (LOG.isLoggable(Level.DEBUG)) {
                    LOG.log(
                            Level.DEBUG,
                            "config: {0} from {1} -> {2}, deployment {3}, image {4} {5}{6}",
                            who,
                            ip,
                            d.hostname(),
                            d.id(),
                            image.product(),
                            image.version(),
                            a.newHostname() ? " (new hostname)" : " (same hostname again)");
                }
                Optional<TransferForm> transfer = readyTransferForm.apply(image);
                Json.send(
                        res,
                        new ConfigBody(
                                d.id().value(),
                                d.hostname().value(),
                                d.product().value(),
                                d.venue().value(),
                                serverIp(req),
                                base + DevicePaths.IMAGES + image.fileName(),
                                image.sizeBytes(),
                                request.provesIdentity() ? image.minCardSizeBytes() : null,
                                image.sha256(),
                                image.version().value(),
                                version,
                                d.startedAt(),
                                WireMapping.wire(image.customization()).wireName(),
                                a.newHostname(),
                                request.provesIdentity()
                                        ? WireMapping.wire(a.assignedBy()).wireName()
                                        : null,
                                transfer.map(t -> List.of(transferFormBody(t, base)))
                                        .orElse(null),
                                transfer.map(t -> base
                                                + DevicePaths.IMAGES
                                                + t.prepared()
                                                        .orElseThrow()
                                                        .bmap()
                                                        .name())
                                        .orElse(null),
                                a.secret().map(DeviceSecret::value).orElse(null),
                                a.profile().map(ProfileBody::of).orElse(null)));
            }
            case ConfigAnswer.PoolExhausted e -> refuse(who, ErrorCode.POOL_EXHAUSTED, e.message());
            case ConfigAnswer.NoAssignmentRule e -> refuse(who, ErrorCode.NO_ASSIGNMENT_RULE, e.message());
            case ConfigAnswer.HostnameConflict e -> refuse(who, ErrorCode.HOSTNAME_CONFLICT, e.message());
            case ConfigAnswer.NoActiveImage e -> refuse(who, ErrorCode.NO_ACTIVE_IMAGE, e.message());
            case ConfigAnswer.ImageNotHereYet e -> {
                // Another server of the fleet registered it; this one is fetching the file (ADR-0099).
                res.header(HeaderNames.RETRY_AFTER, retryAfterSeconds(IMAGE_FETCH_RETRY));
                refuse(who, ErrorCode.IMAGE_UNAVAILABLE, e.message());
            }
            case ConfigAnswer.Unproven e -> {
                ErrorCode code = proofCode(e.failure());
                spoofAudit.record(
                        ip, mac.map(m -> "mac " + m).orElseGet(who::toString), code.wireName() + ": " + e.message());
                refuse(who, code, e.message());
            }
            case ConfigAnswer.UnknownProduct e -> refuse(who, ErrorCode.UNKNOWN_PRODUCT, e.message());
            case ConfigAnswer.UnknownVenue e -> refuse(who, ErrorCode.UNKNOWN_VENUE, e.message());
            case ConfigAnswer.DeviceNotExpected e -> refuse(who, ErrorCode.DEVICE_NOT_EXPECTED, e.message());
            case ConfigAnswer.CardTooSmall e -> refuse(who, ErrorCode.CARD_TOO_SMALL, e.message());
            case ConfigAnswer.AssignmentRateLimited e -> {
                res.header(HeaderNames.RETRY_AFTER, retryAfterSeconds(e.retryAfter()));
                refuse(who, ErrorCode.ASSIGNMENT_RATE_LIMITED, e.message());
            }
        }
    }

    private static TransferFormBody transferFormBody(TransferForm form, String base) {
        PreparedForm p = form.prepared().orElseThrow();
        return new TransferFormBody(
                form.format(),
                base + DevicePaths.IMAGES + p.index().name(),
                base + DevicePaths.IMAGES + p.data().name(),
                p.index().sha256(),
                p.mappedBytes(),
                p.compressedBytes());
    }

    private static ErrorCode proofCode(ProofFailure failure) {
        return switch (failure) {
            case SECRET_MISSING -> ErrorCode.DEVICE_SECRET_REQUIRED;
            case SECRET_WRONG -> ErrorCode.DEVICE_SECRET_INVALID;
            case HOSTNAME_MISMATCH -> ErrorCode.HOSTNAME_MISMATCH;
        };
    }

    /** The device secret a request carries; text of any other shape is a wrong secret, not a malformed request. */
    private static Optional<DeviceSecret> secret(JsonFields f, String field) {
        return f.optionalAscii(field, 128).map(DeviceSecret::presented);
    }

    /** The device as log lines name it: its serial, else its MAC. */
    private record Who(Optional<SerialNumber> serial, Optional<MacAddress> mac) {
        @Override
        public String toString() {
            return serial.map(s -> "serial=" + s).orElseGet(() -> "mac=" + mac.orElseThrow());
        }
    }

    private void refuse(Who who, ErrorCode code, String message) {
        metrics.configRequest(code.wireName());
        LOG.log(Level.DEBUG, "config refused for {0}: {1} {2}", who, code.wireName(), message);
        throw new ApiProblem(code, message);
    }

    public void status(ServerRequest req, ServerResponse res) {
        JsonFields f = Json.readObject(req, maxBodyBytes);
        Optional<DeploymentId> id = deploymentId(f);
        DeploymentStatus status = WireMapping.status(JsonFields.parse(
                Fields.StatusRequest.STATUS,
                f.ascii(Fields.StatusRequest.STATUS, 16),
                pideploy.wire.DeploymentStatus::parse));
        OptionalLong done = toOptionalLong(f.optionalLong(Fields.StatusRequest.BYTES_DONE, 0, Long.MAX_VALUE));
        OptionalLong total = toOptionalLong(f.optionalLong(Fields.StatusRequest.BYTES_TOTAL, 0, Long.MAX_VALUE));
        String message = f.optionalText(Fields.StatusRequest.MESSAGE, 2000).orElse("");
        String error = f.optionalText(Fields.StatusRequest.ERROR_MESSAGE, 2000).orElse("");
        Optional<Hostname> hostname = f.optionalAscii(Fields.StatusRequest.HOSTNAME, 63)
                .map(s -> JsonFields.parse(Fields.StatusRequest.HOSTNAME, s, Hostname::of));
        Optional<SerialNumber> serial = f.optionalAscii(Fields.StatusRequest.SERIAL, 64)
                .or(() -> f.optionalAscii(Fields.StatusRequest.SERIAL_NUMBER, 64))
                .map(s -> JsonFields.parse(Fields.StatusRequest.SERIAL, s, SerialNumber::of));
        Optional<MacAddress> mac = f.optionalAscii(Fields.StatusRequest.MAC_ADDRESS, 17)
                .map(s -> JsonFields.parse(Fields.StatusRequest.MAC_ADDRESS, s, MacAddress::of));
        Optional<FailureStep> step = f.optionalAscii(Fields.StatusRequest.STEP, 16)
                .map(s -> WireMapping.step(
                        JsonFields.parse(Fields.StatusRequest.STEP, s, pideploy.wire.FailureStep::parse)));
        // The SD card's CID register is 128 bits, read as 32 hex digits from sysfs; manfid is a hex byte.
        Optional<String> cid =
                f.optionalAscii(Fields.StatusRequest.CARD_CID, 32).map(v -> hex(Fields.StatusRequest.CARD_CID, v, v));
        Optional<String> cardName = f.optionalText(Fields.StatusRequest.CARD_NAME, 64);
        Optional<String> manfid = f.optionalAscii(Fields.StatusRequest.CARD_MANFID, 10)
                .map(v -> hex(
                        Fields.StatusRequest.CARD_MANFID,
                        v.startsWith("0x") || v.startsWith("0X") ? v.substring(2) : v,
                        v));
        Optional<CardIdentity> card = cid.isPresent() || cardName.isPresent() || manfid.isPresent()
                ? Optional.of(JsonFields.parse(
                        Fields.StatusRequest.CARD_CID,
                        "",
                        x -> new CardIdentity(cid.orElse(""), cardName.orElse(""), manfid.orElse(""))))
                : Optional.empty();
        Optional<Double> rate = f.optionalNumber(Fields.StatusRequest.WRITE_RATE, 0, 1e12);
        Optional<DeviceSecret> secret = secret(f, Fields.StatusRequest.DEVICE_SECRET);
        Optional<BootReport> boot = status == DeploymentStatus.BOOTED ? bootReport(f) : Optional.empty();
        if (id.isEmpty() && serial.isEmpty() && hostname.isEmpty() && mac.isEmpty()) {
            throw ApiProblem.invalidField(
                    Fields.StatusRequest.DEPLOYMENT_ID,
                    "is required (or serial, hostname or mac_address to mean that device's latest deployment)");
        }
        StatusReport report;
        try {
            report = new StatusReport(
                    id,
                    status,
                    done,
                    total,
                    message,
                    error,
                    hostname,
                    serial,
                    mac,
                    step,
                    card,
                    rate.map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                    secret,
                    boot);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        metrics.statusReport(status.wireName());
        String ref = id.map(i -> "deployment " + i)
                .orElseGet(() -> serial.map(s -> "serial " + s)
                        .orElseGet(
                                () -> hostname.map(h -> "hostname " + h).orElseGet(() -> "mac " + mac.orElseThrow())));
        switch (recordStatus.record(report)) {
            case StatusAnswer.Recorded r -> {
                Deployment d = r.deployment();
                // The core logs the change itself; this line is for debugging the wire.
                LOG.log(
                        Level.DEBUG,
                        "status: deployment {0} {1} serial={2} -> {3} {4}/{5} bytes{6}",
                        d.id(),
                        d.hostname(),
                        d.serial().map(Object::toString).orElse("-"),
                        status.wireName(),
                        Long.toString(d.bytesDone()),
                        Long.toString(d.bytesTotal()),
                        error.isEmpty()
                                ? ""
                                : " error: " + error
                                        + step.map(s -> " (step " + s.wireName() + ")")
                                                .orElse(""));
                Json.send(
                        res,
                        new StatusBody(
                                true,
                                d.hostname().value(),
                                d.id().value(),
                                WireMapping.wire(d.status()).wireName()));
            }
            case StatusAnswer.UnknownDeployment u -> {
                LOG.log(
                        Level.DEBUG,
                        "status {0} for unknown {1} from {2}",
                        status.wireName(),
                        ref,
                        req.remotePeer().host());
                throw new ApiProblem(ErrorCode.NOT_FOUND, u.message());
            }
            case StatusAnswer.Refused r -> {
                ErrorCode code = proofCode(r.failure());
                spoofAudit.record(
                        req.remotePeer().host(),
                        "deployment " + r.deployment().id(),
                        "%s: status %s refused: %s".formatted(code.wireName(), status.wireName(), r.message()));
                throw new ApiProblem(code, r.message());
            }
            case StatusAnswer.TooFrequent t -> {
                res.header(HeaderNames.RETRY_AFTER, retryAfterSeconds(t.retryAfter()));
                throw new ApiProblem(ErrorCode.STATUS_RATE_LIMITED, t.message());
            }
            case StatusAnswer.Abandoned a -> throw new ApiProblem(ErrorCode.DEPLOYMENT_ABANDONED, a.message());
            case StatusAnswer.InvalidTransition t -> {
                LOG.log(
                        Level.WARNING,
                        "status refused from {0}: {1}",
                        req.remotePeer().host(),
                        t.message());
                throw new ApiProblem(ErrorCode.INVALID_TRANSITION, t.message());
            }
        }
    }

    /**
     * {@code GET /health}: 200 when the database answers, the disk takes writes and every listener is up; 503
     * otherwise ({@code checks.database}, {@code checks.storage} and {@code checks.listeners} say which, with the
     * reason).
     */
    public void health(ServerRequest req, ServerResponse res) {
        Map<String, Object> checks = new LinkedHashMap<>();
        CheckHealth.Health database = health.database();
        checks.put("database", database.text());
        boolean up = database.up();
        Optional<String> full = storage.fullReason();
        if (full.isPresent()) {
            checks.put("storage", "DOWN: disk full: " + full.get());
            up = false;
            LOG.log(Level.ERROR, "health check: disk full: {0}", full.get());
        } else {
            checks.put("storage", "UP");
        }
        checks.put("active_downloads", metrics.activeDownloads());
        ListenerHealth listening = listeners.get();
        if (!listening.listeners().isEmpty()) {
            checks.put("listeners", listening.listeners());
        }
        up &= listening.allUp();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("timestamp", clock.instant());
        body.put("version", version);
        body.put("checks", checks);
        Json.send(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
    }

    private static Optional<DeploymentId> deploymentId(JsonFields f) {
        // Old installers sent the id as a number; tolerate a numeric string too.
        try {
            return f.optionalLong(Fields.StatusRequest.DEPLOYMENT_ID, 1, Long.MAX_VALUE)
                    .map(DeploymentId::new);
        } catch (ApiProblem p) {
            Optional<String> text = f.optionalAscii(Fields.StatusRequest.DEPLOYMENT_ID, 19);
            if (text.isPresent() && text.get().matches("[1-9][0-9]{0,18}")) {
                return Optional.of(
                        JsonFields.parse(Fields.StatusRequest.DEPLOYMENT_ID, text.get(), DeploymentId::parse));
            }
            throw p;
        }
    }

    /** How long a device waits for an image file this server is still fetching from another (ADR-0099). */
    static final java.time.Duration IMAGE_FETCH_RETRY = java.time.Duration.ofSeconds(10);

    /** Whole seconds, rounded up and at least 1, as {@code Retry-After} takes them. */
    private static String retryAfterSeconds(java.time.Duration wait) {
        return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
    }

    private static String hex(String field, String digits, String value) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw ApiProblem.invalidField(field, "must be hexadecimal, was '%s'".formatted(value));
        }
        return value;
    }

    private static OptionalLong toOptionalLong(Optional<Long> v) {
        return v.map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** Where devices should fetch images: the public URL when configured, else the address this device reached. */
    private String baseUrl(ServerRequest req) {
        if (publicUrl.isPresent()) {
            String s = publicUrl.get().toString();
            return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }
        String host = req.localPeer().host();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + req.localPeer().port();
    }

    private String serverIp(ServerRequest req) {
        return publicUrl.map(URI::getHost).orElseGet(() -> req.localPeer().host());
    }
}
