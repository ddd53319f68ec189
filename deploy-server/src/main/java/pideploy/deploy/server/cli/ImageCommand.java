package pideploy.deploy.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pideploy.deploy.core.image.CustomizationMethod;
import pideploy.deploy.core.image.DiskImageHead;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.transfer.ImportedBmap;
import pideploy.deploy.core.usecase.ImageActivation;
import pideploy.deploy.core.usecase.ImageDeletion;
import pideploy.deploy.core.usecase.ImageRegistration;
import pideploy.deploy.core.usecase.ImageRollback;
import pideploy.deploy.core.usecase.RegisterImageCommand;
import pideploy.deploy.http.helidon.image.ResumingDownload;
import pideploy.deploy.http.helidon.view.Views;
import pideploy.deploy.server.Fleet;
import pideploy.deploy.storage.fs.FilefragLayout;
import pideploy.disk.image.ByteRange;

/** {@code pideploy image register|list|activate|rollback|delete}. */
@Command(
        name = "image",
        description = "Manage master images.",
        mixinStandardHelpOptions = true,
        subcommands = {
            ImageCommand.Register.class,
            ImageCommand.ListImages.class,
            ImageCommand.Activate.class,
            ImageCommand.Rollback.class,
            ImageCommand.Delete.class
        })
public final class ImageCommand {

    @Command(
            name = "register",
            description = {
                "Copy an image file into the data directory, hashing it once.",
                "A bmaptool block map FILE.bmap beside the image (or --bmap PATH) is checked and kept: fast transfer "
                        + "then uses its ranges and serves it unchanged (ADR-0033)."
            },
            mixinStandardHelpOptions = false)
    static final class Register extends AdminCommand {
        @Mixin
        HelpOnly help;

        @Option(names = "--product", required = true, paramLabel = "CODE")
        String product;

        @Option(names = "--version", required = true, paramLabel = "V")
        String version;

        @Parameters(
                paramLabel = "FILE",
                arity = "0..1",
                description = "The image: .img, or .img.xz, .img.gz, .img.zst, or a .zip "
                        + "holding one .img (told by content, unpacked once while stored).")
        Path file;

        @Option(
                names = "--url",
                paramLabel = "URL",
                description = "Download the image from this http(s) URL instead of reading FILE; a dropped "
                        + "connection is resumed (HTTP Range).")
        String url;

        @Option(
                names = "--sha256",
                paramLabel = "HEX",
                description = "The file's published SHA-256 (of the file as given, compressed when it is): checked "
                        + "before anything is kept.")
        String sha256;

        @Option(names = "--activate", description = "Make it the product's active image.")
        boolean activate;

        @Option(names = "--notes", defaultValue = "")
        String notes;

        @Option(
                names = "--bmap",
                paramLabel = "PATH",
                description = "bmaptool .bmap of the image (default: FILE.bmap when it exists).")
        Path bmap;

        @Option(names = "--no-bmap", description = "Ignore FILE.bmap; compute the block map from the image.")
        boolean noBmap;

        @Option(
                names = "--customization",
                paramLabel = "firstrun|cloud-init",
                description = "Override the first-boot method detected from the boot partition.")
        String customization;

        @Option(
                names = "--shrink",
                negatable = true,
                defaultValue = "true",
                fallbackValue = "true",
                description = "Shrink the root filesystem (last partition, ext4) to its data plus a margin with "
                        + "e2fsprogs, so the image fits smaller cards (default; --no-shrink keeps it as given). An "
                        + "image that cannot be shrunk safely is registered as given, with the reason.")
        boolean shrink;

