package pideploy.deploy.core.archfixture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keeps the test-code rules. */
public final class AssertsWithAssertJ {
    @Test
    void checks() {
        assertThat(1 + 1).isEqualTo(2);
    }
}
