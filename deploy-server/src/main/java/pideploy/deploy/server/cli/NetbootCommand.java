package pideploy.deploy.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.server.Fleet;
import pideploy.deploy.server.PiDeployServer;
import pideploy.deploy.server.netboot.DnsmasqConfig;
import pideploy.deploy.server.netboot.EepromCard;
import pideploy.deploy.server.netboot.KitFailure;
import pideploy.deploy.server.netboot.KitRequest;
import pideploy.deploy.server.netboot.KitSummary;
import pideploy.deploy.server.netboot.NetbootKit;

/** {@code pideploy netboot build|dnsmasq-config|eeprom-card}: the files a blank Pi network-boots from (docs/netboot.md). */
@Command(
        name = "netboot",
        description = "Build and serve the netboot kit that boots blank Pis into the installer.",
        mixinStandardHelpOptions = true,
        subcommands = {NetbootCommand.Build.class, NetbootCommand.Dnsmasq.class, NetbootCommand.EepromCardCommand.class
        })
public final class NetbootCommand {
    /** Where the kit goes below the data directory unless --out says otherwise. */
    static final String KIT_DIR = PiDeployServer.KIT_DIR;

    static final String DEBS_DIR = PiDeployServer.DEBS_DIR;

    @Command(
            name = "build",
            description = {
                "Build the TFTP tree from the product's active master image: its "
                        + "kernels, device trees and overlays, PiDeploy's config.txt and cmdline.txt, and an initramfs with "
                        + "busybox, an aarch64 Java runtime and the installer."
            },
            mixinStandardHelpOptions = false)
    static final class Build extends AdminCommand {
        @Mixin
        HelpOnly help;

        @Option(
                names = "--product",
                paramLabel = "CODE",
                description = "Whose active image gives the boot files (default: the only product with one).")
        String product;

        @Option(
                names = "--server",
                required = true,
                paramLabel = "URL",
                description = "The device listener's URL as the Pis reach it, e.g. http://10.42.0.2:5001.")
        String server;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                description = "TFTP root to (re)create (default: DATA/" + KIT_DIR + ").")
        Path out;

        @Option(
                names = "--debs",
                paramLabel = "DIR",
                description = "Debian arm64 packages: busybox-static, libc6, "
                        + "libgcc-s1, libstdc++6, zlib1g and openjdk-NN-jdk-headless (default: DATA/" + DEBS_DIR
                        + "; bin/fetch-netboot-debs fetches them).")
        Path debs;

        @Option(
                names = "--jdk",
                paramLabel = "DIR",
                description = "An aarch64 JDK with jmods/ of this server's Java release, instead of the package.")
        Path jdk;

        @Option(
                names = "--installer",
                paramLabel = "DIR",
                description = "Directory with pi-installer.jar and libs/ "
                        + "(default: PIDEPLOY_INSTALLER_DIR, else the release package's, else installer-cli/target of "
                        + "this source tree).")
        Path installer;

        @Option(
                names = "--modules",
                paramLabel = "DIR",
                description = "lib/modules/<version> of the kernel the kit boots, when its drivers are modules.")
        Path modules;

        @Option(
                names = "--cmdline-product",
                paramLabel = "CODE",
                description = "pideploy_product= on the kernel command line (default: the kit's product).")
        String cmdlineProduct;

        @Option(
                names = "--cmdline-venue",
                paramLabel = "CODE",
                description = "pideploy_venue= on the kernel command line (a batch usually decides instead).")
        String cmdlineVenue;

        @Option(
                names = "--capture",
                paramLabel = "URL",
                description = "Build a capture kit (ADR-0105): the Pis it boots are captured as new inactive images "
                        + "of the product, not installed; URL is the operator listener as they reach it, e.g. "
                        + "http://10.42.0.2:5000. Needs --token-file; the kit then carries that operator token: "
                        + "rebuild it without --capture when done.")
        String capture;

        @Option(
                names = "--token-file",
                paramLabel = "FILE",
                description = "With --capture: file holding an operator API token (Tokens page), copied into the "
                        + "initramfs with mode 0600.")
        Path tokenFile;

