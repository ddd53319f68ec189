package pideploy.deploy.core.usecase;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.ImageDecoder;
import pideploy.deploy.core.port.ImageIdentityReset;
import pideploy.deploy.core.port.ImageShrinker;
import pideploy.deploy.core.port.ImageStore;

/**
 * Every use case of the deploy core, built from the ports. A composition root builds one with
 * {@link #create} and hands the use cases to its adapters:
 * <pre>{@code
 * SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(dataDir.resolve("pideploy.db")));
 * DeployCore core = DeployCore.create(db.fleetStore(), new DirectoryImageStore(dataDir.resolve("images")),
 *         sseBroadcaster, Clock.systemUTC(), CoreSettings.DEFAULTS);
 * core.ensureDefaultProducts().ensure();
 * }</pre>
 */
public record DeployCore(
        AnswerConfig answerConfig,
        RecordStatus recordStatus,
        AddVenue addVenue,
        ListVenues listVenues,
        UpdateVenue updateVenue,
        AddProduct addProduct,
        ListProducts listProducts,
        EnsureDefaultProducts ensureDefaultProducts,
        ImportPool importPool,
        ListPool listPool,
        ReleaseHostname releaseHostname,
        RetireHostname retireHostname,
        CreateBatch createBatch,
        ChangeBatchState changeBatchState,
        SetBatchPriority setBatchPriority,
        ListBatches listBatches,
        RegisterImage registerImage,
        ActivateImage activateImage,
        RollbackImage rollbackImage,
        DeleteImage deleteImage,
        ListImages listImages,
        FindDeployments findDeployments,
        ListUnconfirmedDeployments listUnconfirmedDeployments,
        SummarizeFleet summarizeFleet,
        ExpectBatchDevices expectBatchDevices,
        BuildReport buildReport,
        ManageProfiles manageProfiles,
        ManageHooks manageHooks,
        CheckHealth checkHealth,
        OpenImageFile openImageFile) {

    /** Use cases only, no raw ports (ADR-0100): a caller that needs the store itself is a composition root. */
    public DeployCore {
        Objects.requireNonNull(answerConfig, "answerConfig");
        Objects.requireNonNull(checkHealth, "checkHealth");
        Objects.requireNonNull(openImageFile, "openImageFile");
    }

    /** With raw images only: a compressed image is refused at registration. */
    public static DeployCore create(
            FleetStore store, ImageStore images, EventPublisher events, Clock clock, CoreSettings settings) {
        return create(store, images, events, clock, settings, ImageDecoder.RAW_ONLY);
    }

    /** @param decoder unpacks compressed images at registration (ADR-0055); nothing is shrunk */
    public static DeployCore create(
            FleetStore store,
            ImageStore images,
            EventPublisher events,
            Clock clock,
            CoreSettings settings,
            ImageDecoder decoder) {
        return create(store, images, events, clock, settings, decoder, ImageShrinker.NONE);
    }

    /**
     * @param decoder  unpacks compressed images at registration (ADR-0055)
     * @param shrinker shrinks registered images to their data (ADR-0063)
     */
    public static DeployCore create(
            FleetStore store,
            ImageStore images,
            EventPublisher events,
            Clock clock,
            CoreSettings settings,
            ImageDecoder decoder,
            ImageShrinker shrinker) {
        return create(
                store, images, events, clock, settings, decoder, shrinker, ImageIdentityReset.NONE, AuditLog.NONE);
    }

    /**
     * @param decoder       unpacks compressed images at registration (ADR-0055)
     * @param shrinker      shrinks registered images to their data (ADR-0063)
     * @param identityReset takes a captured card's identity out of the captured image (ADR-0091)
     * @param audit         where what the server does by itself is recorded (a batch paused by its breaker, ADR-0058)
     */
    public static DeployCore create(
            FleetStore store,
            ImageStore images,
            EventPublisher events,
            Clock clock,
            CoreSettings settings,
            ImageDecoder decoder,
            ImageShrinker shrinker,
            ImageIdentityReset identityReset,
            AuditLog audit) {
        return create(store, images, events, clock, settings, decoder, shrinker, identityReset, audit, image -> true);
    }

    /**
     * @param decoder       unpacks compressed images at registration (ADR-0055)
     * @param shrinker      shrinks registered images to their data (ADR-0063)
     * @param identityReset takes a captured card's identity out of the captured image (ADR-0091)
     * @param audit         where what the server does by itself is recorded (a batch paused by its breaker, ADR-0058)
     * @param fileHere      whether this server holds an image's files; configs are answered only with such images
     *                      (ADR-0099: several servers on one database)
     */
    public static DeployCore create(
            FleetStore store,
            ImageStore images,
            EventPublisher events,
            Clock clock,
            CoreSettings settings,
            ImageDecoder decoder,
            ImageShrinker shrinker,
            ImageIdentityReset identityReset,
            AuditLog audit,
            java.util.function.Predicate<pideploy.deploy.core.image.MasterImage> fileHere) {
        Objects.requireNonNull(fileHere, "fileHere");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(identityReset, "identityReset");
        Objects.requireNonNull(shrinker, "shrinker");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        return new DeployCore(
                new AnswerConfig(
                        store,
                        events,
                        clock,
                        settings.assignmentLimit(),
                        new SecureRandom(),
                        settings.serverName(),
                        fileHere),
                new RecordStatus(store, events, clock, settings.statusLimit(), audit),
                new AddVenue(store, clock),
                new ListVenues(store),
                new UpdateVenue(store),
                new AddProduct(store, clock),
                new ListProducts(store),
                new EnsureDefaultProducts(store, clock),
                new ImportPool(store, settings),
                new ListPool(store),
                new ReleaseHostname(store),
                new RetireHostname(store),
                new CreateBatch(store, clock),
                new ChangeBatchState(store, clock),
                new SetBatchPriority(store, clock),
                new ListBatches(store),
                new RegisterImage(store, images, clock, decoder, shrinker, identityReset),
                new ActivateImage(store, clock),
                new RollbackImage(store),
                new DeleteImage(store, images, clock),
                new ListImages(store),
                new FindDeployments(store),
                new ListUnconfirmedDeployments(store, clock, settings),
                new SummarizeFleet(store, clock, settings.stallAfter()),
                new ExpectBatchDevices(store),
                new BuildReport(store, clock),
                new ManageProfiles(store, clock),
                new ManageHooks(store, clock),
                new CheckHealth(store),
                new OpenImageFile(images));
    }
}
