package pideploy.installer.core.archfixture;

import pideploy.installer.blockdev.archfixture.BlockdevSide;

/** Breaks the dependency rule: a core sees an adapter. */
public final class ReachesIntoBlockdevAdapter {
    BlockdevSide device;
}
