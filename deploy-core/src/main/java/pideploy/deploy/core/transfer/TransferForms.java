package pideploy.deploy.core.transfer;

import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executor;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.ImageStore;
import pideploy.deploy.core.transfer.port.FileLayout;
import pideploy.deploy.core.transfer.port.SegmentCompressor;
import pideploy.deploy.core.transfer.port.TransferFormRepository;

/**
 * The transfer-form use cases, built from the ports for a composition root:
 * <pre>{@code
 * TransferForms transfer = TransferForms.create(db.fleetStore(), images, db.transferForms(),
 *         new ZstdSegmentCompressor(3), compressionPool, threads, backgroundExecutor, fileLayout, Clock.systemUTC());
 * transfer.outstanding().submit();   // at start, then every few seconds
 * }</pre>
 */
public record TransferForms(PrepareTransferForm prepare, PrepareOutstandingForms outstanding, FindTransferForms find) {
    public TransferForms {
        Objects.requireNonNull(prepare, "prepare");
        Objects.requireNonNull(outstanding, "outstanding");
        Objects.requireNonNull(find, "find");
    }

    public static TransferForms create(FleetStore store, ImageStore files, TransferFormRepository forms,
                                       SegmentCompressor compressor, Executor compression, int parallelism,
                                       Executor background, FileLayout layout, InstantSource clock) {
        // One cache for all three: every save passes through it, so every config answer reads the current form.
        TransferFormRepository cached = new CachedTransferForms(forms);
        PrepareTransferForm prepare = new PrepareTransferForm(store, files, cached, compressor, compression,
                parallelism, Segment.MAX_BYTES, layout, clock);
        return new TransferForms(prepare, new PrepareOutstandingForms(store, cached, prepare, background),
                new FindTransferForms(store, cached, compressor.format()));
    }
}
