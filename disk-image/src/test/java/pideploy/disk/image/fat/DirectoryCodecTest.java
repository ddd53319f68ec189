package pideploy.disk.image.fat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryCodecTest {

    private static final LocalDateTime T = LocalDateTime.of(2026, 11, 26, 15, 4, 7);

    private static byte[] n11(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String alias(String longName, String... existing) {
        Set<String> keys = new HashSet<>(Set.of(existing));
        return new String(DirectoryCodec.generateAlias(longName, keys), StandardCharsets.ISO_8859_1);
    }

    @Test
    void computesTheVfatChecksumOfAShortName() {
        // Sum-rotate over "USER-D~1   " computed by hand: fixed vector guards against accidental changes.
        int expected = 0;
        for (byte b : n11("USER-D~1   ")) expected = (((expected & 1) << 7) + (expected >> 1) + (b & 0xFF)) & 0xFF;
        assertThat(DirectoryCodec.checksum(n11("USER-D~1   "))).isEqualTo(expected);
        assertThat(DirectoryCodec.checksum(n11("           "))).isEqualTo(DirectoryCodec.checksum(n11("           ")));
        assertThat(DirectoryCodec.checksum(n11("CMDLINE TXT")))
                .isNotEqualTo(DirectoryCodec.checksum(n11("CMDLINE TXU")));
    }

    @ParameterizedTest
    @CsvSource({
        "user-data,        'USER-D~1   '",
        "network-config,   'NETWOR~1   '",
        "Config.txt,       'CONFIG  TXT'",
        "my file.txt,      'MYFILE~1TXT'",
        ".bashrc,          'BASHRC~1   '",
        "archive.tar.gz,   'ARCHIV~1GZ '",
        "photo.jpeg,       'PHOTO~1 JPE'",
        "a+b=c.txt,        'A_B_C~1 TXT'",
        "hostname é.txt,   'HOSTNA~1TXT'",
    })
    void generatesWindowsStyleAliases(String longName, String expected) {
        assertThat(alias(longName)).isEqualTo(expected);
    }

    @Test
    void numbersAliasesUntilUnique() {
        assertThat(alias("user-data", "USER-D~1   ")).isEqualTo("USER-D~2   ");
        Set<String> taken = new HashSet<>();
        for (int i = 1; i <= 9; i++) taken.add("USER-D~" + i + "   ");
        assertThat(alias("user-data", taken.toArray(String[]::new))).isEqualTo("USER-~10   ");
        assertThat(alias("Config.txt", "CONFIG  TXT")).isEqualTo("CONFIG~1TXT");
    }

    @ParameterizedTest
    @CsvSource({
        "cmdline.txt, 'CMDLINE TXT', 24",
        "CONFIG.TXT,  'CONFIG  TXT', 0",
        "ssh,         'SSH        ', 8",
        "README.txt,  'README  TXT', 16",
        "boot.IMG,    'BOOT    IMG', 8",
        "A1$~.B_,     'A1$~    B_ ', 0",
    })
    void storesNamesThatFit83InOneCasePerPartWithoutLongName(String name, String name11, int flags) {
        var exact = DirectoryCodec.exactShortName(name).orElseThrow();
        assertThat(new String(exact.name11(), StandardCharsets.ISO_8859_1)).isEqualTo(name11);
        assertThat(exact.caseFlags()).isEqualTo(flags);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Config.txt", "user-data1", "a.b.c", ".hidden", "file.text", "with space", "ü.txt", "x+y"})
    void needsALongNameOtherwise(String name) {
        assertThat(DirectoryCodec.exactShortName(name)).isEmpty();
    }

    @Test
    void longNameSlotsRoundTripThroughTheParser() {
        String name = "A rather long file name, with spaces & more than 26 chars — and ünïcödé.txt";
        byte[] alias = DirectoryCodec.generateAlias(name, Set.of());
        byte[][] lfn = DirectoryCodec.longNameSlots(name, alias);
        byte[] dir = new byte[(lfn.length + 2) * 32];
        for (int i = 0; i < lfn.length; i++) System.arraycopy(lfn[i], 0, dir, i * 32, 32);
        System.arraycopy(DirectoryCodec.shortSlot(alias, 0, 0x20, 1234, 99, T), 0, dir, lfn.length * 32, 32);

        var entries = DirectoryCodec.parse(dir, lfn.length + 2);

        assertThat(lfn.length).isEqualTo((name.length() + 12) / 13);
        assertThat(lfn[0][0] & 0xFF).isEqualTo(0x40 | lfn.length);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.longName()).isEqualTo(name);
            assertThat(e.firstCluster()).isEqualTo(1234);
            assertThat(e.size()).isEqualTo(99);
            assertThat(e.firstSlot()).isZero();
            assertThat(e.shortSlot()).isEqualTo(lfn.length);
        });
    }

    @Test
    void fallsBackToTheShortNameWhenTheLongNameChecksumDoesNotMatch() {
        byte[] alias = n11("USER-D~1   ");
        byte[][] lfn = DirectoryCodec.longNameSlots("user-data", alias);
        byte[] dir = new byte[64];
        System.arraycopy(lfn[0], 0, dir, 0, 32);
        // an old tool renamed the 8.3 entry without touching the LFN: the long name no longer belongs to it
        System.arraycopy(DirectoryCodec.shortSlot(n11("OTHER   TXT"), 0x18, 0x20, 0, 0, T), 0, dir, 32, 32);

        var e = DirectoryCodec.parse(dir, 2).getFirst();

        assertThat(e.longName()).isNull();
        assertThat(e.displayName()).isEqualTo("other.txt");
        assertThat(e.firstSlot()).isEqualTo(1);
    }

    @Test
    void skipsDeletedEntriesAndStopsAtTheEndMarker() {
        byte[] dir = new byte[4 * 32];
        System.arraycopy(DirectoryCodec.shortSlot(n11("GONE    TXT"), 0, 0x20, 0, 0, T), 0, dir, 0, 32);
        dir[0] = (byte) 0xE5;
        System.arraycopy(DirectoryCodec.shortSlot(n11("KEEP    TXT"), 0, 0x20, 0, 0, T), 0, dir, 32, 32);
        System.arraycopy(DirectoryCodec.shortSlot(n11("AFTER   TXT"), 0, 0x20, 0, 0, T), 0, dir, 96, 32);

        assertThat(DirectoryCodec.parse(dir, 4))
                .extracting(DirEntry::displayName)
                .containsExactly("KEEP.TXT");
    }

    @Test
    void storesA0xE5FirstCharacterAs0x05() {
        byte[] name = n11("xBC     TXT");
        name[0] = (byte) 0xE5;
        byte[] slot = DirectoryCodec.shortSlot(name, 0, 0x20, 0, 0, T);

        assertThat(slot[0]).isEqualTo((byte) 0x05);
        assertThat(DirectoryCodec.parse(slot, 1).getFirst().shortName()[0]).isEqualTo((byte) 0xE5);
    }

    @Test
    void encodesFatTimestamps() {
        assertThat(DirectoryCodec.fatDate(T)).isEqualTo((46 << 9) | (11 << 5) | 26);
        assertThat(DirectoryCodec.fatTime(T)).isEqualTo((15 << 11) | (4 << 5) | 3);
        assertThat(DirectoryCodec.fatDate(LocalDateTime.of(1970, 1, 1, 0, 0))).isEqualTo((1 << 5) | 1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "a/b",
                "a\\b",
                "what?",
                "star*",
                "colon:",
                "pipe|",
                "quote\"",
                "<x>",
                ".",
                "..",
                "trailing.",
                "trailing ",
                "   ",
                "tab\tname"
            })
    void rejectsInvalidNamesWithAClearMessage(String name) {
        assertThatThrownBy(() -> DirectoryCodec.validateName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file name");
    }

    @Test
    void rejectsNamesLongerThan255Characters() {
        assertThatThrownBy(() -> DirectoryCodec.validateName("x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("255");
        DirectoryCodec.validateName("x".repeat(255));
    }
}
