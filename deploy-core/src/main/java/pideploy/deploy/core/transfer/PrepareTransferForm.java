package pideploy.deploy.core.transfer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.ImageStore;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.transfer.port.FileLayout;
import pideploy.deploy.core.transfer.port.SegmentCompressor;
import pideploy.deploy.core.transfer.port.TransferFormRepository;
import pideploy.disk.image.ByteRange;
import pideploy.disk.image.bmap.BlockMap;
import pideploy.disk.image.bmap.BlockMapper;
import pideploy.disk.image.bmap.BmapXml;
import pideploy.disk.image.bmap.MappedRange;
import pideploy.wire.zranges.ZrangesIndex;

/**
 * Prepares the transfer form of one registered image (ADR-0025): computes its block map with disk-image's
 * {@link BlockMapper} (only free blocks of FAT and ext filesystems it parses are unmapped), cuts the mapped ranges into
 * {@link Segment}s (or takes the {@link ImportedBmap} kept with the image instead, checking its range hashes in the
 * same pass, ADR-0033), compresses each into an independent frame through the {@link SegmentCompressor}, and writes
 * {@code .zranges}, {@code .zranges.json} and {@code .bmap} beside the image through the {@link ImageStore}; the state
 * goes {@code preparing} (with progress) to {@code ready} or {@code failed}.
 *
 * <p>Memory stays constant whatever the image size: one reader (this thread) reads segments in image order and hands
 * them to the compression executor, at most {@code parallelism + 1} segments in flight; frames are written in image
 * order as they complete, so the output is the same whatever the thread timing. Only the index entries (about 150
 * bytes per 4 MiB segment) are kept until the end.
 */
public final class PrepareTransferForm {
    private static final System.Logger LOG = System.getLogger(PrepareTransferForm.class.getName());
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private final FleetStore store;
    private final ImageStore files;
    private final TransferFormRepository forms;
    private final SegmentCompressor compressor;
    private final Executor compression;
    private final int parallelism;
    private final int segmentBytes;
    private final InstantSource clock;
    private final FileLayout layout;

    /**
     * @param compression executor the frames are compressed on (bounded, from the composition root)
     * @param parallelism how many segments to compress at once (the executor's thread count)
     */
    public PrepareTransferForm(
            FleetStore store,
            ImageStore files,
            TransferFormRepository forms,
            SegmentCompressor compressor,
            Executor compression,
            int parallelism,
            InstantSource clock) {
        this(store, files, forms, compressor, compression, parallelism, Segment.MAX_BYTES, clock);
    }

    /** With another segment size (a multiple of 4096, at most 4 MiB): tests use small ones to get many segments. */
    public PrepareTransferForm(
            FleetStore store,
            ImageStore files,
            TransferFormRepository forms,
            SegmentCompressor compressor,
            Executor compression,
            int parallelism,
            int segmentBytes,
            InstantSource clock) {
        this(store, files, forms, compressor, compression, parallelism, segmentBytes, FileLayout.UNKNOWN, clock);
    }

