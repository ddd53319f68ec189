package pideploy.deploy.core.archfixture;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** Breaks the never-skipped rule with {@code @Disabled}. */
public final class IsDisabled {
    @Test
    @Disabled("flaky")
    void checks() {}
}
