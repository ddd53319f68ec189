package pideploy.installer.core.archfixturepong;

import pideploy.installer.core.archfixtureping.Ping;

/** The other half of a cycle between feature packages. */
public final class Pong {
    Ping origin;
}
