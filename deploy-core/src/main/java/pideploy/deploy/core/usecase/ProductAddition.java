package pideploy.deploy.core.usecase;

import pideploy.deploy.core.product.Product;
import pideploy.deploy.core.product.ProductCode;

/** Outcome of {@link AddProduct}. */
public sealed interface ProductAddition {
    record Added(Product product) implements ProductAddition {}

    record AlreadyExists(ProductCode code) implements ProductAddition {
        public String message() {
            return "product %s exists already".formatted(code);
        }
    }
}
