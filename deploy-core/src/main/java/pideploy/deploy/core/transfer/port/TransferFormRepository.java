package pideploy.deploy.core.transfer.port;

import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.transfer.TransferForm;

/**
 * Where the preparation state of transfer forms is kept, one record per image file name, so that the state survives a
 * restart (an interrupted preparation is found and done again). Each call is its own transaction. Implementations
 * are thread-safe.
 *
 * <p>Failures of the store throw {@link pideploy.deploy.core.port.StorageException}.
 */
public interface TransferFormRepository {
    /** The record of that image, empty when none was ever saved. */
    Optional<TransferForm> find(String imageFileName);

    /** Every record, ordered by image file name. */
    List<TransferForm> list();

    /**
     * Inserts or replaces the record of {@code form.imageFileName()}.
     *
     * @throws pideploy.deploy.core.port.StorageException if no image with that file name is registered (stores that
     *         know the catalog enforce this) or the store fails
     */
    void save(TransferForm form);
}
