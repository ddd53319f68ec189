package pideploy.deploy.server.netboot;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The kernel modules the installer needs (card, network, filesystems), picked from a {@code lib/modules/<version>}
 * tree with their dependencies from its {@code modules.dep}, so the initramfs carries a few hundred kilobytes
 * instead of the whole tree. Compressed modules ({@code .ko.xz}, {@code .ko.gz}, {@code .ko.zst}) are stored
 * decompressed, because busybox's {@code insmod} reads plain ELF only; {@code /init} loads them in the order of
 * the {@value #LOAD_LIST} file written beside them (dependencies first).
 */
final class KernelModules {
    /** Per kernel version, the modules in load order, as absolute paths inside the initramfs. */
    static final String LOAD_LIST = "pideploy.load";

    private KernelModules() {}

    /** What was put in for one kernel version. */
    record Added(String version, List<String> loadOrder, List<String> notInKernel) {}

    /**
     * Copies {@code wanted} (module names as {@code modprobe} spells them; those the kernel does not have as a
     * module are skipped, being built in or for other boards) and their dependencies from {@code versionDir} into
     * {@code root/usr/lib/modules/<version>}.
     *
     * @throws KitFailure when {@code versionDir} has no {@code modules.dep} or a module it lists is missing
     */
    static Added add(Path versionDir, List<String> wanted, Path root) throws IOException {
        Path depFile = versionDir.resolve("modules.dep");
        if (!Files.isRegularFile(depFile)) {
            throw new KitFailure(("%s has no modules.dep; give a lib/modules/<version> directory of the kernel the kit "
                            + "boots (run 'depmod -b BASE VERSION' on an unpacked kernel package first)")
                    .formatted(versionDir));
        }
        Map<String, Module> byName = parse(Files.readAllLines(depFile));
        Set<String> order = new LinkedHashSet<>();
        List<String> absent = new ArrayList<>();
        for (String name : wanted) {
            Module module = byName.get(normalize(name));
            if (module == null) {
                absent.add(name);
            } else {
                visit(module, byName, order, new LinkedHashSet<>());
            }
        }
        String version = versionDir.getFileName().toString();
        // /lib is a link to usr/lib in the initramfs, as in Debian.
        Path target = root.resolve("usr/lib/modules").resolve(version);
        List<String> loadOrder = new ArrayList<>();
        for (String relative : order) {
            Path source = versionDir.resolve(relative);
            if (!Files.isRegularFile(source)) {
                throw new KitFailure(
                        "%s names %s, which is missing; the module tree is incomplete".formatted(depFile, source));
            }
            String plain = plainName(relative);
            Path to = target.resolve(plain);
            Files.createDirectories(to.getParent());
            try (InputStream in = decompressing(source)) {
                Files.copy(in, to);
            }
            loadOrder.add("/lib/modules/" + version + "/" + plain);
        }
        Files.createDirectories(target);
        Files.write(target.resolve(LOAD_LIST), loadOrder);
        return new Added(version, List.copyOf(loadOrder), List.copyOf(absent));
    }

    /** Depth-first, dependencies before the module; {@code path} catches a cyclic modules.dep. */
    private static void visit(Module module, Map<String, Module> byName, Set<String> order, Set<String> path) {
        if (order.contains(module.file())) return;
        if (!path.add(module.file())) {
            throw new KitFailure("modules.dep has a dependency cycle through " + module.file());
        }
        for (String dep : module.dependencies()) {
            Module depModule = byName.get(nameOf(dep));
            visit(depModule != null ? depModule : new Module(dep, List.of()), byName, order, path);
        }
        order.add(module.file());
    }

    private record Module(String file, List<String> dependencies) {}

    private static Map<String, Module> parse(List<String> lines) {
        Map<String, Module> byName = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String file = line.substring(0, colon).strip();
            String rest = line.substring(colon + 1).strip();
            List<String> deps = rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"));
            byName.put(nameOf(file), new Module(file, deps));
        }
        return byName;
    }

    /** {@code kernel/drivers/block/virtio_blk.ko.xz} → {@code virtio_blk}; modprobe treats '-' and '_' alike. */
    static String nameOf(String file) {
        String base = file.substring(file.lastIndexOf('/') + 1);
        int ko = base.indexOf(".ko");
        return normalize(ko < 0 ? base : base.substring(0, ko));
    }

    private static String normalize(String name) {
        return name.strip().replace('-', '_').toLowerCase(Locale.ROOT);
    }

    private static String plainName(String relative) {
        int ko = relative.lastIndexOf(".ko");
        return ko < 0 ? relative : relative.substring(0, ko) + ".ko";
    }

    private static InputStream decompressing(Path source) throws IOException {
        String name = source.getFileName().toString();
        InputStream in = Files.newInputStream(source);
        try {
            if (name.endsWith(".ko.xz")) return new XZInputStream(in);
            if (name.endsWith(".ko.gz")) return new GZIPInputStream(in);
            if (name.endsWith(".ko.zst")) return new ZstdInputStream(in);
            return in;
        } catch (IOException e) {
            in.close();
            throw new KitFailure("%s is not a readable compressed module: %s".formatted(source, e.getMessage()), e);
        }
    }

    /** The {@code <version>} directories under a {@code lib/modules} directory, newest name last. */
    static List<Path> versions(Path modulesDir) throws IOException {
        if (!Files.isDirectory(modulesDir)) return List.of();
        try (Stream<Path> dirs = Files.list(modulesDir)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** The first of {@code candidates} that is a directory. */
    static Optional<Path> firstDirectory(List<Path> candidates) {
        return candidates.stream().filter(Files::isDirectory).findFirst();
    }
}
