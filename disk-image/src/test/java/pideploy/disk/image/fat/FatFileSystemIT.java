package pideploy.disk.image.fat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.disk.image.ExternalTools.run;
import static pideploy.disk.image.PiImages.BOOT_OFFSET;
import static pideploy.disk.image.PiImages.ROOT_OFFSET;
import static pideploy.disk.image.PiImages.assertBootClean;
import static pideploy.disk.image.PiImages.bootSpec;
import static pideploy.disk.image.PiImages.mcopyOut;
import static pideploy.disk.image.PiImages.piImage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pideploy.disk.image.PiImages;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;

/** FAT16/FAT32 editing checked against mkfs.vfat, mtools and fsck.fat on real, partitioned images. */
class FatFileSystemIT {

    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private FileChannel rw(Path disk) throws IOException {
        return FileChannel.open(disk, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private List<String> mdirNames(Path disk) {
        return run(dir, "mdir", "-b", "-i", bootSpec(disk), "::")
                .stdout()
                .lines()
                .map(l -> l.substring("::/".length()))
                .toList();
    }

    @ParameterizedTest(name = "FAT{0}")
    @ValueSource(ints = {16, 32})
    void readsFilesThatMtoolsWroteFoundViaThePartitionTable(int fatBits) throws IOException {
        Path disk = piImage(dir, fatBits);
        try (FileChannel ch = FileChannel.open(disk, StandardOpenOption.READ)) {
            Partition boot = PartitionTable.read(ch).bootPartition().orElseThrow();
            FatFileSystem fs = FatFileSystem.open(ch, boot.firstByte(), java.time.Clock.systemDefaultZone());

            assertThat(fs.type()).isEqualTo(fatBits == 16 ? FatType.FAT16 : FatType.FAT32);
            assertThat(fs.listRoot()).containsExactly("cmdline.txt", "config.txt", "Config-Long Name.txt");
            assertThat(fs.readFile("cmdline.txt")).hasValue(utf8(PiImages.CMDLINE));
            assertThat(fs.readFile("CMDLINE.TXT")).hasValue(utf8(PiImages.CMDLINE));
            assertThat(fs.readFile("config.txt")).hasValue(utf8(PiImages.CONFIG));
            assertThat(fs.readFile("config-long name.TXT")).hasValue(utf8("long\n"));
            assertThat(fs.readFile("CONFIG~1.TXT")).hasValue(utf8("long\n"));
            assertThat(fs.readFile("missing.txt")).isEmpty();
        }
    }

    @ParameterizedTest(name = "FAT{0}")
    @ValueSource(ints = {16, 32})
    void readsFilesInSubdirectoriesThatMtoolsWrote(int fatBits) throws IOException {
        Path disk = piImage(dir, fatBits);
        run(dir, "mmd", "-i", bootSpec(disk), "::/overlays", "::/overlays/Deeper Dir");
        byte[] dtbo = random(5000, 7);
        java.nio.file.Files.write(dir.resolve("vc4-kms-v3d-pi5.dtbo"), dtbo);
        java.nio.file.Files.write(dir.resolve("README"), utf8("overlays readme\n"));
        run(
                dir,
                "mcopy",
                "-i",
                bootSpec(disk),
                dir.resolve("vc4-kms-v3d-pi5.dtbo").toString(),
                dir.resolve("README").toString(),
                "::/overlays/");
        run(dir, "mcopy", "-i", bootSpec(disk), dir.resolve("README").toString(), "::/overlays/Deeper Dir/");
        // enough entries that the directory spans more than one cluster
        for (int i = 0; i < 70; i++) {
            java.nio.file.Files.write(dir.resolve("overlay-number-" + i + ".dtbo"), utf8("n" + i));
            run(
                    dir,
                    "mcopy",
                    "-i",
                    bootSpec(disk),
                    dir.resolve("overlay-number-" + i + ".dtbo").toString(),
                    "::/overlays/");
        }
        try (FileChannel ch = FileChannel.open(disk, StandardOpenOption.READ)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            assertThat(fs.isDirectory("overlays")).isTrue();
            assertThat(fs.isDirectory("/")).isTrue();
            assertThat(fs.isDirectory("cmdline.txt")).isFalse();
            assertThat(fs.listDirectory("/OVERLAYS/"))
                    .get()
                    .asList()
                    .contains("vc4-kms-v3d-pi5.dtbo", "README", "Deeper Dir", "overlay-number-69.dtbo")
                    .doesNotContain(".", "..")
                    .hasSize(73);
            assertThat(fs.listDirectory("")).get().asList().contains("overlays", "cmdline.txt");
            assertThat(fs.readPath("overlays/vc4-kms-v3d-pi5.dtbo")).hasValue(dtbo);
            assertThat(fs.readPath("overlays/overlay-number-69.dtbo")).hasValue(utf8("n69"));
            assertThat(fs.readPath("Overlays/deeper dir/readme")).hasValue(utf8("overlays readme\n"));
            assertThat(fs.readPath("cmdline.txt")).hasValue(utf8(PiImages.CMDLINE));
            assertThat(fs.readPath("overlays/missing.dtbo")).isEmpty();
            assertThat(fs.readPath("missing/README")).isEmpty();
            assertThat(fs.readPath("overlays")).as("a directory is not a file").isEmpty();
            assertThat(fs.listDirectory("cmdline.txt")).isEmpty();
        }
    }

    @ParameterizedTest(name = "FAT{0}")
    @ValueSource(ints = {16, 32})
    void writesNewFilesThatMtoolsReadsBackAndFsckAccepts(int fatBits) throws IOException {
        Path disk = piImage(dir, fatBits);
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (FileChannel ch = rw(disk)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            int cluster = fs.clusterSize();
            files.put("ssh", new byte[0]);
            files.put("one.bin", new byte[] {42});
            files.put("EXACT.TXT", utf8("exact cluster\n"));
            files.put("firstrun.sh", utf8("#!/bin/sh\nset +e\nexit 0\n"));
            files.put("user-data", utf8("#cloud-config\nhostname: KXP2-CORO-001\nmanage_etc_hosts: true\n"));
            files.put("meta-data", utf8("instance-id: pideploy-1\n"));
            files.put("network-config", utf8("version: 2\n"));
            files.put("several-clusters.bin", random(cluster * 3 + 17, 1));
            files.put("exactly-two-clusters.bin", random(cluster * 2, 2));
            files.put(
                    "A rather long file name, with spaces & more than 26 chars.txt",
                    utf8("lfn spanning several slots"));
            files.put("Mixed.Txt", utf8("mixed case 8.3 needs a long name"));
            files.put("hostname é ünïcödé.txt", utf8("unicode"));
            for (var f : files.entrySet()) fs.writeFile(f.getKey(), f.getValue());
        }

        assertBootClean(dir, disk);
        assertThat(mdirNames(disk)).containsAll(files.keySet());
        for (var f : files.entrySet())
            assertThat(mcopyOut(dir, disk, f.getKey()))
                    .as("mtools reading %s", f.getKey())
                    .isEqualTo(f.getValue());
        try (FileChannel ch = rw(disk)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            for (var f : files.entrySet())
                assertThat(fs.readFile(f.getKey())).as(f.getKey()).hasValue(f.getValue());
        }
    }

    @ParameterizedTest(name = "FAT{0}")
    @ValueSource(ints = {16, 32})
    void replacesWithBiggerAndSmallerContentAndFreesTheOldClusters(int fatBits) throws IOException {
        Path disk = piImage(dir, fatBits);
        try (FileChannel ch = rw(disk)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            long free = fs.freeBytes();
            int cluster = fs.clusterSize();
            String cmdline = PiImages.CMDLINE + " systemd.run=/boot/firstrun.sh";

            fs.writeFile("cmdline.txt", utf8(cmdline));
            assertThat(fs.freeBytes()).isEqualTo(free);
            byte[] big = random(cluster * 5 + 1, 3);
            fs.writeFile("CONFIG.TXT", big);
            assertThat(fs.freeBytes()).isEqualTo(free - 5L * cluster);
            fs.writeFile("config.txt", utf8("small"));
            assertThat(fs.freeBytes()).isEqualTo(free);
            fs.writeFile("Config-Long Name.txt", new byte[0]);
            assertThat(fs.freeBytes()).isEqualTo(free + cluster);

            assertThat(fs.listRoot()).containsExactly("cmdline.txt", "config.txt", "Config-Long Name.txt");
        }
        assertBootClean(dir, disk);
        assertThat(mcopyOut(dir, disk, "cmdline.txt"))
                .asString(StandardCharsets.UTF_8)
                .endsWith("systemd.run=/boot/firstrun.sh");
        assertThat(mcopyOut(dir, disk, "config.txt")).isEqualTo(utf8("small"));
        assertThat(mcopyOut(dir, disk, "Config-Long Name.txt")).isEmpty();
    }

    @ParameterizedTest(name = "FAT{0}")
    @ValueSource(ints = {16, 32})
    void deletesFilesAndFreesTheirClusters(int fatBits) throws IOException {
        Path disk = piImage(dir, fatBits);
        try (FileChannel ch = rw(disk)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            long free = fs.freeBytes();
            fs.writeFile("a long name to delete.bin", random(fs.clusterSize() * 2, 4));

            assertThat(fs.deleteFile("A LONG NAME TO DELETE.BIN")).isTrue();
            assertThat(fs.deleteFile("config-long name.txt")).isTrue();
            assertThat(fs.deleteFile("never-existed")).isFalse();

            assertThat(fs.freeBytes()).isEqualTo(free + fs.clusterSize());
            assertThat(fs.listRoot()).containsExactly("cmdline.txt", "config.txt");
            fs.writeFile("after-delete.txt", utf8("reuses the deleted slots"));
        }
        assertBootClean(dir, disk);
        assertThat(mdirNames(disk)).containsExactlyInAnyOrder("cmdline.txt", "config.txt", "after-delete.txt");
    }

    @ParameterizedTest(name = "FAT{0}")
    @ValueSource(ints = {16, 32})
    void survivesARandomMixOfCreatesReplacesAndDeletes(int fatBits) throws IOException {
        Path disk = fatBits == 32 ? piImage(dir, 32, "-s", "1") : piImage(dir, 16);
        Random random = new Random(42 + fatBits);
        Map<String, byte[]> expected = new LinkedHashMap<>();
        expected.put("cmdline.txt", utf8(PiImages.CMDLINE));
        expected.put("config.txt", utf8(PiImages.CONFIG));
        expected.put("Config-Long Name.txt", utf8("long\n"));
        String[] names = {
            "a.txt",
            "B.TXT",
            "user-data",
            "meta-data",
            "network-config",
            "firstrun.sh",
            "ssh",
            "a much longer name for a file.conf",
            "Mixed Case.Ini",
            "x",
            "ünïcödé-名前.txt",
            "cmdline.txt",
            "dots.in.the.name.tar.gz",
            "UPPER~1.TXT",
            "trailing-digits-123456789"
        };
        try (FileChannel ch = rw(disk)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            long initialFree = fs.freeBytes();
            long initialUsed = expected.values().stream()
                    .mapToLong(v -> (v.length + fs.clusterSize() - 1) / fs.clusterSize())
                    .sum();
            for (int op = 0; op < 120; op++) {
                String name = names[random.nextInt(names.length)];
                String key = expected.keySet().stream()
                        .filter(k -> k.equalsIgnoreCase(name))
                        .findFirst()
                        .orElse(name);
                if (random.nextInt(4) == 0) {
                    assertThat(fs.deleteFile(name)).as("delete %s", name).isEqualTo(expected.remove(key) != null);
                } else {
                    byte[] content = random(random.nextInt(4) == 0 ? 0 : random.nextInt(fs.clusterSize() * 6), op);
                    fs.writeFile(name, content);
                    expected.put(key, content);
                }
            }
            long used = expected.values().stream()
                    .mapToLong(v -> (v.length + fs.clusterSize() - 1) / fs.clusterSize())
                    .sum();
            // FAT32 root may have grown by some clusters; FAT16's root is fixed
            long rootGrowth = initialFree + initialUsed * fs.clusterSize() - used * fs.clusterSize() - fs.freeBytes();
            assertThat(rootGrowth).isBetween(0L, fatBits == 32 ? 8L * fs.clusterSize() : 0L);
            assertThat(fs.listRoot()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        }
        assertBootClean(dir, disk);
        assertThat(mdirNames(disk)).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (var f : expected.entrySet())
            assertThat(mcopyOut(dir, disk, f.getKey()))
                    .as("mtools reading %s", f.getKey())
                    .isEqualTo(f.getValue());
    }

    @Test
    void keepsTheFat32FsInfoFreeCountExactAndItsHintValid() throws IOException {
        Path disk = piImage(dir, 32);
        try (FileChannel ch = rw(disk)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            fs.writeFile("a-file-with-a-long-name.bin", random(fs.clusterSize() * 7, 9));
            fs.deleteFile("config.txt");
            fs.writeFile("cmdline.txt", random(fs.clusterSize() * 2, 10));

            BootSector b = fs.bootSector();
            ByteBuffer fsInfo = ByteBuffer.allocate(512).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(fsInfo, BOOT_OFFSET + (long) b.fsInfoSector() * b.bytesPerSector());
            long freeCount = Integer.toUnsignedLong(fsInfo.getInt(488));
            long hint = Integer.toUnsignedLong(fsInfo.getInt(492));
            assertThat(freeCount * fs.clusterSize()).isEqualTo(fs.freeBytes());
            assertThat(hint).isBetween(2L, b.maxCluster());
        }
        assertBootClean(dir, disk);
    }

    @Test
    void growsTheFat32RootDirectoryWhenItsClustersAreFull() throws IOException {
        Path disk = piImage(dir, 32, "-s", "1");
        List<String> names = new ArrayList<>();
        try (FileChannel ch = rw(disk)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            assertThat(fs.clusterSize()).isEqualTo(512);
            for (int i = 0; i < 40; i++) {
                String name = "device-identity-file-number-%02d.txt".formatted(i);
                names.add(name);
                fs.writeFile(name, utf8("n" + i));
            }
        }
        assertBootClean(dir, disk);
        assertThat(mdirNames(disk)).containsAll(names).hasSize(43);
        assertThat(mcopyOut(dir, disk, names.get(39))).isEqualTo(utf8("n39"));
        try (FileChannel ch = rw(disk)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            assertThat(fs.listRoot()).hasSize(43);
            // 40 entries of 3 slots + 4 entries (label, 2 short, one 2-slot LFN) need > 8 clusters of 16 slots.
            assertThat(fs.bootSector().type()).isEqualTo(FatType.FAT32);
        }
    }

    @Test
    void refusesANewFileWhenTheFat16RootDirectoryIsFullAndChangesNothing() throws IOException {
        Path disk = piImage(dir, 16, "-r", "64");
        try (FileChannel ch = rw(disk)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            int written = 0;
            FatFullException full = null;
            while (full == null && written < 1000) {
                try {
                    fs.writeFile("F%d.TXT".formatted(written), utf8("x"));
                    written++;
                } catch (FatFullException e) {
                    full = e;
                }
            }
            assertThat(full).isNotNull().hasMessageContaining("root directory is full");
            // 64 slots minus cmdline.txt, config.txt and "Config-Long Name.txt" (two LFN slots + one 8.3 slot).
            assertThat(written).isEqualTo(64 - 5);
            assertThat(fs.readFile("F0.TXT")).hasValue(utf8("x"));
        }
        assertBootClean(dir, disk);
    }

    @Test
    void aFileMayBearTheVolumeLabelsName() throws IOException {
        Path disk = piImage(dir, 32, "-n", "BOOTFS");
        try (FileChannel ch = rw(disk)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            assertThat(fs.listRoot()).doesNotContain("BOOTFS");
            fs.writeFile("bootfs", utf8("not the label"));
            assertThat(fs.readFile("BOOTFS")).hasValue(utf8("not the label"));
        }
        assertBootClean(dir, disk);
        assertThat(mcopyOut(dir, disk, "bootfs")).isEqualTo(utf8("not the label"));
        assertThat(run(dir, "mdir", "-i", bootSpec(disk), "::").stdout()).contains("Volume in drive : is BOOTFS");
    }

    @Test
    void refusesAFileBiggerThanTheFreeSpaceAndChangesNothing() throws IOException {
        Path disk = piImage(dir, 16);
        try (FileChannel ch = rw(disk)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            long free = fs.freeBytes();
            assertThatThrownBy(() -> fs.writeFile("too-big.bin", new byte[(int) free + 1]))
                    .isInstanceOf(FatFullException.class)
                    .hasMessageContaining("too-big.bin")
                    .hasMessageContaining("free");
            assertThat(fs.freeBytes()).isEqualTo(free);
            assertThat(fs.listRoot()).doesNotContain("too-big.bin");
        }
        assertBootClean(dir, disk);
    }

    @Test
    void rewritesAFileInPlaceOnANearlyFullVolumeAndStaysClean() throws IOException {
        Path disk = piImage(dir, 16);
        byte[] bigger;
        try (FileChannel ch = rw(disk)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            int cluster = fs.clusterSize();
            fs.writeFile("filler.bin", new byte[(int) fs.freeBytes() - cluster]);
            bigger = random(cluster + 10, 8); // cmdline.txt grows from 1 to 2 clusters, 1 cluster free
            fs.writeFile("cmdline.txt", bigger);
            assertThat(fs.freeBytes()).isZero();
        }
        assertBootClean(dir, disk);
        assertThat(mcopyOut(dir, disk, "cmdline.txt")).isEqualTo(bigger);
    }

    @Test
    void refusesToOpenSomethingThatIsNotFat() throws IOException {
        Path disk = piImage(dir, 32);
        try (FileChannel ch = rw(disk)) {
            assertThatThrownBy(() -> FatFileSystem.open(ch, ROOT_OFFSET, java.time.Clock.systemDefaultZone()))
                    .isInstanceOf(FatFormatException.class)
                    .hasMessageContaining("not a FAT volume");
            assertThatThrownBy(() -> FatFileSystem.open(ch, 0, java.time.Clock.systemDefaultZone()))
                    .isInstanceOf(FatFormatException.class);
        }
    }

    @Test
    void refusesFat12() throws IOException {
        Path vol = dir.resolve("fat12.img");
        run(dir, "mkfs.vfat", "-C", "-F", "12", vol.toString(), "1024");
        try (FileChannel ch = FileChannel.open(vol, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> FatFileSystem.open(ch, 0, java.time.Clock.systemDefaultZone()))
                    .isInstanceOf(FatFormatException.class)
                    .hasMessageContaining("FAT12");
        }
    }

    @Test
    void fsckCheckCatchesDifferingFatCopies() throws IOException {
        // Proves the clean-check used above can fail: a changed byte in the second FAT must be reported.
        Path disk = piImage(dir, 32);
        try (FileChannel ch = rw(disk)) {
            FatFileSystem fs = FatFileSystem.open(ch, BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            BootSector b = fs.bootSector();
            long secondFat = BOOT_OFFSET + (b.reservedSectors() + b.fatSizeSectors()) * b.bytesPerSector();
            ch.write(ByteBuffer.wrap(new byte[] {5, 0, 0, 0}), secondFat + 4 * 40);
        }
        assertThatThrownBy(() -> assertBootClean(dir, disk)).isInstanceOf(AssertionError.class);
    }
}
