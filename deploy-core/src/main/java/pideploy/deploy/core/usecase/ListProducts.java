package pideploy.deploy.core.usecase;

import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.product.Product;
import pideploy.deploy.core.product.ProductCode;

/** Lists products, or finds one. */
public final class ListProducts {
    private final FleetStore store;

    public ListProducts(FleetStore store) {
        this.store = store;
    }

    public List<Product> list() {
        return store.read(tx -> tx.products().list());
    }

    public Optional<Product> find(ProductCode code) {
        return store.read(tx -> tx.products().find(code));
    }
}
