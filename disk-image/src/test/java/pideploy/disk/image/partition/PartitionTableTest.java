package pideploy.disk.image.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionTableTest {

    @TempDir
    Path dir;

    private SeekableByteChannel channelOf(byte[] bytes) throws IOException {
        Path f = dir.resolve("disk.img");
        Files.write(f, bytes);
        return Files.newByteChannel(f, StandardOpenOption.READ);
    }

    @Test
    void parsesThePrimaryEntriesOfAPiImage() {
        PartitionTable t = PartitionTable.parseMbr(MbrBytes.piHead(2_000_000));

        assertThat(t.scheme()).isEqualTo(PartitionScheme.MBR);
        assertThat(t.sectorSize()).isEqualTo(512);
        assertThat(t.partitions())
                .containsExactly(
                        new Partition(1, 8192, 1048576, 0x0C, ""), new Partition(2, 1056768, 2_000_000, 0x83, ""));
        Partition boot = t.bootPartition().orElseThrow();
        assertThat(boot.number()).isEqualTo(1);
        assertThat(boot.firstByte()).isEqualTo(8192L * 512);
        assertThat(boot.sizeBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(boot.endByteExclusive()).isEqualTo((8192L + 1048576) * 512);
        assertThat(boot.isFat()).isTrue();
        assertThat(boot.isLinuxData()).isFalse();
        assertThat(t.lastPartition().orElseThrow().number()).isEqualTo(2);
        assertThat(t.lastPartition().orElseThrow().isLinuxData()).isTrue();
    }

    @Test
    void skipsEmptyEntriesAndKeepsNumbering() {
        byte[] mbr = MbrBytes.mbr(
                new long[] {0, 0, 0}, new long[] {0x83, 2048, 100}, new long[] {0x0E, 4096, 0}, new long[] {
                    0x06, 100, 50
                });

        PartitionTable t = PartitionTable.parseMbr(mbr);

        assertThat(t.partitions()).extracting(Partition::number).containsExactly(2, 4);
        assertThat(t.bootPartition().orElseThrow().number()).isEqualTo(4);
        assertThat(t.lastPartition().orElseThrow().number()).isEqualTo(2);
    }

    @Test
    void readsUnsignedSectorFieldsAboveTwoTebibytes() {
        byte[] mbr = MbrBytes.mbr(new long[] {0x83, 0xF000_0000L, 0xFFFF_0000L});

        Partition p = PartitionTable.parseMbr(mbr).partitions().getFirst();

        assertThat(p.firstLba()).isEqualTo(0xF000_0000L);
        assertThat(p.sectorCount()).isEqualTo(0xFFFF_0000L);
    }

    @Test
    void everyFatTypeByteCountsAsBootPartitionButExtendedDoesNot() {
        for (int type : new int[] {0x01, 0x04, 0x06, 0x0B, 0x0C, 0x0E})
            assertThat(new Partition(1, 1, 1, type, "").isFat())
                    .as("type 0x%02X", type)
                    .isTrue();
        for (int type : new int[] {0x05, 0x0F, 0x83, 0x82, 0x07, 0xEE})
            assertThat(new Partition(1, 1, 1, type, "").isFat())
                    .as("type 0x%02X", type)
                    .isFalse();
    }

    @Test
    void refusesASectorWithoutBootSignature() {
        byte[] mbr = MbrBytes.piHead(100);
        mbr[511] = 0;

        assertThatThrownBy(() -> PartitionTable.parseMbr(mbr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x55AA");
        assertThatThrownBy(() -> PartitionTable.parseMbr(new byte[100]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512");
    }

    @Test
    void readsGptBehindAProtectiveMbr() throws IOException {
        byte[] disk = MbrBytes.gptDisk(
                4096,
                new Object[] {Partition.GPT_EFI_SYSTEM.toLowerCase(), 2048L, 2559L},
                new Object[] {Partition.GPT_LINUX_DATA, 2560L, 4000L});

        PartitionTable t = PartitionTable.read(channelOf(disk));

        assertThat(t.scheme()).isEqualTo(PartitionScheme.GPT);
        assertThat(t.partitions())
                .containsExactly(
                        new Partition(1, 2048, 512, 0, Partition.GPT_EFI_SYSTEM),
                        new Partition(2, 2560, 1441, 0, Partition.GPT_LINUX_DATA));
        assertThat(t.bootPartition().orElseThrow().number()).isEqualTo(1);
        assertThat(t.lastPartition().orElseThrow().isLinuxData()).isTrue();
    }

    @Test
    void refusesGptWithCorruptHeaderCrc() throws IOException {
        byte[] disk = MbrBytes.gptDisk(4096, new Object[] {Partition.GPT_LINUX_DATA, 2048L, 4000L});
        disk[512 + 40] ^= 1;

        assertThatThrownBy(() -> PartitionTable.read(channelOf(disk)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GPT header CRC32 mismatch");
    }

    @Test
    void refusesGptWithCorruptEntryArray() throws IOException {
        byte[] disk = MbrBytes.gptDisk(4096, new Object[] {Partition.GPT_LINUX_DATA, 2048L, 4000L});
        disk[1024 + 32] ^= 1;

        assertThatThrownBy(() -> PartitionTable.read(channelOf(disk)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry array CRC32 mismatch");
    }

    @Test
    void refusesProtectiveMbrWithoutGptHeader() throws IOException {
        byte[] disk = new byte[8192];
        System.arraycopy(MbrBytes.mbr(new long[] {0xEE, 1, 15}), 0, disk, 0, 512);

        assertThatThrownBy(() -> PartitionTable.read(channelOf(disk)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EFI PART");
    }

    @Test
    void reportsATruncatedDisk() throws IOException {
        assertThatThrownBy(() -> PartitionTable.read(channelOf(new byte[300]))).isInstanceOf(EOFException.class);
    }

    @Test
    void formatsGuidsMixedEndian() {
        byte[] b = new byte[16];
        ByteBuffer.wrap(b).put(new byte[] {
            (byte) 0xAF,
            0x3D,
            (byte) 0xC6,
            0x0F,
            (byte) 0x83,
            (byte) 0x84,
            0x72,
            0x47,
            (byte) 0x8E,
            0x79,
            0x3D,
            0x69,
            (byte) 0xD8,
            0x47,
            0x7D,
            (byte) 0xE4
        });

        assertThat(PartitionTable.guid(b, 0)).isEqualTo(Partition.GPT_LINUX_DATA);
    }

    @Test
    void validatesPartitionFields() {
        assertThatThrownBy(() -> new Partition(0, 1, 1, 0x83, "")).hasMessageContaining("number");
        assertThatThrownBy(() -> new Partition(1, -1, 1, 0x83, "")).hasMessageContaining("firstLba");
        assertThatThrownBy(() -> new Partition(1, 1, 1, 0x100, "")).hasMessageContaining("mbrType");
        assertThatThrownBy(() -> new Partition(1, 1, 1, 0x83, null)).hasMessageContaining("gptTypeGuid");
        assertThatThrownBy(() -> new PartitionTable(PartitionScheme.MBR, 4096, java.util.List.of()))
                .hasMessageContaining("sectorSize");
    }
}
