package pideploy.installer.core.archfixture;

import java.io.IOException;
import java.io.RandomAccessFile;

/** Breaks the no-file-system rule in the installer's core: the card is opened by the block-device adapter. */
public final class OpensADeviceFile {
    RandomAccessFile open() throws IOException {
        return new RandomAccessFile("/dev/mmcblk0", "rw");
    }
}
