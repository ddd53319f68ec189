package pideploy.disk.image.archfixture;

import pideploy.deploy.core.archfixture.FollowsTheRules;

/** Breaks the disk-image rule: the shared library sees the server's core. */
public final class ReachesIntoDeployCore {
    FollowsTheRules core;
}
