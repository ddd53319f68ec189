package pideploy.deploy.core.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VenueCodeTest {
    @Test
    void upperCasesAndTrims() {
        assertThat(VenueCode.of(" coro ").value()).isEqualTo("CORO");
        assertThat(VenueCode.of("ab12")).isEqualTo(VenueCode.of("AB12"));
    }

    @Test
    void refusesCodesThatAreNotFourLettersOrDigitsAndNamesTheValue() {
        for (String bad : new String[] {"COR", "CORON", "CO-O", "", "ÄBCD"}) {
            assertThatThrownBy(() -> VenueCode.of(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("venue code")
                    .hasMessageContaining("4 letters or digits");
        }
        assertThatThrownBy(() -> VenueCode.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validatesNameAndEmail() {
        Instant now = Instant.EPOCH;
        assertThatThrownBy(() -> new Venue(VenueCode.of("CORO"), " ", "", "", now))
                .hasMessageContaining("venue name");
        assertThatThrownBy(() -> new Venue(VenueCode.of("CORO"), "Corona", "", "not-an-email", now))
                .hasMessageContaining("contact email")
                .hasMessageContaining("not-an-email");
        assertThat(new Venue(VenueCode.of("CORO"), " Corona ", null, null, now).name())
                .isEqualTo("Corona");
    }
}
