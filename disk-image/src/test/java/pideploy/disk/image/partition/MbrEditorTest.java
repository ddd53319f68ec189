package pideploy.disk.image.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MbrEditorTest {

    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void growsTheLastLinuxPartitionToTheEndOfTheDisk() {
        byte[] head = MbrBytes.piHead(4_000_000);

        byte[] grown = MbrEditor.growLastLinuxPartition(head, 32 * GIB);

        PartitionTable t = PartitionTable.parseMbr(grown);
        Partition root = t.partitions().get(1);
        assertThat(root.firstLba()).isEqualTo(1056768);
        assertThat(root.endByteExclusive()).isEqualTo(32 * GIB);
        assertThat(t.partitions().getFirst())
                .isEqualTo(PartitionTable.parseMbr(head).partitions().getFirst());
        assertThat(grown).hasSize(head.length);
        // beyond cylinder 1023 the end CHS saturates, as fdisk writes it
        assertThat(new byte[] {grown[446 + 16 + 5], grown[446 + 16 + 6], grown[446 + 16 + 7]})
                .containsExactly((byte) 0xFE, (byte) 0xFF, (byte) 0xFF);
    }

    @Test
    void changesOnlyTheSizeAndEndChsBytes() {
        byte[] head = MbrBytes.piHead(4_000_000);
        head[2000] = 7;

        byte[] grown = MbrEditor.growLastLinuxPartition(head, 64 * GIB);

        for (int i = 0; i < head.length; i++) {
            boolean field = (i >= 446 + 16 + 5 && i <= 446 + 16 + 7) || (i >= 446 + 16 + 12 && i <= 446 + 16 + 15);
            if (!field) assertThat(grown[i]).as("byte %d", i).isEqualTo(head[i]);
        }
    }

    @Test
    void roundsTheDiskSizeDownToWholeSectors() {
        byte[] grown = MbrEditor.growLastLinuxPartition(MbrBytes.piHead(10), 8 * GIB + 511);

        assertThat(PartitionTable.parseMbr(grown).lastPartition().orElseThrow().endByteExclusive())
                .isEqualTo(8 * GIB);
    }

    @Test
    void leavesTheTableAloneWhenTheLastPartitionIsNotLinux() {
        byte[] head = MbrBytes.mbr(new long[] {0x83, 2048, 1000}, new long[] {0x0C, 4096, 1000});

        assertThat(MbrEditor.growLastLinuxPartition(head, 8 * GIB))
                .isEqualTo(head)
                .isNotSameAs(head);
    }

    @Test
    void leavesAProtectiveMbrAlone() {
        byte[] head = MbrBytes.mbr(new long[] {0xEE, 1, 0xFFFF_FFFFL});

        assertThat(MbrEditor.growLastLinuxPartition(head, 8 * GIB)).isEqualTo(head);
    }

    @Test
    void isANoOpWhenThePartitionAlreadyEndsAtTheDiskEnd() {
        byte[] head = MbrBytes.piHead(100);
        long end = PartitionTable.parseMbr(head).lastPartition().orElseThrow().endByteExclusive();

        byte[] same = MbrEditor.growLastLinuxPartition(head, end);

        assertThat(PartitionTable.parseMbr(same).partitions())
                .isEqualTo(PartitionTable.parseMbr(head).partitions());
    }

    @Test
    void refusesToShrink() {
        byte[] head = MbrBytes.piHead(4_000_000);

        assertThatThrownBy(() -> MbrEditor.growLastLinuxPartition(head, GIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shrink")
                .hasMessageContaining("partition 2");
    }

    @Test
    void capsTheEndAtTheMbrLimitOfTwoTebibytes() {
        byte[] grown = MbrEditor.growLastLinuxPartition(MbrBytes.piHead(100), 4096 * GIB);

        assertThat(PartitionTable.parseMbr(grown).lastPartition().orElseThrow().endLbaExclusive())
                .isEqualTo(0x1_0000_0000L);
    }

    @Test
    void refusesABadSignature() {
        byte[] head = MbrBytes.piHead(100);
        head[510] = 0;

        assertThatThrownBy(() -> MbrEditor.growLastLinuxPartition(head, 8 * GIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x55AA");
    }

    @Test
    void computesChsWithTheConventionalGeometry() {
        assertThat(MbrEditor.chs(0)).containsExactly(0, 1, 0);
        // 255 heads x 63 sectors = 16065 sectors per cylinder
        assertThat(MbrEditor.chs(16064)).containsExactly((byte) 254, 63, 0);
        assertThat(MbrEditor.chs(16065)).containsExactly(0, 1, 1);
        // last sector of cylinder 1023
        assertThat(MbrEditor.chs(1024L * 16065 - 1)).containsExactly((byte) 254, (byte) (63 | 0xC0), (byte) 0xFF);
        assertThat(MbrEditor.chs(1024L * 16065)).containsExactly((byte) 0xFE, (byte) 0xFF, (byte) 0xFF);
    }

    @Test
    void resizesAPartitionKeepingItsStartAndTheOthers() {
        byte[] head = MbrBytes.piHead(4_000_000);

        byte[] shrunk = MbrEditor.resizePartition(head, 2, 204_800);

        PartitionTable before = PartitionTable.parseMbr(head);
        PartitionTable after = PartitionTable.parseMbr(shrunk);
        assertThat(after.partitions().get(1).firstLba())
                .isEqualTo(before.partitions().get(1).firstLba());
        assertThat(after.partitions().get(1).sectorCount()).isEqualTo(204_800);
        assertThat(after.partitions().getFirst()).isEqualTo(before.partitions().getFirst());
        byte[] chs = MbrEditor.chs(after.partitions().get(1).endLbaExclusive() - 1);
        assertThat(new byte[] {shrunk[446 + 16 + 5], shrunk[446 + 16 + 6], shrunk[446 + 16 + 7]})
                .containsExactly(chs);
    }

    @Test
    void refusesAResizeThatWouldOverlapTheNextPartitionOrNamesAMissingOne() {
        byte[] head = MbrBytes.mbr(new long[] {0x0C, 2048, 1000}, new long[] {0x83, 4096, 1000});

        assertThatThrownBy(() -> MbrEditor.resizePartition(head, 1, 3000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap partition 2");
        assertThatThrownBy(() -> MbrEditor.resizePartition(head, 3, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no partition 3");
        assertThatThrownBy(() -> MbrEditor.resizePartition(head, 2, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
