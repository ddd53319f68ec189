package pideploy.deploy.server.netboot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import pideploy.disk.image.fat.FatFileSystem;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;

/**
 * Builds the netboot kit: a TFTP root from which a Raspberry Pi 5 (or 4) boots into the installer. Boot files come
 * from the master image's FAT partition, read without mounting; the initramfs holds static busybox, the glibc the
 * Java runtime needs, a jlink-trimmed linux-aarch64 runtime and the installer jars (ADR-0037).
 *
 * <p>The kit is built beside {@code out} and moved into place at the end, so dnsmasq never serves half a kit.
 */
public final class NetbootKit {
    /** The older Pi bootloaders' TFTP block counter does not roll over: 65535 blocks of 1468 bytes. */
    public static final long TFTP_LIMIT_BYTES = 65_535L * 1_468L;
    /** Modules the installer runs with (jdeps of pi-installer; Jackson references java.desktop and java.sql). */
    static final List<String> RUNTIME_MODULES = List.of(
            "java.base",
            "java.net.http",
            "java.logging",
            "jdk.httpserver",
            "jdk.unsupported",
            "java.desktop",
            "java.sql");

    private static final Pattern BOOT_FILE = Pattern.compile(
            "(kernel[^/]*\\.img|[^/]+\\.dtb|start4[^/]*\\.elf|fixup4[^/]*\\.dat|bootcode\\.bin|armstub[^/]*\\.bin)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern GLIBC = Pattern.compile(
            "(ld-linux-aarch64\\.so\\.1|lib(c|m|dl|rt|pthread|resolv|gcc_s|z|nss_files|nss_dns)\\.so[.0-9]*"
                    + "|libstdc\\+\\+\\.so[.0-9]*)");
    private static final String LIB_DIR = "usr/lib/aarch64-linux-gnu";

    /** The kit's own description (image, server, kernels, sizes), key=value lines. */
    public static final String KIT_FILE = "pideploy-kit.txt";
    /** Where {@code /init} finds the operator token of a capture kit (ADR-0105). */
    static final String CAPTURE_TOKEN = "etc/pideploy/capture-token";

    private final Path javaHome;

    /** A builder that runs {@code jlink} of the JDK at {@code javaHome} (the server's own, normally). */
    public NetbootKit(Path javaHome) {
        this.javaHome = javaHome;
    }

