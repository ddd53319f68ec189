package pideploy.deploy.core.hostname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

class HostnameTest {
    private static final ProductCode KXP2 = ProductCode.of("KXP2");
    private static final VenueCode CORO = VenueCode.of("CORO");

    @Test
    void padsPoolNumbersToThreeDigitsButNeverCutsThem() {
        assertThat(Hostname.ofPoolNumber(KXP2, CORO, 14, 3).value()).isEqualTo("KXP2-CORO-014");
        assertThat(Hostname.ofPoolNumber(KXP2, CORO, 0, 3).value()).isEqualTo("KXP2-CORO-000");
        assertThat(Hostname.ofPoolNumber(KXP2, CORO, 1000, 3).value()).isEqualTo("KXP2-CORO-1000");
        assertThat(Hostname.ofPoolNumber(KXP2, CORO, 7, 5).value()).isEqualTo("KXP2-CORO-00007");
    }

    @Test
    void acceptsRfc1123LabelsCaseInsensitivelyAndStoresUpperCase() {
        assertThat(Hostname.of("kxp2-coro-014")).isEqualTo(Hostname.of("KXP2-CORO-014"));
        assertThat(Hostname.of("a".repeat(63)).value()).hasSize(63);
    }

    @Test
    void refusesWhatIsNoLabel() {
        for (String bad : new String[] {"-abc", "abc-", "a_b", "a.b", "", "a".repeat(64)}) {
            assertThatThrownBy(() -> Hostname.of(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("RFC 1123");
        }
    }

    @Test
    void refusesIdentifiersWithSeparators() {
        assertThatThrownBy(() -> Hostname.of(KXP2, CORO, "a-b")).hasMessageContaining("identifier");
    }
}
