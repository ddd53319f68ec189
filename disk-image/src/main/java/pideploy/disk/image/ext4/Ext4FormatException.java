package pideploy.disk.image.ext4;

/**
 * The bytes are not an ext2/3/4 filesystem, or one whose allocation this reader will not vouch for (bigalloc,
 * meta_bg, a journal that needs recovery, a filesystem not cleanly unmounted, descriptors pointing outside it).
 * Callers building block maps must then treat the whole filesystem as in use.
 */
public class Ext4FormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public Ext4FormatException(String message) {
        super(message);
    }
}
