package pideploy.deploy.core.transfer;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import pideploy.deploy.core.fake.InMemoryFleetStore;
import pideploy.deploy.core.fake.InMemoryImageStore;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.transfer.port.SegmentCompressor;
import pideploy.deploy.core.usecase.ImageRegistration;
import pideploy.deploy.core.usecase.RegisterImage;
import pideploy.deploy.core.usecase.RegisterImageCommand;

/**
 * What the transfer-form tests register and prepare images on: a seeded in-memory fleet, an in-memory image store,
 * an in-memory form repository and a compression pool (shut down by {@link #close()}).
 */
final class TransferRig implements AutoCloseable {
    final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
    final InMemoryFleetStore store = new InMemoryFleetStore();
    final InMemoryTransferFormRepository forms = new InMemoryTransferFormRepository();
    final InMemoryImageStore images = new InMemoryImageStore();
    final ExecutorService pool;

    TransferRig(int threads) {
        FleetFixtures.seed(store);
        pool = Executors.newFixedThreadPool(threads);
    }

    /** A stored file's bytes; fails the test if there is none. */
    byte[] bytes(String fileName) {
        return images.bytes(fileName).orElseThrow(() -> new AssertionError("no stored file " + fileName));
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
