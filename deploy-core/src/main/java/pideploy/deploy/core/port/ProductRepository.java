package pideploy.deploy.core.port;

import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.product.Product;
import pideploy.deploy.core.product.ProductCode;

/** Products. Used inside a {@link FleetStore} transaction. */
public interface ProductRepository {
    /** @throws DuplicateKeyException if its code exists */
    void add(Product product);

    Optional<Product> find(ProductCode code);

    /** All products ordered by code. */
    List<Product> list();
}
