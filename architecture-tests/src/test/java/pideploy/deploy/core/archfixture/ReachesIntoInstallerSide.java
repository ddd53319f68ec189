package pideploy.deploy.core.archfixture;

import pideploy.installer.core.archfixture.InstallerCoreSide;

/** Breaks the two-programs rule: server code sees installer code. */
public final class ReachesIntoInstallerSide {
    InstallerCoreSide installer;
}
