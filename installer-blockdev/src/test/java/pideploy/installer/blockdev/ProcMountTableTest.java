package pideploy.installer.blockdev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcMountTableTest {

    @Test
    void parsesTheCapturedMountTableOfTheBuildMachine() {
        List<MountEntry> mounts = ProcMountTable.parse(SampleFiles.sample("mountinfo-x86-vm-captured.txt"));

        assertThat(mounts).isNotEmpty();
        assertThat(mounts)
                .filteredOn(m -> m.mountPoint().equals("/"))
                .isNotEmpty()
                .allSatisfy(root -> assertThat(root.source()).isNotBlank());
        assertThat(mounts)
                .filteredOn(m -> m.mountPoint().equals("/proc"))
                .singleElement()
                .satisfies(proc -> assertThat(proc.fsType()).isEqualTo("proc"));
    }

    @Test
    void readsDeviceNumbersMountPointTypeAndSourceOfAPiBootedFromSd() {
        List<MountEntry> mounts = ProcMountTable.parse(SampleFiles.sample("mountinfo-pi5-bookworm-sd.txt"));

        assertThat(mounts)
                .contains(
                        new MountEntry(179, 2, "/", "ext4", "/dev/mmcblk0p2"),
                        new MountEntry(179, 1, "/boot/firmware", "vfat", "/dev/mmcblk0p1"));
    }

    @Test
    void findsTheSeparatorAfterAVariableNumberOfOptionalFields() {
        List<MountEntry> mounts = ProcMountTable.parse(
                "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 shared:7 propagate_from:2 - ext3 /dev/root rw,errors=continue\n"
                        + "1 1 0:2 / / rw - rootfs rootfs rw\n");

        assertThat(mounts)
                .containsExactly(
                        new MountEntry(98, 0, "/mnt2", "ext3", "/dev/root"),
                        new MountEntry(0, 2, "/", "rootfs", "rootfs"));
    }

    @Test
    void unescapesOctalSpacesInPaths() {
        List<MountEntry> mounts = ProcMountTable.parse(SampleFiles.sample("mountinfo-pi5-boot-partition-on-media.txt"));

        assertThat(mounts).extracting(MountEntry::mountPoint).contains("/media/pi/boot fs");
        assertThat(ProcMountTable.unescape("a\\134b\\011c")).isEqualTo("a\\b\tc");
    }

    @Test
    void rejectsALineThatIsNotMountinfoNamingIt() {
        assertThatThrownBy(() -> ProcMountTable.parse("/dev/sda1 / ext4 rw 0 0\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/dev/sda1 / ext4 rw 0 0");
    }
}