        @Option(
                names = "--capture-version",
                paramLabel = "V",
                description = "With --capture: the version the capture is registered as (default: the UTC time of "
                        + "the capture).")
        String captureVersion;

        @Override
        void run(Fleet fleet) {
            Optional<KitRequest.Capture> captureKit = captureKit();
            MasterImage image = activeImage(fleet);
            Path file =
                    fleet.dataDir().resolve(Fleet.IMAGES_DIR).resolve(MasterImage.validateFileName(image.fileName()));
            Path kit = out != null ? out : fleet.dataDir().resolve(KIT_DIR);
            KitRequest request = new KitRequest(
                    file,
                    image.product() + " " + image.version(),
                    kit,
                    server,
                    Optional.of(
                            cmdlineProduct != null
                                    ? cmdlineProduct
                                    : image.product().toString()),
                    Optional.ofNullable(cmdlineVenue),
                    debs != null ? debs : fleet.dataDir().resolve(DEBS_DIR),
                    Optional.ofNullable(jdk),
                    installer != null ? installer : NetbootKit.defaultInstallerDir(),
                    Optional.ofNullable(modules),
                    captureKit);
            out().printf(
                            "building the netboot kit from %s %s into %s (a minute or two: jlink)...%n",
                            image.product(), image.version(), kit);
            out().flush();
            KitSummary summary;
            try {
                summary = new NetbootKit(Path.of(System.getProperty("java.home"))).build(request);
            } catch (KitFailure e) {
                throw new CommandFailure(e.getMessage());
            }
            audit(
                    "netboot.build",
                    image.product() + " " + image.version(),
                    "into " + kit + (captureKit.isPresent() ? "; capture kit to " + capture : ""));
            out().printf(
                            "netboot kit ready in %s: kernels %s, %d boot files, initramfs %.1f MiB (limit %.1f), "
                                    + "Java %s, %d kernel modules%n",
                            kit,
                            String.join(", ", summary.kernels()),
                            summary.bootFiles().size(),
                            summary.initramfsBytes() / 1048576.0,
                            NetbootKit.TFTP_LIMIT_BYTES / 1048576.0,
                            summary.runtime(),
                            summary.modules());
            if (captureKit.isPresent()) {
                out().printf(
                                "CAPTURE KIT: every Pi that boots it is captured into %s as a new version of %s, and the "
                                        + "kit carries an operator API token (from %s). When the capture is done, rebuild "
                                        + "the kit without --capture (or delete %s) and revoke the token if it is not needed.%n",
                                capture, request.product().orElseThrow(), tokenFile, kit);
            }
        }

        private Optional<KitRequest.Capture> captureKit() {
            if (capture == null) {
                if (tokenFile != null || captureVersion != null) {
                    throw new CommandFailure("--token-file and --capture-version go with --capture URL");
                }
                return Optional.empty();
            }
            if (tokenFile == null) {
                throw new CommandFailure("--capture needs --token-file FILE holding an operator API token (create one "
                        + "on the Tokens page)");
            }
            Optional<String> version = Optional.ofNullable(captureVersion)
                    .map(v -> parse("image version", v, ImageVersion::of).toString());
            return Optional.of(new KitRequest.Capture(capture, tokenFile, version));
        }

