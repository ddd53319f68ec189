package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.product.HostnameStrategy;
import pideploy.deploy.core.product.Product;
import pideploy.deploy.core.product.ProductCode;

/** Adds a product with its hostname strategy. */
public final class AddProduct {
    private static final System.Logger LOG = System.getLogger(AddProduct.class.getName());
    private final FleetStore store;
    private final Clock clock;

    public AddProduct(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public ProductAddition add(ProductCode code, HostnameStrategy strategy) {
        Product product = new Product(code, strategy, clock.instant());
        ProductAddition outcome = store.write(tx -> {
            if (tx.products().find(code).isPresent()) {
                return new ProductAddition.AlreadyExists(code);
            }
            tx.products().add(product);
            return new ProductAddition.Added(product);
        });
        if (outcome instanceof ProductAddition.Added) {
            LOG.log(Level.INFO, "product {0} added with {1} hostnames", code, strategy.wireName());
        }
        return outcome;
    }
}
