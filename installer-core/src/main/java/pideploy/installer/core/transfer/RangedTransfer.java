package pideploy.installer.core.transfer;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.DeploymentServer;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.RangeCodec;
import pideploy.installer.core.port.ReadBack;
import pideploy.installer.core.port.ServerReply;
import pideploy.installer.core.port.Sleeper;
import pideploy.installer.core.port.Step;
import pideploy.installer.core.port.TargetDevice;
import pideploy.installer.core.port.TransferForm;
import pideploy.installer.core.port.TransferIndex;

/**
 * The block-map + zstd transfer of one image onto one card, in the order the workflow calls it: {@link #plan}
 * (is the form offered, and is its index good?), {@link #discardUnmapped}, {@link #write}, {@link #verify}.
 * Failures are {@link TransferFailure}s naming the step. Not thread-safe; one instance per deployment.
 */
public final class RangedTransfer {
    /** Segments and frames beyond this would break the constant-memory promise; the contract says 4 MiB. */
    static final long MAX_SEGMENT = 64L << 20;
    /** Unmapped gaps smaller than this are not worth a discard command each; they are left as they are. */
    static final long MIN_DISCARD = 1L << 20;

    private static final System.Logger LOG = System.getLogger(RangedTransfer.class.getName());
    private static final HexFormat HEX = HexFormat.of();

    /** Receives progress every {@code progressInterval}: mapped bytes on the card so far and the average rate. */
    @FunctionalInterface
    public interface ProgressSink {
        void progress(long mappedBytesWritten, double bytesPerSecond);
    }

    /** A checked, usable transfer form: the offer and its verified index. */
    public record Plan(TransferForm form, TransferIndex index) {
        public Plan {
            Objects.requireNonNull(form, "form");
            Objects.requireNonNull(index, "index");
        }

        public long mappedBytes() {
            return index.mappedBytes();
        }
    }

    /**
     * What was written: the held-back head (the image's first 4 KiB), the hash list checked against
     * {@code mapped_sha256}, the mapped bytes, timing, and the mapped bytes already read back and verified during
     * the transfer (all of them when a {@link ReadBack} was given, else 0).
     */
    public record Written(byte[] head, byte[] mappedSha256, long mappedBytes, Duration elapsed, long readBackBytes) {
        public double bytesPerSecond() {
            return TransferWatch.rate(mappedBytes, elapsed.toMillis());
        }
    }

    private final DeploymentServer server;
    private final Optional<RangeCodec> codec;
    private final PipelineSettings settings;
    private final IntFunction<Duration> backoff;
    private final Sleeper sleeper;
    private final InstantSource clock;
    private final InstallObserver observer;
    private final String context;

