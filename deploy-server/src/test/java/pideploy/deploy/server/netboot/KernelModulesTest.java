package pideploy.deploy.server.netboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class KernelModulesTest {
    @TempDir
    Path dir;

    private Path tree(String modulesDep) throws IOException {
        Path version = Files.createDirectories(dir.resolve("src/6.12.0-test-arm64"));
        Files.writeString(version.resolve("modules.dep"), modulesDep);
        return version;
    }

    private static void module(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = name.endsWith(".xz")
                        ? new XZOutputStream(raw, new LZMA2Options())
                        : name.endsWith(".gz") ? new GZIPOutputStream(raw) : raw) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void dependenciesComeFirstOnceEachAndCompressedModulesAreStoredPlain() throws IOException {
        Path src = tree("""
                kernel/drivers/virtio/virtio_ring.ko.xz:
                kernel/drivers/virtio/virtio.ko.xz: kernel/drivers/virtio/virtio_ring.ko.xz
                kernel/drivers/block/virtio_blk.ko.xz: kernel/drivers/virtio/virtio.ko.xz kernel/drivers/virtio/virtio_ring.ko.xz
                kernel/drivers/net/net_failover.ko.gz: kernel/net/core/failover.ko
                kernel/net/core/failover.ko:
                kernel/drivers/net/virtio_net.ko.gz: kernel/drivers/net/net_failover.ko.gz kernel/drivers/virtio/virtio.ko.xz
                kernel/sound/snd.ko.xz:
                """);
        for (String m : List.of(
                "drivers/virtio/virtio_ring.ko.xz",
                "drivers/virtio/virtio.ko.xz",
                "drivers/block/virtio_blk.ko.xz",
                "drivers/net/net_failover.ko.gz",
                "net/core/failover.ko",
                "drivers/net/virtio_net.ko.gz",
                "sound/snd.ko.xz")) {
            module(src.resolve("kernel/" + m), "ELF " + m);
        }
        Path root = Files.createDirectories(dir.resolve("initramfs"));

        KernelModules.Added added = KernelModules.add(src, List.of("virtio-blk", "virtio_net", "bcmgenet"), root);

        String base = "/lib/modules/6.12.0-test-arm64/kernel/";
        assertThat(added.loadOrder())
                .containsExactly(
                        base + "drivers/virtio/virtio_ring.ko",
                        base + "drivers/virtio/virtio.ko",
                        base + "drivers/block/virtio_blk.ko",
                        base + "net/core/failover.ko",
                        base + "drivers/net/net_failover.ko",
                        base + "drivers/net/virtio_net.ko");
        assertThat(added.notInKernel()).containsExactly("bcmgenet");
        Path out = root.resolve("usr/lib/modules/6.12.0-test-arm64");
        assertThat(out.resolve("kernel/drivers/block/virtio_blk.ko")).hasContent("ELF drivers/block/virtio_blk.ko.xz");
        assertThat(out.resolve("kernel/drivers/net/net_failover.ko")).hasContent("ELF drivers/net/net_failover.ko.gz");
        assertThat(out.resolve("kernel/sound")).doesNotExist();
        assertThat(Files.readAllLines(out.resolve(KernelModules.LOAD_LIST))).isEqualTo(added.loadOrder());
    }

    @Test
    void aTreeWithoutModulesDepIsRefusedWithWhatToRun() throws IOException {
        Path src = Files.createDirectories(dir.resolve("6.12.0-bare"));
        assertThatThrownBy(() -> KernelModules.add(src, List.of("ext4"), dir.resolve("root")))
                .isInstanceOf(KitFailure.class)
                .hasMessageContaining("no modules.dep")
                .hasMessageContaining("depmod -b");
    }

    @Test
    void aModuleNamedInModulesDepButMissingIsNamed() throws IOException {
        Path src = tree("kernel/fs/ext4/ext4.ko.xz: kernel/fs/jbd2/jbd2.ko.xz\nkernel/fs/jbd2/jbd2.ko.xz:\n");
        module(src.resolve("kernel/fs/ext4/ext4.ko.xz"), "ELF ext4");
        assertThatThrownBy(() -> KernelModules.add(src, List.of("ext4"), dir.resolve("root")))
                .isInstanceOf(KitFailure.class)
                .hasMessageContaining("jbd2.ko.xz")
                .hasMessageContaining("missing");
    }

    @Test
    void aCorruptCompressedModuleIsNamed() throws IOException {
        Path src = tree("kernel/fs/vfat/vfat.ko.xz:\n");
        Files.createDirectories(src.resolve("kernel/fs/vfat"));
        Files.writeString(src.resolve("kernel/fs/vfat/vfat.ko.xz"), "not xz at all");
        assertThatThrownBy(() -> KernelModules.add(src, List.of("vfat"), dir.resolve("root")))
                .isInstanceOf(KitFailure.class)
                .hasMessageContaining("vfat.ko.xz");
    }
}
