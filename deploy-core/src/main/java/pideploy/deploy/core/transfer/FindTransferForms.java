package pideploy.deploy.core.transfer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.transfer.port.TransferFormRepository;

/**
 * Transfer-form queries for the adapters: the state of an image's form (management API), the ready form to offer in a
 * config answer, and the lookup behind {@code GET /images/<image>.bmap|.zranges|.zranges.json}, which finds derived
 * files of registered images with a ready form only.
 */
public final class FindTransferForms {
    private final FleetStore store;
    private final TransferFormRepository forms;
    private final String format;

    public FindTransferForms(FleetStore store, TransferFormRepository forms, String format) {
        this.store = Objects.requireNonNull(store, "store");
        this.forms = Objects.requireNonNull(forms, "forms");
        this.format = Objects.requireNonNull(format, "format");
    }

    /** The state of the image's form; an image without a record is {@code pending} since its registration. */
    public TransferForm stateOf(MasterImage image) {
        return forms.find(image.fileName())
                .orElseGet(() -> TransferForm.pending(image.fileName(), format, image.registeredAt()));
    }

    /** The image's form when it is ready (its prepared files present), to offer to devices; empty otherwise. */
    public Optional<TransferForm> ready(MasterImage image) {
        return forms.find(image.fileName()).filter(TransferForm::isReady);
    }

    /**
     * The derived file served under {@code requestedName}: only of a registered image whose form is ready, and never
     * when a registered image has that very name (the image wins).
     */
    public Optional<ServedDerivedFile> derivedFile(String requestedName) {
        Optional<DerivedFile.Split> split = DerivedFile.split(requestedName);
        if (split.isEmpty()) {
            return Optional.empty();
        }
        String imageName = split.get().imageFileName();
        boolean registered =
                store.read(tx -> tx.images().findByFileName(imageName).isPresent()
                        && tx.images().findByFileName(requestedName).isEmpty());
        if (!registered) {
            return Optional.empty();
        }
        return forms.find(imageName).filter(TransferForm::isReady).map(form -> {
            PreparedForm p = form.prepared().orElseThrow();
            TransferFile file = switch (split.get().kind()) {
                case BMAP -> p.bmap();
                case DATA -> p.data();
                case INDEX -> p.index();
            };
            return new ServedDerivedFile(file, form.updatedAt());
        });
    }

    /** A derived file as served: its name, size and hash, and when it was written. */
    public record ServedDerivedFile(TransferFile file, Instant writtenAt) {}
}
