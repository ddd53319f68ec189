package pideploy.deploy.http.helidon.manage;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import pideploy.deploy.core.image.CustomizationMethod;
import pideploy.deploy.core.image.DiskImageHead;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.transfer.ImportedBmap;
import pideploy.deploy.core.transfer.TransferForm;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.usecase.ImageActivation;
import pideploy.deploy.core.usecase.ImageDeletion;
import pideploy.deploy.core.usecase.ImageRegistration;
import pideploy.deploy.core.usecase.ImageRollback;
import pideploy.deploy.core.usecase.RegisterImageCommand;
import pideploy.deploy.http.helidon.ApiProblem;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.http.helidon.JsonFields;
import pideploy.deploy.http.helidon.StorageHealth;
import pideploy.deploy.http.helidon.auth.AuditTrail;
import pideploy.deploy.http.helidon.image.ResumingDownload;
import pideploy.deploy.http.helidon.view.Views;
import pideploy.disk.image.bmap.BlockMap;
import pideploy.wire.ErrorCode;

/**
 * Master images. Registration is an upload: the request body is the image, raw or compressed (xz, gzip, zstd, or a
 * zip holding one {@code .img}; ADR-0055), sent as {@code Content-Type: application/octet-stream}; the metadata are
 * query parameters, and the core unpacks, hashes and stores it in one pass. Registering a path on the server is left
 * to the command line, so the API cannot be used to read arbitrary server files.
 *
 * <p>An image that comes with a bmaptool {@code .bmap} (ADR-0033): the map is sent first,
 * {@code PUT /api/v1/images/{product}/{version}/bmap}, and held here in memory until the upload of that product and
 * version takes it (at most {@value #MAX_STAGED} maps, the oldest dropped; lost on restart). Sending it first means
 * the image is never registered, and so never prepared, without its map.
 */
public final class ImageApi {
    static final int MAX_STAGED = 8;
    static final int MAX_BMAP_BYTES = 16 << 20;
    private final Map<String, byte[]> staged = new LinkedHashMap<>();
    private final DeployCore core;
    private final AuditTrail audit;
    private final int maxBody;
    private final Function<MasterImage, Optional<TransferForm>> transferState;

    private final StorageHealth storage;
    private final Registrations registrations;
    // Registration from a URL (ADR-0090); redirects followed, as download sites use them for mirrors.
    private final HttpClient downloads = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    public ImageApi(DeployCore core, AuditTrail audit, int maxBody) {
        this(core, audit, maxBody, image -> Optional.empty(), StorageHealth.unlimited(java.time.Clock.systemUTC()));
    }

    /** With its own registry of running registrations. */
    public ImageApi(
            DeployCore core,
            AuditTrail audit,
            int maxBody,
            Function<MasterImage, Optional<TransferForm>> transferState,
            StorageHealth storage) {
        this(core, audit, maxBody, transferState, storage, new Registrations(java.time.Clock.systemUTC()));
    }

    /**
     * @param transferState the state of an image's transfer form (ADR-0025), shown as {@code transfer}
     * @param storage       told when an upload fails for lack of space
     * @param registrations where running registrations report their phase (ADR-0092)
     */
    public ImageApi(
            DeployCore core,
            AuditTrail audit,
            int maxBody,
            Function<MasterImage, Optional<TransferForm>> transferState,
            StorageHealth storage,
            Registrations registrations) {
        this.registrations = registrations;
        this.transferState = transferState;
        this.storage = storage;
        this.core = core;
        this.audit = audit;
        this.maxBody = maxBody;
    }

    public void list(ServerRequest req, ServerResponse res) {
        Optional<ProductCode> product = Params.query(req, "product", 16, ProductCode::of);
        Json.send(res, core.listImages().list(product).stream().map(this::image).toList());
    }

