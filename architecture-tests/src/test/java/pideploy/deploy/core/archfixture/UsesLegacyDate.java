package pideploy.deploy.core.archfixture;

import java.util.Date;

/** Breaks the legacy-date rule. */
public final class UsesLegacyDate {
    Date when;
}
