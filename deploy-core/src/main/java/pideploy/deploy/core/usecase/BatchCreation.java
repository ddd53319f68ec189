package pideploy.deploy.core.usecase;

import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/** Outcome of {@link CreateBatch}. */
public sealed interface BatchCreation {
    /** Created in state {@code pending}. */
    record Created(Batch batch) implements BatchCreation {}

    record UnknownVenue(VenueCode venue) implements BatchCreation {
        public String message() {
            return "venue %s does not exist".formatted(venue);
        }
    }

    record UnknownProduct(ProductCode product) implements BatchCreation {
        public String message() {
            return "product %s does not exist".formatted(product);
        }
    }

    /** A {@code pool} batch for more devices than the pool has available. */
    record NotEnoughHostnames(VenueCode venue, ProductCode product, int requested, int available)
            implements BatchCreation {
        public String message() {
            return "pool %s/%s has %d hostnames available, batch wants %d; import more numbers first"
                    .formatted(venue, product, available, requested);
        }
    }
}