    /**
     * {@code POST /api/v1/images?product=&version=&filename=&notes=&customization=&activate=&shrink=&sha256=} + body,
     * or with {@code url=} and no body: the server downloads the file itself, resuming after a dropped connection
     * (ADR-0090). {@code sha256} is the file's published SHA-256, checked before anything is kept.
     */
    public void register(ServerRequest req, ServerResponse res) {
        ProductCode product = Params.query(req, "product", 16, ProductCode::of)
                .orElseThrow(() -> ApiProblem.invalidField("product", "is required"));
        ImageVersion version = Params.query(req, "version", 64, ImageVersion::of)
                .orElseThrow(() -> ApiProblem.invalidField("version", "is required"));
        Optional<URI> url = Params.query(req, "url", 2000).map(u -> {
            try {
                URI parsed = new URI(u);
                ResumingDownload.checkUrl(parsed);
                return parsed;
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw ApiProblem.invalidField("url", e.getMessage());
            }
        });
        Optional<String> publishedSha256 = Params.query(req, "sha256", 80, RegisterImageCommand::publishedSha256);
        String fileName = Params.query(req, "filename", 200)
                .orElse(url.map(ResumingDownload::fileName).orElse("image.img"));
        String notes = Params.query(req, "notes", 2000).orElse("");
        Optional<CustomizationMethod> customization =
                Params.query(req, "customization", 16, CustomizationMethod::parse);
        boolean activate =
                Params.query(req, "activate", 5).map(Boolean::parseBoolean).orElse(false);
        // On unless asked not to (ADR-0063); a typo must not silently register a 32 GB image unshrunk or shrunk.
        boolean shrink = Params.query(req, "shrink", 5)
                .map(s -> switch (s) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw ApiProblem.invalidField("shrink", "must be true or false, got '%s'".formatted(s));
                })
                .orElse(true);
        if (url.isEmpty() && !req.content().hasEntity()) {
            throw ApiProblem.badRequest(
                    "send the image file as the request body (application/octet-stream), or give its url");
        }
        if (url.isPresent() && req.content().hasEntity()) {
            throw ApiProblem.badRequest("give either the url or the image as the request body, not both");
        }
        Optional<byte[]> bmap;
        ImageRegistration outcome;
        long announced = url.isPresent() ? -1 : req.headers().contentLength().orElse(-1);
        try (Registrations.Entry progress = registrations.start(
                        product,
                        version,
                        url.isPresent() ? "url" : "upload",
                        url.isPresent() ? "downloading" : "uploading",
                        announced);
                InputStream in = url.isPresent()
                        ? download(url.get(), progress)
                        : req.content().inputStream()) {
            DiskImageHead head = DiskImageHead.read(in);
            if (head.refusal().isPresent() && head.packedAs().isEmpty()) {
                // Refused before the staged block map is taken, so a corrected upload still finds it.
                throw new ApiProblem(
                        422,
                        "NOT_A_DISK_IMAGE",
                        "upload %s (image %s %s) is not a disk image, nothing ".formatted(fileName, product, version)
                                + "registered: " + head.refusal().get());
            }
            bmap = takeStaged(product, version);
            outcome = core.registerImage()
                    .register(
                            new RegisterImageCommand(
                                    product,
                                    version,
                                    fileName,
                                    head.content(),
                                    notes,
                                    customization,
                                    activate,
                                    bmap,
                                    java.util.List.of(),
                                    shrink,
                                    publishedSha256),
                            progress);
            if (bmap.isPresent() && !(outcome instanceof ImageRegistration.Registered)) {
                // Given back, so a corrected upload still finds it.
                stage(product, version, bmap.get());
            }
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            if (cause instanceof ResumingDownload.DownloadException d) {
                // The URL did not deliver the file: the operator's to fix (the URL, the network), not the server's.
                throw new ApiProblem(
                        422,
                        "DOWNLOAD_FAILED",
                        "image %s %s: %s; nothing was kept".formatted(product, version, d.getMessage()));
            }
            if (StorageHealth.isLackOfSpace(e)) {
                storage.writeFailedForLackOfSpace(e.getMessage());
                // 507: the request was fine; the server has no room for it (RFC 4918 11.5). Nothing was kept.
                throw new ApiProblem(
                        507,
                        ErrorCode.STORAGE_FULL.wireName(),
                        ("image upload failed: the server's "
                                        + "disk is full (%s); nothing was kept. Free space in the data directory (old images, logs) "
                                        + "and upload again")
                                .formatted(e.getMessage()));
            }
            throw ApiProblem.badRequest("image upload failed: " + e.getMessage());
        }
        switch (outcome) {
            case ImageRegistration.Registered r -> {
                Audited.record(
                        audit,
                        req,
                        "image.register",
                        product + " " + version,
                        "%s, %d bytes, sha256 %s, from %s%s%s"
                                .formatted(
                                        r.image().fileName(),
                                        r.image().sizeBytes(),
                                        r.image().sha256(),
                                        r.format().wireName(),
                                        activate ? ", activated" : "",
                                        bmap.isPresent() ? ", with its block map" : ""));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("image", image(r.image()));
                body.put(
                        "previously_active",
                        r.previouslyActive().map(this::image).orElse(null));
                body.put("detection", r.detection());
                body.put("bmap_imported", bmap.isPresent());
                body.put("uploaded_format", r.format().wireName());
                body.put("shrink", r.image().origin().shrinkNote());
                Json.send(res, Status.CREATED_201, body);
            }
            case ImageRegistration.AlreadyRegistered a -> throw ApiProblem.conflict("ALREADY_REGISTERED", a.message());
            case ImageRegistration.UnknownProduct u -> throw new ApiProblem(422, "UNKNOWN_PRODUCT", u.message());
            case ImageRegistration.BmapRejected b -> throw new ApiProblem(422, "BMAP_REJECTED", b.message());
            case ImageRegistration.NotADiskImage n ->
                throw new ApiProblem(422, "NOT_A_DISK_IMAGE", "upload %s: %s".formatted(fileName, n.message()));
            case ImageRegistration.ChecksumMismatch m -> throw new ApiProblem(422, "CHECKSUM_MISMATCH", m.message());
            case ImageRegistration.IdentityNotReset i -> throw new ApiProblem(422, "IDENTITY_NOT_RESET", i.message());
            case ImageRegistration.CorruptArchive x ->
                throw new ApiProblem(
                        422, "CORRUPT_ARCHIVE", "upload %s: %s; nothing was kept".formatted(fileName, x.message()));
        }
    }

    /**
     * {@code POST /api/v1/captures?product=&version=&notes=} + the card as body (ADR-0091), as {@code pi-installer
     * capture} sends it: the whole card, its unused blocks as zeros, zstd-compressed. Registered as a new inactive
     * version, its identity taken out (machine-id, SSH host keys, hostname), then shrunk; 201 as for an upload.
     */
    public void capture(ServerRequest req, ServerResponse res) {
        ProductCode product = Params.query(req, "product", 16, ProductCode::of)
                .orElseThrow(() -> ApiProblem.invalidField("product", "is required"));
        ImageVersion version = Params.query(req, "version", 64, ImageVersion::of)
                .orElseThrow(() -> ApiProblem.invalidField("version", "is required"));
        String notes = Params.query(req, "notes", 2000).orElse("");
        String source = Params.query(req, "source", 200).orElse("a reference card");
        if (!req.content().hasEntity()) {
            throw ApiProblem.badRequest("send the captured card as the request body (application/octet-stream)");
        }
        ImageRegistration outcome;
        try (Registrations.Entry progress = registrations.start(
                        product,
                        version,
                        "capture",
                        "uploading",
                        req.headers().contentLength().orElse(-1));
                InputStream in = req.content().inputStream()) {
            DiskImageHead head = DiskImageHead.read(in);
            if (head.refusal().isPresent() && head.packedAs().isEmpty()) {
                throw new ApiProblem(
                        422,
                        "NOT_A_DISK_IMAGE",
                        "capture %s %s is not a disk image, nothing registered: %s"
                                .formatted(product, version, head.refusal().get()));
            }
            outcome = core.registerImage()
                    .register(
                            new RegisterImageCommand(
                                    product,
                                    version,
                                    "capture.img",
                                    head.content(),
                                    notes.isEmpty() ? "captured from " + source : notes,
                                    Optional.empty(),
                                    false,
                                    Optional.empty(),
                                    java.util.List.of(),
                                    true,
                                    Optional.empty(),
                                    true),
                            progress);
        } catch (IOException | UncheckedIOException e) {
            if (StorageHealth.isLackOfSpace(e)) {
                storage.writeFailedForLackOfSpace(e.getMessage());
                throw new ApiProblem(
                        507,
                        ErrorCode.STORAGE_FULL.wireName(),
                        "capture failed: the server's disk is full (%s); nothing was kept".formatted(e.getMessage()));
            }
            throw ApiProblem.badRequest("capture upload failed: " + e.getMessage() + "; nothing was kept");
        }
        switch (outcome) {
            case ImageRegistration.Registered r -> {
                Audited.record(
                        audit,
                        req,
                        "image.capture",
                        product + " " + version,
                        "%s from %s, %d bytes, sha256 %s; %s"
                                .formatted(
                                        r.image().fileName(),
                                        source,
                                        r.image().sizeBytes(),
                                        r.image().sha256(),
                                        r.image().origin().shrinkNote()));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("image", image(r.image()));
                body.put("uploaded_format", r.format().wireName());
                body.put("shrink", r.image().origin().shrinkNote());
                Json.send(res, Status.CREATED_201, body);
            }
            case ImageRegistration.AlreadyRegistered a -> throw ApiProblem.conflict("ALREADY_REGISTERED", a.message());
            case ImageRegistration.UnknownProduct u -> throw new ApiProblem(422, "UNKNOWN_PRODUCT", u.message());
            case ImageRegistration.BmapRejected b -> throw new ApiProblem(422, "BMAP_REJECTED", b.message());
            case ImageRegistration.NotADiskImage n -> throw new ApiProblem(422, "NOT_A_DISK_IMAGE", n.message());
            case ImageRegistration.ChecksumMismatch m -> throw new ApiProblem(422, "CHECKSUM_MISMATCH", m.message());
            case ImageRegistration.IdentityNotReset i -> throw new ApiProblem(422, "IDENTITY_NOT_RESET", i.message());
            case ImageRegistration.CorruptArchive x -> throw new ApiProblem(422, "CORRUPT_ARCHIVE", x.message());
        }
    }

    private InputStream download(URI url, Registrations.Entry progress) throws IOException {
        ResumingDownload download = ResumingDownload.open(downloads, url);
        download.length().ifPresent(progress::total);
        return download;
    }

    /** {@code GET /api/v1/registrations}: the registrations running now, with phase and bytes (ADR-0092). */
    public void running(ServerRequest req, ServerResponse res) {
        Json.send(res, registrations.list());
    }

    /**
     * {@code PUT /api/v1/images/{product}/{version}/bmap} + the {@code .bmap} as body: checked now (format, its own
     * checksum, 4096-byte blocks), against the image when it is uploaded; 202 with what it maps.
     */
    public void stageBmap(ServerRequest req, ServerResponse res) {
        ProductCode product = Params.path(req, "product", ProductCode::of);
        ImageVersion version = Params.path(req, "version", ImageVersion::of);
        if (core.listImages().find(product, version).isPresent()) {
            throw ApiProblem.conflict(
                    "ALREADY_REGISTERED",
                    ("image %s %s is registered already; a block map can "
                                    + "only come with the image (send it before the upload)")
                            .formatted(product, version));
        }
        byte[] bmap = Json.readBody(req, MAX_BMAP_BYTES);
        BlockMap map;
        try {
            map = ImportedBmap.check(bmap);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(422, "BMAP_REJECTED", e.getMessage());
        }
        stage(product, version, bmap);
        Audited.record(
                audit,
                req,
                "image.bmap",
                product + " " + version,
                "%d bytes, image of %d bytes, %d bytes mapped"
                        .formatted(bmap.length, map.imageSize(), map.mappedBytes()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("product", product.value());
        body.put("version", version.value());
        body.put("image_size", map.imageSize());
        body.put("mapped_bytes", map.mappedBytes());
        Json.send(res, Status.ACCEPTED_202, body);
    }

    private void stage(ProductCode product, ImageVersion version, byte[] bmap) {
        synchronized (staged) {
            staged.remove(key(product, version));
            staged.put(key(product, version), bmap);
            while (staged.size() > MAX_STAGED) {
                staged.remove(staged.keySet().iterator().next());
            }
        }
    }

    private Optional<byte[]> takeStaged(ProductCode product, ImageVersion version) {
        synchronized (staged) {
            return Optional.ofNullable(staged.remove(key(product, version)));
        }
    }

    private static String key(ProductCode product, ImageVersion version) {
        return product.value() + "\u0000" + version.value();
    }

    /** An image's JSON view plus the state of its transfer form, when transfer forms are prepared. */
    private Map<String, Object> image(MasterImage image) {
        @SuppressWarnings("unchecked")
        Map<String, Object> view = Json.MAPPER.convertValue(Views.ImageView.of(image), LinkedHashMap.class);
        transferState.apply(image).ifPresent(t -> view.put("transfer", Views.TransferView.of(t)));
        return view;
    }

    public void activate(ServerRequest req, ServerResponse res) {
        JsonFields f = Json.readObject(req, maxBody);
        ProductCode product = JsonFields.parse("product", f.ascii("product", 16), ProductCode::of);
        ImageVersion version = JsonFields.parse("version", f.ascii("version", 64), ImageVersion::of);
        switch (core.activateImage().activate(product, version)) {
            case ImageActivation.Activated a -> {
                Audited.record(
                        audit,
                        req,
                        "image.activate",
                        product + " " + version,
                        a.previous().map(p -> "previous " + p.version()).orElse("no previous image"));
                Json.send(res, image(a.image()));
            }
            case ImageActivation.NotFound n -> throw ApiProblem.notFound(n.message());
        }
    }

    /**
     * {@code DELETE /api/v1/images/{product}/{version}} (ADR-0056): 200 with the files removed; 409 when it is the
     * active image, the rollback target or being written by devices right now; 404 when there is no such image.
     */
    public void delete(ServerRequest req, ServerResponse res) {
        ProductCode product = Params.path(req, "product", ProductCode::of);
        ImageVersion version = Params.path(req, "version", ImageVersion::of);
        switch (core.deleteImage().delete(product, version)) {
            case ImageDeletion.Deleted d -> {
                Audited.record(
                        audit,
                        req,
                        "image.delete",
                        product + " " + version,
                        "%s, sha256 %s; removed %s"
                                .formatted(
                                        d.image().fileName(), d.image().sha256(), String.join(", ", d.removedFiles())));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("deleted", Views.ImageView.of(d.image()));
                body.put("removed_files", d.removedFiles());
                Json.send(res, body);
            }
            case ImageDeletion.NotFound n -> throw ApiProblem.notFound(n.message());
            case ImageDeletion.Active a -> throw ApiProblem.conflict("IMAGE_ACTIVE", a.message());
            case ImageDeletion.RollbackTarget r -> throw ApiProblem.conflict("IMAGE_ROLLBACK_TARGET", r.message());
            case ImageDeletion.InUse u -> throw ApiProblem.conflict("IMAGE_IN_USE", u.message());
        }
    }

    public void rollback(ServerRequest req, ServerResponse res) {
        JsonFields f = Json.readObject(req, maxBody);
        ProductCode product = JsonFields.parse("product", f.ascii("product", 16), ProductCode::of);
        switch (core.rollbackImage().rollback(product)) {
            case ImageRollback.RolledBack r -> {
                Audited.record(
                        audit,
                        req,
                        "image.rollback",
                        product.value(),
                        "withdrew %s, restored %s"
                                .formatted(r.withdrawn().version(), r.restored().version()));
                Json.send(res, Map.of("restored", image(r.restored()), "withdrawn", image(r.withdrawn())));
            }
            case ImageRollback.NoActiveImage n -> throw ApiProblem.conflict("NO_ACTIVE_IMAGE", n.message());
            case ImageRollback.NoEarlierImage n -> throw ApiProblem.conflict("NO_EARLIER_IMAGE", n.message());
        }
    }
}