    /**
     * Builds the kit for {@code request}, replacing what was in {@code request.out()}.
     *
     * @throws KitFailure when the image has no Pi boot files, a package or tool is missing, or the initramfs would
     *                    not fit the TFTP limit; the old kit is left as it was then
     */
    public KitSummary build(KitRequest request) {
        Path out = request.out().toAbsolutePath().normalize();
        Path work = out.resolveSibling(out.getFileName() + ".building");
        try {
            deleteTree(work);
            Path tree = Files.createDirectories(work.resolve("tftp"));
            List<String> bootFiles = copyBootFiles(request.image(), tree);
            List<String> kernels = bootFiles.stream()
                    .filter(f -> f.toLowerCase(Locale.ROOT).startsWith("kernel"))
                    .toList();
            if (kernels.isEmpty()) {
                throw new KitFailure(("the boot partition of %s holds no Raspberry Pi kernel (kernel_2712.img or "
                                + "kernel8.img); is it a Raspberry Pi OS image?")
                        .formatted(request.image()));
            }
            Files.writeString(
                    tree.resolve("cmdline.txt"),
                    BootConfig.cmdlineTxt(request.serverUrl(), request.product(), request.venue(), request.capture()));

            Path root = Files.createDirectories(work.resolve("initramfs"));
            Path unpacked = Files.createDirectories(work.resolve("debs"));
            // First: a capture kit's missing token is said before a minute of jlink.
            addInit(root, request);
            addUserland(request, root, unpacked);
            String runtime = addRuntime(request, root, unpacked);
            addInstaller(request.installerDir(), root);
            int modules = addModules(request, root, work);

            Path initramfs = tree.resolve(BootConfig.INITRAMFS);
            try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(initramfs), 1 << 16)) {
                Cpio.write(root, gz);
            }
            long size = Files.size(initramfs);
            if (size > TFTP_LIMIT_BYTES) {
                throw new KitFailure(("the initramfs is %d bytes, over the %d bytes older Pi bootloaders can fetch "
                                + "by TFTP; leave kernel modules out or trim the runtime")
                        .formatted(size, TFTP_LIMIT_BYTES));
            }
            KitSummary summary = new KitSummary(bootFiles, kernels, size, runtime, modules);
            Files.writeString(tree.resolve(KIT_FILE), describe(request, summary));
            deleteTree(out);
            Files.createDirectories(out.getParent());
            Files.move(tree, out, StandardCopyOption.ATOMIC_MOVE);
            return summary;
        } catch (IOException e) {
            throw new KitFailure("cannot build the netboot kit in %s: %s".formatted(out, e.getMessage()), e);
        } finally {
            try {
                deleteTree(work);
            } catch (IOException ignored) {
                // best effort: a leftover build directory is removed by the next build
            }
        }
    }

    /** Copies kernels, device trees, Pi 4 firmware and overlays/ from the image's FAT partition; writes config.txt. */
    static List<String> copyBootFiles(Path image, Path tree) throws IOException {
        List<String> copied = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            Partition boot = PartitionTable.read(ch)
                    .bootPartition()
                    .orElseThrow(() ->
                            new KitFailure("%s has no FAT boot partition in its partition table".formatted(image)));
            FatFileSystem fat = FatFileSystem.openToRead(ch, boot.firstByte());
            for (String name : fat.listRoot()) {
                if (BOOT_FILE.matcher(name).matches()) {
                    Optional<byte[]> bytes = fat.readFile(name);
                    if (bytes.isPresent()) {
                        Files.write(tree.resolve(name), bytes.get());
                        copied.add(name);
                    }
                }
            }
            if (fat.isDirectory("overlays")) {
                Path overlays = Files.createDirectories(tree.resolve("overlays"));
                for (String name : fat.listDirectory("overlays").orElseThrow()) {
                    Optional<byte[]> bytes = fat.readPath("overlays/" + name);
                    if (bytes.isPresent() && !name.contains("/")) {
                        Files.write(overlays.resolve(name), bytes.get());
                        copied.add("overlays/" + name);
                    }
                }
            }
            String config = fat.readFile("config.txt")
                    .map(b -> new String(b, StandardCharsets.UTF_8))
                    .orElse("");
            Files.writeString(tree.resolve("config.txt"), BootConfig.configTxt(config));
        }
        return copied;
    }

    private static void addUserland(KitRequest request, Path root, Path unpacked) throws IOException {
        Path busybox = unpack(request.debs(), "busybox-static", unpacked.resolve("busybox"));
        // The package also carries an initramfs-tools hook file named "busybox": take the one in a bin directory.
        Path binary = find(busybox, "busybox")
                .filter(NetbootKit::isAarch64Elf)
                .orElseThrow(() -> new KitFailure(
                        "the busybox-static package in %s holds no aarch64 busybox binary; it must be the arm64 one"
                                .formatted(request.debs())));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(binary, bin.resolve("busybox"));
        Files.setPosixFilePermissions(bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path libs = Files.createDirectories(root.resolve(LIB_DIR));
        for (String pkg : List.of("libc6", "libgcc-s1", "libstdc++6", "zlib1g")) {
            Path dir = unpack(request.debs(), pkg, unpacked.resolve(pkg));
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.filter(
                                p -> GLIBC.matcher(p.getFileName().toString()).matches())
                        .toList()) {
                    Path target = libs.resolve(p.getFileName().toString());
                    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.copy(p, target, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        }
        // The ELF interpreter of every aarch64 binary is /lib/ld-linux-aarch64.so.1; Debian merges /lib into /usr/lib.
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(
                root.resolve("usr/lib/ld-linux-aarch64.so.1"), Path.of("aarch64-linux-gnu/ld-linux-aarch64.so.1"));
        if (!Files.exists(libs.resolve("ld-linux-aarch64.so.1"))) {
            throw new KitFailure("the libc6 package in %s holds no ld-linux-aarch64.so.1; it must be the arm64 one"
                    .formatted(request.debs()));
        }
    }

    /** jlinks the runtime into /opt/pideploy/jre from the given JDK or the openjdk package; returns its version. */
    private String addRuntime(KitRequest request, Path root, Path unpacked) throws IOException {
        Path jdk = request.jdk().orElse(null);
        if (jdk == null) {
            Path dir = unpack(request.debs(), "openjdk-", unpacked.resolve("jdk"));
            try (Stream<Path> walk = Files.walk(dir)) {
                jdk = walk.filter(p -> p.getFileName().toString().equals("jmods"))
                        .map(Path::getParent)
                        .findFirst()
                        .orElseThrow(() -> new KitFailure(("no jmods/ in the openjdk packages of %s: give "
                                        + "openjdk-NN-jdk-headless (arm64) or --jdk DIR")
                                .formatted(request.debs())));
            }
        }
        Path jmods = jdk.resolve("jmods");
        if (!Files.isDirectory(jmods)) {
            throw new KitFailure("%s has no jmods/ directory; jlink needs a full aarch64 JDK".formatted(jdk));
        }
        String targetVersion = releaseValue(jdk, "JAVA_VERSION").orElse("unknown");
        int hostFeature = Runtime.version().feature();
        if (!targetVersion.startsWith(hostFeature + ".") && !targetVersion.equals(String.valueOf(hostFeature))) {
            throw new KitFailure(("the aarch64 JDK in %s is Java %s, but this server runs on Java %d; jlink needs "
                            + "the same feature release: give a Java %d JDK or packages, or run pideploy on Java %s")
                    .formatted(
                            jdk,
                            targetVersion,
                            hostFeature,
                            hostFeature,
                            targetVersion.split("\\.")[0]));
        }
        Path jre = root.resolve("opt/pideploy/jre");
        Files.createDirectories(jre.getParent());
        run(
                List.of(
                        javaHome.resolve("bin/jlink").toString(),
                        "--module-path",
                        jmods.toString(),
                        "--add-modules",
                        String.join(",", RUNTIME_MODULES),
                        "--strip-java-debug-attributes",
                        "--exclude-files=**.debuginfo",
                        "--no-header-files",
                        "--no-man-pages",
                        "--compress",
                        "zip-9",
                        "--output",
                        jre.toString()),
                600);
        stripNativeLibraries(jre);
        return targetVersion;
    }

    /** Native debug info is most of a runtime's size; the host's strip cannot read aarch64, its cross one can. */
    private static void stripNativeLibraries(Path jre) throws IOException {
        Optional<Path> strip = onPath("aarch64-linux-gnu-strip");
        if (strip.isEmpty()) return;
        List<String> command = new ArrayList<>(List.of(strip.get().toString(), "--strip-unneeded"));
        try (Stream<Path> walk = Files.walk(jre)) {
            walk.filter(p -> p.getFileName().toString().endsWith(".so") && Files.isRegularFile(p))
                    .forEach(p -> command.add(p.toString()));
        }
        if (command.size() > 2) run(command, 300);
    }

    private static void addInstaller(Path installerDir, Path root) throws IOException {
        Path jar = installerDir.resolve("pi-installer.jar");
        if (!Files.isRegularFile(jar)) {
            throw new KitFailure(
                    ("no pi-installer.jar in %s: build it (./pi-installer --help does) or pass " + "--installer DIR")
                            .formatted(installerDir));
        }
        Path target = Files.createDirectories(root.resolve("opt/pideploy/installer/libs"));
        Files.copy(jar, target.getParent().resolve("pi-installer.jar"));
        Path libs = installerDir.resolve("libs");
        if (Files.isDirectory(libs)) {
            try (Stream<Path> jars = Files.list(libs)) {
                for (Path lib : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.copy(lib, target.resolve(lib.getFileName().toString()));
                }
            }
        }
    }

    /**
     * Adds the drivers listed in the {@code modules} resource, with their dependencies, for every kernel version of
     * the module source: {@code --modules DIR} (one {@code lib/modules/<version>}) or else the image's own root.
     */
    private static int addModules(KitRequest request, Path root, Path work) throws IOException {
        List<Path> versionDirs;
        if (request.modules().isPresent()) {
            versionDirs = List.of(request.modules().get());
        } else {
            Optional<Path> fromImage = ImageRootModules.extract(request.image(), work.resolve("image-modules"));
            versionDirs = fromImage.isPresent() ? KernelModules.versions(fromImage.get()) : List.of();
        }
        List<String> wanted;
        try (InputStream in = NetbootKit.class.getResourceAsStream("/netboot/modules")) {
            if (in == null) throw new IllegalStateException("resource /netboot/modules missing from the jar");
            wanted = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        }
        int count = 0;
        for (Path versionDir : versionDirs) {
            count += KernelModules.add(versionDir, wanted, root).loadOrder().size();
        }
        return count;
    }

    private static void addInit(Path root, KitRequest request) throws IOException {
        for (String dir : List.of("proc", "sys", "dev", "tmp", "run", "etc/pideploy")) {
            Files.createDirectories(root.resolve(dir));
        }
        copyResource("init", root.resolve("init"), true);
        copyResource("udhcpc.script", root.resolve("etc/pideploy/udhcpc.script"), true);
        Files.writeString(
                root.resolve("etc/pideploy/kit-version"),
                "(" + (request.capture().isPresent() ? "capture " : "") + "kit of " + request.imageLabel() + ")\n");
        if (request.capture().isPresent()) {
            addCaptureToken(request.capture().get().tokenFile(), root);
        }
    }

    /** Copies the capture kit's operator token into the initramfs, readable by its owner (root) only. */
    static void addCaptureToken(Path tokenFile, Path root) throws IOException {
        if (!Files.isRegularFile(tokenFile)) {
            throw new KitFailure(("token file %s does not exist or is not a file; create an operator API token on "
                            + "the Tokens page and save it there")
                    .formatted(tokenFile));
        }
        String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ')) {
            throw new KitFailure(
                    "token file %s must hold one operator API token (one line, no spaces)".formatted(tokenFile));
        }
        Path target = root.resolve(CAPTURE_TOKEN);
        Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(target, token + "\n", StandardCharsets.UTF_8);
    }

    private static void copyResource(String name, Path target, boolean executable) throws IOException {
        try (InputStream in = NetbootKit.class.getResourceAsStream("/netboot/" + name)) {
            if (in == null) throw new IllegalStateException("resource /netboot/" + name + " missing from the jar");
            Files.copy(in, target);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    }

    private static String describe(KitRequest request, KitSummary summary) {
        return """
                # PiDeploy netboot kit (pideploy netboot build)
                image=%s
                image_file=%s
                built_at=%s
                server=%s
                kernels=%s
                initramfs_bytes=%d
                java_runtime=%s
                kernel_modules=%d
                capture=%s
                """.formatted(
                        request.imageLabel(),
                        request.image().getFileName(),
                        Instant.now(),
                        request.serverUrl(),
                        String.join(",", summary.kernels()),
                        summary.initramfsBytes(),
                        summary.runtime(),
                        summary.modules(),
                        request.capture()
                                .map(c -> "yes, carries an operator API token: rebuild without --capture when done")
                                .orElse("no"));
    }

    /** Unpacks the one package of {@code dir} whose file name starts with {@code prefix}. */
    private static Path unpack(Path dir, String prefix, Path into) throws IOException {
        List<Path> debs;
        try (Stream<Path> files = Files.list(dir)) {
            debs = files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> p.getFileName().toString().endsWith("_arm64.deb"))
                    .sorted()
                    .toList();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new KitFailure(("package directory %s does not exist; fetch the packages with "
                            + "bin/fetch-netboot-debs DIR (docs/netboot.md)")
                    .formatted(dir));
        }
        if (debs.isEmpty()) {
            throw new KitFailure(("no %s*_arm64.deb in %s; fetch the packages with bin/fetch-netboot-debs DIR "
                            + "(docs/netboot.md)")
                    .formatted(prefix, dir));
        }
        Files.createDirectories(into);
        for (Path deb : debs) {
            run(List.of("dpkg-deb", "-x", deb.toString(), into.toString()), 300);
        }
        return into;
    }

    private static Optional<Path> find(Path dir, String name) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().equals(name) && Files.isRegularFile(p))
                    .filter(p -> p.getParent().getFileName().toString().equals("bin"))
                    .findFirst();
        }
    }

    /** ELF magic and e_machine 183 (EM_AARCH64), little-endian. */
    static boolean isAarch64Elf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] h = in.readNBytes(20);
            return h.length == 20
                    && h[0] == 0x7f
                    && h[1] == 'E'
                    && h[2] == 'L'
                    && h[3] == 'F'
                    && ((h[18] & 0xFF) | (h[19] & 0xFF) << 8) == 183;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<String> releaseValue(Path jdk, String key) throws IOException {
        Path release = jdk.resolve("release");
        if (!Files.isRegularFile(release)) return Optional.empty();
        return Files.readAllLines(release).stream()
                .filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1).replace("\"", ""))
                .findFirst();
    }

    private static Optional<Path> onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static void run(List<String> command, int timeoutSeconds) throws IOException {
        run(command, timeoutSeconds, "is it installed?");
    }

    /** Runs {@code command}; {@code missingHint} is said when it cannot be started at all. */
    static void run(List<String> command, int timeoutSeconds, String missingHint) throws IOException {
        Path log = Files.createTempFile("pideploy-netboot", ".log");
        Process p = null;
        try {
            p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new KitFailure("%s did not finish within %d s".formatted(command.get(0), timeoutSeconds));
            }
            if (p.exitValue() != 0) {
                String output = Files.readString(log);
                throw new KitFailure("%s failed (exit %d): %s"
                        .formatted(
                                String.join(" ", command.subList(0, Math.min(3, command.size()))),
                                p.exitValue(),
                                output.strip()));
            }
        } catch (InterruptedException e) {
            if (p != null) p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KitFailure("interrupted while running " + command.get(0), e);
        } catch (IOException e) {
            throw new KitFailure("cannot run %s: %s (%s)".formatted(command.get(0), e.getMessage(), missingHint), e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Where {@code pi-installer.jar} and its {@code libs/} are: {@code PIDEPLOY_INSTALLER_DIR}, else
     * {@code installer/} beside {@code pideploy.jar} (the release packages' layout), else
     * {@code installer-cli/target} of the source tree this server runs from.
     */
    public static Path defaultInstallerDir() {
        String env = System.getenv("PIDEPLOY_INSTALLER_DIR");
        if (env != null && !env.isBlank()) return Path.of(env);
        try {
            Path code = Path.of(NetbootKit.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path packaged = code.resolveSibling("installer");
            if (Files.isRegularFile(packaged.resolve("pi-installer.jar"))) return packaged;
            // deploy-server/target/pideploy.jar (or target/classes) in a source tree: the installer is built beside it.
            return code.getParent().getParent().getParent().resolve("installer-cli/target");
        } catch (Exception e) {
            return Path.of("installer-cli/target");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
