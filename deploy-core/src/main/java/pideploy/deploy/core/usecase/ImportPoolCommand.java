package pideploy.deploy.core.usecase;

import java.util.List;
import java.util.Objects;
import pideploy.deploy.core.pool.PoolNumbers;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Input of {@link ImportPool}.
 *
 * @param venue   venue of the pool
 * @param product product of the pool (must use the {@code pool} strategy)
 * @param numbers distinct numbers, ascending; use {@link #parse} for text like {@code 1-50,77}
 */
public record ImportPoolCommand(VenueCode venue, ProductCode product, List<Integer> numbers) {
    public ImportPoolCommand {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(product, "product");
        numbers = List.copyOf(numbers);
        if (numbers.isEmpty()) {
            throw new IllegalArgumentException("numbers must name at least one pool number, e.g. 1-50,77");
        }
    }

    /** @throws IllegalArgumentException if {@code numbers} is not like {@code 1-50,77,100-120} */
    public static ImportPoolCommand parse(VenueCode venue, ProductCode product, String numbers) {
        return new ImportPoolCommand(venue, product, PoolNumbers.parse(numbers));
    }
}
