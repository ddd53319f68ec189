package pideploy.deploy.core.transfer;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import pideploy.deploy.core.transfer.port.SegmentCompressor;

/** A real, JDK-only {@link SegmentCompressor} for core tests (one raw deflate stream per frame). */
public final class DeflateCompressor implements SegmentCompressor {
    @Override
    public String format() {
        return "deflate-ranges-test";
    }

    @Override
    public byte[] compress(byte[] raw, int length) {
        Deflater deflater = new Deflater(1, true);
        try {
            deflater.setInput(raw, 0, length);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(length / 2 + 64);
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    public static byte[] decompress(byte[] frame, int rawLength) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(frame);
            byte[] out = new byte[rawLength];
            int n = 0;
            while (n < rawLength && !inflater.finished()) {
                n += inflater.inflate(out, n, rawLength - n);
            }
            return n == rawLength ? out : Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new IllegalStateException(e);
        } finally {
            inflater.end();
        }
    }
}
