package pideploy.deploy.core.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.ImageStore;
import pideploy.disk.image.bmap.BlockMap;
import pideploy.disk.image.bmap.BmapFormatException;
import pideploy.disk.image.bmap.BmapXml;

/**
 * A bmaptool {@code .bmap} that arrived with an image (ADR-0033). It is checked at registration (its own
 * BmapFileChecksum, format, image size, block size), kept beside the image under {@link #nameFor}, and at preparation
 * used instead of the computed map; every mapped range's SHA-256 is checked against the image bytes in the same pass.
 */
public final class ImportedBmap {
    /** Kept apart from the served {@code .bmap}: preparation replaces derived files, never the operator's import. */
    public static final String SUFFIX = ".imported.bmap";
    /** Far above any real map (a 27 GB image's bmap is well under 1 MiB); a bound so a wrong file is refused. */
    public static final int MAX_BYTES = 64 << 20;

    private ImportedBmap() {}

    /** @throws IllegalArgumentException if the name would not be a valid store file name */
    public static String nameFor(String imageFileName) {
        return MasterImage.validateFileName(imageFileName + SUFFIX);
    }

    /**
     * Parses {@code bmap} and checks that it describes an image of {@code imageSize} bytes in blocks of 4096 bytes.
     * The range hashes are checked against the image's bytes during preparation.
     *
     * @throws IllegalArgumentException with the reason (bad checksum, wrong size, wrong block size, not a bmap)
     */
    public static BlockMap check(byte[] bmap, long imageSize) {
        BlockMap map = check(bmap);
        if (map.imageSize() != imageSize) {
            throw new IllegalArgumentException(
                    ("imported bmap refused: it describes an image of %d bytes, the image " + "has %d")
                            .formatted(map.imageSize(), imageSize));
        }
        return map;
    }

    /**
     * What can be checked before the image is there: the bmap parses, its checksum matches, blocks are 4096 bytes.
     *
     * @throws IllegalArgumentException with the reason
     */
    public static BlockMap check(byte[] bmap) {
        if (bmap.length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "imported bmap is %d bytes, more than the %d a bmap can need".formatted(bmap.length, MAX_BYTES));
        }
        BlockMap map;
        try {
            map = BmapXml.parse(bmap);
        } catch (BmapFormatException e) {
            throw new IllegalArgumentException("imported bmap refused: " + e.getMessage(), e);
        }
        if (map.blockSize() != BlockMap.DEFAULT_BLOCK_SIZE) {
            throw new IllegalArgumentException(
                    ("imported bmap refused: block size %d, transfer forms need %d " + "(bmaptool create's default)")
                            .formatted(map.blockSize(), BlockMap.DEFAULT_BLOCK_SIZE));
        }
        return map;
    }

    /** Reads the imported bmap of {@code imageFileName} from the store. */
    static byte[] read(ImageStore files, String imageFileName) throws IOException {
        try (SeekableByteChannel channel = files.open(nameFor(imageFileName));
                InputStream in = Channels.newInputStream(channel)) {
            if (channel.size() > MAX_BYTES) {
                throw new IllegalArgumentException("imported bmap of %s is %d bytes, more than %d"
                        .formatted(imageFileName, channel.size(), MAX_BYTES));
            }
            return in.readAllBytes();
        }
    }
}
