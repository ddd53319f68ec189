package pideploy.deploy.core.archfixture;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Breaks the test-code rule: JUnit's Assertions instead of AssertJ. */
public final class AssertsWithJUnit {
    @Test
    void checks() {
        Assertions.assertEquals(2, 1 + 1);
    }
}
