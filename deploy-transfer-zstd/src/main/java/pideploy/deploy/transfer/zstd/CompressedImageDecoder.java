package pideploy.deploy.transfer.zstd;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.tukaani.xz.XZFormatException;
import org.tukaani.xz.XZIOException;
import org.tukaani.xz.XZInputStream;
import pideploy.deploy.core.image.ImageFormat;
import pideploy.deploy.core.port.ArchiveContentsException;
import pideploy.deploy.core.port.CorruptArchiveException;
import pideploy.deploy.core.port.ImageDecoder;

/**
 * The server's {@link ImageDecoder} (ADR-0055): xz with org.tukaani:xz, zstd with zstd-jni, gzip and zip with the
 * JDK, told apart by their magic numbers. Every codec checks its own integrity data (xz's and gzip's CRCs, the zstd
 * frame checksum when the file has one, a zip entry's CRC), so a damaged file fails while it streams, and a file that
 * ends before its end marker fails as truncated. Anything else is passed through as a raw image, for
 * {@code DiskImageHead} to judge.
 */
public final class CompressedImageDecoder implements ImageDecoder {
    private static final int MAGIC = 6;

    @Override
    public Decoded open(InputStream in) throws IOException {
        SourceStream source = new SourceStream(in);
        BufferedInputStream buffered = new BufferedInputStream(source, 1 << 16);
        buffered.mark(MAGIC);
        byte[] magic = buffered.readNBytes(MAGIC);
        buffered.reset();
        ImageFormat format = formatOf(magic);
        if (format == ImageFormat.RAW) {
            return new Decoded(format, buffered);
        }
        try {
            InputStream decoded = switch (format) {
                case XZ -> new XZInputStream(buffered);
                case GZIP -> new GZIPInputStream(buffered, 1 << 16);
                case ZSTD -> new ZstdInputStream(buffered);
                case ZIP -> firstImage(new ZipInputStream(buffered));
                case RAW -> throw new IllegalStateException("handled above");
            };
            return new Decoded(format, new Checked(decoded, format, source));
        } catch (IOException e) {
            throw translate(e, format, source);
        }
    }

    static ImageFormat formatOf(byte[] head) {
        if (startsWith(head, 0xFD, '7', 'z', 'X', 'Z', 0x00)) return ImageFormat.XZ;
        if (startsWith(head, 0x1F, 0x8B)) return ImageFormat.GZIP;
        if (startsWith(head, 0x28, 0xB5, 0x2F, 0xFD)) return ImageFormat.ZSTD;
        if (startsWith(head, 'P', 'K', 0x03, 0x04)) return ImageFormat.ZIP;
        return ImageFormat.RAW;
    }

    private static boolean startsWith(byte[] bytes, int... magic) {
        if (bytes.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[i] & 0xFF) != magic[i]) return false;
        }
        return true;
    }

    /** Positions the zip at its first file, which must be the image; directories before it are skipped. */
    private static ZipInputStream firstImage(ZipInputStream zip) throws IOException {
        ZipEntry entry;
        do {
            entry = zip.getNextEntry();
        } while (entry != null && entry.isDirectory());
        if (entry == null) {
            throw new ArchiveContentsException("the zip holds no file; it must hold exactly one .img");
        }
        if (!entry.getName().toLowerCase(Locale.ROOT).endsWith(".img")) {
            throw new ArchiveContentsException(
                    "the zip's first file is %s, not a .img; it must hold exactly one .img".formatted(entry.getName()));
        }
        return zip;
    }

    /**
     * A failure of the codec becomes a {@link CorruptArchiveException}; a failure of the source (the upload broke,
     * the disk could not be read) passes through unchanged, so it is not blamed on the file.
     */
    private static IOException translate(IOException e, ImageFormat format, SourceStream source) {
        if (e instanceof ArchiveContentsException || e instanceof CorruptArchiveException || source.threw(e)) {
            return e;
        }
        String what = e instanceof EOFException || "Read error or truncated source".equals(e.getMessage())
                ? "it ends before the end of its compressed data: truncated"
                : e instanceof ZipException
                                || e instanceof XZIOException
                                || e instanceof XZFormatException
                                || e.getClass().getName().startsWith("com.github.luben.zstd")
                        ? e.getMessage()
                        : e.toString();
        return new CorruptArchiveException(format, what, e);
    }

    /** The decoded image, its codec's failures translated, and a zip checked to hold nothing after the image. */
    private static final class Checked extends FilterInputStream {
        private final ImageFormat format;
        private final SourceStream source;
        private boolean ended;

        Checked(InputStream in, ImageFormat format, SourceStream source) {
            super(in);
            this.format = format;
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                if (n < 0 && !ended) {
                    ended = true;
                    if (in instanceof ZipInputStream zip) {
                        ZipEntry next;
                        do {
                            next = zip.getNextEntry();
                        } while (next != null && next.isDirectory());
                        if (next != null) {
                            throw new ArchiveContentsException(
                                    ("the zip holds %s after the image; it must hold " + "exactly one .img")
                                            .formatted(next.getName()));
                        }
                    }
                }
                return n;
            } catch (IOException e) {
                throw translate(e, format, source);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                throw translate(e, format, source);
            }
        }
    }

    /** Remembers the failures of the source itself, to tell them from the codec's. */
    private static final class SourceStream extends FilterInputStream {
        private IOException failure;

        SourceStream(InputStream in) {
            super(in);
        }

        boolean threw(IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t == failure) return true;
            }
            return false;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void close() {
            // The caller owns the source.
        }
    }
}
