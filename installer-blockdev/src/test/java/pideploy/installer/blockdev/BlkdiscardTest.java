package pideploy.installer.blockdev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlkdiscardTest {
    @TempDir
    Path dir;

    private final List<List<String>> commands = new ArrayList<>();

    private Blkdiscard answering(int exit, String output) {
        return new Blkdiscard(command -> {
            commands.add(command);
            return new Blkdiscard.Result(exit, output);
        });
    }

    @Test
    void runsBlkdiscardWithOffsetAndLengthAsAnArgumentArray() throws IOException {
        assertThat(answering(0, "").discard(Path.of("/dev/mmcblk0"), 4194304, 1048576))
                .isTrue();

        assertThat(commands).containsExactly(List.of("blkdiscard", "-o", "4194304", "-l", "1048576", "/dev/mmcblk0"));
    }

    @Test
    void aDeviceWithoutDiscardIsNotAnError() throws IOException {
        Blkdiscard blkdiscard = answering(1, "blkdiscard: /dev/sda: BLKDISCARD ioctl failed: Operation not supported");

        assertThat(blkdiscard.discard(Path.of("/dev/sda"), 0, 1 << 20)).isFalse();
    }

    @Test
    void otherFailuresCarryBlkdiscardsOutput() {
        Blkdiscard blkdiscard = answering(1, "blkdiscard: /dev/sda: offset 3 is not aligned to sector size 512");

        assertThatThrownBy(() -> blkdiscard.discard(Path.of("/dev/sda"), 3, 512))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not aligned to sector size 512");
    }

    @Test
    void aRegularFileTargetIsLeftAsItIs() throws IOException {
        Path card = dir.resolve("card.img");
        try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
            file.setLength(8 << 20);
        }

        assertThat(new LinuxTargetDevice(card, Path.of("/")).discard(0, 4 << 20))
                .isFalse();
    }
}
