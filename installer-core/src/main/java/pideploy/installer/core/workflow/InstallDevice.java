package pideploy.installer.core.workflow;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;
import pideploy.disk.image.partition.MbrEditor;
import pideploy.disk.image.partition.PartitionScheme;
import pideploy.disk.image.partition.PartitionTable;
import pideploy.installer.core.customize.CustomizationResult;
import pideploy.installer.core.customize.CustomizeBootPartition;
import pideploy.installer.core.customize.FirstBootIdentity;
import pideploy.installer.core.port.ConfigRequest;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.DeploymentServer;
import pideploy.installer.core.port.DeploymentStatus;
import pideploy.installer.core.port.DeviceFacts;
import pideploy.installer.core.port.DeviceIdentity;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.RangeCodec;
import pideploy.installer.core.port.ReadBack;
import pideploy.installer.core.port.RebootFailedException;
import pideploy.installer.core.port.Rebooter;
import pideploy.installer.core.port.ServerReply;
import pideploy.installer.core.port.Sleeper;
import pideploy.installer.core.port.StatusReport;
import pideploy.installer.core.port.Step;
import pideploy.installer.core.port.TargetCheck;
import pideploy.installer.core.port.TargetDevice;
import pideploy.installer.core.transfer.CardWriter;
import pideploy.installer.core.transfer.PipelineSettings;
import pideploy.installer.core.transfer.RangedTransfer;
import pideploy.installer.core.transfer.TransferFailure;

/**
 * The install workflow: {@code preflight → config → stream & write → verify → customize → report → reboot}.
 * Every step is reported to the server; a failure is reported as {@code failed} with its step and reason and ends
 * the run with the card carrying no partition table, so the Pi network-boots again instead of booting a half-written
 * system. Not thread-safe; one instance installs one card at a time.
 */
public final class InstallDevice {
    private static final System.Logger LOG = System.getLogger(InstallDevice.class.getName());
    private static final int MIB = 1 << 20;
    private static final HexFormat HEX = HexFormat.of();

    private final DeploymentServer server;
    private final TargetDevice target;
    private final DeviceIdentity identity;
    private final Rebooter rebooter;
    private final Sleeper sleeper;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final InstallObserver observer;
    private final InstallSettings settings;
    private final Optional<RangeCodec> rangeCodec;
    /** The current run's time limit, and the step it is in (what a timeout reports). */
    private RunTimer timer = RunTimer.none();

    private volatile Step currentStep = Step.PREFLIGHT;

    /** An installer that takes the raw image only (no reader for compressed transfer forms). */
    public InstallDevice(
            DeploymentServer server,
            TargetDevice target,
            DeviceIdentity identity,
            Rebooter rebooter,
            Sleeper sleeper,
            InstantSource clock,
            RandomGenerator random,
            InstallObserver observer,
            InstallSettings settings) {
        this(server, target, identity, rebooter, sleeper, clock, random, observer, settings, Optional.empty());
    }

