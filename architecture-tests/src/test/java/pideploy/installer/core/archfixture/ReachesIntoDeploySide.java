package pideploy.installer.core.archfixture;

import pideploy.deploy.core.archfixture.FollowsTheRules;

/** Breaks the two-programs rule: installer code sees server code. */
public final class ReachesIntoDeploySide {
    FollowsTheRules server;
}
