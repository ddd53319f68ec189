package pideploy.archfixture;

/** Belongs to no module, so no module rule would see it. */
public final class Stray {}
