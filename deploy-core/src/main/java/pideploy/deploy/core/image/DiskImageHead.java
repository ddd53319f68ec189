package pideploy.deploy.core.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.Optional;
import pideploy.disk.image.partition.PartitionTable;

/**
 * The first bytes of a file offered as a master image, read before anything is stored, and whether they are a whole
 * disk image: an MBR with at least one partition, or a protective MBR followed by a valid GPT. A file that is not
 * (a compressed archive, a single partition, a text file, a truncated download) would be registered, hashed and
 * served, and every device would write a card that cannot boot; refusing it at registration names the mistake while
 * the operator still has the file in hand.
 *
 * <p>{@link #content()} gives the whole stream back, the head first, so the caller reads the file only once.
 */
public final class DiskImageHead {
    /** MBR (LBA 0), GPT header (LBA 1) and a standard 128-entry GPT array (LBA 2..33). */
    public static final int HEAD_BYTES = 34 * 512;

    private static final int SECTOR = 512;
    private final byte[] head;
    private final InputStream rest;
    private final Optional<String> refusal;

    private DiskImageHead(byte[] head, InputStream rest) {
        this.head = head;
        this.rest = rest;
        this.refusal = inspect(head);
    }

    /** Reads up to {@value #HEAD_BYTES} bytes of {@code in}; {@code in} is not closed. */
    public static DiskImageHead read(InputStream in) throws IOException {
        return new DiskImageHead(in.readNBytes(HEAD_BYTES), in);
    }

    /** Why this is not a disk image, naming what was found; empty when it is one. */
    public Optional<String> refusal() {
        return refusal;
    }

    /**
     * The compression the first bytes announce, of the formats registration unpacks (ADR-0055): xz, gzip, zstd, zip.
     * Such a file is refused here as it stands; registration judges what it unpacks to.
     */
    public Optional<ImageFormat> packedAs() {
        if (startsWith(head, 0xFD, '7', 'z', 'X', 'Z', 0x00)) return Optional.of(ImageFormat.XZ);
        if (startsWith(head, 0x1F, 0x8B)) return Optional.of(ImageFormat.GZIP);
        if (startsWith(head, 0x28, 0xB5, 0x2F, 0xFD)) return Optional.of(ImageFormat.ZSTD);
        if (startsWith(head, 'P', 'K', 0x03, 0x04)) return Optional.of(ImageFormat.ZIP);
        return Optional.empty();
    }

    /** The whole stream from its first byte: the head already read, then the rest of the source. */
    public InputStream content() {
        return new SequenceInputStream(new ByteArrayInputStream(head), rest);
    }

    private static Optional<String> inspect(byte[] head) {
        if (head.length < SECTOR) {
            return Optional.of("it is %d bytes, smaller than a partition table (an MBR is %d bytes)"
                    .formatted(head.length, SECTOR));
        }
        Optional<String> format = knownFormat(head);
        if (format.isPresent()) {
            return Optional.of(
                    "it is %s, not a raw disk image; unpack it and register the .img inside".formatted(format.get()));
        }
        PartitionTable table;
        try {
            table = PartitionTable.read(new HeadChannel(head));
        } catch (IllegalArgumentException e) {
            return Optional.of("it has no MBR or GPT partition table: " + e.getMessage());
        } catch (IOException e) {
            // A GPT header whose entry array lies beyond the head of a long file cannot be checked here; only a
            // file that ends inside its own table is known to be cut short.
            if (head.length == HEAD_BYTES) {
                return Optional.empty();
            }
            return Optional.of("its partition table is cut short: " + e.getMessage());
        }
        if (table.partitions().isEmpty()) {
            return Optional.of("its %s partition table lists no partitions".formatted(table.scheme()));
        }
        return Optional.empty();
    }

    /** Formats operators are likely to hand in by mistake, told by their magic numbers. */
    private static Optional<String> knownFormat(byte[] head) {
        if (startsWith(head, 0xFD, '7', 'z', 'X', 'Z', 0x00)) return Optional.of("an xz-compressed file");
        if (startsWith(head, 0x1F, 0x8B)) return Optional.of("a gzip-compressed file");
        if (startsWith(head, 0x28, 0xB5, 0x2F, 0xFD)) return Optional.of("a zstd-compressed file");
        if (startsWith(head, 'P', 'K', 0x03, 0x04)) return Optional.of("a zip archive");
        if (startsWith(head, 'B', 'Z', 'h')) return Optional.of("a bzip2-compressed file");
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int... magic) {
        if (bytes.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[i] & 0xFF) != magic[i]) return false;
        }
        return true;
    }

    /** The head as a read-only channel, so the partition table reader sees exactly what a disk would show. */
    private static final class HeadChannel implements SeekableByteChannel {
        private final byte[] bytes;
        private long position;
        private boolean open = true;

        HeadChannel(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!open) throw new ClosedChannelException();
            if (position >= bytes.length) return -1;
            int n = (int) Math.min(dst.remaining(), bytes.length - position);
            dst.put(Arrays.copyOfRange(bytes, (int) position, (int) position + n));
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