        @Override
        void run(Fleet fleet) {
            ProductCode p = parse("product code", product, ProductCode::of);
            ImageVersion v = parse("version", version, ImageVersion::of);
            Optional<CustomizationMethod> c =
                    Optional.ofNullable(customization).map(s -> parse("customization", s, CustomizationMethod::parse));
            Optional<String> published =
                    Optional.ofNullable(sha256).map(s -> parse("sha256", s, RegisterImageCommand::publishedSha256));
            if (url != null) {
                if (file != null) {
                    throw new CommandFailure("give either FILE or --url, not both");
                }
                report(fromUrl(fleet, p, v, c, published), p, v, url, Optional.empty());
                return;
            }
            if (file == null) {
                throw new CommandFailure("give the image FILE, or --url URL to download it");
            }
            if (!Files.isRegularFile(file)) {
                throw new CommandFailure("image file %s does not exist or is not a file".formatted(file));
            }
            Optional<Path> bmapFile = bmapFile();
            Optional<byte[]> bmapBytes = bmapFile.map(ImageCommand::readBmap);
            ImageRegistration outcome;
            try (InputStream in = Files.newInputStream(file)) {
                // A sparse file's holes stay holes in the image store, so the block map can leave them out (the
                // core uses them only when the file turns out to be a raw image).
                long size = Files.size(file);
                List<ByteRange> holes = new FilefragLayout()
                        .allocatedRanges(file)
                        .map(allocated -> ByteRange.complement(allocated, size))
                        .orElse(List.of());
                DiskImageHead head = DiskImageHead.read(in);
                if (head.refusal().isPresent() && head.packedAs().isEmpty()) {
                    throw new CommandFailure("%s is not a disk image, nothing registered: %s"
                            .formatted(file, head.refusal().get()));
                }
                outcome = fleet.core()
                        .registerImage()
                        .register(
                                new RegisterImageCommand(
                                        p,
                                        v,
                                        file.getFileName().toString(),
                                        head.content(),
                                        notes,
                                        c,
                                        activate,
                                        bmapBytes,
                                        holes,
                                        shrink,
                                        published),
                                new ProgressLine(err(), size));
            } catch (NoSuchFileException e) {
                throw new CommandFailure("image file %s does not exist".formatted(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read %s: %s".formatted(file, e.getMessage()), e);
            }
            report(outcome, p, v, file.toString(), bmapFile);
        }

        /** Downloads and registers in one pass (ADR-0090): the file is never kept whole outside the store. */
        private ImageRegistration fromUrl(
                Fleet fleet,
                ProductCode p,
                ImageVersion v,
                Optional<CustomizationMethod> c,
                Optional<String> published) {
            if (bmap != null) {
                throw new CommandFailure("--bmap is for a FILE; a block map cannot come with --url");
            }
            URI uri;
            try {
                uri = new URI(url);
                ResumingDownload.checkUrl(uri);
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new CommandFailure("--url: " + e.getMessage());
            }
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(30))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            try (ResumingDownload in = ResumingDownload.open(client, uri)) {
                DiskImageHead head = DiskImageHead.read(in);
                if (head.refusal().isPresent() && head.packedAs().isEmpty()) {
                    throw new CommandFailure("%s is not a disk image, nothing registered: %s"
                            .formatted(uri, head.refusal().get()));
                }
                ImageRegistration outcome = fleet.core()
                        .registerImage()
                        .register(
                                new RegisterImageCommand(
                                        p,
                                        v,
                                        ResumingDownload.fileName(uri),
                                        head.content(),
                                        notes,
                                        c,
                                        activate,
                                        Optional.empty(),
                                        List.of(),
                                        shrink,
                                        published),
                                new ProgressLine(err(), in.length().orElse(0)));
                if (in.resumes() > 0) {
                    err().printf("download of %s resumed %d time(s) after a dropped connection%n", uri, in.resumes());
                }
                return outcome;
            } catch (ResumingDownload.DownloadException e) {
                throw new CommandFailure(e.getMessage() + "; nothing was kept");
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof ResumingDownload.DownloadException d) {
                    throw new CommandFailure(d.getMessage() + "; nothing was kept");
                }
                throw e;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot download %s: %s".formatted(uri, e.getMessage()), e);
            }
        }

