package pideploy.disk.image.fat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BootSectorTest {

    @Test
    void derivesTheFat16Layout() {
        BootSector b = BootSector.parse(TinyFat.bootSector(8000, 31, 512, 1));

        assertThat(b.type()).isEqualTo(FatType.FAT16);
        assertThat(b.rootDirFirstSector()).isEqualTo(1 + 2 * 31);
        assertThat(b.rootDirSectors()).isEqualTo(32);
        assertThat(b.firstDataSector()).isEqualTo(95);
        assertThat(b.clusterCount()).isEqualTo(8000 - 95);
        assertThat(b.clusterOffset(2)).isEqualTo(95 * 512);
        assertThat(b.clusterBytes()).isEqualTo(512);
    }

    @Test
    void classifiesSmallVolumesAsFat12ByClusterCount() {
        assertThat(BootSector.parse(TinyFat.bootSector(4000, 12, 512, 1)).type())
                .isEqualTo(FatType.FAT12);
    }

    @Test
    void refusesExfatAndNtfsByName() {
        byte[] s = TinyFat.bootSector(8000, 31, 512, 1);
        System.arraycopy("EXFAT   ".getBytes(), 0, s, 3, 8);
        assertThatThrownBy(() -> BootSector.parse(s))
                .isInstanceOf(FatFormatException.class)
                .hasMessageContaining("exFAT");
        System.arraycopy("NTFS    ".getBytes(), 0, s, 3, 8);
        assertThatThrownBy(() -> BootSector.parse(s))
                .isInstanceOf(FatFormatException.class)
                .hasMessageContaining("NTFS");
    }

    @Test
    void refusesImpossibleParameters() {
        byte[] noSig = TinyFat.bootSector(8000, 31, 512, 1);
        noSig[510] = 0;
        assertThatThrownBy(() -> BootSector.parse(noSig)).hasMessageContaining("0x55AA");

        byte[] badSpc = TinyFat.bootSector(8000, 31, 512, 3);
        assertThatThrownBy(() -> BootSector.parse(badSpc)).hasMessageContaining("power of two");

        byte[] smallFat = TinyFat.bootSector(8000, 2, 512, 1);
        assertThatThrownBy(() -> BootSector.parse(smallFat)).hasMessageContaining("cannot hold");

        byte[] zeros = new byte[512];
        assertThatThrownBy(() -> BootSector.parse(zeros))
                .isInstanceOf(FatFormatException.class)
                .hasMessageContaining("not a FAT volume");
    }
}
