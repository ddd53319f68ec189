package pideploy.disk.image.fat;

/**
 * The bytes at the given offset are not a FAT16/FAT32 volume this editor can handle, or its structures are
 * inconsistent (a broken cluster chain, a directory that points outside the volume). Extends
 * {@link IllegalArgumentException} because it means "wrong input": the caller gave us something that is not a
 * usable FAT volume, and retrying will not help.
 */
public class FatFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FatFormatException(String message) {
        super(message);
    }
}
