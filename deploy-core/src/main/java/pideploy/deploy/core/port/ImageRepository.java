package pideploy.deploy.core.port;

import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.product.ProductCode;

/**
 * The master image catalog. Product + version is unique, file names are unique, and at most one image per
 * product is active. Used inside a {@link FleetStore} transaction.
 */
public interface ImageRepository {
    /** @throws DuplicateKeyException if product+version or the file name exists, or it is active while another is */
    void add(MasterImage image);

    /** Replaces the state and activation time of the image with the same product and version.
     *  @throws DuplicateKeyException if it would make a second active image of the product
     *  @throws StorageException if there is no such image */
    void update(MasterImage image);

    Optional<MasterImage> find(ProductCode product, ImageVersion version);

    /**
     * Removes the image's record (and its transfer form's record, which goes with it); deployments keep the version
     * they were handed. Returns whether there was one.
     */
    boolean delete(ProductCode product, ImageVersion version);

    Optional<MasterImage> findActive(ProductCode product);

    Optional<MasterImage> findByFileName(String fileName);

    /** Images of the product (all products when empty), ordered by product, then registration time, newest first. */
    List<MasterImage> list(Optional<ProductCode> product);
}
