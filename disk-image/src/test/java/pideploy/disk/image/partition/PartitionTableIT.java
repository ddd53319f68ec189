package pideploy.disk.image.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.disk.image.ExternalTools.run;
import static pideploy.disk.image.ExternalTools.runWithInput;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partition tables written by sfdisk, read by us; our MBR edit compared with sfdisk's own resize. */
class PartitionTableIT {

    @TempDir
    Path dir;

    private Path sfdiskImage(String name, String size, String script) {
        Path disk = dir.resolve(name);
        run(dir, "truncate", "-s", size, disk.toString());
        runWithInput(dir, script, "sfdisk", "-q", disk.toString());
        return disk;
    }

    private static PartitionTable read(Path disk) throws IOException {
        try (FileChannel ch = FileChannel.open(disk, StandardOpenOption.READ)) {
            return PartitionTable.read(ch);
        }
    }

    @Test
    void readsAnMbrWrittenBySfdisk() throws IOException {
        Path disk =
                sfdiskImage("mbr.img", "96M", "label: dos\nstart=8192, size=131072, type=c\nstart=139264, type=83\n");

        PartitionTable t = read(disk);

        assertThat(t.scheme()).isEqualTo(PartitionScheme.MBR);
        assertThat(t.partitions())
                .containsExactly(
                        new Partition(1, 8192, 131072, 0x0C, ""), new Partition(2, 139264, 196608 - 139264, 0x83, ""));
        assertThat(t.bootPartition()).hasValue(t.partitions().get(0));
        assertThat(t.lastPartition()).hasValue(t.partitions().get(1));
    }

    @Test
    void readsAGptWrittenBySfdisk() throws IOException {
        Path disk = sfdiskImage("gpt.img", "64M", """
                label: gpt
                start=2048, size=65536, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
                start=67584, size=20480, type=0657FD6D-A4AB-43C4-84E5-0933C84B4F4F
                start=88064, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4
                """);

        PartitionTable t = read(disk);

        assertThat(t.scheme()).isEqualTo(PartitionScheme.GPT);
        assertThat(t.partitions()).hasSize(3);
        assertThat(t.partitions().get(0)).isEqualTo(new Partition(1, 2048, 65536, 0, Partition.GPT_EFI_SYSTEM));
        assertThat(t.partitions().get(1).isFat()).isFalse();
        assertThat(t.partitions().get(1).isLinuxData()).isFalse();
        // cross-check every entry with sfdisk's own dump
        var dump = java.util.regex.Pattern.compile("img(\\d) : start=\\s*(\\d+), size=\\s*(\\d+), type=([0-9A-F-]+)")
                .matcher(run(dir, "sfdisk", "-d", disk.toString()).stdout());
        int seen = 0;
        while (dump.find()) {
            Partition p = t.partitions().get(Integer.parseInt(dump.group(1)) - 1);
            assertThat(p.firstLba()).isEqualTo(Long.parseLong(dump.group(2)));
            assertThat(p.sectorCount()).isEqualTo(Long.parseLong(dump.group(3)));
            assertThat(p.gptTypeGuid()).isEqualTo(dump.group(4));
            seen++;
        }
        assertThat(seen).isEqualTo(3);
        assertThat(t.bootPartition().orElseThrow().number()).isEqualTo(1);
        assertThat(t.lastPartition().orElseThrow().isLinuxData()).isTrue();
    }

    @Test
    void growsTheRootPartitionExactlyAsSfdiskDoes() throws IOException {
        String script = "label: dos\nstart=8192, size=131072, type=c\nstart=139264, size=20000, type=83\n";
        Path ours = sfdiskImage("ours.img", "96M", script);
        Path theirs = sfdiskImage("theirs.img", "96M", script);
        run(dir, "truncate", "-s", "300M", ours.toString());
        run(dir, "truncate", "-s", "300M", theirs.toString());
        runWithInput(dir, ", +\n", "sfdisk", "-q", "--no-reread", "-N", "2", theirs.toString());

        try (FileChannel ch = FileChannel.open(ours, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer head = ByteBuffer.allocate(4096);
            ch.read(head, 0);
            byte[] grown = MbrEditor.growLastLinuxPartition(head.array(), ch.size());
            ch.write(ByteBuffer.wrap(grown), 0);
        }

        byte[] a = Arrays.copyOfRange(Files.readAllBytes(ours), 446, 512);
        byte[] b = Arrays.copyOfRange(Files.readAllBytes(theirs), 446, 512);
        assertThat(a).isEqualTo(b);
        assertThat(run(dir, "sfdisk", "--verify", ours.toString()).stdout()).contains("No errors detected");
        assertThat(read(ours).lastPartition().orElseThrow().endByteExclusive()).isEqualTo(300L * 1024 * 1024);
    }
}
