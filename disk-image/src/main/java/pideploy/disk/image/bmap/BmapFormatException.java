package pideploy.disk.image.bmap;

/**
 * A {@code .bmap} file that cannot be used: not bmap XML, an unsupported version or checksum type, inconsistent
 * counts, or a BmapFileChecksum that does not match (the file was changed or truncated).
 */
public class BmapFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BmapFormatException(String message) {
        super(message);
    }
}
