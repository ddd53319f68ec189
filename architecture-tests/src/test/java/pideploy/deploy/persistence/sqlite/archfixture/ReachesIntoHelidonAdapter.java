package pideploy.deploy.persistence.sqlite.archfixture;

import pideploy.deploy.http.helidon.archfixture.HelidonSide;

/** Breaks the adapter rule: one adapter sees another. */
public final class ReachesIntoHelidonAdapter {
    HelidonSide http;
}
