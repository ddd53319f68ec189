package pideploy.deploy.core.usecase;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import pideploy.deploy.core.image.CustomizationDetection;
import pideploy.deploy.core.image.CustomizationMethod;
import pideploy.deploy.core.image.DiskImageHead;
import pideploy.deploy.core.image.ImageFormat;
import pideploy.deploy.core.image.ImageOrigin;
import pideploy.deploy.core.image.ImageState;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.ArchiveContentsException;
import pideploy.deploy.core.port.CorruptArchiveException;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.ImageDecoder;
import pideploy.deploy.core.port.ImageIdentityReset;
import pideploy.deploy.core.port.ImageShrinker;
import pideploy.deploy.core.port.ImageStore;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.transfer.ImportedBmap;
import pideploy.disk.image.ByteRange;
import pideploy.disk.image.partition.PartitionTable;

/**
 * Registers a master image: unpacks it when it comes compressed (ADR-0055, the format told by its first bytes),
 * refuses what it unpacks to unless that is a whole disk image ({@link DiskImageHead}; callers check a raw file's
 * head themselves before handing it over), streams it once into the image store while computing
 * size and SHA-256 of the raw image in constant memory (one 1 MiB buffer; images are tens of GB), inspects its boot
 * partition for the first-boot method, and records it. A corrupt or truncated archive leaves nothing behind. The stored file name is {@code <product>-<version>-<original name>} (lower-case product, unsafe
 * characters replaced by '_'), unique because product + version is.
 */
public final class RegisterImage {
    private static final System.Logger LOG = System.getLogger(RegisterImage.class.getName());
    private static final int BUFFER = 1 << 20;
    private static final byte[] ZEROS = new byte[BUFFER];
    private final FleetStore store;
    private final ImageStore files;
    private final Clock clock;
    private final ImageDecoder decoder;
    private final ImageShrinker shrinker;
    private final ImageIdentityReset identityReset;

    /** Takes raw images only: a compressed file is refused as not a disk image. */
    public RegisterImage(FleetStore store, ImageStore files, Clock clock) {
        this(store, files, clock, ImageDecoder.RAW_ONLY);
    }

    /** @param decoder unpacks compressed images (ADR-0055) */
    public RegisterImage(FleetStore store, ImageStore files, Clock clock, ImageDecoder decoder) {
        this(store, files, clock, decoder, ImageShrinker.NONE);
    }

    /**
     * @param decoder  unpacks compressed images (ADR-0055)
     * @param shrinker shrinks the stored copy to its data when the command asks for it (ADR-0063)
     */
    public RegisterImage(
            FleetStore store, ImageStore files, Clock clock, ImageDecoder decoder, ImageShrinker shrinker) {
        this(store, files, clock, decoder, shrinker, ImageIdentityReset.NONE);
    }

