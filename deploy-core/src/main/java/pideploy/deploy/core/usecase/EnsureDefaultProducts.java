package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.product.HostnameStrategy;
import pideploy.deploy.core.product.Product;
import pideploy.deploy.core.product.ProductCode;

/**
 * Creates the default products ({@link Product#DEFAULTS}, {@code pool} strategy) that do not exist yet.
 * Idempotent; composition roots call it on every start (server and admin command line).
 */
public final class EnsureDefaultProducts {
    private static final System.Logger LOG = System.getLogger(EnsureDefaultProducts.class.getName());
    private final FleetStore store;
    private final Clock clock;

    public EnsureDefaultProducts(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** @return the products created now (empty when all existed) */
    public List<ProductCode> ensure() {
        List<ProductCode> created = store.write(tx -> {
            List<ProductCode> added = new ArrayList<>();
            for (ProductCode code : Product.DEFAULTS) {
                if (tx.products().find(code).isEmpty()) {
                    tx.products().add(new Product(code, HostnameStrategy.POOL, clock.instant()));
                    added.add(code);
                }
            }
            return List.copyOf(added);
        });
        if (!created.isEmpty()) {
            LOG.log(Level.INFO, "default products created: {0}", created);
        }
        return created;
    }
}
