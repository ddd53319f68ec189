package pideploy.wire.archfixture;

import pideploy.deploy.core.archfixture.FollowsTheRules;

/** Breaks the wire rule: the shared protocol sees the server's core, so the installer would carry it. */
public final class ReachesIntoDeployCore {
    FollowsTheRules core;
}