    /**
     * @param decoder       unpacks compressed images (ADR-0055)
     * @param shrinker      shrinks the stored copy to its data when the command asks for it (ADR-0063)
     * @param identityReset takes a captured card's identity out of the stored copy (ADR-0091)
     */
    public RegisterImage(
            FleetStore store,
            ImageStore files,
            Clock clock,
            ImageDecoder decoder,
            ImageShrinker shrinker,
            ImageIdentityReset identityReset) {
        this.identityReset = Objects.requireNonNull(identityReset, "identityReset");
        this.shrinker = Objects.requireNonNull(shrinker, "shrinker");
        this.store = store;
        this.files = files;
        this.clock = clock;
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /**
     * @throws UncheckedIOException if reading the content or writing the store fails (nothing is registered)
     */
    public ImageRegistration register(RegisterImageCommand command) {
        return register(command, RegistrationProgress.NONE);
    }

    /**
     * Registers, telling {@code progress} how far it is.
     * @throws UncheckedIOException if reading the content or writing the store fails (nothing is registered)
     */
    public ImageRegistration register(RegisterImageCommand command, RegistrationProgress progress) {
        Optional<ImageRegistration> early = store.read(tx -> {
            if (tx.products().find(command.product()).isEmpty()) {
                return Optional.of(new ImageRegistration.UnknownProduct(command.product()));
            }
            if (tx.images().find(command.product(), command.version()).isPresent()) {
                return Optional.of(new ImageRegistration.AlreadyRegistered(command.product(), command.version()));
            }
            return Optional.empty();
        });
        if (early.isPresent()) {
            return early.get();
        }
        CountingInputStream source = new CountingInputStream(
                command.content(), command.publishedSha256().isPresent() ? sha256() : null);
        ImageFormat format;
        DiskImageHead head;
        try {
            ImageDecoder.Decoded decoded = decoder.open(source);
            format = decoded.format();
            head = DiskImageHead.read(decoded.content());
        } catch (CorruptArchiveException e) {
            return corrupt(command, e, source.count());
        } catch (ArchiveContentsException e) {
            return notAnImage(command, ImageFormat.ZIP, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "registering image %s %s failed: %s"
                            .formatted(command.product(), command.version(), e.getMessage()),
                    e);
        }
        // A raw file was judged by the caller already (DiskImageHead at the CLI and the upload, before anything is
        // read further); what a compressed file unpacks to is judged here.
        if (format.compressed() && head.refusal().isPresent()) {
            return notAnImage(command, format, head.refusal().get());
        }
        String fileName = fileName(command, format);
        // Holes of the file given are holes of the image only when the file is the image.
        List<ByteRange> holes = format.compressed() ? List.of() : command.sourceHoles();
        RegistrationProgress.Phase phase =
                format.compressed() ? RegistrationProgress.Phase.DECOMPRESSING : RegistrationProgress.Phase.HASHING;
        try {
            if (store.read(tx -> tx.images().findByFileName(fileName)).isEmpty()) {
                // Left over by a registration that crashed after storing the files and before recording them.
                files.delete(fileName);
                deleteImportedBmap(fileName);
            }
            long size;
            String sha256;
            try (ImageStore.PendingImage pending = files.create(fileName)) {
                MessageDigest digest = sha256();
                size = copy(
                        head.content(),
                        pending,
                        digest,
                        holes,
                        written -> progress.update(phase, source.count(), written));
                sha256 = HexFormat.of().formatHex(digest.digest());
                if (command.publishedSha256().isPresent()) {
                    // The published hash is of the whole file: what a decoder left unread (a zip's directory) too.
                    source.transferTo(java.io.OutputStream.nullOutputStream());
                    String given = source.sha256();
                    if (!given.equals(command.publishedSha256().get())) {
                        ImageRegistration.ChecksumMismatch mismatch = new ImageRegistration.ChecksumMismatch(
                                command.product(),
                                command.version(),
                                command.publishedSha256().get(),
                                given,
                                source.count());
                        LOG.log(Level.WARNING, mismatch.message());
                        return mismatch; // the pending file is never committed: nothing is left
                    }
                }
                pending.commit();
            }
            long originalSize = size;
            String originalSha256 = sha256;
            String identityNote = "";
            boolean rewritten = false; // the stored file differs from what was hashed while it was stored
            if (command.resetIdentity()) {
                progress.update(RegistrationProgress.Phase.INSPECTING, source.count(), size);
                switch (identityReset.reset(fileName)) {
                    case ImageIdentityReset.Outcome.Reset reset -> {
                        rewritten = true;
                        identityNote = "identity reset: " + String.join(", ", reset.removed()) + "; ";
                    }
                    case ImageIdentityReset.Outcome.Unchanged unchanged -> {
                        files.delete(fileName);
                        ImageRegistration.IdentityNotReset refused = new ImageRegistration.IdentityNotReset(
                                command.product(), command.version(), unchanged.reason());
                        LOG.log(Level.WARNING, refused.message());
                        return refused;
                    }
                }
            }
            String shrinkNote;
            if (!command.shrink()) {
                shrinkNote = "not shrunk: not asked to";
            } else if (command.bmap().isPresent()) {
                shrinkNote = "not shrunk: the imported block map describes the image as given";
            } else {
                progress.update(RegistrationProgress.Phase.SHRINKING, source.count(), size);
                switch (shrinker.shrink(fileName)) {
                    case ImageShrinker.Outcome.Shrunk shrunk -> {
                        size = shrunk.sizeBytes();
                        rewritten = true;
                        shrinkNote = shrunk.note();
                    }
                    case ImageShrinker.Outcome.Unchanged unchanged -> shrinkNote = "not shrunk: " + unchanged.reason();
                }
            }
            if (rewritten) {
                sha256 = rehash(fileName);
            }
            shrinkNote = identityNote + shrinkNote;
            long minCardSize = minCardSize(fileName, size);
            progress.update(RegistrationProgress.Phase.INSPECTING, source.count(), size);
            if (command.bmap().isPresent()) {
                String bmapName;
                try {
                    ImportedBmap.check(command.bmap().get(), size);
                    bmapName = ImportedBmap.nameFor(fileName);
                } catch (IllegalArgumentException e) {
                    files.delete(fileName);
                    LOG.log(
                            Level.WARNING,
                            "image {0} {1} not registered: {2}",
                            command.product(),
                            command.version(),
                            e.getMessage());
                    return new ImageRegistration.BmapRejected(command.product(), command.version(), e.getMessage());
                }
                // Stored before the image is recorded, so a preparation that sees the image also sees its map.
                try (ImageStore.PendingImage pending = files.create(bmapName)) {
                    pending.output().write(command.bmap().get());
                    pending.commit();
                }
            }
            CustomizationDetection detection;
            try (SeekableByteChannel channel = files.open(fileName)) {
                detection = CustomizationDetection.inspect(channel);
            }
            // An image that cannot be inspected (no partition table, no FAT) gets firstrun, the method every
            // Raspberry Pi OS image supports; the detection reason says so in the log.
            CustomizationMethod method =
                    command.customization().or(detection::method).orElse(CustomizationMethod.FIRSTRUN);
            ImageFormat decodedFormat = format;
            MasterImage image = new MasterImage(
                    command.product(),
                    command.version(),
                    fileName,
                    size,
                    sha256,
                    clock.instant(),
                    command.notes(),
                    method,
                    command.customization().isPresent(),
                    ImageState.INACTIVE,
                    Optional.empty(),
                    minCardSize,
                    new ImageOrigin(originalSize, originalSha256, shrinkNote));
            ImageRegistration outcome = store.write(tx -> {
                if (tx.images().find(image.product(), image.version()).isPresent()) {
                    return new ImageRegistration.AlreadyRegistered(image.product(), image.version());
                }
                if (!command.activate()) {
                    tx.images().add(image);
                    return new ImageRegistration.Registered(image, Optional.empty(), detection.reason(), decodedFormat);
                }
                Optional<MasterImage> previous = tx.images().findActive(image.product());
                previous.ifPresent(p -> tx.images().update(p.withState(ImageState.INACTIVE)));
                MasterImage active = image.activated(clock.instant());
                tx.images().add(active);
                return new ImageRegistration.Registered(active, previous, detection.reason(), decodedFormat);
            });
            if (outcome instanceof ImageRegistration.Registered r) {
                LOG.log(
                        Level.INFO,
                        "image {0} {1} registered as {2}: {3} bytes, sha256 {4}, {5} ({6}){7}{8}; {9}, "
                                + "card at least {10} bytes",
                        image.product(),
                        image.version(),
                        fileName,
                        String.valueOf(size),
                        sha256,
                        method.wireName(),
                        command.customization().isPresent() ? "operator override" : detection.reason(),
                        r.image().isActive() ? ", active" : "",
                        format.compressed()
                                ? ", unpacked from " + format.wireName() + " (" + source.count() + " bytes)"
                                : "",
                        shrinkNote,
                        String.valueOf(minCardSize));
            } else {
                files.delete(fileName);
                deleteImportedBmap(fileName);
            }
            return outcome;
        } catch (CorruptArchiveException e) {
            deleteQuietly(fileName);
            return corrupt(command, e, source.count());
        } catch (ArchiveContentsException e) {
            deleteQuietly(fileName);
            return notAnImage(command, format, e.getMessage());
        } catch (IOException e) {
            deleteQuietly(fileName);
            throw new UncheckedIOException(
                    "registering image %s %s failed: %s"
                            .formatted(command.product(), command.version(), e.getMessage()),
                    e);
        } catch (RuntimeException e) {
            deleteQuietly(fileName);
            throw e;
        }
    }

    /** SHA-256 of the stored file, after a shrink rewrote it. */
    private String rehash(String fileName) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try (SeekableByteChannel channel = files.open(fileName)) {
            while (channel.read(buffer.clear()) >= 0) {
                digest.update(buffer.flip());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The smallest card the image fits (ADR-0063): its last partition's end when the table says it ends beyond the
     * file (the first boot would grow into it), else the file's size, as the installer writes the whole file.
     */
    private long minCardSize(String fileName, long size) throws IOException {
        try (SeekableByteChannel channel = files.open(fileName)) {
            return PartitionTable.read(channel)
                    .lastPartition()
                    .map(p -> Math.max(size, p.endByteExclusive()))
                    .orElse(size);
        } catch (IllegalArgumentException | java.io.EOFException noTable) {
            return size; // not partitioned or a table cut short: the file is all there is to hold
        }
    }

    private static ImageRegistration corrupt(RegisterImageCommand command, CorruptArchiveException e, long offset) {
        ImageRegistration.CorruptArchive corrupt = new ImageRegistration.CorruptArchive(
                command.product(), command.version(), e.format(), offset, e.getMessage());
        LOG.log(Level.WARNING, corrupt.message());
        return corrupt;
    }

    private static ImageRegistration notAnImage(RegisterImageCommand command, ImageFormat format, String reason) {
        ImageRegistration.NotADiskImage refused =
                new ImageRegistration.NotADiskImage(command.product(), command.version(), format, reason);
        LOG.log(Level.WARNING, refused.message());
        return refused;
    }

    private void deleteImportedBmap(String fileName) throws IOException {
        String name;
        try {
            name = ImportedBmap.nameFor(fileName);
        } catch (IllegalArgumentException tooLong) {
            return; // no bmap can have been kept for it
        }
        files.delete(name);
    }

    private void deleteQuietly(String fileName) {
        try {
            if (store.read(tx -> tx.images().findByFileName(fileName)).isEmpty()) {
                files.delete(fileName);
                deleteImportedBmap(fileName);
            }
        } catch (IOException | StorageException e) {
            LOG.log(Level.WARNING, "could not remove unregistered image file {0}: {1}", fileName, e.getMessage());
        }
    }

    /**
     * Copies the image into {@code out}, hashing every byte. What lies in the source's {@code holes} and reads as
     * zeros is skipped instead of written, so the stored file keeps the holes (ADR-0035); bytes there that are not
     * zeros (the source changed, or its layout was wrong) are written like any others.
     */
    static long copy(InputStream in, ImageStore.PendingImage out, MessageDigest digest, List<ByteRange> holes)
            throws IOException {
        return copy(in, out, digest, holes, written -> {});
    }

    static long copy(
            InputStream in,
            ImageStore.PendingImage out,
            MessageDigest digest,
            List<ByteRange> holes,
            LongConsumer written)
            throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int hole = 0;
        int n;
        while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
            digest.update(buffer, 0, n);
            int at = 0;
            while (at < n) {
                long position = total + at;
                while (hole < holes.size() && holes.get(hole).end() <= position) {
                    hole++;
                }
                boolean inHole = hole < holes.size() && holes.get(hole).offset() <= position;
                long until = hole < holes.size()
                        ? (inHole ? holes.get(hole).end() : holes.get(hole).offset())
                        : Long.MAX_VALUE;
                int length = (int) Math.min(n - at, until - position);
                if (inHole && Arrays.mismatch(buffer, at, at + length, ZEROS, 0, length) == -1) {
                    out.skip(length);
                } else {
                    out.output().write(buffer, at, length);
                }
                at += length;
            }
            total += n;
            written.accept(total);
        }
        return total;
    }

    static String fileName(RegisterImageCommand command) {
        return fileName(command, ImageFormat.RAW);
    }

    /** The stored name; a compressed file's suffix is dropped, as the store keeps the raw image. */
    static String fileName(RegisterImageCommand command, ImageFormat format) {
        String original =
                command.originalFileName().replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._-]+", "");
        if (format.compressed()) {
            String unpacked = original.replaceAll("(?i)\\.(xz|gz|gzip|zst|zstd|zip)$", "");
            if (!unpacked.equals(original)) {
                original = unpacked.toLowerCase(Locale.ROOT).endsWith(".img") ? unpacked : unpacked + ".img";
            }
        }
        if (original.isEmpty() || original.equals(".img")) {
            original = "image.img";
        }
        String name = command.product().value().toLowerCase(Locale.ROOT) + "-"
                + command.version().value() + "-" + original;
        return MasterImage.validateFileName(name.length() > 200 ? name.substring(0, 200) : name);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Counts the bytes of the file as given, for progress and to say where an archive broke. */
    private static final class CountingInputStream extends FilterInputStream {
        private final MessageDigest digest; // of the file as given, when its published hash is to be checked
        private long count;

        CountingInputStream(InputStream in, MessageDigest digest) {
            super(in);
            this.digest = digest;
        }

        long count() {
            return count;
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
                if (digest != null) digest.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                if (digest != null) digest.update(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Read rather than skipped, so every byte is hashed.
            byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), BUFFER)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
