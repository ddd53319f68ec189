package pideploy.system.field;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The slow parts of the field proof, built once and cached under the build directory (a second run reuses them):
 * the Pi-OS-shaped master image ({@code src/test/field/make-master-image.sh}) and the Debian arm64 kernel that
 * stands in for the Pi's own on QEMU's {@code virt} board, with its module tree indexed by {@code depmod}.
 */
final class FieldRig {
    static final Path CACHE = Path.of(System.getProperty("pideploy.field.cache", "target/field-cache"))
            .toAbsolutePath();
    static final Path DEBS = Path.of(System.getProperty("pideploy.netboot.debs", "target/netboot-debs"))
            .toAbsolutePath();
    private static final Path SCRIPT =
            Path.of("src/test/field/make-master-image.sh").toAbsolutePath();

    private FieldRig() {}

    /** The master image, built on first use (mmdebstrap; needs root and the Debian mirror). */
    static Path masterImage() throws IOException, InterruptedException {
        Path dir = CACHE.resolve("master");
        run(
                List.of("bash", SCRIPT.toString(), dir.toString()),
                CACHE.resolve("make-master-image.log"),
                Duration.ofMinutes(20));
        return dir.resolve("master.img");
    }

    /** The image's own identity, recorded when it was built: machine-id and a digest of the ed25519 host key. */
    static String masterValue(String name) throws IOException {
        return Files.readString(CACHE.resolve("master/master." + name)).strip();
    }

    /** The arm64 kernel's vmlinuz and {@code lib/modules/<version>} directory, unpacked from its package. */
    record Arm64Kernel(Path vmlinuz, Path modules) {}

    static Arm64Kernel arm64Kernel() throws IOException, InterruptedException {
        Path deb;
        try (Stream<Path> files = Files.list(DEBS)) {
            deb = files.filter(p -> p.getFileName().toString().matches("linux-image-.*-arm64_.*_arm64\\.deb"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(("no linux-image-*-arm64 package in %s:"
                                    + " run bin/fetch-netboot-debs %s 25 --kernel (.ci/run does)")
                            .formatted(DEBS, DEBS)));
        }
        Path base = CACHE.resolve("arm64-kernel");
        Path done = base.resolve(".unpacked-" + deb.getFileName());
        if (!Files.exists(done)) {
            run(List.of("rm", "-rf", base.toString()), CACHE.resolve("kernel.log"), Duration.ofMinutes(1));
            Files.createDirectories(base);
            run(
                    List.of("dpkg-deb", "-x", deb.toString(), base.toString()),
                    CACHE.resolve("kernel.log"),
                    Duration.ofMinutes(5));
            if (!Files.exists(base.resolve("lib"))) Files.createSymbolicLink(base.resolve("lib"), Path.of("usr/lib"));
            String version = versionOf(base);
            // The package leaves modules.dep to its postinst; the kit needs it to pick modules with dependencies.
            run(List.of("depmod", "-b", base.toString(), version), CACHE.resolve("kernel.log"), Duration.ofMinutes(5));
            Files.createFile(done);
        }
        String version = versionOf(base);
        return new Arm64Kernel(base.resolve("boot/vmlinuz-" + version), base.resolve("usr/lib/modules/" + version));
    }

    private static String versionOf(Path base) throws IOException {
        try (Stream<Path> dirs = Files.list(base.resolve("usr/lib/modules"))) {
            return dirs.map(p -> p.getFileName().toString()).findFirst().orElseThrow();
        }
    }

    private static void run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("%s did not finish in %s; see %s".formatted(command.get(0), timeout, log));
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IllegalStateException("%s failed (exit %d); end of %s:%n%s"
                    .formatted(
                            String.join(" ", command),
                            p.exitValue(),
                            log,
                            String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))));
        }
    }
}
