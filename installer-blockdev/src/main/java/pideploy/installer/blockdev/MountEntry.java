package pideploy.installer.blockdev;

import java.util.Objects;

/** One line of {@code /proc/self/mountinfo}: device numbers, where it is mounted, what is mounted. */
public record MountEntry(int major, int minor, String mountPoint, String fsType, String source) {
    public MountEntry {
        Objects.requireNonNull(mountPoint, "mountPoint");
        Objects.requireNonNull(fsType, "fsType");
        Objects.requireNonNull(source, "source");
    }

    public String deviceNumbers() {
        return major + ":" + minor;
    }
}
