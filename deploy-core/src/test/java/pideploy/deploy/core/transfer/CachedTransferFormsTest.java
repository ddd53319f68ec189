package pideploy.deploy.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.transfer.port.TransferFormRepository;

/** The cache behind config answers keeps the repository's contract and reads the store once per change. */
class CachedTransferFormsTest extends TransferFormRepositoryContract {
    @Override
    protected TransferFormRepository newRepository() {
        return new CachedTransferForms(new InMemoryTransferFormRepository());
    }

    @Override
    protected void registerImage(String fileName) {
    }

    @Nested
    class Reads {
        final AtomicInteger reads = new AtomicInteger();
        final InMemoryTransferFormRepository stored = new InMemoryTransferFormRepository();
        final CachedTransferForms cached = new CachedTransferForms(new TransferFormRepository() {
            @Override
            public Optional<TransferForm> find(String imageFileName) {
                reads.incrementAndGet();
                return stored.find(imageFileName);
            }

            @Override
            public List<TransferForm> list() {
                return stored.list();
            }

            @Override
            public void save(TransferForm form) {
                stored.save(form);
            }
        });

        @Test
        void answersRepeatedFindsFromMemoryUntilTheFormChanges() {
            String image = "kxp2-1.0-pi.img";
            TransferForm pending = TransferForm.pending(image, TransferForm.ZSTD_RANGES_V1, T0);
            assertThat(cached.find(image)).isEmpty();
            assertThat(cached.find(image)).isEmpty();
            assertThat(reads).hasValue(1);

            cached.save(pending);
            assertThat(cached.find(image)).contains(pending);
            assertThat(cached.find(image)).contains(pending);
            assertThat(reads).hasValue(2);

            TransferForm ready = pending.ready(prepared(image), T0.plusSeconds(3));
            cached.save(ready);
            assertThat(cached.find(image)).contains(ready);
            assertThat(reads).hasValue(3);
        }
    }
}