        private void report(
                ImageRegistration outcome, ProductCode p, ImageVersion v, String source, Optional<Path> bmapFile) {
            switch (outcome) {
                case ImageRegistration.Registered r -> {
                    String withBmap = bmapFile.map(b -> ", block map imported from " + b)
                            .orElse(url != null ? ", downloaded from " + url : "");
                    audit(
                            "image.register",
                            p + " " + v,
                            "%s, %d bytes, sha256 %s, from %s%s%s"
                                    .formatted(
                                            r.image().fileName(),
                                            r.image().sizeBytes(),
                                            r.image().sha256(),
                                            r.format().wireName(),
                                            activate ? ", activated" : "",
                                            withBmap));
                    String unpacked = r.format().compressed()
                            ? ", unpacked from " + r.format().wireName()
                            : "";
                    out().printf(
                                    "registered %s %s as %s (%d bytes, sha256 %s, %s)%s%s%s%n",
                                    p,
                                    v,
                                    r.image().fileName(),
                                    r.image().sizeBytes(),
                                    r.image().sha256(),
                                    r.image().customization().wireName(),
                                    unpacked,
                                    r.image().isActive() ? ", active" : "",
                                    withBmap);
                    MasterImage image = r.image();
                    out().printf(
                                    "  %s; %d bytes stored, %d bytes as given (sha256 %s); needs a card of at least "
                                            + "%d bytes (%s)%n",
                                    image.origin().shrinkNote(),
                                    image.sizeBytes(),
                                    image.origin().sizeBytes(),
                                    image.origin().sha256(),
                                    image.minCardSizeBytes(),
                                    ProgressLine.size(image.minCardSizeBytes()));
                    if (!r.image().isActive()) {
                        out().println("  devices get it once it is active: "
                                + dataDir.hint("image activate --product %s --version %s".formatted(p, v)));
                    }
                }
                case ImageRegistration.NotADiskImage n ->
                    throw new CommandFailure(
                            "%s is not a disk image, nothing registered: %s".formatted(source, n.message()));
                case ImageRegistration.CorruptArchive x ->
                    throw new CommandFailure("%s: %s; nothing was kept".formatted(source, x.message()));
                case ImageRegistration.IdentityNotReset i -> throw new CommandFailure(i.message());
                case ImageRegistration.ChecksumMismatch m ->
                    throw new CommandFailure("%s: %s".formatted(source, m.message()));
                case ImageRegistration.AlreadyRegistered a -> throw new CommandFailure(a.message());
                case ImageRegistration.UnknownProduct u -> throw new CommandFailure(u.message());
                case ImageRegistration.BmapRejected b -> throw new CommandFailure(b.message());
            }
        }

        private Optional<Path> bmapFile() {
            if (bmap != null && noBmap) {
                throw new CommandFailure("--bmap and --no-bmap contradict each other; give one");
            }
            if (bmap != null) {
                if (!Files.isRegularFile(bmap)) {
                    throw new CommandFailure("block map %s does not exist or is not a file".formatted(bmap));
                }
                return Optional.of(bmap);
            }
            Path beside = file.resolveSibling(file.getFileName() + ".bmap");
            return noBmap || !Files.isRegularFile(beside) ? Optional.empty() : Optional.of(beside);
        }
    }

    private static byte[] readBmap(Path bmap) {
        try {
            if (Files.size(bmap) > ImportedBmap.MAX_BYTES) {
                throw new CommandFailure(
                        ("block map %s is %d bytes, more than a bmap can need (%d); is it the right " + "file?")
                                .formatted(bmap, Files.size(bmap), ImportedBmap.MAX_BYTES));
            }
            return Files.readAllBytes(bmap);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read %s: %s".formatted(bmap, e.getMessage()), e);
        }
    }

    @Command(name = "list", description = "List registered images.", mixinStandardHelpOptions = true)
    static final class ListImages extends AdminCommand {
        @Option(names = "--product", paramLabel = "CODE")
        String product;

        @Mixin
        Output output;

