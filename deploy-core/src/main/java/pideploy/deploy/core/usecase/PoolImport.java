package pideploy.deploy.core.usecase;

import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/** Outcome of {@link ImportPool}. */
public sealed interface PoolImport {
    /** Entries added, and entries skipped because they existed (in any state, retired included). */
    record Imported(VenueCode venue, ProductCode product, int imported, int skipped) implements PoolImport {}

    record UnknownVenue(VenueCode venue) implements PoolImport {
        public String message() {
            return "venue %s does not exist; add it first".formatted(venue);
        }
    }

    record UnknownProduct(ProductCode product) implements PoolImport {
        public String message() {
            return "product %s does not exist; add it first".formatted(product);
        }
    }

    record NotAPoolProduct(ProductCode product) implements PoolImport {
        public String message() {
            return "product %s makes hostnames from serial numbers and has no pool".formatted(product);
        }
    }
}