    /** An installer that takes the block-mapped zstd form when offered, read with {@code rangeCodec}. */
    public InstallDevice(
            DeploymentServer server,
            TargetDevice target,
            DeviceIdentity identity,
            Rebooter rebooter,
            Sleeper sleeper,
            InstantSource clock,
            RandomGenerator random,
            InstallObserver observer,
            InstallSettings settings,
            Optional<RangeCodec> rangeCodec) {
        this.rangeCodec = Objects.requireNonNull(rangeCodec, "rangeCodec");
        this.server = Objects.requireNonNull(server, "server");
        this.target = Objects.requireNonNull(target, "target");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.rebooter = Objects.requireNonNull(rebooter, "rebooter");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Installs the image the server assigns onto the target. Never throws for an expected failure. With a timeout
     * in the settings, a run that takes longer ends as {@link InstallOutcome.TimedOut} (ADR-0048).
     */
    public InstallOutcome install(InstallRequest request) {
        timer = settings.timeout()
                .map(limit -> RunTimer.start(limit, Thread.currentThread()))
                .orElseGet(RunTimer::none);
        try {
            InstallOutcome outcome = installWithinTime(request);
            boolean beforeDeployment = outcome instanceof InstallOutcome.Refused
                    || outcome instanceof InstallOutcome.ServerFailed failed && failed.step() == Step.CONFIG;
            if (timer.expired() && beforeDeployment) {
                // Ran out before the server gave a deployment (preflight, config): there is nothing to report.
                // Later failures the deployment handled itself, as a timeout or as what they were.
                LOG.log(Level.ERROR, "{0} at {1}: {2}", timer.reason(), currentStep.wireName(), describe(outcome));
                outcome = new InstallOutcome.TimedOut(currentStep, timer.reason());
            }
            return outcome;
        } finally {
            timer.cancel();
            if (timer.expired()) {
                // The timer's interrupt is ours; the caller's thread goes on without it.
                Thread.interrupted();
            }
        }
    }

    private InstallOutcome installWithinTime(InstallRequest request) {
        enter(Step.PREFLIGHT, target.name());
        DeviceFacts device = identity.detect().overriddenBy(request.serialOverride(), request.macOverride());
        if (device.serialNumber().isEmpty() && device.macAddress().isEmpty()) {
            return refused("cannot tell who this device is: no serial number (/proc/cpuinfo, device tree) and no "
                    + "MAC address (/sys/class/net) found; pass --serial or --mac");
        }
        TargetCheck.Ready card;
        switch (target.check()) {
            case TargetCheck.Refused refusal -> {
                return refused(refusal.reason());
            }
            case TargetCheck.Ready ready -> card = ready;
        }
        LOG.log(
                Level.INFO,
                "target {0} ready: {1} bytes, {2}; device serial {3}, MAC {4}",
                target.name(),
                card.sizeBytes(),
                card.description(),
                device.serialNumber().orElse("-"),
                device.macAddress().orElse("-"));

        enter(Step.CONFIG, "%s at venue %s".formatted(request.productType(), request.venueCode()));
        ConfigRequest configRequest = new ConfigRequest(
                request.productType(),
                request.venueCode(),
                device.serialNumber(),
                device.macAddress(),
                java.util.OptionalLong.of(card.sizeBytes()));
        DeploymentConfig config;
        switch (requestConfig(configRequest)) {
            case ServerReply.Accepted<DeploymentConfig> accepted -> config = accepted.value();
            case ServerReply.Rejected<DeploymentConfig> rejected
            when rejected.cardTooSmall() -> {
                // The server's message names both sizes; nothing was assigned, so nothing is reported back.
                return refused("target %s is too small for the image (%s): %s"
                        .formatted(target.name(), rejected.code(), rejected.message()));
            }
            case ServerReply.Rejected<DeploymentConfig> rejected -> {
                return serverFailed(Step.CONFIG, "the server refused the config request: " + rejected.describe());
            }
            case ServerReply.Unreachable<DeploymentConfig> unreachable -> {
                return serverFailed(
                        Step.CONFIG,
                        "the server could not be reached after %d attempts: %s"
                                .formatted(settings.retry().maxAttempts(), unreachable.reason()));
            }
        }
        observer.stepResult(Step.CONFIG, assignment(request, config));
        return new Deployment(config, device, card, request).run();
    }

    /**
     * The hostname the device got and, when the server said, by which rule; when that is not what was asked for
     * (a held hostname or a batch of another product or venue), what was asked for too.
     */
    static String assignment(InstallRequest request, DeploymentConfig config) {
        boolean asked = config.productType().equalsIgnoreCase(request.productType())
                && config.venueCode().equalsIgnoreCase(request.venueCode());
        String got = "%s (%s at venue %s)".formatted(config.hostname(), config.productType(), config.venueCode());
        String rule = config.assignedBy()
                .map(r -> ", assigned by " + r.name().toLowerCase(Locale.ROOT))
                .orElse("");
        return asked
                ? "got " + got + rule
                : "got %s%s, not the %s at venue %s asked for"
                        .formatted(got, rule, request.productType(), request.venueCode());
    }

    private ServerReply<DeploymentConfig> requestConfig(ConfigRequest request) {
        int attempts = 0;
        int poolWaits = 0;
        while (true) {
            ServerReply<DeploymentConfig> reply = server.requestConfig(request);
            switch (reply) {
                case ServerReply.Accepted<DeploymentConfig> accepted -> {
                    return accepted;
                }
                case ServerReply.Rejected<DeploymentConfig> rejected -> {
                    if (!rejected.worthWaiting()
                            || poolWaits++ >= settings.retry().maxPoolWaits()) {
                        return rejected;
                    }
                    Duration wait = settings.retry().poolWait(random);
                    LOG.log(
                            Level.WARNING,
                            "no hostname for this device yet ({0} {1}); asking again in {2} s",
                            rejected.code(),
                            rejected.message(),
                            wait.toSeconds());
                    observer.note((rejected.poolExhausted()
                                    ? "hostname pool exhausted (%s); waiting %d s for the operator to add hostnames"
                                    : "the server holds back this device's hostname for now (%s); asking again in %d s")
                            .formatted(rejected.message(), wait.toSeconds()));
                    if (!pause(wait)) {
                        return rejected;
                    }
                }
                case ServerReply.Unreachable<DeploymentConfig> unreachable -> {
                    if (++attempts >= settings.retry().maxAttempts()) {
                        return unreachable;
                    }
                    Duration wait = settings.retry().backoff(attempts, random);
                    LOG.log(
                            Level.WARNING,
                            "config request failed ({0}); attempt {1} of {2}, retrying in {3} ms",
                            unreachable.reason(),
                            attempts,
                            settings.retry().maxAttempts(),
                            wait.toMillis());
                    observer.note("server unreachable (%s); retrying in %.1f s"
                            .formatted(unreachable.reason(), wait.toMillis() / 1000.0));
                    if (!pause(wait)) {
                        return unreachable;
                    }
                }
            }
        }
    }

    /** Everything after config: one deployment on the server, one card. */
    private final class Deployment {
        private final DeploymentConfig config;
        private final DeviceFacts device;
        private final TargetCheck.Ready card;
        private final InstallRequest request;
        private final String context;
        private double writeRate;
        /** Bytes the progress reports count: the image's, or only its mapped bytes on the ranged path. */
        private long bytesTotal;

        private Optional<RangedTransfer.Plan> ranges = Optional.empty();
        private RangedTransfer rangedTransfer;
        /** Mapped bytes the ranged transfer already read back and verified (all of them, or it failed). */
        private long rangesReadBack = -1;
        /** Set just before the partition table is written: from then on a failure must wipe it. */
        private boolean headMayBeOnCard;

        Deployment(DeploymentConfig config, DeviceFacts device, TargetCheck.Ready card, InstallRequest request) {
            this.config = config;
            this.device = device;
            this.card = card;
            this.request = request;
            this.context = "deployment %s (%s, serial %s)"
                    .formatted(
                            config.deploymentId(),
                            config.hostname(),
                            device.serialNumber().orElse(device.macAddress().orElse("-")));
            this.bytesTotal = config.imageSize();
        }

        InstallOutcome run() {
            LOG.log(
                    Level.INFO,
                    "{0}: image {1} version {2}, {3} bytes, customization {4}",
                    context,
                    config.imageUrl(),
                    config.imageVersion(),
                    config.imageSize(),
                    config.customizationMethod().wireName());
            // The image's minimum card size (ADR-0063): the whole file, and its last partition when that ends later.
            if (card.sizeBytes() < config.minCardSize()) {
                String reason =
                        "target %s holds %d bytes but the image %s needs %d; use a larger card or a shrunk image"
                                .formatted(
                                        target.name(), card.sizeBytes(), config.imageVersion(), config.minCardSize());
                reportFailed(Step.PREFLIGHT, reason);
                return refused(reason);
            }
            reportQuietly(DeploymentStatus.STARTED, 0, "installer started on " + target.name());
            try (FileChannel channel = target.openForWriting();
                    CardWriter writer = new CardWriter(channel, target.openForDirectWriting())) {
                step(Step.WRITE, "image %s, %d MiB".formatted(config.imageVersion(), config.imageSize() / MIB));
                StreamAndWrite.Streamed streamed =
                        chooseRanges() ? writeRanges(channel, writer) : streamAndWrite(channel, writer);
                LOG.log(
                        Level.INFO,
                        "{0}: {1} bytes written past the page cache (O_DIRECT), {2} through it",
                        context,
                        writer.directBytes(),
                        writer.bufferedBytes());
                step(Step.VERIFY, "%d bytes".formatted(config.imageSize()));
                reportQuietly(DeploymentStatus.VERIFYING, streamed.bytes(), "verifying");
                verify(streamed);
                byte[] head = streamed.head();
                boolean customized = false;
                if (request.customize()) {
                    step(Step.CUSTOMIZE, config.customizationMethod().wireName());
                    reportQuietly(
                            DeploymentStatus.CUSTOMIZING,
                            streamed.bytes(),
                            "customizing (" + config.customizationMethod().wireName() + ")");
                    head = customize(channel, head);
                    customized = true;
                }
                checkTime();
                headMayBeOnCard = true;
                writeHead(channel, head);
                step(Step.REPORT, "success");
                ServerReply<String> reply = reportWithRetry(report(
                        DeploymentStatus.SUCCESS,
                        bytesTotal,
                        "written, verified%s".formatted(customized ? " and customized" : ""),
                        Optional.empty(),
                        Optional.empty()));
                if (!(reply instanceof ServerReply.Accepted<String>) && timer.expired()) {
                    return fail(Step.REPORT, "the success report was not delivered in time");
                }
                timer.cancel();
                if (!(reply instanceof ServerReply.Accepted<String>)) {
                    return serverFailed(
                            Step.REPORT,
                            "the card is ready but the server did not take the success " + "report: "
                                    + describe(reply));
                }
                LOG.log(
                        Level.INFO,
                        "{0}: success, {1} bytes in {2} s ({3} MiB/s)",
                        context,
                        streamed.bytes(),
                        streamed.elapsed().toSeconds(),
                        Math.round(streamed.bytesPerSecond() / (1 << 20)));
                boolean rebooting = request.reboot() && reboot();
                return new InstallOutcome.Installed(
                        config.deploymentId(),
                        config.hostname(),
                        streamed.bytes(),
                        streamed.elapsed(),
                        streamed.bytesPerSecond(),
                        customized,
                        rebooting);
            } catch (StepFailure failure) {
                return fail(failure.step(), failure.getMessage());
            } catch (IOException e) {
                return fail(Step.WRITE, "cannot write %s: %s".formatted(target.name(), e));
            }
        }

        private StreamAndWrite.Streamed streamAndWrite(FileChannel channel, CardWriter writer) throws IOException {
            zeroEnds(channel);
            reportQuietly(DeploymentStatus.DOWNLOADING, 0, "writing " + config.imageUrl());
            StreamAndWrite transfer = new StreamAndWrite(
                    server, settings.transfer(), settings.retry(), sleeper, clock, random, observer, context);
            StreamAndWrite.Streamed streamed = transfer.run(writer, config, (bytes, rate) -> {
                writeRate = rate;
                reportQuietly(DeploymentStatus.DOWNLOADING, bytes, "writing");
            });
            writeRate = streamed.bytesPerSecond();
            return streamed;
        }

        /** Whether to take the block-mapped transfer (ADR-0028): offered, usable, and not refused by the settings. */
        private boolean chooseRanges() {
            TransferSettings t = settings.transfer();
            rangedTransfer = new RangedTransfer(
                    server,
                    rangeCodec,
                    new PipelineSettings(
                            t.bufferCount(), t.syncEvery(), t.progressInterval(), t.stallTimeout(), t.maxResumes()),
                    attempt -> settings.retry().backoff(attempt, random),
                    sleeper,
                    clock,
                    observer,
                    context);
            try {
                ranges = rangedTransfer.plan(config, settings.transferMode());
            } catch (TransferFailure e) {
                throw new StepFailure(e.step(), e.getMessage());
            }
            ranges.ifPresent(plan -> bytesTotal = plan.mappedBytes());
            return ranges.isPresent();
        }

        /** Unmapped ranges discarded (block devices), ends zeroed, then only the mapped segments written. */
        private StreamAndWrite.Streamed writeRanges(FileChannel channel, CardWriter writer) throws IOException {
            RangedTransfer.Plan plan = ranges.orElseThrow();
            rangedTransfer.discardUnmapped(target, plan);
            zeroEnds(channel);
            reportQuietly(
                    DeploymentStatus.DOWNLOADING,
                    0,
                    "writing %d mapped bytes from %s"
                            .formatted(plan.mappedBytes(), plan.form().dataUrl()));
            // Each flushed window is read back while later segments are written (ADR-0029); the head still waits.
            try (ReadBack readBack = target.openForReadBack()) {
                if (!readBack.bypassesPageCache()) {
                    LOG.log(
                            Level.INFO,
                            "{0}: {1} cannot bypass the page cache (no O_DIRECT); verifying through it",
                            context,
                            target.name());
                }
                RangedTransfer.Written written =
                        rangedTransfer.writeAndVerify(writer, readBack, card.sizeBytes(), plan, (bytes, rate) -> {
                            writeRate = rate;
                            reportQuietly(DeploymentStatus.DOWNLOADING, bytes, "writing");
                        });
                writeRate = written.bytesPerSecond();
                rangesReadBack = written.readBackBytes();
                return new StreamAndWrite.Streamed(
                        written.head(), written.mappedSha256(), written.mappedBytes(), written.elapsed());
            } catch (TransferFailure e) {
                throw new StepFailure(e.step(), e.getMessage());
            }
        }

        /** Every mapped segment read back (bypassing the page cache where possible) against its SHA-256. */
        private void verifyRanges(StreamAndWrite.Streamed streamed) throws IOException {
            if (rangesReadBack == ranges.orElseThrow().mappedBytes()) {
                // Already read back window by window during the transfer.
                LOG.log(
                        Level.INFO,
                        "{0}: verified {1} mapped bytes read back from {2} during the transfer",
                        context,
                        rangesReadBack,
                        target.name());
                return;
            }
            try (ReadBack readBack = target.openForReadBack()) {
                rangedTransfer.verify(readBack, ranges.orElseThrow(), streamed.head(), card.sizeBytes());
            } catch (TransferFailure e) {
                throw new StepFailure(e.step(), e.getMessage());
            }
            LOG.log(
                    Level.INFO,
                    "{0}: verified {1} mapped bytes read back from {2}",
                    context,
                    streamed.bytes(),
                    target.name());
        }

        /** No stale partition table, nor a GPT backup at the card's end, survives from the card's past. */
        private void zeroEnds(FileChannel channel) throws IOException {
            long size = card.sizeBytes();
            ByteBuffer zeros = AlignedBuffers.allocate(MIB);
            writeFully(channel, zeros, 0, Math.min(MIB, size));
            writeFully(channel, zeros, Math.max(0, size - MIB), Math.min(MIB, size));
            channel.force(false);
        }

        private void verify(StreamAndWrite.Streamed streamed) throws IOException {
            if (ranges.isPresent()) {
                verifyRanges(streamed);
                return;
            }
            String streamedHex = HEX.formatHex(streamed.sha256());
            if (!streamedHex.equals(config.imageChecksum())) {
                throw new StepFailure(
                        Step.VERIFY,
                        "the image as received has SHA-256 %s but the server's ".formatted(streamedHex)
                                + "image_checksum is %s: the download or the served file is corrupt"
                                        .formatted(config.imageChecksum()));
            }
            try (ReadBack readBack = target.openForReadBack()) {
                if (!readBack.bypassesPageCache()) {
                    LOG.log(
                            Level.INFO,
                            "{0}: {1} cannot bypass the page cache (no O_DIRECT); verifying through it",
                            context,
                            target.name());
                }
                byte[] cardHash = new VerifyCard(settings.transfer(), observer)
                        .sha256(readBack, streamed.head(), config.imageSize());
                String cardHex = HEX.formatHex(cardHash);
                if (!cardHex.equals(config.imageChecksum())) {
                    throw new StepFailure(
                            Step.VERIFY,
                            "the bytes read back from %s have SHA-256 %s, not %s: the "
                                            .formatted(target.name(), cardHex, config.imageChecksum())
                                    + "card did not store what was written (failing card or reader?)");
                }
            }
            LOG.log(
                    Level.INFO,
                    "{0}: verified {1} bytes read back from {2}",
                    context,
                    config.imageSize(),
                    target.name());
        }

        private byte[] customize(FileChannel channel, byte[] head) throws IOException {
            FirstBootIdentity firstBoot;
            try {
                firstBoot = new FirstBootIdentity(
                        config.hostname(),
                        config.deploymentId(),
                        device.serialNumber().orElse(""),
                        request.statusUrl(),
                        config.deviceSecret().orElse(""));
            } catch (IllegalArgumentException e) {
                throw new StepFailure(Step.CUSTOMIZE, "cannot build the first-boot script: " + e.getMessage());
            }
            CustomizationResult result = new CustomizeBootPartition(clock)
                    .customize(channel, head, config.customizationMethod(), firstBoot, config.profile());
            switch (result) {
                case CustomizationResult.Failed failed -> throw new StepFailure(Step.CUSTOMIZE, failed.reason());
                case CustomizationResult.Customized customized -> channel.force(true);
            }
            return grownHead(head);
        }

        /** The head with the root partition grown to the card's end, so the first boot's resize fills the card. */
        private byte[] grownHead(byte[] head) {
            if (head.length < 512) {
                return head;
            }
            try {
                PartitionTable table = PartitionTable.parseMbr(Arrays.copyOf(head, 512));
                if (table.scheme() != PartitionScheme.MBR) {
                    LOG.log(Level.INFO, "{0}: GPT image; partition table left as the image has it", context);
                    return head;
                }
                return MbrEditor.growLastLinuxPartition(head, card.sizeBytes());
            } catch (IllegalArgumentException e) {
                throw new StepFailure(
                        Step.CUSTOMIZE, "cannot grow the root partition to the card's end: " + e.getMessage());
            }
        }

        /** The last write: the partition table. Read back and compared before the card counts as done. */
        private void writeHead(FileChannel channel, byte[] head) throws IOException {
            writeFully(channel, ByteBuffer.wrap(head), 0, head.length);
            channel.force(true);
            int probe = (int) Math.min(TransferSettings.ALIGNMENT, config.imageSize());
            ByteBuffer back =
                    AlignedBuffers.allocate(TransferSettings.ALIGNMENT).limit(probe);
            try (ReadBack readBack = target.openForReadBack()) {
                readBack.readFully(back, 0);
            }
            byte[] first = new byte[head.length];
            back.get(0, first);
            if (!Arrays.equals(first, head)) {
                throw new StepFailure(
                        Step.VERIFY,
                        "the partition table read back from %s differs from what was ".formatted(target.name())
                                + "written");
            }
        }

        private boolean reboot() {
            enter(Step.REBOOT, "rebooting into " + config.hostname());
            try {
                rebooter.reboot();
                return true;
            } catch (RebootFailedException e) {
                LOG.log(
                        Level.ERROR,
                        "{0}: card is ready but the reboot failed: {1}; power-cycle the device",
                        context,
                        e.getMessage());
                observer.note("card ready, but reboot failed: " + e.getMessage());
                return false;
            }
        }

        /** Enters {@code step}, unless the run is out of time. */
        private void step(Step step, String detail) {
            checkTime();
            enter(step, detail);
        }

        private void checkTime() {
            if (timer.expired()) {
                throw new StepFailure(currentStep, timer.reason());
            }
        }

        private InstallOutcome fail(Step step, String reason) {
            if (timer.expired()) {
                return timedOut(reason);
            }
            LOG.log(Level.ERROR, "{0}: {1} failed: {2}", context, step.wireName(), reason);
            reportFailed(step, reason);
            return switch (step) {
                case CUSTOMIZE -> new InstallOutcome.CustomizationFailed(reason);
                case CONFIG, REPORT -> new InstallOutcome.ServerFailed(step, reason);
                case PREFLIGHT -> new InstallOutcome.Refused(reason);
                case WRITE, VERIFY, REBOOT -> new InstallOutcome.TransferFailed(step, reason);
            };
        }

        /**
         * The run is out of time: the timer's interrupt cleared (it closed the card's channel or ended a request, so
         * whatever failed was only its echo), the partition table wiped if it may have been written, and one
         * attempt to tell the server, since retrying would outlast the limit the operator set.
         */
        private InstallOutcome timedOut(String echo) {
            Thread.interrupted();
            Step step = currentStep;
            String reason = timer.reason();
            LOG.log(Level.ERROR, "{0}: {1} at {2} ({3})", context, reason, step.wireName(), echo);
            if (headMayBeOnCard) {
                wipeHead();
            }
            ServerReply<String> reply = server.reportStatus(report(
                    DeploymentStatus.FAILED, 0, step.wireName() + " failed", Optional.of(reason), Optional.of(step)));
            if (!(reply instanceof ServerReply.Accepted<String>)) {
                LOG.log(Level.WARNING, "{0}: could not report the timeout: {1}", context, describe(reply));
            }
            return new InstallOutcome.TimedOut(step, reason);
        }

        /** A card whose partition table may be on it must not boot once the run counts as failed. */
        private void wipeHead() {
            try (FileChannel channel = target.openForWriting()) {
                long size = Math.min(MIB, card.sizeBytes());
                writeFully(channel, AlignedBuffers.allocate(MIB), 0, size);
                channel.force(false);
            } catch (IOException e) {
                LOG.log(
                        Level.ERROR,
                        "{0}: cannot wipe the partition table of {1} after the timeout: {2}; erase "
                                + "the card before using it",
                        context,
                        target.name(),
                        e.toString());
            }
        }

        private void reportFailed(Step step, String reason) {
            ServerReply<String> reply = reportWithRetry(report(
                    DeploymentStatus.FAILED, 0, step.wireName() + " failed", Optional.of(reason), Optional.of(step)));
            if (!(reply instanceof ServerReply.Accepted<String>)) {
                LOG.log(Level.WARNING, "{0}: could not report the failure: {1}", context, describe(reply));
            }
        }

        private void reportQuietly(DeploymentStatus status, long bytesDone, String message) {
            ServerReply<String> reply =
                    server.reportStatus(report(status, bytesDone, message, Optional.empty(), Optional.empty()));
            if (reply instanceof ServerReply.Rejected<String> r && r.slowDown()) {
                // The server keeps fewer progress reports than we send; the next one (or the final one) is taken.
                LOG.log(
                        Level.DEBUG,
                        "{0}: status {1} not kept, the server asks for fewer reports",
                        context,
                        status.wireName());
            } else if (!(reply instanceof ServerReply.Accepted<String>)) {
                // Progress is informative; the install goes on and the next report or the final one will tell.
                LOG.log(
                        Level.WARNING,
                        "{0}: status {1} not delivered: {2}",
                        context,
                        status.wireName(),
                        describe(reply));
            }
        }

        private ServerReply<String> reportWithRetry(StatusReport report) {
            ServerReply<String> reply = server.reportStatus(report);
            for (int attempt = 1;
                    reply instanceof ServerReply.Unreachable<String>
                            && attempt < settings.retry().maxAttempts();
                    attempt++) {
                if (!pause(settings.retry().backoff(attempt, random))) {
                    break;
                }
                reply = server.reportStatus(report);
            }
            return reply;
        }

        private StatusReport report(
                DeploymentStatus status, long bytesDone, String message, Optional<String> error, Optional<Step> step) {
            return new StatusReport(
                    config.deploymentId(),
                    status,
                    bytesDone,
                    bytesTotal,
                    message,
                    error,
                    step,
                    config.hostname(),
                    device,
                    card.card(),
                    writeRate > 0 ? OptionalDouble.of(writeRate) : OptionalDouble.empty(),
                    config.deviceSecret());
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer source, long position, long length)
            throws IOException {
        ByteBuffer slice = source.duplicate().clear().limit((int) length);
        long at = position;
        while (slice.hasRemaining()) {
            at += channel.write(slice, at);
        }
    }

    private boolean pause(Duration wait) {
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void enter(Step step, String detail) {
        currentStep = step;
        observer.stepStarted(step, detail);
    }

    private static String describe(InstallOutcome outcome) {
        return switch (outcome) {
            case InstallOutcome.Installed installed -> "installed";
            case InstallOutcome.Refused refused -> refused.reason();
            case InstallOutcome.ServerFailed failed -> failed.reason();
            case InstallOutcome.TransferFailed failed -> failed.reason();
            case InstallOutcome.CustomizationFailed failed -> failed.reason();
            case InstallOutcome.TimedOut timedOut -> timedOut.reason();
        };
    }

    private InstallOutcome refused(String reason) {
        LOG.log(Level.ERROR, "refusing target {0}: {1}", target.name(), reason);
        return new InstallOutcome.Refused(reason);
    }

    private InstallOutcome serverFailed(Step step, String reason) {
        LOG.log(Level.ERROR, "{0} failed: {1}", step.wireName(), reason);
        return new InstallOutcome.ServerFailed(step, reason);
    }

    private static String describe(ServerReply<?> reply) {
        return switch (reply) {
            case ServerReply.Accepted<?> accepted -> "accepted";
            case ServerReply.Rejected<?> rejected -> rejected.describe();
            case ServerReply.Unreachable<?> unreachable -> unreachable.reason();
        };
    }
}
