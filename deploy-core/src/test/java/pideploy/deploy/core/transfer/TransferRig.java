package pideploy.deploy.core.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import pideploy.deploy.core.fake.InMemoryFleetStore;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.filestore.DirectoryImageStore;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.transfer.port.SegmentCompressor;
import pideploy.deploy.core.usecase.ImageRegistration;
import pideploy.deploy.core.usecase.RegisterImage;
import pideploy.deploy.core.usecase.RegisterImageCommand;

/**
 * What the transfer-form tests register and prepare images on: a seeded in-memory fleet, a real image directory
 * under the test's folder, an in-memory form repository and a compression pool (shut down by {@link #close()}).
 */
final class TransferRig implements AutoCloseable {
    final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
    final InMemoryFleetStore store = new InMemoryFleetStore();
    final InMemoryTransferFormRepository forms = new InMemoryTransferFormRepository();
    final DirectoryImageStore images;
    final ExecutorService pool;

    TransferRig(Path dir, int threads) throws IOException {
        images = new DirectoryImageStore(dir.resolve("images"));
        FleetFixtures.seed(store);
        pool = Executors.newFixedThreadPool(threads);
    }

    ImageRegistration register(RegisterImageCommand command) {
        return new RegisterImage(store, images, clock).register(command);
    }

    PrepareTransferForm prepare(SegmentCompressor compressor, int parallelism, int segmentBytes) {
        return new PrepareTransferForm(store, images, forms, compressor, pool, parallelism, segmentBytes, clock);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
