package pideploy.deploy.core.transfer;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.transfer.port.TransferFormRepository;

/**
 * Hands every registered image whose transfer form is not prepared yet to the background executor, once. "Not
 * prepared yet" means no record, {@code pending}, or {@code preparing} while no preparation of it runs in this
 * process (it was interrupted by a stop). Ready and failed forms are left alone: preparation runs once per image.
 *
 * <p>The composition root calls {@link #submit()} at start and then every few seconds, so images registered by any
 * route (management API, or the command line in another process) are picked up without the registration path having
 * to know about transfer forms.
 */
public final class PrepareOutstandingForms {
    private static final System.Logger LOG = System.getLogger(PrepareOutstandingForms.class.getName());

    private final FleetStore store;
    private final TransferFormRepository forms;
    private final PrepareTransferForm prepare;
    private final Executor background;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final java.util.function.Predicate<MasterImage> fileHere;

    /** @param background bounded executor the preparations run on (one or two threads: they are I/O and CPU heavy) */
    public PrepareOutstandingForms(
            FleetStore store, TransferFormRepository forms, PrepareTransferForm prepare, Executor background) {
        this(store, forms, prepare, background, image -> true);
    }

    /**
     * @param fileHere whether this server holds the image's file: an image another server of the fleet registered is
     *                 prepared by that server, and its files are copied here with the image (ADR-0099)
     */
    public PrepareOutstandingForms(
            FleetStore store,
            TransferFormRepository forms,
            PrepareTransferForm prepare,
            Executor background,
            java.util.function.Predicate<MasterImage> fileHere) {
        this.fileHere = Objects.requireNonNull(fileHere, "fileHere");
        this.store = Objects.requireNonNull(store, "store");
        this.forms = Objects.requireNonNull(forms, "forms");
        this.prepare = Objects.requireNonNull(prepare, "prepare");
        this.background = Objects.requireNonNull(background, "background");
    }

    /**
     * Submits the images that need preparing and are not being prepared; returns their file names. Never throws for a
     * store that is briefly unreachable (logged; the next call tries again) or an executor that is shutting down.
     */
    public List<String> submit() {
        List<MasterImage> images;
        Map<String, TransferForm> known;
        try {
            images = store.read(tx -> tx.images().list(Optional.empty()));
            known = forms.list().stream().collect(Collectors.toMap(TransferForm::imageFileName, Function.identity()));
        } catch (StorageException e) {
            LOG.log(Level.WARNING, "transfer forms: cannot list images to prepare (will retry): {0}", e.getMessage());
            return List.of();
        }
        List<String> submitted = new java.util.ArrayList<>();
        for (MasterImage image : images) {
            TransferForm form = known.get(image.fileName());
            boolean outstanding =
                    form == null || form.state() == TransferState.PENDING || form.state() == TransferState.PREPARING;
            if (!outstanding || !fileHere.test(image) || !running.add(image.fileName())) {
                continue;
            }
            try {
                background.execute(() -> run(image));
                submitted.add(image.fileName());
            } catch (RejectedExecutionException e) {
                running.remove(image.fileName());
                return submitted;
            }
        }
        return submitted;
    }

    /** File names being prepared in this process right now. */
    public Set<String> running() {
        return Set.copyOf(running);
    }

    private void run(MasterImage image) {
        try {
            prepare.prepare(image);
        } catch (RuntimeException e) {
            // The store failed while recording state: the form stays pending/preparing and is tried again later.
            LOG.log(
                    Level.WARNING,
                    "transfer form of {0}: preparation stopped, will retry: {1}",
                    image.fileName(),
                    e.toString());
        } finally {
            running.remove(image.fileName());
        }
    }
}