        private MasterImage activeImage(Fleet fleet) {
            Optional<ProductCode> p = Optional.ofNullable(product).map(s -> parse("product code", s, ProductCode::of));
            List<MasterImage> active = fleet.core().listImages().list(p).stream()
                    .filter(MasterImage::isActive)
                    .toList();
            if (active.isEmpty()) {
                throw new CommandFailure(
                        p.map(c -> "product %s has no active image; register one with --activate".formatted(c))
                                .orElse("no product has an active image; register one with --activate"));
            }
            if (active.size() > 1) {
                throw new CommandFailure("several products have an active image (%s); say which with --product"
                        .formatted(
                                active.stream().map(i -> i.product().toString()).toList()));
            }
            return active.get(0);
        }
    }

    @Command(
            name = "dnsmasq-config",
            description = {
                "Write the dnsmasq configuration that answers the Pis' "
                        + "network boot (proxy DHCP beside the venue's router) and serves the kit by TFTP."
            },
            mixinStandardHelpOptions = true)
    static final class Dnsmasq implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--interface",
                required = true,
                paramLabel = "IF",
                description = "The interface on the deployment network, e.g. eth0.")
        String networkInterface;

        @Option(
                names = "--subnet",
                paramLabel = "CIDR",
                description = "The deployment network, e.g. 10.42.0.0/24 (default: the interface's IPv4 network).")
        String subnet;

        @Option(names = "--tftp-root", paramLabel = "DIR", description = "The kit (default: ./var/" + KIT_DIR + ").")
        Path tftpRoot;

        @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of standard output.")
        Path out;

        @Override
        public Integer call() {
            String cidr = subnet != null ? subnet : subnetOf(networkInterface);
            Path root = (tftpRoot != null ? tftpRoot : Path.of("var", KIT_DIR))
                    .toAbsolutePath()
                    .normalize();
            String config = DnsmasqConfig.render(networkInterface, cidr, root.toString());
            if (out == null) {
                spec.commandLine().getOut().print(config);
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            }
            try {
                Files.writeString(out, config);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write %s: %s".formatted(out, e.getMessage()), e);
            }
            spec.commandLine().getOut().printf("wrote %s; check it with: dnsmasq --test -C %s%n", out, out);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }

        private static String subnetOf(String name) {
            try {
                NetworkInterface nic = NetworkInterface.getByName(name);
                if (nic == null) {
                    throw new CommandFailure(
                            "there is no network interface %s here; give --subnet CIDR".formatted(name));
                }
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet4Address v4) {
                        return v4.getHostAddress() + "/" + a.getNetworkPrefixLength();
                    }
                }
                throw new CommandFailure("interface %s has no IPv4 address; give --subnet CIDR".formatted(name));
            } catch (SocketException e) {
                throw new CommandFailure(
                        "cannot read interface %s: %s; give --subnet CIDR".formatted(name, e.getMessage()));
            }
        }
    }

    @Command(
            name = "eeprom-card",
            description = {
                "Write a bootloader update card image that sets BOOT_ORDER (SD "
                        + "first, then network) on each Pi booted from it. Raspberry Pi's pieeprom-*.bin and recovery.bin are "
                        + "not in Debian: take them from the rpi-eeprom release (firmware-2712/default for the Pi 5)."
            },
            mixinStandardHelpOptions = true)
    static final class EepromCardCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--eeprom",
                required = true,
                paramLabel = "FILE",
                description = "Raspberry Pi's EEPROM image, e.g. pieeprom-2026-05-26.bin.")
        Path eeprom;

        @Option(
                names = "--recovery",
                required = true,
                paramLabel = "FILE",
                description = "Raspberry Pi's recovery.bin from the same release.")
        Path recovery;

        @Option(
                names = "--boot-order",
                paramLabel = "HEX",
                defaultValue = "0xf21",
                description = "BOOT_ORDER to set (default: ${DEFAULT-VALUE}: SD card, then network, repeat).")
        String bootOrder;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "FILE",
                description =
                        "The card image to write (then: dd it, or Raspberry Pi Imager's custom image, to a card).")
        Path out;

        @Override
        public Integer call() {
            EepromCard.Written written;
            try {
                written = EepromCard.write(eeprom, recovery, bootOrder, out);
            } catch (KitFailure e) {
                throw new CommandFailure(e.getMessage());
            } catch (IOException e) {
                throw new CommandFailure("cannot write %s: %s".formatted(out, e.getMessage()));
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "wrote %s (recovery.bin, pieeprom.upd with BOOT_ORDER=%s, pieeprom.sig "
                                    + "%s); boot each Pi once from it: the activity LED blinks steadily (or the screen turns green) "
                                    + "when its EEPROM is updated%n",
                            written.card(), bootOrder, written.sha256().substring(0, 12));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