        @Override
        void run(Fleet fleet) {
            Optional<ProductCode> p = Optional.ofNullable(product).map(s -> parse("product code", s, ProductCode::of));
            output.print(
                    out(),
                    fleet.core().listImages().list(p).stream()
                            .map(Views.ImageView::of)
                            .toList(),
                    List.of(
                            "product",
                            "version",
                            "state",
                            "size_bytes",
                            "original_size_bytes",
                            "min_card_size",
                            "sha256",
                            "customization",
                            "file_name",
                            "registered_at"));
        }
    }

    @Command(
            name = "activate",
            description = "Make a registered image the product's active one.",
            mixinStandardHelpOptions = false)
    static final class Activate extends AdminCommand {
        @Mixin
        HelpOnly help;

        @Option(names = "--product", required = true, paramLabel = "CODE")
        String product;

        @Option(names = "--version", required = true, paramLabel = "V")
        String version;

        @Override
        void run(Fleet fleet) {
            ProductCode p = parse("product code", product, ProductCode::of);
            ImageVersion v = parse("version", version, ImageVersion::of);
            switch (fleet.core().activateImage().activate(p, v)) {
                case ImageActivation.Activated a -> {
                    audit(
                            "image.activate",
                            p + " " + v,
                            a.previous().map(x -> "previous " + x.version()).orElse("no previous image"));
                    out().println("activated " + p + " " + v
                            + a.previous()
                                    .map(x -> " (was " + x.version() + ")")
                                    .orElse(""));
                }
                case ImageActivation.NotFound n -> throw new CommandFailure(n.message());
            }
        }
    }

    @Command(
            name = "rollback",
            description = "Go back to the product's previously active image.",
            mixinStandardHelpOptions = true)
    static final class Rollback extends AdminCommand {
        @Option(names = "--product", required = true, paramLabel = "CODE")
        String product;

        @Override
        void run(Fleet fleet) {
            ProductCode p = parse("product code", product, ProductCode::of);
            switch (fleet.core().rollbackImage().rollback(p)) {
                case ImageRollback.RolledBack r -> {
                    audit(
                            "image.rollback",
                            p.value(),
                            "withdrew %s, restored %s"
                                    .formatted(
                                            r.withdrawn().version(),
                                            r.restored().version()));
                    out().println("rolled back " + p + ": " + r.withdrawn().version() + " -> "
                            + r.restored().version());
                }
                case ImageRollback.NoActiveImage n -> throw new CommandFailure(n.message());
                case ImageRollback.NoEarlierImage n -> throw new CommandFailure(n.message());
            }
        }
    }

    @Command(
            name = "delete",
            description = {
                "Delete an image that is neither active nor the rollback target, with "
                        + "its block maps and transfer form files.",
                "Refused while devices are writing it (ADR-0056)."
            },
            mixinStandardHelpOptions = false)
    static final class Delete extends AdminCommand {
        @Mixin
        HelpOnly help;

        @Option(names = "--product", required = true, paramLabel = "CODE")
        String product;

        @Option(names = "--version", required = true, paramLabel = "V")
        String version;

        @Override
        void run(Fleet fleet) {
            ProductCode p = parse("product code", product, ProductCode::of);
            ImageVersion v = parse("version", version, ImageVersion::of);
            switch (fleet.core().deleteImage().delete(p, v)) {
                case ImageDeletion.Deleted d -> {
                    audit(
                            "image.delete",
                            p + " " + v,
                            "%s, sha256 %s; removed %s"
                                    .formatted(
                                            d.image().fileName(),
                                            d.image().sha256(),
                                            String.join(", ", d.removedFiles())));
                    out().printf("deleted %s %s: removed %s%n", p, v, String.join(", ", d.removedFiles()));
                }
                case ImageDeletion.NotFound n -> throw new CommandFailure(n.message());
                case ImageDeletion.Active a -> throw new CommandFailure(a.message());
                case ImageDeletion.RollbackTarget r -> throw new CommandFailure(r.message());
                case ImageDeletion.InUse u -> throw new CommandFailure(u.message());
            }
        }
    }
}
