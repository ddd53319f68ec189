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

    public static TransferForms create(
            FleetStore store,
            ImageStore files,
            TransferFormRepository forms,
            SegmentCompressor compressor,
            Executor compression,
            int parallelism,
            Executor background,
            FileLayout layout,
            InstantSource clock) {
        PrepareTransferForm prepare = new PrepareTransferForm(
                store, files, forms, compressor, compression, parallelism, Segment.MAX_BYTES, layout, clock);
        return new TransferForms(
                prepare,
                new PrepareOutstandingForms(store, forms, prepare, background, image -> files.exists(image.fileName())),
                new FindTransferForms(store, forms, compressor.format()));
    }
}
