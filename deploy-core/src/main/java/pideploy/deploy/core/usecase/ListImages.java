package pideploy.deploy.core.usecase;

import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.product.ProductCode;

/** Image catalog queries, including the lookup behind {@code GET /images/{file}}. */
public final class ListImages {
    private final FleetStore store;

    public ListImages(FleetStore store) {
        this.store = store;
    }

    /** Images of one product, or of all when empty; by product, newest registration first. */
    public List<MasterImage> list(Optional<ProductCode> product) {
        return store.read(tx -> tx.images().list(product));
    }

    public Optional<MasterImage> find(ProductCode product, ImageVersion version) {
        return store.read(tx -> tx.images().find(product, version));
    }

    /** The registered image stored under this file name; empty for anything else (serve only registered files). */
    public Optional<MasterImage> findByFileName(String fileName) {
        return store.read(tx -> tx.images().findByFileName(fileName));
    }
}
