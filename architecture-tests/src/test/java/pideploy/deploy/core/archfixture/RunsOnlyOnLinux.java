package pideploy.deploy.core.archfixture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Breaks the never-skipped rule with a condition annotation. */
public final class RunsOnlyOnLinux {
    @Test
    @EnabledOnOs(OS.LINUX)
    void checks() {}
}
