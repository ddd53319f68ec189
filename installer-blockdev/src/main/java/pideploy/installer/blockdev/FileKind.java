package pideploy.installer.blockdev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a target path is, from its Unix mode bits. */
enum FileKind {
    BLOCK_DEVICE,
    REGULAR_FILE,
    OTHER;

    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFREG = 0100000;

    /** Detects the kind of the file {@code path} points to (symlinks followed, as /dev/disk/by-id uses them). */
    static FileKind of(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode");
        return switch (mode & S_IFMT) {
            case S_IFBLK -> BLOCK_DEVICE;
            case S_IFREG -> REGULAR_FILE;
            default -> OTHER;
        };
    }

    @FunctionalInterface
    interface Detector {
        FileKind detect(Path path) throws IOException;
    }
}