    /**
     * @param layout where the image files hold data, so that holes of a sparse image stay unmapped (ADR-0035);
     *               {@link FileLayout#UNKNOWN} maps by the image's filesystems alone
     */
    public PrepareTransferForm(
            FleetStore store,
            ImageStore files,
            TransferFormRepository forms,
            SegmentCompressor compressor,
            Executor compression,
            int parallelism,
            int segmentBytes,
            FileLayout layout,
            InstantSource clock) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.store = Objects.requireNonNull(store, "store");
        this.files = Objects.requireNonNull(files, "files");
        this.forms = Objects.requireNonNull(forms, "forms");
        this.compressor = Objects.requireNonNull(compressor, "compressor");
        this.compression = Objects.requireNonNull(compression, "compression");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException("transfer parallelism must be 1-64, got " + parallelism);
        }
        if (segmentBytes < BlockMap.DEFAULT_BLOCK_SIZE
                || segmentBytes > Segment.MAX_BYTES
                || segmentBytes % BlockMap.DEFAULT_BLOCK_SIZE != 0) {
            throw new IllegalArgumentException(
                    "transfer segment size must be a multiple of 4096 up to 4 MiB, got " + segmentBytes);
        }
        this.parallelism = parallelism;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Prepares (or prepares again) the transfer form of {@code image}. Expected failures (file missing or not the
     * registered size, unreadable, derived names clashing with registered images, codec errors) are recorded and
     * returned as {@link TransferPreparation.Failed}; an interrupt leaves the form {@code preparing}.
     *
     * @throws StorageException if the state cannot be recorded
     */
    public TransferPreparation prepare(MasterImage image) {
        String name = image.fileName();
        TransferForm form = forms.find(name)
                .orElseGet(() -> TransferForm.pending(name, compressor.format(), clock.instant()))
                .preparing(0, 0, clock.instant());
        forms.save(form);
        Instant started = clock.instant();
        LOG.log(
                Level.INFO,
                "transfer form of image {0} {1} ({2}): preparing {3}",
                image.product(),
                image.version(),
                name,
                compressor.format());
        List<String> written = new ArrayList<>();
        try {
            PreparedForm prepared = write(image, form, written);
            TransferForm ready = form.ready(prepared, clock.instant());
            requireRegistered(image);
            forms.save(ready);
            LOG.log(
                    Level.INFO,
                    "transfer form of image {0} {1} ready: {2} of {3} bytes mapped, {4} bytes compressed "
                            + "({5}% of the image) in {6} segments, {7} s",
                    image.product(),
                    image.version(),
                    Long.toString(prepared.mappedBytes()),
                    Long.toString(image.sizeBytes()),
                    Long.toString(prepared.compressedBytes()),
                    image.sizeBytes() == 0 ? "0" : Long.toString(prepared.compressedBytes() * 100 / image.sizeBytes()),
                    Integer.toString(prepared.segments()),
                    Long.toString(Duration.between(started, clock.instant()).toSeconds()));
            return new TransferPreparation.Ready(ready);
        } catch (ImageDeleted e) {
            deleteQuietly(written);
            LOG.log(
                    Level.INFO,
                    "transfer form of image {0} {1} ({2}): the image was deleted; preparation stopped, its files removed",
                    image.product(),
                    image.version(),
                    name);
            return new TransferPreparation.Cancelled(name);
        } catch (StorageException e) {
            if (!registered(image)) {
                // Deleted between the check and the save: the form's row went with the image.
                deleteQuietly(written);
                return new TransferPreparation.Cancelled(name);
            }
            deleteQuietly(written);
            throw e;
        } catch (InterruptedException
                | ClosedByInterruptException
                | InterruptedIOException
                | RejectedExecutionException e) {
            // Rejected: the compression executor was shut down under us, which only a stop does.
            return interrupted(image, written);
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                // A stop cancelled the compressions; what failed is a consequence, not a verdict on the image.
                return interrupted(image, written);
            }
            // Anything else fails this image for good (with the reason) instead of being retried on every scan.
            deleteQuietly(written);
            String reason = reason(e);
            TransferForm failed = forms.find(name).orElse(form).failed(reason, clock.instant());
            forms.save(failed);
            LOG.log(
                    Level.WARNING,
                    "transfer form of image {0} {1} ({2}) failed, devices get the raw image: {3}",
                    image.product(),
                    image.version(),
                    name,
                    reason);
            return new TransferPreparation.Failed(failed);
        }
    }

    /** The image was deleted while its form was being prepared (ADR-0092). */
    private static final class ImageDeleted extends RuntimeException {
        ImageDeleted(String fileName) {
            super("image " + fileName + " was deleted while its transfer form was prepared", null, false, false);
        }
    }

    private boolean registered(MasterImage image) {
        try {
            return store.read(tx -> tx.images().findByFileName(image.fileName()))
                    .isPresent();
        } catch (StorageException e) {
            return true; // cannot tell: treated as still there, the caller's own error stands
        }
    }

    private void requireRegistered(MasterImage image) {
        if (!registered(image)) {
            throw new ImageDeleted(image.fileName());
        }
    }

    private TransferPreparation interrupted(MasterImage image, List<String> written) {
        Thread.currentThread().interrupt();
        deleteQuietly(written);
        LOG.log(
                Level.INFO,
                "transfer form of image {0} {1} interrupted; prepared again on next start",
                image.product(),
                image.version());
        return new TransferPreparation.Interrupted(image.fileName());
    }

    private PreparedForm write(MasterImage image, TransferForm form, List<String> written)
            throws IOException, InterruptedException {
        String dataName = DerivedFile.DATA.nameFor(image.fileName());
        String indexName = DerivedFile.INDEX.nameFor(image.fileName());
        String bmapName = DerivedFile.BMAP.nameFor(image.fileName());
        for (String derived : List.of(dataName, indexName, bmapName)) {
            if (store.read(tx -> tx.images().findByFileName(derived)).isPresent()) {
                throw new IllegalStateException(
                        "derived file name %s is taken by a registered image".formatted(derived));
            }
            // Left over by an earlier, interrupted preparation: files are replaced, never appended to.
            files.delete(derived);
        }
        if (!files.exists(image.fileName())) {
            throw new IllegalStateException(
                    "image file %s is missing from the image store".formatted(image.fileName()));
        }
        try (SeekableByteChannel channel = files.open(image.fileName())) {
            if (channel.size() != image.sizeBytes()) {
                throw new IllegalStateException(("image file %s is %d bytes but was registered with %d; it changed "
                                + "or was damaged after registration")
                        .formatted(image.fileName(), channel.size(), image.sizeBytes()));
            }
            Optional<byte[]> imported = importedBmap(image);
            BlockMap map = imported.isPresent()
                    ? ImportedBmap.check(imported.get(), image.sizeBytes())
                    : BlockMapper.map(channel, allocated(image));
            MapSource source = imported.isPresent() ? MapSource.IMPORTED : MapSource.COMPUTED;
            List<Segment> segments = Segment.split(map, segmentBytes);
            long total = map.mappedBytes();
            requireRegistered(image);
            forms.save(form.preparing(0, total, clock.instant()));

            MessageDigest mapped = sha256();
            MessageDigest data = sha256();
            List<IndexEntry> entries = new ArrayList<>(segments.size());
            long zoffset;
            try (ImageStore.PendingImage out = files.create(dataName)) {
                WholeImage whole = new WholeImage(channel, sha256());
                RangeCheck ranges = imported.isPresent() ? new RangeCheck(map) : null;
                zoffset = compressAll(
                        image, channel, segments, out.output(), mapped, data, entries, form, total, whole, ranges);
                whole.hashUpTo(image.sizeBytes());
                String actual = hex(whole.digest.digest());
                if (!actual.equals(image.sha256())) {
                    // Segment hashes come from the file as it is now; a device must never verify against bytes
                    // that differ from the image the operator registered.
                    throw new IllegalStateException(("image file %s no longer matches the SHA-256 it was registered "
                                    + "with (%s, now %s): it was damaged or replaced after registration; register it again")
                            .formatted(image.fileName(), image.sha256(), actual));
                }
                out.commit();
                written.add(dataName);
            }
            TransferFile dataFile = new TransferFile(dataName, zoffset, hex(data.digest()));

            // An imported map is served byte for byte as it arrived (its BmapFileChecksum covers those bytes).
            byte[] bmap = imported.orElseGet(() -> BmapXml.write(map).getBytes(StandardCharsets.UTF_8));
            TransferFile bmapFile = store(bmapName, bmap, written);
            byte[] index = new ZrangesIndex(
                            compressor.format(),
                            image.sizeBytes(),
                            image.sha256(),
                            map.blockSize(),
                            total,
                            zoffset,
                            hex(mapped.digest()),
                            entries.stream().map(IndexEntry::toWire).toList())
                    .toJson();
            // The index goes last: once it exists, everything it points to exists.
            TransferFile indexFile = store(indexName, index, written);
            return new PreparedForm(total, zoffset, segments.size(), indexFile, dataFile, bmapFile, source);
        }
    }

    /** The image file's allocated ranges, logged when it is sparse (holes outside its filesystems stay unmapped). */
    private Optional<List<ByteRange>> allocated(MasterImage image) {
        Optional<List<ByteRange>> allocated = layout.allocatedRanges(image.fileName());
        allocated.ifPresent(ranges -> {
            long data = ranges.stream().mapToLong(ByteRange::length).sum();
            if (data < image.sizeBytes()) {
                LOG.log(
                        Level.INFO,
                        "image {0} {1}: sparse file, {2} of {3} bytes allocated; holes outside its filesystems stay "
                                + "unmapped",
                        image.product(),
                        image.version(),
                        Long.toString(data),
                        Long.toString(image.sizeBytes()));
            }
        });
        return allocated;
    }

    private long compressAll(
            MasterImage image,
            SeekableByteChannel channel,
            List<Segment> segments,
            OutputStream out,
            MessageDigest mapped,
            MessageDigest data,
            List<IndexEntry> entries,
            TransferForm form,
            long total,
            WholeImage whole,
            RangeCheck ranges)
            throws IOException, InterruptedException {
        Deque<CompletableFuture<Frame>> inFlight = new ArrayDeque<>();
        long zoffset = 0;
        long done = 0;
        Instant lastProgress = clock.instant();
        try {
            int next = 0;
            while (next < segments.size() || !inFlight.isEmpty()) {
                while (next < segments.size() && inFlight.size() <= parallelism) {
                    Segment segment = segments.get(next++);
                    byte[] raw = new byte[segment.length()];
                    whole.hashUpTo(segment.offset());
                    readFully(channel, segment.offset(), raw);
                    whole.add(raw);
                    if (ranges != null) {
                        ranges.add(segment, raw);
                    }
                    inFlight.addLast(CompletableFuture.supplyAsync(() -> compress(segment, raw), compression));
                }
                Frame frame = await(inFlight.removeFirst());
                out.write(frame.bytes());
                data.update(frame.bytes());
                // mapped_sha256 is a hash list: SHA-256 over the segments' hex sha256 values in order (the raw bytes
                // are covered by those; a device need not hash every mapped byte twice).
                mapped.update(frame.sha256().getBytes(StandardCharsets.US_ASCII));
                entries.add(new IndexEntry(
                        frame.segment().offset(),
                        frame.segment().length(),
                        frame.sha256(),
                        zoffset,
                        frame.bytes().length));
                zoffset += frame.bytes().length;
                done += frame.segment().length();
                Instant now = clock.instant();
                if (Duration.between(lastProgress, now).compareTo(PROGRESS_EVERY) >= 0) {
                    // Once a second, as the progress is saved: a deleted image's preparation stops here.
                    requireRegistered(image);
                    forms.save(form.preparing(done, total, now));
                    lastProgress = now;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("transfer preparation interrupted");
                }
            }
            return zoffset;
        } finally {
            inFlight.forEach(f -> f.cancel(true));
        }
    }

    private Optional<byte[]> importedBmap(MasterImage image) throws IOException {
        String name;
        try {
            name = ImportedBmap.nameFor(image.fileName());
        } catch (IllegalArgumentException tooLong) {
            return Optional.empty();
        }
        return files.exists(name) ? Optional.of(ImportedBmap.read(files, image.fileName())) : Optional.empty();
    }

    private Frame compress(Segment segment, byte[] raw) {
        byte[] frame = compressor.compress(raw, raw.length);
        if (frame == null || frame.length == 0) {
            throw new IllegalStateException("compressor returned no frame for the segment at " + segment.offset());
        }
        return new Frame(segment, raw, frame, hex(sha256().digest(raw)));
    }

    private static Frame await(CompletableFuture<Frame> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException re) {
                throw new IllegalStateException(
                        "compressing a segment failed: " + (re.getMessage() == null ? re.toString() : re.getMessage()),
                        re);
            }
            throw new IllegalStateException("compressing a segment failed: " + cause, cause);
        }
    }

    private TransferFile store(String name, byte[] content, List<String> written) throws IOException {
        try (ImageStore.PendingImage out = files.create(name)) {
            out.output().write(content);
            out.commit();
            written.add(name);
        }
        return new TransferFile(name, content.length, hex(sha256().digest(content)));
    }

    private static void readFully(SeekableByteChannel channel, long offset, byte[] into) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        channel.position(offset);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("image ends at %d while reading the segment at %d"
                        .formatted(offset + buffer.position(), offset));
            }
        }
    }

    private void deleteQuietly(List<String> names) {
        for (String n : names) {
            try {
                files.delete(n);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "could not remove derived file {0}: {1}", n, e.getMessage());
            }
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return e instanceof IOException || e instanceof UncheckedIOException ? "I/O error: " + message : message;
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * SHA-256 of the whole image in one sequential pass: the gaps between segments are read only to be hashed, the
     * segments are hashed from the bytes read for compression.
     */
    private static final class WholeImage {
        private final SeekableByteChannel channel;
        private final MessageDigest digest;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        private long hashed;

        WholeImage(SeekableByteChannel channel, MessageDigest digest) {
            this.channel = channel;
            this.digest = digest;
        }

        void hashUpTo(long end) throws IOException {
            channel.position(hashed);
            while (hashed < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - hashed));
                int n = channel.read(buffer);
                if (n < 0) {
                    throw new EOFException("image ends at %d while hashing up to %d".formatted(hashed, end));
                }
                digest.update(buffer.flip());
                hashed += n;
            }
        }

        void add(byte[] segment) {
            digest.update(segment);
            hashed += segment.length;
        }
    }

    /**
     * Checks an imported map's range hashes against the image bytes read for the segments (ADR-0033): segments are
     * cut from the ranges in order and never span two, so each range is the concatenation of its segments.
     */
    private static final class RangeCheck {
        private final BlockMap map;
        private final MessageDigest digest = sha256();
        private int range;

        RangeCheck(BlockMap map) {
            this.map = map;
        }

        void add(Segment segment, byte[] raw) {
            MappedRange r = map.ranges().get(range);
            digest.update(raw);
            long end = Math.min((r.lastBlock() + 1) * map.blockSize(), map.imageSize());
            if (segment.end() < end) {
                return;
            }
            String actual = hex(digest.digest());
            if (!actual.equals(r.sha256())) {
                throw new IllegalStateException(("imported bmap does not match the image: range of blocks %d-%d "
                                + "(bytes %d-%d) has sha256 %s in the image, the bmap says %s; register the image again with "
                                + "its own bmap or without one")
                        .formatted(
                                r.firstBlock(),
                                r.lastBlock(),
                                r.firstBlock() * map.blockSize(),
                                end,
                                actual,
                                r.sha256()));
            }
            range++;
        }
    }

    private record Frame(Segment segment, byte[] raw, byte[] bytes, String sha256) {}
}