    /**
     * @param codec   the form's reader; empty in an installer built without one (then only the raw path exists)
     * @param backoff the wait after the n-th (1-based) consecutive failed connection
     * @param context names the deployment, device and hostname in log lines
     */
    public RangedTransfer(
            DeploymentServer server,
            Optional<RangeCodec> codec,
            PipelineSettings settings,
            IntFunction<Duration> backoff,
            Sleeper sleeper,
            InstantSource clock,
            InstallObserver observer,
            String context) {
        this.server = Objects.requireNonNull(server, "server");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * Decides the path: a plan for the ranged transfer, or empty for the raw image. {@code AUTO} takes the form when
     * it is offered and its index checks out, and otherwise falls back to the raw image with a note (nothing has
     * been written yet, and the raw path verifies everything on its own). {@code ZSTD_RANGES} fails instead.
     *
     * @throws TransferFailure (step write) when the ranged form was demanded and cannot be used
     */
    public Optional<Plan> plan(DeploymentConfig config, TransferMode mode) {
        if (mode == TransferMode.RAW) {
            return Optional.empty();
        }
        Optional<TransferForm> offered = config.transferForms().stream()
                .filter(f -> f.type().equals(TransferForm.ZSTD_RANGES_V1))
                .findFirst();
        try {
            if (offered.isEmpty()) {
                throw new TransferFailure(
                        Step.WRITE,
                        "the server offers no %s form for image %s (offered: %s)"
                                .formatted(
                                        TransferForm.ZSTD_RANGES_V1,
                                        config.imageVersion(),
                                        config.transferForms().stream()
                                                .map(TransferForm::type)
                                                .toList()));
            }
            if (codec.isEmpty()) {
                throw new TransferFailure(Step.WRITE, "this installer was built without a zstd decoder");
            }
            Plan plan = new Plan(offered.get(), fetchIndex(config, offered.get()));
            LOG.log(
                    Level.INFO,
                    "{0}: block-mapped transfer: {1} of {2} bytes mapped, {3} bytes to download in {4} " + "segments",
                    context,
                    plan.mappedBytes(),
                    config.imageSize(),
                    plan.index().compressedBytes(),
                    plan.index().segments().size());
            return Optional.of(plan);
        } catch (TransferFailure e) {
            if (mode == TransferMode.ZSTD_RANGES) {
                throw new TransferFailure(
                        Step.WRITE,
                        "--transfer zstd-ranges cannot be used: " + e.getMessage() + "; use --transfer auto or raw");
            }
            if (offered.isPresent()) {
                LOG.log(
                        Level.WARNING,
                        "{0}: block-mapped transfer unusable, taking the raw image: {1}",
                        context,
                        e.getMessage());
                observer.note("block-mapped transfer unusable (%s); taking the raw image".formatted(e.getMessage()));
            } else {
                LOG.log(Level.INFO, "{0}: no block-mapped form offered; taking the raw image", context);
            }
            return Optional.empty();
        }
    }

    private TransferIndex fetchIndex(DeploymentConfig config, TransferForm form) {
        byte[] bytes = null;
        for (int failures = 0; bytes == null; ) {
            switch (server.fetchIndex(form.indexUrl())) {
                case ServerReply.Accepted<byte[]> accepted -> bytes = accepted.value();
                case ServerReply.Rejected<byte[]> rejected ->
                    throw new TransferFailure(
                            Step.WRITE,
                            "the server refused the index %s: %s".formatted(form.indexUrl(), rejected.describe()));
                case ServerReply.Unreachable<byte[]> unreachable -> {
                    if (++failures > settings.maxResumes()) {
                        throw new TransferFailure(
                                Step.WRITE,
                                "the index %s could not be fetched: %s"
                                        .formatted(form.indexUrl(), unreachable.reason()));
                    }
                    pause(backoff.apply(failures));
                }
            }
        }
        String actual = HEX.formatHex(Buffers.sha256().digest(bytes));
        if (!actual.equals(form.indexSha256())) {
            throw new TransferFailure(
                    Step.WRITE,
                    "the index %s has SHA-256 %s but the config answer says %s"
                            .formatted(form.indexUrl(), actual, form.indexSha256()));
        }
        TransferIndex index;
        try {
            index = codec.orElseThrow().parseIndex(bytes);
        } catch (IllegalArgumentException e) {
            throw new TransferFailure(
                    Step.WRITE, "the index %s is unusable: %s".formatted(form.indexUrl(), e.getMessage()));
        }
        if (index.imageSize() != config.imageSize() || !index.imageSha256().equals(config.imageChecksum())) {
            throw new TransferFailure(
                    Step.WRITE,
                    ("the index %s describes an image of %d bytes with SHA-256 %s, but "
                                    + "the config answer's image has %d bytes and SHA-256 %s")
                            .formatted(
                                    form.indexUrl(),
                                    index.imageSize(),
                                    index.imageSha256(),
                                    config.imageSize(),
                                    config.imageChecksum()));
        }
        if (index.mappedBytes() != form.mappedBytes() || index.compressedBytes() != form.compressedBytes()) {
            throw new TransferFailure(
                    Step.WRITE,
                    ("the index %s says %d mapped and %d compressed bytes, the config " + "answer %d and %d")
                            .formatted(
                                    form.indexUrl(),
                                    index.mappedBytes(),
                                    index.compressedBytes(),
                                    form.mappedBytes(),
                                    form.compressedBytes()));
        }
        if (index.maxSegmentLength() > MAX_SEGMENT || index.maxFrameLength() > MAX_SEGMENT) {
            throw new TransferFailure(
                    Step.WRITE,
                    "the index %s has segments of up to %d bytes (frames %d); at most %d "
                                    .formatted(
                                            form.indexUrl(),
                                            index.maxSegmentLength(),
                                            index.maxFrameLength(),
                                            MAX_SEGMENT)
                            + "keep memory bounded");
        }
        return index;
    }

    /**
     * Discards the unmapped ranges of {@code plan}'s image (gaps of at least 1 MiB) on {@code target}, where it can;
     * stops at the first refusal (a regular file, a card without discard). Never fails the install: discarding only
     * spares the card work, correctness never depends on it. Returns the bytes discarded.
     */
    public long discardUnmapped(TargetDevice target, Plan plan) {
        long discarded = 0;
        long from = 0;
        List<TransferIndex.Segment> segments = plan.index().segments();
        try {
            for (int i = 0; i <= segments.size(); i++) {
                long to = i < segments.size()
                        ? segments.get(i).offset()
                        : plan.index().imageSize();
                if (to - from >= MIN_DISCARD) {
                    if (!target.discard(from, to - from)) {
                        LOG.log(
                                Level.INFO,
                                "{0}: {1} does not discard; unmapped ranges are left as they are",
                                context,
                                target.name());
                        return discarded;
                    }
                    discarded += to - from;
                }
                from = i < segments.size() ? segments.get(i).end() : from;
            }
        } catch (IOException e) {
            LOG.log(
                    Level.WARNING,
                    "{0}: discarding unmapped ranges of {1} failed ({2}); they are left as they are",
                    context,
                    target.name(),
                    e.getMessage());
        }
        LOG.log(Level.INFO, "{0}: discarded {1} unmapped bytes on {2}", context, discarded, target.name());
        return discarded;
    }

    /**
     * Streams the compressed segments and writes each at its offset, except the image's first 4 KiB, which come
     * back in {@link Written#head()}. A segment is written only after its SHA-256 matched the index; the hash list
     * of the segments' SHA-256 values must equal {@code mapped_sha256}. Nothing is read back: call {@link #verify}.
     *
     * @throws TransferFailure step write for network and device failures, verify for data that does not match
     */
    public Written write(CardWriter card, Plan plan, ProgressSink sink) {
        return new SegmentPipeline(
                        server, codec.orElseThrow(), settings, backoff, sleeper, clock, observer, context, plan)
                .run(card, null, 0, sink);
    }

    /**
     * As {@link #write(CardWriter, Plan, ProgressSink)}, and reads every segment back through {@code readBack}
     * (bypassing the page cache where it can) after the flush that put it on the card, overlapped with writing
     * later segments; when it returns, every mapped byte was written, flushed and read back verified
     * ({@link Written#readBackBytes()} equals the mapped bytes). The head is still held back.
     *
     * @throws TransferFailure as above, and step verify when a segment read back does not match its SHA-256
     */
    public Written writeAndVerify(CardWriter card, ReadBack readBack, long cardSize, Plan plan, ProgressSink sink) {
        Objects.requireNonNull(readBack, "readBack");
        return new SegmentPipeline(
                        server, codec.orElseThrow(), settings, backoff, sleeper, clock, observer, context, plan)
                .run(card, readBack, cardSize, sink);
    }

    /**
     * Reads every segment back from the card, bypassing the page cache where the target can, and compares its
     * SHA-256 with the index; {@code head} stands in for the card's first bytes, which are written last.
     *
     * @throws TransferFailure step verify on a mismatch or when the card cannot be read
     */
    public void verify(ReadBack card, Plan plan, byte[] head, long cardSize) {
        new SegmentReadBack(settings, observer, plan.index()).verify(card, head, cardSize);
    }

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferFailure(Step.WRITE, "interrupted");
        }
    }
}
