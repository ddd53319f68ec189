package pideploy.deploy.persistence.sqlite;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.CustomizationMethod;
import pideploy.deploy.core.image.ImageState;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.transfer.TransferForm;
import pideploy.deploy.core.transfer.TransferFormRepositoryContract;
import pideploy.deploy.core.transfer.port.TransferFormRepository;

class SqliteTransferFormRepositoryTest extends TransferFormRepositoryContract {
    @TempDir
    Path dir;

    private SqliteStores stores;
    private SqliteDatabase db;
    private int images;

    @Override
    protected TransferFormRepository newRepository() {
        stores = new SqliteStores(dir);
        db = stores.open();
        FleetFixtures.seed(db.fleetStore());
        return db.transferForms();
    }

    @Override
    protected void registerImage(String fileName) {
        MasterImage image = new MasterImage(
                FleetFixtures.KXP2,
                ImageVersion.of("v" + images++),
                fileName,
                1000,
                "ab".repeat(32),
                T0,
                "",
                CustomizationMethod.FIRSTRUN,
                false,
                ImageState.INACTIVE,
                Optional.empty());
        db.fleetStore().write(tx -> {
            tx.images().add(image);
            return null;
        });
    }

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void refusesAFormOfAnImageThatIsNotRegistered() {
        assertThatThrownBy(() -> forms.save(TransferForm.pending("ghost.img", TransferForm.ZSTD_RANGES_V1, T0)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("ghost.img");
    }
}
