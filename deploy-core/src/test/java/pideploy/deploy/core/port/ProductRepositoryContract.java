package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.SXP1;
import static pideploy.deploy.core.fixture.FleetFixtures.poolProduct;
import static pideploy.deploy.core.fixture.FleetFixtures.serialProduct;

import org.junit.jupiter.api.Test;
import pideploy.deploy.core.product.Product;

/** Contract of {@link ProductRepository}. */
public abstract class ProductRepositoryContract extends FleetStoreFixture {

    @Test
    void keepsCodeStrategyAndCreationTime() {
        writeVoid(tx -> {
            tx.products().add(serialProduct(SXP1));
            tx.products().add(poolProduct(KXP2));
        });

        assertThat(read((FleetTransaction tx) -> tx.products().list()))
                .containsExactly(poolProduct(KXP2), serialProduct(SXP1));
        assertThat(read((FleetTransaction tx) -> tx.products().find(SXP1))).contains(serialProduct(SXP1));
    }

    @Test
    void rejectsASecondProductWithTheSameCode() {
        writeVoid(tx -> tx.products().add(poolProduct(KXP2)));

        assertThatThrownBy(() -> writeVoid(tx -> tx.products().add(serialProduct(KXP2))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(read((FleetTransaction tx) -> tx.products().find(KXP2)))
                .map(Product::strategy)
                .contains(poolProduct(KXP2).strategy());
    }
}
