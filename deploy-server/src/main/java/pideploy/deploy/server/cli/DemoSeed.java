package pideploy.deploy.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.AddVenueCommand;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.usecase.ImportPoolCommand;
import pideploy.deploy.core.usecase.RegisterImageCommand;
import pideploy.deploy.core.venue.VenueCode;

/**
 * The demo's data: venue CORO, a KXP2 pool 1-50 and the bundled Pi-OS-shaped image (MBR, FAT boot partition, ext4
 * root; 48 MiB unpacked, made by packaging/make-demo-image.sh) registered and active. Also what tests seed.
 */
public final class DemoSeed {
    public static final VenueCode VENUE = VenueCode.of("CORO");
    public static final ProductCode PRODUCT = ProductCode.of("KXP2");
    public static final ImageVersion IMAGE_VERSION = ImageVersion.of("demo-1");
    public static final String IMAGE_RESOURCE = "/demo/pideploy-demo.img.gz";

    private DemoSeed() {}

    /** Idempotent: a second demo start on the same directory finds everything there already. */
    public static void seed(DeployCore core) {
        core.addVenue().add(new AddVenueCommand(VENUE, "Coronado (demo)", "Demo venue", "ops@example.com"));
        core.importPool().importNumbers(ImportPoolCommand.parse(VENUE, PRODUCT, "1-50"));
        if (core.listImages().find(PRODUCT, IMAGE_VERSION).isEmpty()) {
            try (InputStream in = new GZIPInputStream(resource())) {
                core.registerImage()
                        .register(new RegisterImageCommand(
                                PRODUCT,
                                IMAGE_VERSION,
                                "pideploy-demo.img",
                                in,
                                "bundled demo image: Raspberry Pi OS layout, not a bootable OS",
                                Optional.empty(),
                                true));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unpack the bundled demo image", e);
            }
        }
    }

    private static InputStream resource() throws IOException {
        InputStream in = DemoSeed.class.getResourceAsStream(IMAGE_RESOURCE);
        if (in == null) {
            throw new IOException("resource " + IMAGE_RESOURCE + " is missing from the jar");
        }
        return in;
    }

    /** The demo image, unpacked, as a stream (the caller closes it). */
    public static InputStream image() throws IOException {
        return new GZIPInputStream(resource());
    }
}
