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
 * @param capture      when present, a capture kit (ADR-0105): the Pis it boots are captured, not installed
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
        Optional<Path> modules,
        Optional<Capture> capture) {

    /**
     * What makes a kit a capture kit (ADR-0105): {@code /init} runs {@code pi-installer capture --from-cmdline}
     * against {@code operatorUrl} with the token of {@code tokenFile}, copied into the initramfs with mode 0600. The
     * kit then carries an operator token: rebuild it without capture when the capture is done.
     *
     * @param operatorUrl the operator listener's URL as the Pi reaches it, put on the kernel command line
     * @param tokenFile   file holding an operator API token
     * @param version     {@code pideploy_capture_version=} when given; else the installer takes the UTC time
     */
    public record Capture(String operatorUrl, Path tokenFile, Optional<String> version) {
        public Capture {
            Objects.requireNonNull(operatorUrl, "operatorUrl");
            Objects.requireNonNull(tokenFile, "tokenFile");
            Objects.requireNonNull(version, "version");
        }
    }

    /** An install kit. */
    public KitRequest(
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
        this(image, imageLabel, out, serverUrl, product, venue, debs, jdk, installerDir, modules, Optional.empty());
    }

    public KitRequest {
        Objects.requireNonNull(capture, "capture");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(debs, "debs");
        Objects.requireNonNull(installerDir, "installerDir");
    }
}
