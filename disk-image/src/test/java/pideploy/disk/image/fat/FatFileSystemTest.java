package pideploy.disk.image.fat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hermetic tests on a FAT16 volume formatted by {@link TinyFat}, placed at an offset inside a file. */
class FatFileSystemTest {

    private static final long OFFSET = 1024 * 1024;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T15:04:06Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    FileChannel ch;

    @BeforeEach
    void formatVolume() throws IOException {
        Path img = dir.resolve("disk.img");
        byte[] disk = new byte[(int) OFFSET + TinyFat.TOTAL_SECTORS * 512];
        System.arraycopy(TinyFat.volume(), 0, disk, (int) OFFSET, TinyFat.TOTAL_SECTORS * 512);
        Files.write(img, disk);
        ch = FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private FatFileSystem open() throws IOException {
        return FatFileSystem.open(ch, OFFSET, CLOCK);
    }

    private byte[] fatCopy(int copy) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(TinyFat.FAT_SECTORS * 512);
        ch.read(b, OFFSET + (TinyFat.RESERVED + (long) copy * TinyFat.FAT_SECTORS) * 512);
        return b.array();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aVolumeOpenedToReadReadsButRefusesChangesAndKeepsItsBytes() throws IOException {
        FatFileSystem writable = open();
        writable.writeFile("CONFIG.TXT", bytes("dtoverlay=vc4"));
        byte[] before = fatCopy(0);

        FatFileSystem fs = FatFileSystem.openToRead(ch, OFFSET);

        assertThat(fs.readFile("CONFIG.TXT"))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("dtoverlay=vc4")));
        assertThatThrownBy(() -> fs.writeFile("OTHER.TXT", bytes("x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openToRead");
        assertThatThrownBy(() -> fs.deleteFile("CONFIG.TXT"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("open it with a Clock");
        assertThat(fatCopy(0)).isEqualTo(before);
        assertThat(open().listRoot()).contains("CONFIG.TXT").doesNotContain("OTHER.TXT");
    }

    @Test
    void writesReadsReplacesAndDeletesAcrossReopen() throws IOException {
        FatFileSystem fs = open();
        long free = fs.freeBytes();
        byte[] big = new byte[512 * 7 + 3];
        Arrays.fill(big, (byte) 'x');

        fs.writeFile("cmdline.txt", bytes("console=tty1"));
        fs.writeFile("a long name.bin", big);
        assertThat(fs.freeBytes()).isEqualTo(free - 9 * 512);

        FatFileSystem again = open();
        assertThat(again.type()).isEqualTo(FatType.FAT16);
        assertThat(again.listRoot()).containsExactly("cmdline.txt", "a long name.bin");
        assertThat(again.readFile("CMDLINE.TXT")).hasValue(bytes("console=tty1"));
        assertThat(again.readFile("A LONG NAME.BIN")).hasValue(big);
        assertThat(again.readFile("ALONGN~1.BIN")).hasValue(big);

        again.writeFile("A Long Name.bin", bytes("short now"));
        assertThat(again.listRoot()).containsExactly("cmdline.txt", "a long name.bin");
        assertThat(again.freeBytes()).isEqualTo(free - 2 * 512);
        assertThat(again.deleteFile("cmdline.txt")).isTrue();
        assertThat(again.deleteFile("cmdline.txt")).isFalse();

        FatFileSystem third = open();
        assertThat(third.listRoot()).containsExactly("a long name.bin");
        assertThat(third.readFile("a long name.bin")).hasValue(bytes("short now"));
        assertThat(third.readFile("cmdline.txt")).isEmpty();
        assertThat(third.freeBytes()).isEqualTo(free - 512);
    }

    @Test
    void rewritesInPlaceWhenTheNewContentDoesNotFitBesideTheOld() throws IOException {
        FatFileSystem fs = open();
        fs.writeFile("config.txt", filled(10 * 512, 'a'));
        fs.writeFile("filler.bin", new byte[(int) fs.freeBytes() - 3 * 512]);
        assertThat(fs.freeBytes()).isEqualTo(3 * 512);

        fs.writeFile("config.txt", filled(12 * 512, 'b'));
        assertThat(fs.freeBytes()).isEqualTo(512);
        fs.writeFile("CONFIG.TXT", filled(5 * 512 - 1, 'c'));
        assertThat(fs.freeBytes()).isEqualTo(8 * 512);
        assertThatThrownBy(() -> fs.writeFile("config.txt", new byte[20 * 512])).isInstanceOf(FatFullException.class);

        FatFileSystem again = open();
        assertThat(again.readFile("config.txt")).hasValue(filled(5 * 512 - 1, 'c'));
        assertThat(again.freeBytes()).isEqualTo(8 * 512);
        assertThat(fatCopy(1)).isEqualTo(fatCopy(0));
    }

    private static byte[] filled(int size, char c) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void keepsBothFatCopiesIdentical() throws IOException {
        FatFileSystem fs = open();
        fs.writeFile("one", new byte[5000]);
        fs.writeFile("two", new byte[100]);
        fs.deleteFile("one");

        assertThat(fatCopy(1)).isEqualTo(fatCopy(0));
        byte[] freshFat = Arrays.copyOfRange(TinyFat.volume(), 512, 512 + TinyFat.FAT_SECTORS * 512);
        assertThat(fatCopy(0)).as("the write reached the FAT").isNotEqualTo(freshFat);
    }

    @Test
    void stampsFilesWithTheInjectedClock() throws IOException {
        open().writeFile("STAMP.TXT", bytes("t"));

        ByteBuffer slot = ByteBuffer.allocate(32);
        ch.read(slot, OFFSET + (1 + 2L * TinyFat.FAT_SECTORS) * 512);
        byte[] s = slot.array();
        int date = (s[24] & 0xFF) | (s[25] & 0xFF) << 8;
        int time = (s[22] & 0xFF) | (s[23] & 0xFF) << 8;
        assertThat(new String(s, 0, 11, StandardCharsets.US_ASCII)).isEqualTo("STAMP   TXT");
        assertThat(date).isEqualTo((46 << 9) | (11 << 5) | 26);
        assertThat(time).isEqualTo((15 << 11) | (4 << 5) | 3);
    }

    @Test
    void refusesToWriteOverADirectoryOrWithAnInvalidName() throws IOException {
        // plant a directory entry "BOOT" by hand
        byte[] slot = DirectoryCodec.shortSlot(
                "BOOT       ".getBytes(StandardCharsets.US_ASCII),
                0,
                DirEntry.ATTR_DIRECTORY,
                0,
                0,
                java.time.LocalDateTime.now(CLOCK));
        ch.write(ByteBuffer.wrap(slot), OFFSET + (1 + 2L * TinyFat.FAT_SECTORS) * 512);
        FatFileSystem fs = open();

        assertThat(fs.listRoot()).containsExactly("BOOT");
        assertThat(fs.readFile("boot")).isEmpty();
        assertThatThrownBy(() -> fs.writeFile("boot", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("directory");
        assertThatThrownBy(() -> fs.deleteFile("BOOT"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("directory");
        assertThatThrownBy(() -> fs.writeFile("overlays/x.dtbo", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root directory");
    }

    @Test
    void reportsABrokenClusterChainInsteadOfReadingGarbage() throws IOException {
        FatFileSystem fs = open();
        fs.writeFile("LOOP.BIN", new byte[2048]);
        // make the 2nd cluster of the chain point back to the first, in both FATs
        for (int copy = 0; copy < 2; copy++)
            ch.write(
                    ByteBuffer.wrap(new byte[] {2, 0}),
                    OFFSET + (TinyFat.RESERVED + (long) copy * TinyFat.FAT_SECTORS) * 512 + 3 * 2);

        FatFileSystem reopened = open();
        assertThatThrownBy(() -> reopened.readFile("loop.bin"))
                .isInstanceOf(FatFormatException.class)
                .hasMessageContaining("loops");
        assertThatThrownBy(() -> reopened.writeFile("loop.bin", new byte[1])).isInstanceOf(FatFormatException.class);
    }

    @Test
    void refusesAVolumeLargerThanTheDisk() throws IOException {
        ch.truncate(OFFSET + 1000 * 512);

        assertThatThrownBy(this::open).isInstanceOf(FatFormatException.class).hasMessageContaining("claims");
    }

    @Test
    void refusesAnOffsetPastTheEnd() {
        assertThatThrownBy(() -> FatFileSystem.open(ch, OFFSET * 100, java.time.Clock.systemDefaultZone()))
                .isInstanceOf(FatFormatException.class);
    }
}
