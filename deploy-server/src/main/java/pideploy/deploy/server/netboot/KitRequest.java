package pideploy.deploy.server.netboot;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link NetbootKit#build} needs: the master image to take the Pi's boot files from, where the kit goes, the
 * server the installer should ask, and where the aarch64 userland comes from.
 *
 * @param image        the registered image file (raw, as stored)
 * @param imageLabel   product and version of that image, written into the kit's summary
 * @param out          the TFTP root to (re)create
 * @param serverUrl    the device listener's public URL, put on the kernel command line
 * @param product      {@code pideploy_product=} when the kit names it
 * @param venue        {@code pideploy_venue=} when the kit names it
 * @param debs         directory of Debian arm64 packages: busybox-static, libc6, libgcc-s1, libstdc++6, zlib1g, and
 *                     openjdk-NN-jdk-headless unless {@code jdk} is given
 * @param jdk          an aarch64 JDK (with {@code jmods/}) to jlink the runtime from, instead of the packages
 * @param installerDir directory holding {@code pi-installer.jar} and its {@code libs/}
 * @param modules      a {@code lib/modules/<version>} tree of the kernel the kit boots, when drivers are modules
 */
public record KitRequest(
        Path image,
        String imageLabel,
        Path out,
        String serverUrl,
        Optional<String> product,
        Optional<String> venue,
        Path debs,
        Optional<Path> jdk,
        Path installerDir,
        Optional<Path> modules) {
    public KitRequest {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(debs, "debs");
        Objects.requireNonNull(installerDir, "installerDir");
    }
}
